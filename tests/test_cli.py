"""The command line as CI and contributors run it: exit status, formats, no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from gap_tracker.findings import Finding
from gap_tracker.report import format_github
from tests.conftest import FIXTURES, ROOT, SCHEMA_DIR

NO_STALENESS = ("--stale-after-days", "0")
"""The fixture's review days age with the calendar; tests of other output turn the age warning off."""


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gap_tracker", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_bundled_data_is_valid() -> None:
    completed = run("validate", *NO_STALENESS)
    assert completed.returncode == 0, completed.stdout
    assert completed.stdout.strip().endswith("no problems found.")


def test_every_problem_in_one_run_with_exit_status_1(valid_project: Path) -> None:
    for case in ("unknown-area", "duplicate-key", "unclosed-quote"):
        shutil.copy(FIXTURES / "invalid" / f"{case}.yaml", valid_project / "technologies" / "power")
    completed = run("validate", "--root", str(valid_project), "--schema-dir", str(SCHEMA_DIR), *NO_STALENESS)
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert len(lines) == 4 and lines[-1] == "12 files checked: 3 errors, 0 warnings."
    assert all(line.startswith("technologies/power/") for line in lines[:3])
    assert "Traceback" not in completed.stdout + completed.stderr


def test_json_format(valid_project: Path) -> None:
    shutil.copy(FIXTURES / "invalid" / "status-typo.yaml", valid_project / "technologies" / "power")
    completed = run(
        "validate", "--root", str(valid_project), "--schema-dir", str(SCHEMA_DIR), "--format", "json", *NO_STALENESS
    )
    payload = json.loads(completed.stdout)
    assert payload["ok"] is False and payload["errors"] == 1
    finding = payload["findings"][0]
    assert finding["file"] == "technologies/power/status-typo.yaml"
    assert (finding["line"], finding["column"], finding["rule"]) == (13, 13, "schema")
    assert "did you mean 'open'" in finding["fix"]


def test_github_annotation_format() -> None:
    finding = Finding("technologies/power/a.yaml", "bad: value, here", "fix it\nnow", "schema", line=3, column=5)
    assert format_github(finding) == (
        "::error file=technologies/power/a.yaml,line=3,col=5,title=schema::bad: value, here; fix it%0Anow"
    )


def test_missing_data_folder_is_reported_not_raised(tmp_path: Path) -> None:
    completed = run("validate", "--root", str(tmp_path), "--schema-dir", str(SCHEMA_DIR))
    assert completed.returncode == 1
    assert "technologies: error: the data folder does not exist" in completed.stdout
    assert "Traceback" not in completed.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`gap-tracker validate | head -1`: the closed pipe ends the command quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gap_tracker", "validate", "--stale-after-days", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    errors = process.stderr.read().decode()
    assert process.wait() == 1
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
