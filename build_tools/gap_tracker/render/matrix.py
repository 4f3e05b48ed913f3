"""The matrix: technologies (rows, grouped by area) by Today | Moon | Mars (columns).

Each row carries what the filters of the matrix page need as data attributes (its horizons'
statement and gap status, its organisations); the script ``templates/assets/gap-tracker/matrix.js``
reads them and the visible text, so the page holds every fact once.
"""

from __future__ import annotations

from collections.abc import Iterable

from gap_tracker.model import HORIZON_COLUMNS, HORIZON_LABELS, HORIZONS, Area, Catalogue, Technology
from gap_tracker.render.evidence import matrix_needs_row, row_grades
from gap_tracker.render.html import esc, front_matter, source_label, statement_html, status_badge
from gap_tracker.render.matrix_filters import filters_form, show_all_control

PAGE = "matrix.md"
TABLE_ID = "gt-matrix"
ROWS_PER_BODY = 50
"""An area with more rows continues in further row groups of this size. The stylesheet skips the
rendering of row groups out of view (content-visibility), so a filter change costs the same with
thousands of rows as with a few hundred: only the groups on screen are laid out again."""


def matrix_table(
    catalogue: Catalogue,
    groups: Iterable[tuple[Area, list[Technology]]],
    base: str,
    caption: str,
    table_id: str | None = None,
) -> str:
    """A table with one row group per area; each row links to its technology page.

    The explicit ARIA roles repeat what the elements already are: the stylesheet lays the rows out as
    grids (so that off-screen rows cost nothing to lay out) and as cards on small screens, and a
    browser may drop a table's semantics when its display changes.
    """
    head = "".join(
        f'<th scope="col" role="columnheader">{esc(HORIZON_LABELS[h])}<span class="gt-column-name">{esc(HORIZON_COLUMNS[h])}</span></th>'
        for h in HORIZONS
    )
    id_attr = f' id="{esc(table_id)}"' if table_id else ""
    out = [
        f'<table class="gt-matrix" role="table"{id_attr}>',
        f"<caption>{esc(caption)}</caption>",
        f'<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Technology</th>{head}</tr></thead>',
    ]
    labels = {h: esc(f"{HORIZON_LABELS[h]}: {HORIZON_COLUMNS[h]}") for h in HORIZONS}
    for area, technologies in groups:
        out.append(f'<tbody role="rowgroup" data-area="{esc(area.key)}">')
        out.append(
            '<tr class="gt-area-row" role="row"><th scope="rowgroup" colspan="4" role="rowheader" aria-colspan="4">'
            f'<a href="{base}areas/{esc(area.key)}/">{esc(area.name)}</a> '
            f'<span class="gt-count">({len(technologies)})</span></th></tr>'
        )
        out.append(matrix_needs_row(catalogue, area, base))
        if not technologies:
            out.append(
                '<tr class="gt-empty-area" role="row"><td colspan="4" role="cell" aria-colspan="4" class="gt-not-stated">No technology rows for this area in the sources we hold; '
                f'see <a href="{base}areas/{esc(area.key)}/">the area page</a>.</td></tr>'
            )
        for start in range(0, len(technologies), ROWS_PER_BODY):
            if start:
                out.append(f'</tbody>\n<tbody role="rowgroup" data-area="{esc(area.key)}">')
            out.extend(_row(catalogue, tech, base, labels) for tech in technologies[start : start + ROWS_PER_BODY])
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _row(catalogue: Catalogue, tech: Technology, base: str, labels: dict[str, str]) -> str:
    cells = []
    facets = []
    for h in HORIZONS:
        horizon = tech.horizons[h]
        cite = f'<cite class="gt-cite">{esc(source_label(catalogue, horizon.source.source))}</cite>'
        cells.append(
            f'<td role="cell" data-label="{labels[h]}">{statement_html(horizon)} {status_badge(horizon)} {cite}</td>'
        )
        facets.append(f' data-{h}="{" ".join(horizon.facets)}"')
    orgs = tech.organisations()
    orgs_attr = f' data-orgs="{esc(" ".join(orgs))}"' if orgs else ""
    orgs_attr += f' data-grades="{esc(" ".join(row_grades(catalogue, tech)))}"'
    name = f'<a href="{base}technologies/{esc(tech.id)}/">{esc(tech.name)}</a>'
    return f'<tr id="{esc(tech.id)}" role="row"{"".join(facets)}{orgs_attr}><th scope="row" role="rowheader">{name}</th>{"".join(cells)}</tr>'


def render_matrix_page(catalogue: Catalogue) -> str:
    groups = _area_groups(catalogue)
    count = len(catalogue.technologies)
    unassigned = sum(1 for t in catalogue.technologies if catalogue.area_of(t).key not in catalogue.areas)
    placed = f" ({unassigned} of them in no area: no source places them)" if unassigned else ""
    intro = (
        f"<p>{count} technologies in {len(catalogue.areas)} areas{placed}. Each cell gives the capability statement exactly as the "
        "source words it, its gap status and its source; the technology page has the full citation. "
        "“not stated in source” marks a cell the source leaves empty.</p>"
    )
    caption = "Critical technologies by horizon: what spaceflight can do today, what the Moon needs, what Mars needs"
    return (
        # gt_matrix: the page template adds the filter script (templates/main.html).
        front_matter(title="Technology matrix", hide=["navigation", "toc"], gt_matrix=True)
        + "# Technology matrix\n\n"
        + intro
        + "\n\n"
        + filters_form(catalogue, groups, TABLE_ID)
        + "\n\n"
        + matrix_table(catalogue, groups, "../", caption, TABLE_ID)
        + "\n\n"
        + show_all_control()
        + "\n"
    )


def _area_groups(catalogue: Catalogue) -> list[tuple[Area, list[Technology]]]:
    by_area = catalogue.by_area()
    return [(area, by_area.get(area.key, [])) for area in catalogue.ordered_areas()]
