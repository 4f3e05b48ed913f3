"""Rules about horizons: every technology gives exactly the horizons of technologies/horizons.yaml,
and a horizon's statement does not change source unnoticed.

The horizons (the columns of the source table) are data, not code: a new roadmap edition with
another column is a change to horizons.yaml, and ``known-horizon`` then says which technology files
lack it. ``statement-source-change`` compares each file with its previous version in git: the
committed one when the file has uncommitted edits, else the one before the last commit that changed
it (in a pull request: the PR's last change to the file). Without git history it is skipped.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gap_tracker.documents import TECHNOLOGY, Document
from gap_tracker.findings import Finding, Severity
from gap_tracker.history import ADDED, History
from gap_tracker.yaml_load import parse_bytes

if TYPE_CHECKING:
    from gap_tracker.rules import Shared

HORIZONS_FILE = "technologies/horizons.yaml"


def known_horizons(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """A technology's horizons are exactly the keys of horizons.yaml (none missing, none unknown)."""
    registry = ctx.registries.get("horizons")
    if registry is None or doc.kind != TECHNOLOGY:
        return  # missing or invalid: its own finding says so
    keys = list(registry.data)
    listed = ", ".join(keys)
    given = doc.data["horizons"]
    for key in given:
        if key in keys:
            continue
        close = difflib.get_close_matches(str(key), keys, n=1, cutoff=0.6)
        fix = (
            f"did you mean '{close[0]}'? Rename the key"
            if close
            else f"use one of the horizons of {HORIZONS_FILE} ({listed}), or add the horizon there"
        )
        yield Finding(
            doc.path, f"unknown horizon '{key}'", fix, "known-horizon", pointer=("horizons", key), at_key=True
        )
    unknown = [k for k in given if k not in keys]
    for key in keys:
        if key in given:
            continue
        if any(difflib.get_close_matches(str(u), [key], n=1, cutoff=0.6) for u in unknown):
            continue  # reported as a misspelt key above
        label = registry.data[key].get("label", key)
        yield Finding(
            doc.path,
            f"the horizon '{key}' ({label}) is missing",
            f"add '{key}:' under horizons with its statement and source, or 'not_stated: true' when the "
            f"source leaves the cell empty, or 'not_addressed: true' when the source does not cover it",
            "known-horizon",
            pointer=("horizons",),
            at_key=True,
        )


def statement_source_changes(ctx: Shared, documents: Sequence[Document]) -> Iterator[Finding]:
    """A horizon whose statement now cites another document, without the old words kept under earlier.

    Per document, but for many documents at once: their previous versions come in one git call.
    """
    history = ctx.history
    if history is None or not history.available or history.root is None:
        return
    technologies = [doc for doc in documents if doc.kind == TECHNOLOGY]
    previous = {doc.path: blob for doc in technologies if (blob := _previous_blob(history, history.root, doc))}
    versions = history.read_versions(previous.values())
    for doc in technologies:
        raw = versions.get(previous.get(doc.path, ""))
        if raw is None:
            continue
        parsed = parse_bytes(raw)
        old = parsed.data.get("horizons") if parsed.ok and isinstance(parsed.data, dict) else None
        if isinstance(old, dict):
            yield from _changed_sources(doc, old)


def _previous_blob(history: History, root: Path, doc: Document) -> str | None:
    changes = history.for_technology(doc.stem)
    if not changes:
        return None
    try:
        raw = (root / doc.path).read_bytes()
    except OSError:
        return None
    current = hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()
    latest = changes[0]
    if latest.new_blob and latest.new_blob != current:
        return latest.new_blob  # edited since the last commit: compare with the committed version
    return latest.old_blob if latest.kind != ADDED else None


def _changed_sources(doc: Document, old: dict[str, Any]) -> Iterator[Finding]:
    for key, cell in doc.data["horizons"].items():
        before = old.get(key)
        if not isinstance(before, dict) or not isinstance(before.get("source"), dict):
            continue
        was, now = before["source"].get("source"), cell["source"]["source"]
        if was == now or not isinstance(was, str):
            continue
        words = before.get("statement")
        kept = any(e["source"]["source"] == was and e.get("statement") == words for e in cell.get("earlier", ()))
        if kept:
            continue
        said = f"the statement {words!r}" if isinstance(words, str) else "its cell"
        yield Finding(
            doc.path,
            f"the '{key}' statement now cites '{now}' instead of '{was}', and {said} from '{was}' is not kept "
            "under earlier",
            f"if '{now}' replaces '{was}', move the old statement under 'earlier' with its source; if '{was}' "
            "still holds, keep its statement and cite the new document elsewhere",
            "statement-source-change",
            pointer=("horizons", key, "source", "source"),
            severity=Severity.WARNING,
        )


HORIZON_RULES: dict[str, Callable[[Shared, Document], Iterable[Finding]]] = {
    "known-horizon": known_horizons,
}

HORIZON_BATCH_RULES: dict[str, Callable[[Shared, Sequence[Document]], Iterable[Finding]]] = {
    "statement-source-change": statement_source_changes,
}
