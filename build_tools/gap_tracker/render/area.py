"""One page per area: its description, its rows of the matrix, its gap assessments.

Made from each technology's :class:`AreaRowFacts` (render/pagefacts.py): an area's page is rendered
from its own technologies' facts and the names of the technologies its needs relate to, so ``mkdocs
serve`` renders again only the pages of the areas whose technologies changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from gap_tracker.model import Area, Catalogue, Technology
from gap_tracker.render.matrix import CellSummary, cell_summaries, legend_facts, matrix_row, matrix_table
from gap_tracker.render.pagefacts import Memo, areas_in_order, fresh
from gap_tracker.render.templating import RenderedPage, page

BASE = "../../"


@dataclass(frozen=True)
class AreaRowFacts:
    """What an area page shows or counts of one technology: its name, its row of the table, its cells for the legend."""

    id: str
    name: str
    area: str
    row: Markup
    cells: tuple[CellSummary, ...]


def row_facts(registries: Catalogue, tech: Technology) -> AreaRowFacts:
    return AreaRowFacts(
        tech.id, tech.name, registries.area_of(tech).key, matrix_row(registries, tech, BASE), cell_summaries(tech)
    )


def page_path(area: Area) -> str:
    return f"areas/{area.key}.md"


def pages(
    registries: Catalogue, facts: Sequence[AreaRowFacts], memo: Memo[Any] = fresh
) -> Iterator[tuple[str, RenderedPage]]:
    """(src_uri, page) of every area, each rendered (``memo``) from its own technologies' facts and the names
    of the technologies its needs relate to."""
    by_area: dict[str, list[AreaRowFacts]] = {}
    for tech in facts:
        by_area.setdefault(tech.area, []).append(tech)
    names = {tech.id: tech.name for tech in facts}
    for area in areas_in_order(registries, by_area):
        technologies = tuple(by_area.get(area.key, ()))
        related = tuple(
            (tech_id, names[tech_id]) for need in area.needs for tech_id in need.technologies if tech_id in names
        )
        path = page_path(area)
        yield (
            path,
            memo(
                path,
                (technologies, related),
                lambda area=area, technologies=technologies, related=related: render_area_page(  # type: ignore[misc]
                    registries, area, technologies, dict(related)
                ),
            ),
        )


def render_area_page(
    registries: Catalogue, area: Area, technologies: Sequence[AreaRowFacts], names: Mapping[str, str]
) -> RenderedPage:
    """An area's page; ``names``: the names of the technologies its needs relate to, by id."""
    table = matrix_table(
        registries,
        [(area, technologies)],
        BASE,
        f"{area.name}: technologies by horizon",
        legend_facts([cell for tech in technologies for cell in tech.cells]),
        lambda tech: tech.row,
    )
    return page(
        "area.html",
        area.name,
        description=f"{area.name}: {area.description} "
        + (f"Technologies: {', '.join(t.name for t in technologies)}." if technologies else ""),
        catalogue=registries,
        area=area,
        base=BASE,
        table=table if technologies else None,
        assessments=registries.assessments_for(area=area.key),
        names=names,
    )
