"""One page per area: its description, its rows of the matrix, its gap assessments."""

from __future__ import annotations

from gap_tracker.model import Area, Catalogue
from gap_tracker.render.matrix import Row, matrix_table
from gap_tracker.render.templating import RenderedPage, page

BASE = "../../"


def page_path(area: Area) -> str:
    return f"areas/{area.key}.md"


def render_area_page(catalogue: Catalogue, area: Area, row: Row | None = None) -> RenderedPage:
    technologies = catalogue.by_area().get(area.key, [])
    table = matrix_table(catalogue, [(area, technologies)], BASE, f"{area.name}: technologies by horizon", row=row)
    return page(
        "area.html",
        area.name,
        description=f"{area.name}: {area.description} "
        + (f"Technologies: {', '.join(t.name for t in technologies)}." if technologies else ""),
        catalogue=catalogue,
        area=area,
        base=BASE,
        table=table if technologies else None,
        assessments=catalogue.assessments_for(area=area.key),
    )
