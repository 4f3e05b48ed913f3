"""What changed and when: the history section of a technology page, the /changes/ page, earlier statements.

Everything here reads a :class:`~gap_tracker.history.History` that is already computed; commit
subjects are contributors' text and are escaped like any other data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from gap_tracker.history import ADDED, MODIFIED, MOVED, REMOVED, RENAMED, Change, History
from gap_tracker.model import Catalogue
from gap_tracker.render.changewords import commit_entries
from gap_tracker.render.templating import ENV, RenderedPage, page

PAGE = "changes/index.md"
TECHNOLOGY_ROWS = 5
"""Changes listed on a technology page (the newest); the whole list is in the repository."""
RECENT_ROWS = 100
"""Changes listed on /changes/."""


def describe(change: Change, label: Callable[[str], str]) -> str:
    """What a change did, in words: 'added', 'renamed from x', 'changed horizons: Today, Moon', ...

    ``label`` gives a horizon key's label (:meth:`Catalogue.horizon_label`).
    """
    if change.kind == ADDED:
        return "added"
    if change.kind == REMOVED:
        return "removed"
    parts = []
    if change.kind == RENAMED:
        parts.append(f"renamed from {change.old_id}")
    elif change.kind == MOVED:
        parts.append(f"moved to the folder {change.folder}/")
    if change.horizons is None:
        parts.append("horizons not compared")
    elif change.horizons:
        parts.append("changed horizons: " + ", ".join(label(h) for h in change.horizons))
    elif change.kind == MODIFIED:
        parts.append("no horizon changed")
    return "; ".join(parts)


def technology_section(
    history: History,
    changes: list[Change],
    commit_url: str | None,
    label: Callable[[str], str],
    uncommitted: bool | None = None,
) -> Markup:
    """The "History" section of one technology page (its newest TECHNOLOGY_ROWS changes).

    ``uncommitted``: whether the technology's file has uncommitted changes (then the section says they
    are not shown); by default, whether any data file has.
    """
    rows = [(change, describe(change, label), None) for change in changes[:TECHNOLOGY_ROWS]]
    more = max(0, len(changes) - TECHNOLOGY_ROWS)
    return Markup(_macros().technology_section(history, rows, more, commit_url, uncommitted))


def _macros() -> Any:
    return ENV.get_template("history.html").module


def render_changes_page(
    catalogue: Catalogue,
    history: History,
    changes: list[Change],
    commit_url: str | None,
    feeds: list[tuple[str, str]],
) -> RenderedPage:
    """/changes/: the newest changes across all technologies, newest first, and the feeds."""
    base = "../"
    former = former_ids(catalogue)
    shown = changes[:RECENT_ROWS]
    entries = commit_entries(
        history,
        shown,
        {h.key: h.label for h in catalogue.horizons},
        lambda c: describe(c, catalogue.horizon_label),
        lambda tech_id: _technology_link(catalogue, tech_id, base, former),
    )
    return page(
        "changes.html",
        "Recent changes",
        base=base,
        feeds=feeds,
        history=history,
        entries=entries,
        shown=len(shown),
        total=len(changes),
        commit_url=commit_url,
    )


def technology_name(catalogue: Catalogue, tech_id: str) -> str:
    tech = catalogue.get(tech_id)
    if tech:
        return tech.name
    removed = catalogue.removed.get(tech_id)
    return removed.name if removed else tech_id


@dataclass(frozen=True)
class TechnologyLink:
    name: str
    href: str | None
    """None when no page answers at the technology's address."""


def _technology_link(catalogue: Catalogue, tech_id: str, base: str, former: dict[str, str]) -> TechnologyLink:
    """A link to the technology, or to the page its removed or former id leads to."""
    answered = catalogue.get(tech_id) or tech_id in catalogue.removed or tech_id in former
    return TechnologyLink(technology_name(catalogue, tech_id), f"{base}technologies/{tech_id}/" if answered else None)


def former_ids(catalogue: Catalogue) -> dict[str, str]:
    """Former id -> the live id it now leads to."""
    return {old: tech.id for tech in catalogue.technologies for old in tech.former_ids}
