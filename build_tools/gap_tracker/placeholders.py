"""The ``no-placeholders`` check: a value that starts with ``TODO`` was never filled in.

``gap-tracker new`` writes a technology file whose every fact is a ``TODO`` placeholder, so a
half-filled file cannot pass validation and cannot land. This check runs on every parsed file,
before and independently of the schema, so that each placeholder gives exactly one clear finding
(a ``TODO`` in a key field such as ``source`` would otherwise surface as a pattern error, and
files failing their schema are not seen by the cross-file rules at all).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gap_tracker.findings import Finding, JsonPath

RULE = "no-placeholders"
MARKER = "TODO"


def placeholder_findings(path: str, text: str, data: Any) -> list[Finding]:
    """One error per string value of ``data`` that starts with ``TODO``."""
    if MARKER not in text:  # the common case costs one substring search
        return []
    return [
        Finding(
            path,
            f"'{_field(pointer)}' still holds the placeholder {value.strip()!r}",
            "replace it with the value from the source (the placeholder says what goes there)",
            RULE,
            pointer=pointer,
        )
        for pointer, value in _strings(data, ())
        if value.lstrip().startswith(MARKER)
    ]


def without_problems_at(problems: list[Any], pointers: set[JsonPath]) -> list[Any]:
    """Drop schema problems about a placeholder value: the placeholder finding already says it."""
    return [p for p in problems if tuple(p.pointer) not in pointers]


def _strings(data: Any, pointer: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(data, str):
        yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*pointer, index))


def _field(pointer: JsonPath) -> str:
    names = [str(step) for step in pointer if isinstance(step, str)]
    return names[-1] if names else "value"
