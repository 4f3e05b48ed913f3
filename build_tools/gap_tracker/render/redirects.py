"""Old addresses keep working: a redirect for every former id, a notice for every removed id.

A former id's page is a small static HTML file at ``technologies/<old-id>/index.html``: a meta
refresh, a canonical link and a visible link, so it works without JavaScript and search engines
move their entry to the new address. A removed id gets an ordinary page of the site saying when
and why the technology was removed.
"""

from __future__ import annotations

from gap_tracker.model import Catalogue, RemovedTechnology, Technology
from gap_tracker.render.html import citation_html, esc, front_matter, md_inline


def redirect_path(old_id: str) -> str:
    return f"technologies/{old_id}/index.html"


def render_redirect(tech: Technology, old_id: str, site_url: str) -> str:
    target = f"../{tech.id}/"
    canonical = f"{site_url.rstrip('/')}/technologies/{tech.id}/" if site_url else target
    name = esc(tech.name)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={esc(target)}">\n'
        f'<link rel="canonical" href="{esc(canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f"<p>The technology <code>{esc(old_id)}</code> is now "
        f'<a href="{esc(target)}">{name}</a>. Its address changed when it was renamed or merged; '
        "update your link or bookmark.</p>\n"
        "</body>\n</html>\n"
    )


def removed_page_path(removed: RemovedTechnology) -> str:
    return f"technologies/{removed.id}.md"


def render_removed_page(catalogue: Catalogue, removed: RemovedTechnology) -> str:
    base = "../../"
    parts = [
        # robots: the page template writes it as a meta tag, and the sitemap leaves the page out.
        front_matter(title=f"Removed: {removed.name}", robots="noindex"),
        f"# {md_inline(removed.name)}\n",
        f'<p class="gt-removed">This technology (<code>{esc(removed.id)}</code>) was removed from the tracker on '
        f"<time>{esc(removed.date)}</time>.</p>",
        f"<p>Reason: {esc(removed.reason)}</p>",
    ]
    if removed.source:
        parts.append(f"<p>Source: {citation_html(catalogue, removed.source, base)}</p>")
    parts.append(f'<p><a href="{base}matrix/">All technologies</a> · <a href="{base}changes/">Recent changes</a></p>')
    return "\n".join(parts) + "\n"
