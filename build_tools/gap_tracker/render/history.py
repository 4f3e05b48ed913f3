"""What changed and when: the history section of a technology page, the /changes/ page, earlier statements.

Everything here reads a :class:`~gap_tracker.history.History` that is already computed; commit
subjects are contributors' text and are escaped like any other data.
"""

from __future__ import annotations

from collections.abc import Callable

from gap_tracker.history import ADDED, MODIFIED, MOVED, REMOVED, RENAMED, Change, History
from gap_tracker.model import Catalogue, Horizon
from gap_tracker.render.html import citation_html, esc, external_link, front_matter, link, statement_html

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


def unavailable_note(history: History) -> str:
    return f'<p class="gt-history-unavailable">History is unavailable: {esc(history.reason)}.</p>'


def caveats(history: History) -> str:
    notes = []
    if history.shallow:
        notes.append("this copy of the repository is shallow, so older changes are missing")
    if history.dirty:
        notes.append("changes not yet committed are not shown")
    return f'<p class="gt-history-note">Note: {esc("; ".join(notes))}.</p>' if notes else ""


def commit_html(change: Change, commit_url: str | None) -> str:
    """The commit's subject, and its short id linking to the commit in the repository when known."""
    short = change.commit.sha[:10]
    ref = external_link(commit_url.format(sha=change.commit.sha), short) if commit_url else esc(short)
    return f"{esc(change.commit.subject)} <code>{ref}</code>"


def technology_section(
    history: History, changes: list[Change], commit_url: str | None, label: Callable[[str], str]
) -> str:
    """The '## History' section of one technology page."""
    parts = ["## History\n"]
    if not history.available:
        return "\n".join([*parts, unavailable_note(history), ""])
    if not changes:
        parts.append("<p>No committed change to this file yet.</p>")
        return "\n".join([*parts, caveats(history), ""])
    last = changes[0]
    parts.append(
        f'<p class="gt-last-changed">Last changed on <time datetime="{esc(last.commit.date)}">'
        f"{esc(last.commit.day)}</time>: {commit_html(last, commit_url)}</p>"
    )
    parts.append(changes_table(changes[:TECHNOLOGY_ROWS], commit_url, label))
    if len(changes) > TECHNOLOGY_ROWS:
        parts.append(f"<p>{len(changes) - TECHNOLOGY_ROWS} earlier changes are in the repository's history.</p>")
    return "\n".join([*parts, caveats(history), ""])


def changes_table(
    changes: list[Change],
    commit_url: str | None,
    label: Callable[[str], str],
    technology: Callable[[Change], str] | None = None,
) -> str:
    """Date, (technology,) what changed, commit: one row per change."""
    head = ["Date", *(["Technology"] if technology else []), "What changed", "Commit"]
    rows = []
    for change in changes:
        cells = [f"<time>{esc(change.commit.day)}</time>"]
        if technology:
            cells.append(technology(change))
        cells += [esc(describe(change, label)), commit_html(change, commit_url)]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    header = "".join(f'<th scope="col">{name}</th>' for name in head)
    return f'<table class="gt-history"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def render_changes_page(
    catalogue: Catalogue,
    history: History,
    changes: list[Change],
    commit_url: str | None,
    feeds: list[tuple[str, str]],
) -> str:
    """/changes/: the newest changes across all technologies, newest first, and the feeds."""
    base = "../"
    parts = [
        front_matter(title="Recent changes"),
        "# Recent changes\n",
        "<p>Every change to a technology file, newest first, read from the repository's history when the "
        "site was built.</p>",
    ]
    if feeds:
        items = "".join(f"<li>{link(base + href, title)}</li>" for title, href in feeds)
        parts.append(f'<p>Follow the changes in a feed reader (Atom):</p><ul class="gt-feeds">{items}</ul>')
    if not history.available:
        parts.append(unavailable_note(history))
        return "\n".join(parts) + "\n"
    parts.append(caveats(history))
    if not changes:
        parts.append("<p>No committed change yet.</p>")
        return "\n".join(parts) + "\n"
    parts.append(
        changes_table(
            changes[:RECENT_ROWS],
            commit_url,
            catalogue.horizon_label,
            lambda c: _technology_link(catalogue, c.tech_id, base),
        )
    )
    if len(changes) > RECENT_ROWS:
        parts.append(f"<p>The {RECENT_ROWS} newest of {len(changes)} changes.</p>")
    return "\n".join(parts) + "\n"


def technology_name(catalogue: Catalogue, tech_id: str) -> str:
    tech = catalogue.get(tech_id)
    if tech:
        return tech.name
    removed = catalogue.removed.get(tech_id)
    return removed.name if removed else tech_id


def _technology_link(catalogue: Catalogue, tech_id: str, base: str) -> str:
    """A link to the technology, or to the page its removed or former id leads to."""
    answered = catalogue.get(tech_id) or tech_id in catalogue.removed or tech_id in former_ids(catalogue)
    name = technology_name(catalogue, tech_id)
    return link(f"{base}technologies/{tech_id}/", name) if answered else esc(name)


def former_ids(catalogue: Catalogue) -> dict[str, str]:
    """Former id -> the live id it now leads to."""
    return {old: tech.id for tech in catalogue.technologies for old in tech.former_ids}


def earlier_html(catalogue: Catalogue, horizon: Horizon, base: str) -> str:
    """What earlier editions said for a horizon, beneath the current statement (empty when none)."""
    if not horizon.earlier:
        return ""
    items = []
    for earlier in horizon.earlier:
        doc = catalogue.sources.get(earlier.source.source)
        when = f" ({esc(doc.date)})" if doc and doc.date else ""
        text = statement_html(earlier, catalogue)
        items.append(f"<li>{text}{when} {citation_html(catalogue, earlier.source, base)}</li>")
    return f'<p class="gt-sub">Earlier editions said</p><ul class="gt-earlier">{"".join(items)}</ul>'
