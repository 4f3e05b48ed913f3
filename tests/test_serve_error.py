"""``mkdocs serve`` with a broken data file: the browser gets the findings as a page, and the fix brings the site back.

The rebuilds run as ``dev.py serve`` runs them (``mkdocs serve --dirty``: one plugin object kept across
builds, building in place); ``mkdocs build`` with the same file still fails (tests/test_build_atomic.py).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from gap_tracker.load import load_project
from gap_tracker.report import format_text
from tests.conftest import SCHEMA_DIR

HOSTILE = "<script>alert(1)</script>"


def _config(project: Path, site: Path) -> MkDocsConfig:
    return load_config(str(project / "mkdocs.yml"), site_dir=str(site))


@pytest.fixture
def project(valid_project: Path) -> Iterator[Path]:
    """The valid fixture as a small site: the plugin without history or search, one hand-written page."""
    (valid_project / "docs").mkdir()
    (valid_project / "docs" / "index.md").write_text("# Home\n\nHand-written.\n", encoding="utf-8")
    (valid_project / "mkdocs.yml").write_text(
        "site_name: Serve test\ntheme:\n  name: material\nplugins:\n  - gap-tracker:\n"
        f"      schema_dir: {SCHEMA_DIR}\n      history: false\n      search: false\n      stale_after_days: 0\n",
        encoding="utf-8",
    )
    yield valid_project


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000  # an editor's save: a later modification time
    os.utime(path, ns=(stamp, stamp))


def test_serve_shows_the_findings_of_a_broken_file_and_the_fixed_site_after_the_fix(
    project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "served"
    config = _config(project, site)
    plugin = config.plugins["gap-tracker"]
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        tech_file = sorted((project / "technologies").glob("*/*.yaml"))[0]
        tech_id = tech_file.stem
        page = site / "technologies" / tech_id / "index.html"
        good = page.read_text(encoding="utf-8")
        original = tech_file.read_text(encoding="utf-8")

        # A typo in a field name, and a field named like markup: both reported, the name escaped.
        _save(tech_file, original.replace("last_reviewed:", "last_reviewed_typo:", 1) + f'"{HOSTILE}": 1\n')
        expected = [format_text(f) for f in load_project(project, schema_dir=str(SCHEMA_DIR)).sorted_findings()]
        assert expected and any(HOSTILE in line for line in expected)
        config = _config(project, site)
        assert config.plugins["gap-tracker"] is plugin  # serve keeps the plugin object across builds
        build(config, dirty=True)  # does not raise: the live-reload server would wait for ever
        for address in (page, site / "index.html", site / "404.html", site / "matrix" / "index.html"):
            shown = address.read_text(encoding="utf-8")
            items = [html.unescape(m) for m in re.findall(r"<li [^>]*><code>(.*?)</code></li>", shown, re.S)]
            assert items == expected, address
            assert HOSTILE not in shown and html.escape(HOSTILE) in shown
            assert tech_file.relative_to(project).as_posix() + ":" in shown  # file:line:column

        # The same file fails `mkdocs build` with the same lines.
        caplog.clear()
        build_config = _config(project, tmp_path / "built")
        plugin.on_startup(command="build", dirty=False)
        with pytest.raises(Abort):
            build(build_config)
        failed = [r.getMessage() for r in caplog.records if r.name == "mkdocs.commands.build"]
        assert any(all(line in message for line in expected) for message in failed)
        assert not (tmp_path / "built").exists()

        # The fix: the site is back, the edited page rebuilt, no findings page left anywhere.
        _save(tech_file, original)
        config = _config(project, site)
        plugin.on_startup(command="serve", dirty=True)
        build(config, dirty=True)
        assert page.read_text(encoding="utf-8") == good
        assert not any("gt-serve-error" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
        assert not list(tmp_path.glob(".served.gap-tracker-kept-*"))
    finally:
        config.plugins.on_shutdown()


def test_serve_starting_on_broken_data_shows_the_findings_at_the_home_page(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "served"
    tech_file = sorted((project / "technologies").glob("*/*.yaml"))[0]
    original = tech_file.read_text(encoding="utf-8")
    _save(tech_file, original.replace("last_reviewed:", "last_reviewed_typo:", 1))
    config = _config(project, site)
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)  # serve starts instead of exiting
        home = (site / "index.html").read_text(encoding="utf-8")
        assert "gt-serve-error" in home and "last_reviewed_typo" in home
        _save(tech_file, original)
        config = _config(project, site)
        build(config, dirty=True)
        assert (site / "technologies" / tech_file.stem / "index.html").is_file()
        assert "gt-serve-error" not in (site / "index.html").read_text(encoding="utf-8")
    finally:
        config.plugins.on_shutdown()
