"""The matrix: technologies (rows, grouped by area) by horizon (columns).

Each row carries what the filters of the matrix page need as data attributes (its horizons'
statement and gap status, its organisations); the script ``templates/assets/gap-tracker/matrix.js``
reads them and the visible text, so the page holds every fact once. A cell holds its statement, a gap
status only where one is assessed, and a link to its citation; which sources the cells cite and how
statuses read is said once, above the table (templates/pages/matrix_table.html).

The page, its other rows (:func:`matrix_rows`) and the area pages are made from each technology's
:class:`RowFacts` (its row and what the legend counts; render/pagefacts.py), which ``mkdocs serve``
keeps while the technology's file and the registries are unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from gap_tracker.model import DEFAULT_STATUS, Area, Catalogue, Technology
from gap_tracker.render.matrix_filters import FilterFacts, FiltersForm, filter_facts, filters_form
from gap_tracker.render.pagefacts import areas_in_order, split
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


def matrix_caption(registries: Catalogue) -> str:
    """'Critical technologies by horizon: what spaceflight can do today, ...', from the horizons' descriptions."""
    described = [h.description for h in registries.horizons if h.description]
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


def legend_facts(cells: Sequence[CellSummary]) -> CellFacts:
    cited = Counter(source for source, _, _ in cells)
    assessed = sum(assessed for _, assessed, _ in cells)
    not_addressed = sum(not_addressed for _, _, not_addressed in cells)
    return CellFacts(sorted(cited.items(), key=lambda kv: (-kv[1], kv[0])), assessed, len(cells), not_addressed)


@dataclass(frozen=True)
class RowFacts:
    """What a table of the matrix (the matrix page, an area page) shows or counts of one technology: its name,
    its row (:func:`matrix_row`), its cells for the legend (see :mod:`gap_tracker.render.pagefacts`)."""

    id: str
    name: str
    area: str
    row: Markup
    cells: tuple[CellSummary, ...]


def row_facts(registries: Catalogue, tech: Technology, base: str = BASE) -> RowFacts:
    """A technology's facts for a table whose page is ``base`` below the site root (the matrix page's by default)."""
    return RowFacts(
        tech.id, tech.name, registries.area_of(tech).key, matrix_row(registries, tech, base), cell_summaries(tech)
    )


def area_groups(registries: Catalogue, rows: Sequence[RowFacts]) -> list[tuple[Area, list[RowFacts]]]:
    """The rows by area, in GER order (every area, with or without rows)."""
    by_area: dict[str, list[RowFacts]] = {}
    for row in rows:
        by_area.setdefault(row.area, []).append(row)
    return [(area, by_area.get(area.key, [])) for area in areas_in_order(registries, by_area)]


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


def rows_in_page(groups: Sequence[tuple[Area, Sequence[RowFacts]]]) -> dict[str, int] | None:
    """Per area, how many of its rows the page holds (the first ROWS_IN_PAGE in page order), or None for all."""
    if sum(len(rows) for _, rows in groups) <= SPLIT_ABOVE:
        return None
    cut, room = {}, ROWS_IN_PAGE
    for area, rows in groups:
        cut[area.key] = min(len(rows), room)
        room -= cut[area.key]
    return cut


def matrix_rows(registries: Catalogue, rows: Sequence[RowFacts]) -> str | None:
    """The rows a large matrix page leaves out, as row groups (an HTML fragment); None if the page holds all."""
    groups = area_groups(registries, rows)
    cut = rows_in_page(groups)
    if cut is None:
        return None
    macros = ENV.get_template("matrix_table.html").module
    return str(macros.matrix_rows(registries, groups, BASE, cut, ROWS_PER_BODY, _row_markup))  # type: ignore[attr-defined]


def matrix_form(registries: Catalogue, facts: Sequence[FilterFacts]) -> FiltersForm:
    """The matrix page's filters (options, counts, suggested views), from each technology's FilterFacts."""
    return filters_form(registries, facts, TABLE_ID)


def render_matrix_page(catalogue: Catalogue) -> RenderedPage:
    """The matrix page of a catalogue, as a build makes it (:func:`matrix_page` of the facts)."""
    registries, rows = split(catalogue, row_facts)
    return matrix_page(registries, rows, matrix_form(*split(catalogue, filter_facts)))


def matrix_page(registries: Catalogue, rows: Sequence[RowFacts], form: FiltersForm) -> RenderedPage:
    """The matrix page, from each technology's RowFacts and the filters (:func:`matrix_form`)."""
    groups = area_groups(registries, rows)
    cut = rows_in_page(groups)
    return page(
        "matrix.html",
        "Technology matrix",
        description=(
            f"{len(rows)} critical technologies of the Global Exploration Roadmap in "
            f"{len(registries.areas)} areas, by horizon ({', '.join(h.label for h in registries.horizons)}): "
            "each statement as the source words it, with its citation; filters and shareable views."
        ),
        # gt_matrix: the page template adds the filter script (templates/main.html).
        meta={"hide": ["navigation", "toc"], "gt_matrix": True},
        catalogue=registries,
        base=BASE,
        count=len(rows),
        areas=len(registries.areas),
        unassigned=sum(1 for row in rows if row.area not in registries.areas),
        facts=legend_facts([cell for row in rows for cell in row.cells]),
        form=form,
        groups=groups,
        caption=matrix_caption(registries),
        table_id=TABLE_ID,
        rows_per_body=ROWS_PER_BODY,
        row=_row_markup,
        cut=cut,
        rows_url=ROWS_URL if cut is not None else None,
    )


def _row_markup(row: RowFacts) -> Markup:
    return row.row
