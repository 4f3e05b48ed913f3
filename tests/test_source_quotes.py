"""Every quote of the data appears in its source's text, where a copy of that text is at hand.

The repository holds no source texts (they are others' documents and need no copy here to build,
run or test). Maintainers keep them in a source-text folder: ``GAP_TRACKER_SOURCE_TEXTS`` names it,
and by default ``../shared/sources`` beside the project is used when it exists. A source's
``text_copy`` in sources.yaml names its file there. Without the folder the data check is skipped
and says why; the checker itself is tested on fixture texts either way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gap_tracker.documents import discover
from gap_tracker.source_texts import missing_quotes, normalise, quoted_citations
from tests.conftest import ROOT, valid_project  # noqa: F401  (fixture)

ENV = "GAP_TRACKER_SOURCE_TEXTS"


def _text_dir() -> Path | None:
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured)
    default = ROOT.parent / "shared" / "sources"
    return default if default.is_dir() else None


def _copies(root: Path) -> tuple[list, dict[str, str]]:  # type: ignore[type-arg]
    documents = discover(root, "technologies").documents
    sources = next(d for d in documents if d.kind == "sources")
    return documents, {key: entry["text_copy"] for key, entry in sources.data.items() if "text_copy" in entry}


def test_every_quote_of_the_data_is_in_its_source_text() -> None:
    text_dir = _text_dir()
    if text_dir is None:
        pytest.skip(f"no source-text folder: set {ENV}, or keep the texts in ../shared/sources")
    documents, copies = _copies(ROOT)
    present = {key for key, name in copies.items() if (text_dir / name).is_file()}
    if not present:
        pytest.skip(f"{text_dir} holds none of the text copies that technologies/sources.yaml names")
    missing, checked = missing_quotes(documents, copies, text_dir)
    assert checked > 0
    assert [f"{m.path}: {m.source}: {m.quote!r}" for m in missing] == []


def test_a_quote_missing_from_its_text_is_reported(valid_project: Path, tmp_path: Path) -> None:  # noqa: F811
    sources = valid_project / "technologies" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            "  short_title: GER 2024\n", "  short_title: GER 2024\n  text_copy: ger.txt\n", 1
        ),
        encoding="utf-8",
    )
    documents, copies = _copies(valid_project)
    assert copies == {"ger-2024": "ger.txt"}
    quotes = sorted({c["quote"] for d in documents for c in quoted_citations(d.data) if c["source"] == "ger-2024"})
    assert len(quotes) >= 2, "the valid fixture quotes GER 2024 at least twice"
    kept, *dropped = quotes
    words = kept.split(" ")
    texts = tmp_path / "texts"
    texts.mkdir()
    # The kept quote is in the text, broken across lines as an extraction breaks it.
    (texts / "ger.txt").write_text(
        "before\n" + " ".join(words[:1]) + "\n  " + " ".join(words[1:]) + "\nafter", encoding="utf-8"
    )
    missing, checked = missing_quotes(documents, copies, texts)
    assert checked >= len(quotes)
    assert sorted({m.quote for m in missing}) == sorted(dropped)
    assert all(m.source == "ger-2024" and m.path.startswith("technologies/") for m in missing)


def test_normalise_forgives_only_whitespace_and_spaced_subscripts() -> None:
    assert normalise("LOX/LCH ₄ and\n\nLOX/LH ₂") == "LOX/LCH4 and LOX/LH2"
    assert normalise("state-of-the-art") != normalise("state of the art")
    assert normalise("“quoted”") != normalise('"quoted"')
