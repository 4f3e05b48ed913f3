"""Pasted text: each case in tests/fixtures/warnings gives exactly its expected warnings, and nothing fails.

Each ``<case>.yaml`` is dropped into a copy of the valid fixtures as ``technologies/power/<case>.yaml``;
the findings, printed as ``gap-tracker validate`` prints them, must equal ``<case>.expected``. Run
with ``UPDATE_GOLDEN=1`` to rewrite the expected files after a deliberate change of wording.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gap_tracker.findings import Severity
from gap_tracker.load import load_project
from gap_tracker.report import format_text
from tests.conftest import FIXTURES, SCHEMA_DIR, TODAY

CASES = sorted((FIXTURES / "warnings").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_pasted_text_case(case: Path, valid_project: Path) -> None:
    target = valid_project / "technologies" / "power" / case.name
    shutil.copy(case, target)
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    lines = [format_text(f) for f in result.sorted_findings()]
    expected_file = case.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == expected_file.read_text(encoding="utf-8").splitlines()
    assert result.ok and result.findings
    assert all(f.severity is Severity.WARNING and f.rule == "pasted-text" for f in result.findings)
    text = target.read_text(encoding="utf-8").split("\n")
    for finding in result.findings:  # the column points at the character itself
        char = text[finding.line - 1][finding.column - 1]
        assert not char.isalnum() or finding.message.startswith("the text ends"), (finding.location, char)


def test_clean_text_gives_no_warning(valid_project: Path) -> None:
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert [f for f in result.findings if f.rule == "pasted-text"] == []
