"""What /changes/ says a change did, in words: per commit, per technology, each changed field with its
old and new words (removed words struck, added words marked), e.g. "Moon: statement".

The fields and the words come from :mod:`gap_tracker.datadiff`, the differ behind ``gap-tracker diff``:
there is one differ. The file versions are read only for the changes the page shows (a bounded number,
:data:`gap_tracker.render.history.RECENT_ROWS`), in one ``git cat-file --batch`` call, each parsed once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gap_tracker.datadiff import field_changes, word_spans
from gap_tracker.history import ADDED, REMOVED, Change, Commit, History
from gap_tracker.yaml_load import parse_bytes

Spans = list[tuple[str, bool]]
"""Runs of words, True where removed (old words) or added (new words)."""
FIELDS_SHOWN = 12
"""Changed fields listed per technology and commit (a larger rewrite says how many more)."""


@dataclass(frozen=True)
class FieldChange:
    label: str
    """e.g. ``Moon: statement``: the horizon and the field."""
    before: Spans | None
    """None: the field was absent."""
    after: Spans | None


@dataclass(frozen=True)
class TechnologyEntry:
    change: Change
    link: Any
    """Where the technology's address leads (render/history.py's TechnologyLink)."""
    what: str
    """The kind of change in words ('added', 'changed horizons: Moon', ...)."""
    fields: list[FieldChange]
    more_fields: int = 0


@dataclass(frozen=True)
class CommitEntry:
    """One commit: everything it changed, in one entry."""

    commit: Commit
    technologies: list[TechnologyEntry]


def commit_entries(
    history: History,
    changes: Sequence[Change],
    labels: dict[str, str],
    describe: Callable[[Change], str],
    link: Callable[[str], Any],
) -> list[CommitEntry]:
    """The given changes (newest first) grouped by commit, each with its changed fields in words.

    ``labels`` maps horizon keys to labels in display order; ``describe`` and ``link`` say what kind of
    change it was and where the technology's page is.
    """
    compared = [c for c in changes if c.kind not in (ADDED, REMOVED) and c.old_blob and c.new_blob]
    raw = history.read_versions(b for c in compared for b in (c.old_blob or "", c.new_blob or ""))
    parsed = {sha: _data(text) for sha, text in raw.items()}
    entries: dict[str, CommitEntry] = {}
    for change in changes:
        fields = _fields(parsed.get(change.old_blob or ""), parsed.get(change.new_blob or ""), labels)
        entry = TechnologyEntry(
            change,
            link(change.tech_id),
            describe(change),
            fields[:FIELDS_SHOWN],
            max(0, len(fields) - FIELDS_SHOWN),
        )
        entries.setdefault(change.commit.sha, CommitEntry(change.commit, [])).technologies.append(entry)
    return list(entries.values())


def _data(raw: bytes) -> Any:
    parsed = parse_bytes(raw)
    return parsed.data if parsed.ok else None


def _fields(before: Any, after: Any, labels: dict[str, str]) -> list[FieldChange]:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    found = []
    for row in field_changes(before, after, labels):
        if row.before is not None and row.after is not None:
            old, new = word_spans(row.before, row.after)
            found.append(FieldChange(row.label, old, new))
        else:
            found.append(
                FieldChange(
                    row.label,
                    [(row.before, False)] if row.before is not None else None,
                    [(row.after, False)] if row.after is not None else None,
                )
            )
    return found
