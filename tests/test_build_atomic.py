"""A failed `mkdocs build -d DIR` leaves the previous site byte for byte as it was, whatever fails and when."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.sitebuild import copy_project

HOOK = "hooks/fail.py"


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def fingerprint(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A small project (the valid fixture data) built once into site/."""
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project")
    shutil.rmtree(project / "technologies")
    shutil.copytree(FIXTURES / "valid" / "technologies", project / "technologies")
    site = project.parent / "site"
    done = mkdocs_build(project, site)
    assert done.returncode == 0, done.stderr
    assert (site / "index.html").is_file() and (site / "matrix" / "index.html").is_file()
    mode = site.stat().st_mode & 0o777
    assert mode & 0o055 == 0o055, oct(mode)  # readable by a web server, not the staging folder's 0700
    return project, site, fingerprint(site)


def _break_data(project: Path) -> None:
    shutil.copy(FIXTURES / "invalid" / "status-typo.yaml", project / "technologies" / "power")


def _break_template(project: Path) -> None:
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ page.title | no_such_filter }}{% endblock %}',
        encoding="utf-8",
    )
    _edit_config(project, "theme:\n", "theme:\n  custom_dir: overrides\n")


def _fail_midway(project: Path) -> None:
    """A hook that raises while pages are being written (the site folder already half full)."""
    _hook(project, "def on_post_page(output, page, config):\n    if page.file.src_uri == 'sources.md':\n")


def _fail_in_late_hook(project: Path) -> None:
    _hook(project, "def on_post_build(config):\n    if True:\n")


def _warn_before_the_plugin_under_strict(project: Path) -> None:
    """A hook that logs a warning before gap-tracker's on_config runs: MkDocs counts it, and aborts at the end."""
    hook = project / HOOK
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(
        "import logging\nfrom mkdocs.plugins import event_priority\n\n\n@event_priority(100)\n"
        "def on_config(config):\n    logging.getLogger('mkdocs.hooks').warning('injected warning')\n",
        encoding="utf-8",
    )
    _edit_config(project, "plugins:\n", f"hooks:\n  - {HOOK}\n\nplugins:\n")


def _warn_under_strict(project: Path) -> None:
    (project / "docs" / "contribute.md").write_text("[a broken link](missing-page.md)\n", encoding="utf-8")


def _hook(project: Path, header: str) -> None:
    hook = project / HOOK
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(header + "        raise RuntimeError('injected failure')\n", encoding="utf-8")
    _edit_config(project, "plugins:\n", f"hooks:\n  - {HOOK}\n\nplugins:\n")


def _edit_config(project: Path, old: str, new: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "strict"),
    [
        (_break_data, False),
        (_break_template, False),
        (_fail_midway, False),
        (_fail_in_late_hook, False),
        (_warn_under_strict, True),
        (_warn_before_the_plugin_under_strict, True),
    ],
    ids=["data", "template", "hook-while-writing-pages", "hook-after-everything", "strict-warning", "strict-early"],
)
def test_failed_build_leaves_the_previous_site_untouched(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path, breakage: object, strict: bool
) -> None:
    project, site, before = built
    broken = copy_project(tmp_path / "project")
    shutil.rmtree(broken / "technologies")
    shutil.copytree(project / "technologies", broken / "technologies")
    breakage(broken)  # type: ignore[operator]
    done = mkdocs_build(broken, site, *(["--strict"] if strict else []))
    assert done.returncode != 0, done.stderr
    assert fingerprint(site) == before
    assert leftovers(site) == []


def test_successful_build_replaces_the_site_and_leaves_nothing_beside_it(
    built: tuple[Path, Path, dict[str, str]],
) -> None:
    project, site, before = built
    (site / "stale.html").write_text("from an old build", encoding="utf-8")
    done = mkdocs_build(project, site, "--strict")
    assert done.returncode == 0, done.stderr
    assert not (site / "stale.html").exists()
    assert fingerprint(site).keys() == before.keys()
    assert leftovers(site) == []
