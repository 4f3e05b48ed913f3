"""Golden-file tests: every invalid fixture fails with exactly its expected messages.

Each ``tests/fixtures/invalid/<case>.yaml`` is dropped into a copy of the valid fixture tree as
``technologies/power/<case>.yaml``; the findings, printed as ``gap-tracker validate`` prints them,
must equal ``<case>.expected`` line for line. Run with ``UPDATE_GOLDEN=1`` to rewrite the expected
files after a deliberate change of wording, then review the diff.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from gap_tracker.load import load_project
from gap_tracker.report import format_text
from tests.conftest import FIXTURES, SCHEMA_DIR, TODAY

CASES = sorted((FIXTURES / "invalid").glob("*.yaml"))


def test_valid_fixture_has_no_findings(valid_project: Path) -> None:
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert [format_text(f) for f in result.findings] == []
    assert result.catalogue is not None
    assert {t.id for t in result.catalogue.technologies} == {
        "nuclear-power-for-surface-missions",
        "low-temperature-and-long-life-batteries",
        "implicit-typing-stays-text",
        "lox-liquid-methane-cryogenic-propulsion-system",
    }


def test_implicit_typing_keeps_the_authors_text(valid_project: Path) -> None:
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.catalogue is not None
    tech = result.catalogue.get("implicit-typing-stays-text")
    assert tech is not None
    assert [tech.horizons[h].statement for h in ("today", "moon", "mars")] == ["no", "0o17", "2024-08-01"]
    assert tech.horizons["today"].source.locator == "1e3"
    assert tech.last_reviewed == "2026-11-01"


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_invalid_case(case: Path, valid_project: Path) -> None:
    shutil.copy(case, valid_project / "technologies" / "power" / case.name)
    started = time.process_time()
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    elapsed = time.process_time() - started
    lines = [format_text(f) for f in result.sorted_findings()]
    expected_file = case.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert not result.ok
    assert lines == expected
    assert all(f.line > 0 for f in result.findings), "every finding names a line"
    assert elapsed < 1.0, f"{case.name} took {elapsed:.2f} s"
