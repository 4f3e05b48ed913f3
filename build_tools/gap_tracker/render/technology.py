"""One page per technology: its horizons as a progression, each statement with its citation."""

from __future__ import annotations

from markupsafe import Markup

from gap_tracker.model import Catalogue, Technology
from gap_tracker.render.templating import RenderedPage, page

BASE = "../../"


def page_path(tech: Technology) -> str:
    return f"technologies/{tech.id}.md"


def render_technology_page(catalogue: Catalogue, tech: Technology, history: Markup | None = None) -> RenderedPage:
    """The page; ``history`` is its History section (:func:`gap_tracker.render.history.technology_section`)."""
    return page(
        "technology.html",
        tech.name,
        catalogue=catalogue,
        tech=tech,
        base=BASE,
        assessments=catalogue.assessments_for(technology=tech.id),
        history=history or Markup(""),
    )
