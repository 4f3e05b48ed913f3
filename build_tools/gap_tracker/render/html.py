"""Escaping for the SVG that :mod:`gap_tracker.render.charts` builds as text.

Pages are not built here: they are Jinja2 templates with autoescape (:mod:`gap_tracker.render.templating`),
the site's one escaping path. The charts' SVG is taken into a page as markup in one place
(:func:`gap_tracker.render.overview.coverage_section`); everything it holds from the data passes
through :func:`esc` first.
"""

from __future__ import annotations

from markupsafe import escape


def esc(text: object) -> str:
    """Escape text for HTML/SVG element content and quoted attribute values (markupsafe)."""
    return str(escape(str(text)))


def link(href: str, text: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'
