"""Old addresses keep working: a redirect for every former id, a notice for every removed id.

A former id's page is a small static HTML file at ``technologies/<old-id>/index.html``: a meta
refresh, a canonical link and a visible link, so it works without JavaScript and search engines
move their entry to the new address. A removed id gets an ordinary page of the site saying when
and why the technology was removed.
"""

from __future__ import annotations

from gap_tracker.model import Catalogue, RemovedTechnology, Technology
from gap_tracker.render.templating import RenderedPage, page, render


def redirect_path(old_id: str) -> str:
    return f"technologies/{old_id}/index.html"


def render_redirect(tech: Technology, old_id: str, site_url: str) -> str:
    """A whole HTML document (not a page of the site): MkDocs copies it as it is."""
    target = f"../{tech.id}/"
    canonical = f"{site_url.rstrip('/')}/technologies/{tech.id}/" if site_url else target
    return str(render("redirect.html", tech=tech, old_id=old_id, target=target, canonical=canonical))


def removed_page_path(removed: RemovedTechnology) -> str:
    return f"technologies/{removed.id}.md"


def render_removed_page(catalogue: Catalogue, removed: RemovedTechnology) -> RenderedPage:
    return page(
        "removed.html",
        f"Removed: {removed.name}",
        # robots: templates/main.html writes it as a meta tag, and templates/sitemap.xml leaves the page out.
        meta={"robots": "noindex"},
        catalogue=catalogue,
        removed=removed,
        base="../../",
    )
