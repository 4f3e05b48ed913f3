"""Check quotes against plain-text copies of their sources, when a copy is at hand.

The repository does not hold the sources' texts (they are others' documents). A source entry may
name its copy (``text_copy`` in sources.yaml), relative to a source-text folder that maintainers
keep beside the project; :func:`missing_quotes` then reports every quote that does not occur in
that copy. Whitespace is compared loosely (a PDF extraction breaks lines anywhere), and the
subscript glyphs that the extraction wrote with a stray space (``CO ₂``) read as the data writes
them (``CO2``); nothing else is forgiven.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gap_tracker.documents import Document

_SPACE = re.compile(r"\s+")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SPACED_SUBSCRIPT = re.compile(r"\s+([₀-₉])")


def normalise(text: str) -> str:
    """One space for any run of whitespace; subscript digits as plain digits."""
    text = _SPACED_SUBSCRIPT.sub(r"\1", text).translate(_SUBSCRIPTS)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class MissingQuote:
    path: str
    source: str
    quote: str


def quoted_citations(data: Any) -> Iterator[dict[str, Any]]:
    """Every citation with a quote in a document's data."""
    if isinstance(data, dict):
        if "source" in data and "quote" in data and isinstance(data["source"], str):
            yield data
            return
        for value in data.values():
            yield from quoted_citations(value)
    elif isinstance(data, list):
        for value in data:
            yield from quoted_citations(value)


def missing_quotes(documents: list[Document], copies: dict[str, str], text_dir: Path) -> tuple[list[MissingQuote], int]:
    """Quotes of sources with a text copy that the copy does not contain, and how many quotes were checked.

    ``copies`` maps source keys to their ``text_copy`` file names; sources whose copy is absent
    from ``text_dir`` are not checked.
    """
    texts = {}
    for key, name in copies.items():
        path = text_dir / name
        if path.is_file():
            texts[key] = normalise(path.read_text(encoding="utf-8"))
    missing, checked = [], 0
    for doc in documents:
        for citation in quoted_citations(doc.data):
            text = texts.get(citation["source"])
            if text is None:
                continue
            checked += 1
            if normalise(citation["quote"]) not in text:
                missing.append(MissingQuote(doc.path, citation["source"], citation["quote"]))
    return missing, checked
