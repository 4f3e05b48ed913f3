"""The "Needs review" page: technologies whose last review is older than the configured age."""

from __future__ import annotations

import datetime as dt

from gap_tracker.model import Catalogue
from gap_tracker.render.html import esc, front_matter, link
from gap_tracker.staleness import stale_technologies

BASE = "../"


def render_needs_review_page(catalogue: Catalogue, today: dt.date, stale_after_days: int) -> str:
    """Stale technologies, oldest review first, each linking to its page (and its Edit button)."""
    parts = [
        front_matter(title="Needs review"),
        "# Needs review\n",
        f"<p>Technologies whose <code>last_reviewed</code> day is more than {stale_after_days} days before "
        f"{today.isoformat()}, the day this site was built, oldest first. To review one, open its page, press "
        "<strong>Edit this page</strong>, check every statement against the cited source, correct what has "
        "changed (with its citation), set <code>last_reviewed</code> to the day you checked, and propose the "
        f"change as a pull request (see {link(f'{BASE}contribute/', 'how to contribute')}).</p>\n",
    ]
    if stale_after_days <= 0:
        parts.append("<p>The review age check is turned off for this site (<code>stale_after_days: 0</code>).</p>\n")
        return "\n".join(parts)
    stale = stale_technologies(catalogue.technologies, today, stale_after_days)
    if not stale:
        parts.append(f"<p>None: every technology was reviewed within the last {stale_after_days} days.</p>\n")
        return "\n".join(parts)
    rows = []
    for item in stale:
        tech = item.technology
        area = catalogue.area_of(tech)
        rows.append(
            f'<tr><th scope="row">{link(f"{BASE}technologies/{tech.id}/", tech.name)}</th>'
            f"<td>{esc(area.name)}</td><td>{esc(tech.last_reviewed)}</td><td>{item.age}</td>"
            f"<td><code>{esc(tech.path)}</code></td></tr>"
        )
    parts.append(
        "<table><caption>"
        f"{len(stale)} technolog{'y' if len(stale) == 1 else 'ies'} to review</caption>"
        '<thead><tr><th scope="col">Technology</th><th scope="col">Area</th><th scope="col">Last reviewed</th>'
        '<th scope="col">Days since</th><th scope="col">File</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>\n"
    )
    return "\n".join(parts)
