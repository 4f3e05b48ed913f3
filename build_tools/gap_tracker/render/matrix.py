"""The matrix: technologies (rows, grouped by area) by horizon (columns).

Each row carries what the filters of the matrix page need as data attributes (its horizons'
statement and gap status, its organisations); the script ``templates/assets/gap-tracker/matrix.js``
reads them and the visible text, so the page holds every fact once. A cell holds its statement, a gap
status only where one is assessed, and a link to its citation; which sources the cells cite and how
statuses read is said once, above the table (templates/pages/matrix_table.html).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from gap_tracker.model import DEFAULT_STATUS, Area, Catalogue, Technology
from gap_tracker.render.matrix_filters import FilterFacts, FiltersForm, filter_facts, filters_form
from gap_tracker.render.pagefacts import split
from gap_tracker.render.templating import ENV, RenderedPage, page

PAGE = "matrix.md"
BASE = "../"
"""The way from the matrix page up to the site root."""
TABLE_ID = "gt-matrix"
ROWS_PER_BODY = 50
"""An area with more rows continues in further row groups of this size. The stylesheet skips the
rendering of row groups out of view (content-visibility), so a filter change costs the same with
thousands of rows as with a few hundred: only the groups on screen are laid out again."""
ROWS_PATH = "matrix/rows.html"
ROWS_URL = "rows.html"
"""Where a large matrix's other rows are, relative to the matrix page (matrix/index.html)."""
SPLIT_ABOVE = 1000
"""A matrix of more technologies keeps only its first rows in the page, so the first view stays small
(under 500 KB gzipped at 5,000 technologies): the rest are an HTML fragment (ROWS_PATH) that the script
fetches on the first use of the filters or "Show all". Without script, every technology is reached
through its area page (each area's row group says how many rows it leaves out and links there)."""
ROWS_IN_PAGE = 250
"""How many rows a split matrix keeps in the page: the script's limit on the rows shown at once."""

Row = Callable[[Technology], Markup]
"""A technology's row markup, as :func:`matrix_row` makes it (``mkdocs serve`` passes one that keeps rows)."""


def matrix_caption(catalogue: Catalogue) -> str:
    """'Critical technologies by horizon: what spaceflight can do today, ...', from the horizons' descriptions."""
    described = [h.description for h in catalogue.horizons if h.description]
    return "Critical technologies by horizon" + (": " + ", ".join(described) if described else "")


@dataclass(frozen=True)
class CellFacts:
    """What the legend says once for a set of rows: sources cited by the cells (most cited first), assessed cells."""

    sources: list[tuple[str, int]]
    assessed: int
    cells: int
    not_addressed: int = 0
    """Cells whose source does not cover their horizon at all."""


CellSummary = tuple[str, bool, bool]
"""What the legend counts of one cell: the key of the source it cites, whether a gap status is assessed,
whether its source does not address the horizon."""


def cell_summaries(tech: Technology) -> tuple[CellSummary, ...]:
    return tuple(
        (cell.source.source, cell.status != DEFAULT_STATUS, cell.not_addressed) for cell in tech.horizons.values()
    )


def cell_facts(technologies: Sequence[Technology]) -> CellFacts:
    return legend_facts([cell for t in technologies for cell in cell_summaries(t)])


def legend_facts(cells: Sequence[CellSummary]) -> CellFacts:
    cited = Counter(source for source, _, _ in cells)
    assessed = sum(assessed for _, assessed, _ in cells)
    not_addressed = sum(not_addressed for _, _, not_addressed in cells)
    return CellFacts(sorted(cited.items(), key=lambda kv: (-kv[1], kv[0])), assessed, len(cells), not_addressed)


def matrix_table(
    catalogue: Catalogue,
    groups: Iterable[tuple[Area, Sequence[Any]]],
    base: str,
    caption: str,
    facts: CellFacts,
    row: Callable[[Any], Markup],
    table_id: str | None = None,
) -> Markup:
    """A table with one row group per area, preceded by its legend (``facts``); ``row`` gives each row's
    markup (:func:`matrix_row`), which links to its technology page."""
    groups = list(groups)
    macros = ENV.get_template("matrix_table.html").module
    return Markup(
        macros.legend(catalogue, facts, base)  # type: ignore[attr-defined]
        + "\n"
        + macros.matrix_table(catalogue, groups, base, caption, table_id, ROWS_PER_BODY, row=row)  # type: ignore[attr-defined]
    )


def matrix_row(catalogue: Catalogue, tech: Technology, base: str) -> Markup:
    """One technology's row of the matrix: it shows only the technology's file and the registries' data."""
    macros = ENV.get_template("matrix_table.html").module
    return Markup(macros.matrix_row(catalogue, tech, base))  # type: ignore[attr-defined]


def rows_in_page(catalogue: Catalogue, groups: Sequence[tuple[Area, list[Technology]]]) -> dict[str, int] | None:
    """Per area, how many of its rows the page holds (the first ROWS_IN_PAGE in page order), or None for all."""
    if len(catalogue.technologies) <= SPLIT_ABOVE:
        return None
    cut, room = {}, ROWS_IN_PAGE
    for area, technologies in groups:
        cut[area.key] = min(len(technologies), room)
        room -= cut[area.key]
    return cut


def render_matrix_rows(catalogue: Catalogue, row: Row | None = None) -> str | None:
    """The rows a large matrix page leaves out, as row groups (an HTML fragment); None if the page holds all."""
    groups = area_groups(catalogue)
    cut = rows_in_page(catalogue, groups)
    if cut is None:
        return None
    macros = ENV.get_template("matrix_table.html").module
    return str(macros.matrix_rows(catalogue, groups, BASE, cut, ROWS_PER_BODY, row))  # type: ignore[attr-defined]


def matrix_form(registries: Catalogue, facts: Sequence[FilterFacts]) -> FiltersForm:
    """The matrix page's filters (options, counts, suggested views), from each technology's FilterFacts."""
    return filters_form(registries, facts, TABLE_ID)


def render_matrix_page(catalogue: Catalogue, row: Row | None = None, form: FiltersForm | None = None) -> RenderedPage:
    """The matrix page; ``form``: its filters as :func:`matrix_form` makes them (made here when not given)."""
    groups = area_groups(catalogue)
    cut = rows_in_page(catalogue, groups)
    return page(
        "matrix.html",
        "Technology matrix",
        description=(
            f"{len(catalogue.technologies)} critical technologies of the Global Exploration Roadmap in "
            f"{len(catalogue.areas)} areas, by horizon ({', '.join(h.label for h in catalogue.horizons)}): "
            "each statement as the source words it, with its citation; filters and shareable views."
        ),
        # gt_matrix: the page template adds the filter script (templates/main.html).
        meta={"hide": ["navigation", "toc"], "gt_matrix": True},
        catalogue=catalogue,
        base=BASE,
        count=len(catalogue.technologies),
        areas=len(catalogue.areas),
        unassigned=sum(1 for t in catalogue.technologies if catalogue.area_of(t).key not in catalogue.areas),
        facts=cell_facts(catalogue.technologies),
        form=form or matrix_form(*split(catalogue, filter_facts)),
        groups=groups,
        caption=matrix_caption(catalogue),
        table_id=TABLE_ID,
        rows_per_body=ROWS_PER_BODY,
        row=row,
        cut=cut,
        rows_url=ROWS_URL if cut is not None else None,
    )


def area_groups(catalogue: Catalogue) -> list[tuple[Area, list[Technology]]]:
    by_area = catalogue.by_area()
    return [(area, by_area.get(area.key, [])) for area in catalogue.ordered_areas()]
