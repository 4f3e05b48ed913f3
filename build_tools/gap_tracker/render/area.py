"""One page per area: its description, its rows of the matrix, its gap assessments.

Made from each technology's :class:`~gap_tracker.render.matrix.RowFacts` (render/pagefacts.py): an area's page is rendered
from its own technologies' facts and the names of the technologies its needs relate to, so ``mkdocs
serve`` renders again only the pages of the areas whose technologies changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from gap_tracker.model import Area, Catalogue, Technology
from gap_tracker.render import matrix
from gap_tracker.render.matrix import RowFacts, legend_facts, matrix_table
from gap_tracker.render.pagefacts import Memo, fresh
from gap_tracker.render.templating import RenderedPage, page

BASE = "../../"


def row_facts(registries: Catalogue, tech: Technology) -> RowFacts:
    """What an area page shows or counts of a technology: its name, its row of the table, its cells for the legend."""
    return matrix.row_facts(registries, tech, BASE)


def page_path(area: Area) -> str:
    return f"areas/{area.key}.md"


def pages(
    registries: Catalogue, facts: Sequence[RowFacts], memo: Memo[Any] = fresh
) -> Iterator[tuple[str, RenderedPage]]:
    """(src_uri, page) of every area, each rendered (``memo``) from its own technologies' facts and the names
    of the technologies its needs relate to."""
    names = {tech.id: tech.name for tech in facts}
    for area, in_area in matrix.area_groups(registries, facts):
        technologies = tuple(in_area)
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
    registries: Catalogue, area: Area, technologies: Sequence[RowFacts], names: Mapping[str, str]
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
