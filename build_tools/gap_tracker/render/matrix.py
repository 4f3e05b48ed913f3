"""The matrix: technologies (rows, grouped by area) by Today | Moon | Mars (columns)."""

from __future__ import annotations

from collections.abc import Iterable

from gap_tracker.model import HORIZON_COLUMNS, HORIZON_LABELS, HORIZONS, Area, Catalogue, Technology
from gap_tracker.render.html import esc, front_matter, source_label, statement_html, status_badge

PAGE = "matrix.md"


def matrix_table(catalogue: Catalogue, groups: Iterable[tuple[Area, list[Technology]]], base: str, caption: str) -> str:
    """A table with one row group per area; each row links to its technology page."""
    head = "".join(
        f'<th scope="col">{esc(HORIZON_LABELS[h])}<span class="gt-column-name">{esc(HORIZON_COLUMNS[h])}</span></th>'
        for h in HORIZONS
    )
    out = [
        '<table class="gt-matrix">',
        f"<caption>{esc(caption)}</caption>",
        f'<thead><tr><th scope="col">Technology</th>{head}</tr></thead>',
    ]
    for area, technologies in groups:
        out.append(f'<tbody data-area="{esc(area.key)}">')
        out.append(
            f'<tr class="gt-area-row"><th scope="rowgroup" colspan="4">'
            f'<a href="{base}areas/{esc(area.key)}/">{esc(area.name)}</a> '
            f'<span class="gt-count">({len(technologies)})</span></th></tr>'
        )
        if not technologies:
            out.append(
                '<tr><td colspan="4" class="gt-not-stated">No technology rows for this area in the sources we hold; '
                f'see <a href="{base}areas/{esc(area.key)}/">the area page</a>.</td></tr>'
            )
        out.extend(_row(catalogue, tech, base) for tech in technologies)
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _row(catalogue: Catalogue, tech: Technology, base: str) -> str:
    cells = []
    for h in HORIZONS:
        horizon = tech.horizons[h]
        cite = f'<cite class="gt-cite">{esc(source_label(catalogue, horizon.source.source))}</cite>'
        cells.append(f"<td>{statement_html(horizon)} {status_badge(horizon)} {cite}</td>")
    name = f'<a href="{base}technologies/{esc(tech.id)}/">{esc(tech.name)}</a>'
    return f'<tr id="{esc(tech.id)}"><th scope="row">{name}</th>{"".join(cells)}</tr>'


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
        front_matter(title="Technology matrix", hide=["navigation", "toc"])
        + "# Technology matrix\n\n"
        + intro
        + "\n\n"
        + matrix_table(catalogue, groups, "../", caption)
        + "\n"
    )


def _area_groups(catalogue: Catalogue) -> list[tuple[Area, list[Technology]]]:
    by_area = catalogue.by_area()
    return [(area, by_area.get(area.key, [])) for area in catalogue.ordered_areas()]
