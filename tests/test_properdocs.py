"""The way out of MkDocs 1.x is tested, not hoped for: the site builds unchanged under ProperDocs.

MkDocs 1.x is unmaintained; ProperDocs is a drop-in fork of MkDocs 1.6 that runs ``mkdocs.plugins``
entry points and redirects ``import mkdocs.*`` to ``properdocs.*``, but only in its own process (it
installs that redirect when the ``properdocs`` command starts), so it sits beside mkdocs in the test
environment without touching ordinary builds. This builds a copy of the project with the
``properdocs`` command, strict, and checks that the plugin's pages and the search index are there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gap_tracker.load import load_project
from tests.sitebuild import copy_project

pytestmark = pytest.mark.site
PROPERDOCS = Path(sys.executable).with_name("properdocs")


def test_the_site_builds_under_properdocs(tmp_path: Path) -> None:
    assert PROPERDOCS.exists(), "properdocs is in the test extra of pyproject.toml"
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    catalogue = load_project(project).catalogue
    assert catalogue is not None
    matrix = (site / "matrix" / "index.html").read_text(encoding="utf-8")
    for tech in catalogue.technologies:
        page = site / "technologies" / tech.id / "index.html"
        assert page.is_file(), tech.id
        assert f"technologies/{tech.id}/" in matrix
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
