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
        description=technology_description(catalogue, tech),
        catalogue=catalogue,
        tech=tech,
        base=BASE,
        assessments=catalogue.assessments_for(technology=tech.id),
        history=history or Markup(""),
    )


def technology_description(catalogue: Catalogue, tech: Technology) -> str:
    """'<name> (<area>). Today: <statement>. Moon: <statement>. ...': what a search result should show."""
    said = [
        f"{definition.label}: {cell.statement if cell.statement is not None else catalogue.absence(cell)}"
        for definition, cell in catalogue.cells(tech)
    ]
    return f"{tech.name} ({catalogue.area_of(tech).name}). " + ". ".join(s.rstrip(".") for s in said) + "."
