"""`validate --format github`: one workflow annotation per finding, on the right file, line and column."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, SCHEMA_DIR
from tests.test_cli import run

ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+)(?:,line=(\d+),col=(\d+))?,title=([^:,]+)::(.+)$")
STALE = "technologies/unassigned/lox-liquid-methane-cryogenic-propulsion-system.yaml"
# Each file and the text that starts at the line and column reported for it.
AT = {
    "technologies/power/status-typo.yaml": "opne",
    "technologies/power/unknown-area.yaml": "powr",
    "technologies/power/duplicate-key.yaml": "statement:",
    "technologies/power/related-missing.yaml": "nuclear-power-for-surface-mission",
    "technologies/power/date-in-future.yaml": '"2031-01-01"',
    "technologies/power/placeholder-left.yaml": '"TODO: ',
    "technologies/power/javascript-url.yaml": "javascript:alert(1)",
    STALE: '"2001-02-03"',
}


def test_one_annotation_per_finding_at_the_offending_text(valid_project: Path) -> None:
    for rel in AT:
        if rel != STALE:
            shutil.copy(FIXTURES / "invalid" / Path(rel).name, valid_project / rel)
    stale = valid_project / STALE
    text = stale.read_text(encoding="utf-8")
    stale.write_text(re.sub(r"(?m)^last_reviewed: .*$", 'last_reviewed: "2001-02-03"', text), encoding="utf-8")
    (valid_project / "technologies/power/notes,old.yml").write_text("x: 1\n", encoding="utf-8")
    # Only reviews before 2002 are stale, on any day the test runs (the fixture's own files are recent).
    limit = str((dt.date.today() - dt.date(2002, 1, 1)).days)
    args = ("validate", "--root", str(valid_project), "--schema-dir", str(SCHEMA_DIR), "--stale-after-days", limit)

    github = run(*args, "--format", "github")
    findings = json.loads(run(*args, "--format", "json").stdout)["findings"]

    assert github.returncode == 1
    *annotations, summary = github.stdout.splitlines()
    assert summary == f"16 files checked: {len(findings) - 1} errors, 1 warning."
    assert len(annotations) == len(findings) >= len(AT) + 1
    seen = set()
    for line, finding in zip(annotations, findings, strict=True):
        match = ANNOTATION.match(line)
        assert match, line
        level, file, row, column, title, message = match.groups()
        assert (level, file.replace("%2C", ","), title) == (finding["severity"], finding["file"], finding["rule"])
        assert message == f"{finding['message']}; {finding['fix']}"
        if finding["file"].endswith("notes,old.yml"):
            assert row is None  # the whole file is the problem: no line
            continue
        assert (int(row), int(column)) == (finding["line"], finding["column"])
        content = (valid_project / finding["file"]).read_text(encoding="utf-8").splitlines()[int(row) - 1]
        assert content[int(column) - 1 :].startswith(AT[finding["file"]]), (finding, content)
        seen.add(finding["file"])
    assert seen == set(AT)
    assert "::error file=technologies/power/notes%2Cold.yml,title=data-folder::" in github.stdout
