"""Registries keep their entries in alphabetical order of key, so that two pull requests rarely conflict.

Two pull requests that each add a source at the end of ``sources.yaml`` change the same lines and
conflict; two that add a source each where it belongs alphabetically touch different places and
merge cleanly. ``gap-tracker validate`` reports an entry out of place (:func:`sorted_keys`), and
``gap-tracker sort`` puts every entry in place (:func:`sort_registry_text`), moving each entry's
lines as they are, with the comment lines just above it.

``areas.yaml`` and ``horizons.yaml`` are not sorted: they are short, follow the source's order
(their ``order`` field) and change only with a new roadmap edition.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import yaml

from gap_tracker.findings import Finding

if TYPE_CHECKING:
    from gap_tracker.documents import Document
    from gap_tracker.rules import Shared

RULE = "sorted-keys"
SORTED_REGISTRIES = ("sources", "organisations", "missions", "gap-assessments", "removed")
"""The registries that grow with pull requests."""
SORT_COMMAND = "gap-tracker sort"

_ENTRY_START = re.compile(r"[^\s#\-]")
"""A line that starts a top-level entry: a key at column 1 (not a comment, a list item or a document marker)."""


class SortError(Exception):
    """The file's layout is not one this command can reorder line by line; it says what to do instead."""


def sorted_keys(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every entry of a growing registry sits in alphabetical order of its key."""
    if doc.kind not in SORTED_REGISTRIES:
        return
    keys = [str(key) for key in doc.data]
    for key, message in misplaced_keys(keys):
        yield Finding(
            doc.path,
            f"keys must be in alphabetical order: {message}",
            f"move the entry '{key}' with all its lines to its place, or run `{SORT_COMMAND}` to sort every registry",
            RULE,
            pointer=(key,),
            at_key=True,
        )


def misplaced_keys(keys: Sequence[str]) -> list[tuple[str, str]]:
    """The keys to move, each with where it belongs: the fewest moves that sort the list.

    The keys that stay are a longest increasing run (not necessarily adjacent) of the list; every
    other key is out of place and belongs just before the first staying key that is greater.
    """
    staying = set(_longest_increasing(keys))
    kept = sorted(keys[i] for i in staying)
    found = []
    for index, key in enumerate(keys):
        if index in staying:
            continue
        place = bisect.bisect_right(kept, key)
        if place < len(kept):
            found.append((key, f"'{key}' should come before '{kept[place]}'"))
        else:
            found.append((key, f"'{key}' should come after '{kept[-1]}'"))
    return found


def _longest_increasing(keys: Sequence[str]) -> list[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting, n log n)."""
    tails: list[str] = []
    tail_index: list[int] = []
    previous = [-1] * len(keys)
    for index, key in enumerate(keys):
        place = bisect.bisect_left(tails, key)
        if place == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[place] = key
            tail_index[place] = index
        previous[index] = tail_index[place - 1] if place else -1
    run = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(index)
        index = previous[index]
    return run[::-1]


def sort_registry_text(text: str) -> str:
    """The registry's text with its top-level entries in alphabetical order of key.

    The lines before the first entry (the schema line, comments about the whole file) stay at the top;
    comment lines directly above a later entry move with it. The result is checked to hold exactly
    the same data as the input.
    """
    data = _data(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if any(line.startswith(("---", "...")) for line in lines):
        raise SortError("it holds a document marker (--- or ...); remove it and try again")
    starts = [n for n, line in enumerate(lines) if _ENTRY_START.match(line)]
    if not starts:
        return text
    cuts = [starts[0]]
    for start in starts[1:]:
        cut = start
        while cut > cuts[-1] + 1 and lines[cut - 1].startswith("#"):
            cut -= 1  # the comment lines right above an entry belong to it
        cuts.append(cut)
    blocks = [lines[cut:end] for cut, end in zip(cuts, [*cuts[1:], len(lines)], strict=True)]
    ordered = sorted(blocks, key=lambda block: _entry_key(next(line for line in block if _ENTRY_START.match(line))))
    result = "".join(lines[: starts[0]]) + "".join("".join(block) for block in ordered)
    try:
        same = _data(result) == data
    except SortError:
        same = False
    if not same:
        raise SortError("its layout could not be reordered line by line; move the entries by hand")
    return result


def _entry_key(line: str) -> str:
    """The key of an entry's first line (keys are plain: lower-case letters, digits, hyphens)."""
    return line.split(":", 1)[0].strip().strip("'\"")


def _data(text: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SortError(f"it is not valid YAML ({exc.__class__.__name__}); run gap-tracker validate first") from exc


SORTED_KEY_RULES = {RULE: sorted_keys}
