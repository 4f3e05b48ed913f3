"""Bounded work and safe output: one parse per file with findings, special and huge files refused unread,
capped text and annotations, and no output line that GitHub would run as a workflow command."""

from __future__ import annotations

import builtins
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from gap_tracker.load import load_project
from gap_tracker.report import render
from tests.conftest import SCHEMA_DIR, TODAY
from tests.test_cli import NO_STALENESS, run

ANNOTATION = re.compile(r"^::(error|warning) file=[^,:\r\n]+(?:,line=\d+,col=\d+)?,title=[a-z-]+::[^\r\n]*$")


def _bad_sources(project: Path, count: int) -> Path:
    sources = project / "technologies" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8") + "".join(f"bad-{n}: {n}\n" for n in range(count)), encoding="utf-8"
    )
    return sources


def test_many_findings_in_one_file_parse_it_once(valid_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _bad_sources(valid_project, 300)
    composed: list[object] = []
    real = yaml.compose

    def counting(*args: Any, **kwargs: Any) -> Any:
        composed.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(yaml, "compose", counting)
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    located = [f for f in result.findings if f.path.endswith("sources.yaml")]
    assert len(located) == 300
    assert len(composed) == 1  # not once per finding
    lines = sources.read_text(encoding="utf-8").splitlines()
    for finding in located:
        assert lines[finding.line - 1][finding.column - 1 :] == lines[finding.line - 1].split(": ", 1)[1]


def test_oversized_file_is_refused_before_it_is_read(valid_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = valid_project / "technologies" / "power" / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(1 << 30)  # a sparse gigabyte: reading it would take the memory
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def watch_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def watch_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watch_open)
    monkeypatch.setattr(os, "open", watch_os_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read_bytes({self})"))
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert [f.rule for f in result.findings if f.path.endswith("huge.yaml")] == ["file-too-large"]
    assert not [path for path in opened if path.endswith("huge.yaml")]


def test_a_long_list_of_repeated_groups_is_checked_in_linear_time(
    valid_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list whose items must be unique and are groups of fields: python-jsonschema compares them pairwise,
    so 30,000 distinct lines like "- {n: 1}" (a 400 KB file) would take hours to explain. Each item is compared
    once, by a key (1 and 1.0 are the same number, as JSON Schema says)."""
    import jsonschema._utils as utils

    count = 2000
    path = valid_project / "technologies" / "power" / "low-temperature-and-long-life-batteries.yaml"
    text = path.read_text(encoding="utf-8")
    items = "".join(f"  - {{n: {n}}}\n" for n in range(count)) + "  - {n: 0.0}\n"  # distinct, then one repeat
    path.write_text(text.replace("last_reviewed:", "related:\n" + items + "last_reviewed:"), "utf-8")
    compared = 0
    real = utils.equal

    def counting(one: Any, two: Any) -> bool:
        nonlocal compared
        compared += 1
        return real(one, two)

    monkeypatch.setattr(utils, "equal", counting)
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    repeated = [f for f in result.findings if "twice" in f.message]
    related_line = text[: text.index("last_reviewed:")].count("\n") + 1
    assert [(f.message, f.line) for f in repeated] == [
        ("'related' lists a group of fields twice", related_line + count + 1)
    ]
    assert compared < 10 * count, compared


JSON_ARGS = ("--schema-dir", str(SCHEMA_DIR), "--format", "json", *NO_STALENESS)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_fifo_and_socket_are_refused_at_once(valid_project: Path) -> None:
    power = valid_project / "technologies" / "power"
    os.mkfifo(power / "pipe.yaml")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(power / "socket.yaml"))
        completed = subprocess.run(
            [sys.executable, "-m", "gap_tracker", "validate", "--root", str(valid_project), *JSON_ARGS],
            capture_output=True,
            text=True,
            timeout=60,  # a reader that opens the FIFO waits for a writer forever
            check=False,
        )
    finally:
        server.close()
    findings = {f["file"].rsplit("/", 1)[-1]: f for f in json.loads(completed.stdout)["findings"]}
    assert "named pipe" in findings["pipe.yaml"]["message"]
    assert "socket" in findings["socket.yaml"]["message"]
    assert completed.returncode == 1


def test_text_and_annotations_are_capped_json_is_complete(valid_project: Path) -> None:
    _bad_sources(valid_project, 120)
    args = ("validate", "--root", str(valid_project), "--schema-dir", str(SCHEMA_DIR), *NO_STALENESS)
    github = run(*args, "--format", "github")
    *annotations, more, summary = github.stdout.splitlines()
    assert len(annotations) == 50 and all(ANNOTATION.match(line) for line in annotations)
    assert more.startswith("... and 70 more findings not shown") and not more.startswith("::")
    assert summary.endswith(" files checked: 120 errors, 0 warnings.")
    text = run(*args, "--max-findings", "7")
    assert len(text.stdout.splitlines()) == 9 and "113 more findings" in text.stdout
    assert len(json.loads(run(*args, "--format", "json").stdout)["findings"]) == 120
    assert github.returncode == text.returncode == 1


HOSTILE_NAMES = (
    "evil\n::error file=x::forged.yml",
    "cr\r::warning::forged.yaml",
    "ls\u2028::notice::forged.yml",
    "nel\x85##[error]forged.yml",
    "esc\x1b]8;;evil.example\x07link.yml",
)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_no_output_line_is_a_workflow_command_unless_meant(valid_project: Path, fmt: str) -> None:
    power = valid_project / "technologies" / "power"
    tech = sorted(power.glob("*.yaml"))[0]
    for name in HOSTILE_NAMES:
        (power / name).write_text("x: 1\n", encoding="utf-8")
    # An unknown field whose name (quoted in the message) holds line feeds and command text.
    tech.write_text(tech.read_text(encoding="utf-8") + '"a\\n::error::key\\n##[error]y": 1\n', encoding="utf-8")
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    output = render(result, fmt)
    commands = [line for line in output.splitlines() if line.lstrip().startswith("::")]
    if fmt == "github":
        assert len(commands) == len(result.findings)
        assert [line for line in commands if not ANNOTATION.match(line)] == []
    else:
        assert commands == []
    assert output.splitlines() == output.split("\n"), "only \\n ends a line"
    assert "\x1b" not in output
    if fmt == "json":
        names = {f["file"].rsplit("/", 1)[-1] for f in json.loads(output)["findings"]}
        assert set(HOSTILE_NAMES) <= names  # the data is exact; only its spelling is escaped
        return
    assert "##[" not in output
    assert len(output.splitlines()) == len(result.findings) + 1
