"""The benchmark's synthetic data generator (bench/synth.py): valid, complete and deterministic."""

from __future__ import annotations

from pathlib import Path

import yaml

from gap_tracker.load import load_project
from tests.synthkit import load_synth as _synth

N = 20


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
