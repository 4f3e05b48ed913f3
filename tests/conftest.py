"""Shared test helpers: the project's paths, a fixed 'today', and a copy of the valid fixture tree."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCHEMA_DIR = ROOT / "schema"
TODAY = dt.date(2026, 11, 22)
"""The day the fixtures (tests/fixtures) are checked as of, so their review ages never drift.

For fixture data only: the bundled data, or a copy of it, is checked as of the real today, since a
data pull request sets its review day to the day it is made (tests/test_pr_simulation.py).
"""

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def horizon_keys(data_dir: Path = ROOT / "technologies") -> list[str]:
    """The horizon keys of a data folder's horizons.yaml, in display order: tests derive horizons from the data."""
    entries = yaml.safe_load((data_dir / "horizons.yaml").read_text(encoding="utf-8"))
    return sorted(entries, key=lambda key: (entries[key].get("order", 99), key))


@pytest.fixture
def valid_project(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/valid (data only; schemas come from the repository)."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", target)
    return target


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, launched once for all browser tests (skipped without it, except under CI)."""
    from tests.browserkit import CHROMIUM, CHROMIUM_ARGS, require

    require(CHROMIUM, "Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
