"""Warnings about pasted text: characters that look like nothing, or like something else, in a value.

Text copied out of a PDF or a web page brings characters a reader cannot see and a search cannot
match: tabs, spaces at the start or end of a quoted value, no-break and other unusual spaces,
zero-width characters, and typographic quotes where the cited document writes straight ones (its
``quotes: straight`` in technologies/sources.yaml). None of them is wrong YAML, so each is a
warning, located at the character itself, with the fix. Control and bidirectional characters are
errors of the loader (:mod:`gap_tracker.yaml_load`) and are not reported again here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gap_tracker.documents import Document
from gap_tracker.findings import Finding, JsonPath, Severity
from gap_tracker.yaml_load import locate

if TYPE_CHECKING:
    from gap_tracker.rules import Shared

RULE = "pasted-text"
_SUSPECT = re.compile("[\t\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff\u2018\u2019\u201c\u201d]")
"""One search per value finds whether it can have a problem (the usual case: none)."""
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_CURLY = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
_QUOTED_FIELDS = frozenset({"statement", "quote"})
"""Fields that copy the cited document's words, so they follow its quotes."""


@dataclass(frozen=True)
class _Problem:
    offset: int
    """Index of the character in the value."""
    message: str
    fix: str


def pasted_text(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every string value of a valid file, checked for pasted-in characters."""
    if not _any_suspect(doc.data):
        return  # the usual case: no value of the file needs a closer look
    straight = ctx.derived("straight-quote-sources", lambda: _straight_quote_sources(ctx))
    for pointer, value, source in _strings(doc.data, (), None):
        if not _suspect(value):
            continue
        quotes_straight = pointer[-1] in _QUOTED_FIELDS and source in straight
        for problem in _problems(value, quotes_straight):
            yield _finding(doc, pointer, value, problem)


def _suspect(value: str) -> bool:
    """Whether a value can have a problem, decided by one regular-expression search (usually: no)."""
    return bool(_SUSPECT.search(value) or value[:1].isspace() or value[-1:].isspace())


def _any_suspect(data: Any) -> bool:
    """Whether any text in ``data`` is :func:`_suspect`: a walk that builds no pointers, so a clean file costs little."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _suspect(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _straight_quote_sources(ctx: Shared) -> set[str]:
    sources = ctx.registries.get("sources")
    if sources is None:
        return set()
    return {key for key, entry in sources.data.items() if entry.get("quotes") == "straight"}


def _strings(data: Any, pointer: JsonPath, source: str | None) -> Iterator[tuple[JsonPath, str, str | None]]:
    """(pointer, text, the source the text cites) for every string value; keys are ids, checked elsewhere."""
    if isinstance(data, dict):
        cited = data.get("source")
        if isinstance(cited, dict) and isinstance(cited.get("source"), str):
            source = cited["source"]  # a horizon or earlier statement: its statement follows its source
        elif isinstance(cited, str) and "locator" in data:
            source = cited  # a citation: its quote follows the document it cites
        for key, value in data.items():
            if isinstance(value, str):  # most values: yielded here, without a generator of their own
                yield (*pointer, key), value, source
            else:
                yield from _strings(value, (*pointer, key), source)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                yield (*pointer, index), value, source
            else:
                yield from _strings(value, (*pointer, index), source)
    elif isinstance(data, str) and pointer:
        yield pointer, data, source


def _problems(value: str, quotes_straight: bool) -> Iterator[_Problem]:
    """At most one problem of each kind per value, at its first occurrence."""
    seen: set[str] = set()

    def once(kind: str, problem: _Problem) -> Iterator[_Problem]:
        if kind not in seen:
            seen.add(kind)
            yield problem

    if value != value.strip() and value.strip():
        end = value[-1].isspace()
        offset = len(value.rstrip()) if end else 0
        where = "ends" if end else "starts"
        yield _Problem(offset, f"the text {where} with a space", f"remove the space at the {where[:-1]} of the value")
    for offset, char in enumerate(value):
        if char == "\t":
            yield from once(
                "tab", _Problem(offset, "the text contains a tab character", "replace the tab with a space")
            )
        elif char in _ZERO_WIDTH:
            name = unicodedata.name(char, "zero-width character").lower()
            yield from once(
                "zero-width",
                _Problem(
                    offset,
                    f"the text contains an invisible {name} (U+{ord(char):04X}), usually pasted from a web page",
                    "delete it (it is invisible: retype the word around this position)",
                ),
            )
        elif char != "\n" and char.isspace() and char != " ":
            name = unicodedata.name(char, "unusual space").lower()
            yield from once(
                "space",
                _Problem(
                    offset,
                    f"the text contains a {name} (U+{ord(char):04X}) instead of an ordinary space, "
                    "usually pasted from a PDF or web page",
                    "replace it with an ordinary space",
                ),
            )
        elif quotes_straight and char in _CURLY:
            yield from once(
                "quote",
                _Problem(
                    offset,
                    f"the text has the typographic quote {char} where the cited document writes {_CURLY[char]}",
                    f"copy the document's characters: replace {char} with {_CURLY[char]} (the document's entry in "
                    "technologies/sources.yaml says quotes: straight)",
                ),
            )


def _finding(doc: Document, pointer: JsonPath, value: str, problem: _Problem) -> Finding:
    finding = Finding(doc.path, problem.message, problem.fix, RULE, pointer=pointer, severity=Severity.WARNING)
    finding.line, finding.column = _position(doc.parsed.text, pointer, value, problem.offset)
    return finding


def _position(text: str, pointer: JsonPath, value: str, offset: int) -> tuple[int, int]:
    """The line and column of the character itself where the file writes it literally, else of the value."""
    line, column = locate(text, pointer)
    if not line:
        return line, column
    start = sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1
    char = value[offset] if offset < len(value) else " "
    if char != " ":
        found = text.find(char, start, start + 2 * len(value) + 16)  # not past the value (an escape in it)
    elif text[start : start + 1] in ("'", '"') and "\n" not in value:
        found = start + 1 + offset  # a quoted value on one line: the space itself
    else:
        found = -1
    if found < 0:
        return line, column
    return text.count("\n", 0, found) + 1, found - (text.rfind("\n", 0, found) + 1) + 1


TEXT_RULES: dict[str, Callable[[Shared, Document], Iterable[Finding]]] = {
    RULE: pasted_text,
}
