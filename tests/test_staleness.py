"""Staleness: old last_reviewed days give warnings (never errors) and a "Needs review" page."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from pathlib import Path

import pytest

from gap_tracker.findings import Severity
from gap_tracker.load import load_project
from gap_tracker.report import format_text
from tests.conftest import SCHEMA_DIR, TODAY
from tests.sitebuild import build_site, copy_project
from tests.test_cli import run

BATTERIES = "technologies/power/low-temperature-and-long-life-batteries.yaml"
NUCLEAR = "technologies/power/nuclear-power-for-surface-missions.yaml"


def days_since(year: int, month: int, day: int) -> str:
    """An age limit under which only reviews before that day are stale, whatever day the tests run."""
    return str((dt.date.today() - dt.date(year, month, day)).days)


def set_reviewed(project: Path, rel: str, day: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^last_reviewed: .*$", f'last_reviewed: "{day}"', text), encoding="utf-8")


def test_old_review_is_a_located_warning_not_an_error(valid_project: Path) -> None:
    set_reviewed(valid_project, BATTERIES, "2025-11-21")  # 366 days before TODAY
    set_reviewed(valid_project, NUCLEAR, "2025-11-22")  # exactly 365 days: not yet stale
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.ok
    assert [format_text(f) for f in result.findings] == [
        f"{BATTERIES}:31:16: warning: last reviewed 2025-11-21, 366 days ago (more than 365); "
        "check the file against its sources, correct what changed, and set last_reviewed to the day you checked"
    ]
    assert result.findings[0].severity is Severity.WARNING
    assert result.summary() == "9 files checked: 0 errors, 1 warning."


def test_the_age_is_configurable_and_0_turns_it_off(valid_project: Path) -> None:
    def stale(days: int) -> list[str]:
        result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY, stale_after_days=days)
        return sorted(f.path.rsplit("/", 1)[-1] for f in result.warnings)

    # The fixture's files were reviewed on 2026-11-22 (three) and 2026-11-01 (one): 0 and 21 days before TODAY.
    assert stale(365) == []
    assert stale(20) == ["implicit-typing-stays-text.yaml"]
    assert stale(0) == []


def test_cli_warns_exits_0_and_annotates_for_github(valid_project: Path) -> None:
    set_reviewed(valid_project, BATTERIES, "2001-01-01")
    args = ("validate", "--root", str(valid_project), "--schema-dir", str(SCHEMA_DIR))
    completed = run(*args, "--stale-after-days", days_since(2002, 1, 1))
    assert completed.returncode == 0
    assert f"{BATTERIES}:31:16: warning: last reviewed 2001-01-01" in completed.stdout
    assert completed.stdout.splitlines()[-1] == "9 files checked: 0 errors, 1 warning."
    github = run(*args, "--stale-after-days", days_since(2002, 1, 1), "--format", "github").stdout.splitlines()
    assert github[0].startswith(
        f"::warning file={BATTERIES},line=31,col=16,title=stale-review::last reviewed 2001-01-01"
    )
    assert run(*args, "--stale-after-days", "0").stdout.strip().endswith("no problems found.")


def test_cli_rejects_a_negative_age_without_traceback(valid_project: Path) -> None:
    completed = run("validate", "--root", str(valid_project), "--stale-after-days", "-3")
    assert completed.returncode == 2
    assert "'-3' is not a number of days" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.site
def test_needs_review_page_lists_stale_technologies_oldest_first_and_strict_build_passes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = copy_project(tmp_path / "project")
    set_reviewed(project, NUCLEAR, "2020-03-01")
    set_reviewed(project, BATTERIES, "2019-05-01")
    config = project / "mkdocs.yml"  # only reviews before 2021 are stale, on any day the test runs
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "schema_dir: schema", f"schema_dir: schema\n      stale_after_days: {days_since(2021, 1, 1)}"
        ),
        encoding="utf-8",
    )
    caplog.set_level(logging.INFO)
    build_site(project, project / "site")  # strict: would raise on a logged warning
    page = html.unescape((project / "site/needs-review/index.html").read_text(encoding="utf-8"))
    first = page.index("Low-Temperature and Long-Life Batteries")
    second = page.index("Nuclear Power for Surface Missions")
    assert first < second, "oldest review first"
    assert "2 technologies to review" in page
    assert f"{(dt.date.today() - dt.date(2019, 5, 1)).days}</td>" in page
    assert 'href="../technologies/nuclear-power-for-surface-missions/"' in page
    stale_logs = [r for r in caplog.records if "last reviewed 2020-03-01" in r.getMessage()]
    assert stale_logs and all(r.levelno == logging.INFO for r in stale_logs)


@pytest.mark.site
def test_needs_review_page_says_none_when_all_are_fresh(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "schema_dir: schema", "schema_dir: schema\n      stale_after_days: 100000"
        ),
        encoding="utf-8",
    )
    build_site(project, project / "site")
    page = (project / "site/needs-review/index.html").read_text(encoding="utf-8")
    assert "None: every technology was reviewed within the last 100000 days." in page
