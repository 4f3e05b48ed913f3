"""Rules about time: earlier statements, former ids, removed ids, and ids that vanished from git history.

A published page address must keep working, so an id never silently disappears:

* a technology that was renamed or merged lists its old ids in ``former_ids`` (the site answers
  each with a redirect page), and a former id is never the id of a live technology nor claimed twice;
* a technology removed without successor is listed in ``technologies/removed.yaml``;
* when the git history is available, every technology file that disappeared from the data folder
  (deleted, or renamed to another id) must be declared in one of those two ways. Without git (a
  tarball) this last check is skipped; a shallow clone checks the commits it has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from gap_tracker.documents import TECHNOLOGY, Document
from gap_tracker.findings import Finding, JsonPath
from gap_tracker.history import REMOVED

if TYPE_CHECKING:
    from gap_tracker.rules import Context, Shared

REMOVED_FILE = "removed.yaml"


def earlier_statements(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """An earlier statement cites another document than the current one, and not a newer one."""
    if doc.kind != TECHNOLOGY:
        return
    dates = ctx.derived("source-dates", lambda: _source_dates(ctx))
    for horizon, data in doc.data["horizons"].items():
        current = data["source"]["source"]
        for index, earlier in enumerate(data.get("earlier", ())):
            cited = earlier["source"]["source"]
            pointer: JsonPath = ("horizons", horizon, "earlier", index, "source", "source")
            if cited == current:
                yield Finding(
                    doc.path,
                    f"an earlier statement cites the same document as the current statement ('{cited}')",
                    "cite the earlier edition's document, or remove the earlier statement",
                    "earlier-statement",
                    pointer=pointer,
                )
            elif _newer(dates.get(cited), dates.get(current)):
                yield Finding(
                    doc.path,
                    f"the earlier statement's source '{cited}' ({dates[cited]}) is newer than the current "
                    f"statement's source '{current}' ({dates[current]})",
                    "make the newest statement the current one and move the older one under earlier",
                    "earlier-statement",
                    pointer=pointer,
                )


def _source_dates(ctx: Shared) -> dict[str, str | None]:
    sources = ctx.registries.get("sources")
    return {k: v.get("date") for k, v in sources.data.items()} if sources else {}


def _newer(first: str | None, second: str | None) -> bool:
    """Is the date ``first`` strictly later than ``second`` (compared at their common precision)?"""
    if not first or not second:
        return False
    size = min(len(first), len(second))
    return first[:size] > second[:size]


def former_ids(ctx: Context) -> Iterator[Finding]:
    """A former id is not a live id, not the technology's own, not claimed twice, not also removed."""
    live = {doc.stem: doc.path for doc in ctx.technologies}
    removed = ctx.keys("removed") or frozenset()
    claimed: dict[str, str] = {}
    for doc in ctx.technologies:
        for index, old in enumerate(doc.data.get("former_ids", ())):
            pointer: JsonPath = ("former_ids", index)
            if old == doc.data["id"]:
                message, fix = "a technology cannot list its own id as a former id", f"remove '{old}' from former_ids"
            elif old in ctx.all_ids:
                message = f"'{old}' is the id of a live technology ({live.get(old, 'another file')})"
                fix = f"remove '{old}' from former_ids, or merge that technology into this one and delete its file"
            elif old in claimed:
                message = f"'{old}' is already a former id of {claimed[old]}"
                fix = "an old address can send readers to one technology only: keep it in one file"
            elif old in removed:
                message = f"'{old}' is also listed as removed in technologies/{REMOVED_FILE}"
                fix = f"a removed id has no successor: remove it from former_ids or from {REMOVED_FILE}"
            else:
                claimed[old] = doc.path
                continue
            yield Finding(doc.path, message, fix, "former-id", pointer=pointer)


def removed_ids(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """A technology listed as removed has no file (its date is checked by valid-date)."""
    if doc.kind != "removed":
        return
    for key in doc.data:
        if key in ctx.all_ids:
            yield Finding(
                doc.path,
                f"'{key}' is listed as removed, but a technology file with that id exists",
                f"delete the entry '{key}', or delete the technology's file",
                "removed-id",
                pointer=(key,),
                at_key=True,
            )


def vanished_ids_declared(ctx: Context) -> Iterator[Finding]:
    """Every technology id that disappeared from the data in git history is a former id or removed."""
    if ctx.history is None or not ctx.history.available:
        return
    declared = {old for doc in ctx.technologies for old in doc.data.get("former_ids", ())}
    declared |= ctx.keys("removed") or set()
    documents = {doc.stem: doc for doc in ctx.technologies}
    for old, change in sorted(ctx.history.vanished().items()):
        if old in ctx.all_ids or old in declared:
            continue
        commit = f"commit {change.commit.sha[:10]} of {change.commit.day} ({change.commit.subject})"
        if change.kind == REMOVED:
            yield Finding(
                change.path,
                f"this technology file was deleted in {commit}, but its id '{old}' is declared nowhere",
                f"if another technology replaces it, add '{old}' to that technology's former_ids; otherwise list "
                f"it in technologies/{REMOVED_FILE} with its name, the date and the reason",
                "vanished-id",
            )
            continue
        successor = documents.get(change.tech_id)
        has_list = successor is not None and "former_ids" in successor.data
        yield Finding(
            successor.path if successor else change.path,
            f"this technology was renamed from '{old}' in {commit}, but '{old}' is not in its former_ids",
            f"add '{old}' to former_ids so that the old address /technologies/{old}/ keeps working",
            "vanished-id",
            pointer=("former_ids",) if has_list else ("id",),
        )


HISTORY_RULES: dict[str, Callable[[Shared, Document], Iterable[Finding]]] = {
    "earlier-statement": earlier_statements,
    "removed-id": removed_ids,
}
"""Per-document rules (see :data:`gap_tracker.rules.DOCUMENT_RULES`)."""

CROSS_HISTORY_RULES: dict[str, Callable[[Context], Iterable[Finding]]] = {
    "former-id": former_ids,
    "vanished-id": vanished_ids_declared,
}
"""Rules that compare the technologies with each other (a former id claimed twice, the ids declared)."""
