"""The benchmark's synthetic data generator (bench/synth.py): valid, complete and deterministic."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import yaml

from gap_tracker.load import load_project
from tests.synthkit import load_synth as _synth

N = 20
STRICT_N = 60
"""Enough technologies for the pages that link to matrix views (organisations, charts of quantities) to be in the twin."""


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_project_is_valid_and_twin_is_complete(tmp_path: Path) -> None:
    synth = _synth()
    project = tmp_path / "site"
    bare = synth.generate(project, N)

    result = load_project(project, stale_after_days=synth.STALE_AFTER_DAYS)
    assert result.findings == []
    assert result.catalogue is not None
    assert len(result.catalogue.technologies) == N
    for name in ("mkdocs.yml", "docs/index.md", "schema/technology.schema.json", "technologies/areas.yaml"):
        assert (project / name).is_file(), name

    assert bare == tmp_path / "site-bare"
    pages = sorted(p.stem for p in (bare / "docs" / "technologies").glob("*.md"))
    assert pages == sorted(t.id for t in result.catalogue.technologies)
    bare_config = yaml.safe_load((bare / "mkdocs.yml").read_text(encoding="utf-8"))
    assert bare_config["plugins"] == ["search"]
    index = (bare / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<!-- gap-tracker:coverage -->" not in index
    assert f"<strong>{N}</strong> technologies" in index


def test_same_n_gives_identical_files(tmp_path: Path) -> None:
    synth = _synth()
    first, second = tmp_path / "one" / "site", tmp_path / "two" / "site"
    synth.generate(first, N)
    synth.generate(second, N)
    assert _tree(first) == _tree(second)
    assert _tree(first.with_name("site-bare")) == _tree(second.with_name("site-bare"))


def test_yaml_only_writes_data_and_schemas(tmp_path: Path) -> None:
    synth = _synth()
    out = tmp_path / "data"
    assert synth.generate(out, N, yaml_only=True) is None
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["schema", "technologies"]
    assert not out.with_name("data-bare").exists()
    assert load_project(out, stale_after_days=synth.STALE_AFTER_DAYS).findings == []


def _visible(page: str) -> str:
    """The text a reader sees, without whitespace (and without the headings' permalink signs)."""
    page = re.sub(r'<a class="headerlink".*?</a>', "", page, flags=re.S)
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return re.sub(r"[\s“”]", "", text)  # <q> shows its quotation marks by CSS; the Markdown writes them


def test_twin_pages_are_plain_markdown_with_the_same_visible_text(tmp_path: Path) -> None:
    synth = _synth()
    project = tmp_path / "site"
    synth.write_project(project, N)
    pages = {uri: body.decode() for uri, body in synth.plugin_output(project).files.items() if uri.endswith(".md")}
    assert len(pages) > N
    for uri, page in pages.items():
        text = synth.to_markdown(page)
        no_links = re.sub(r"`[^`]*`", "", re.sub(r"\]\(<[^>]*>\)", "]()", text))  # link targets, code spans
        assert not re.search(r"<[A-Za-z/]", no_links), f"{uri}: raw HTML left in the twin's Markdown"
        shown = markdown.markdown(text, extensions=["attr_list", "tables", "toc"])
        assert _visible(shown) == _visible(page), uri


def test_the_twin_builds_strict(tmp_path: Path) -> None:
    """The benchmark's warm-up builds the twin with ``--strict``: every link the twin writes must resolve."""
    bare = _synth().generate(tmp_path / "site", STRICT_N)
    assert bare is not None
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(bare / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr[-2000:]


def test_a_twin_link_keeps_its_query_and_fragment() -> None:
    link = _synth().page_links("quantities/2.md", {"quantities/2/": "quantities/2.md", "matrix/": "matrix.md"})
    assert link("../../matrix/?area=power&text=Solar#top") == "../matrix.md?area=power&text=Solar#top"
    assert link("https://example.org/?a=1") == "https://example.org/?a=1"
