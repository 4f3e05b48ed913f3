"""Charts drawn at build time as inline SVG, each with a table or text equivalent beside it.

* :func:`coverage_bars`: per horizon, how many cells carry a sourced statement and how many are not
  stated in source (the home page's coverage bar).
* :func:`heat_map`: per area and horizon, how many statements are sourced, not stated and in each gap
  status, shaded by their share of the area's technologies (a heat-map table).

No charting library and no script: the SVG is markup with the numbers written on it. Colours come
from CSS classes (``docs/assets/tracker.css``), so both palettes apply, and the numbers are always
written out, so no figure depends on colour. The SVG is ``role="img"`` with a title and description;
the same figures follow as text or a table, for screen readers and for copying.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gap_tracker.model import (
    NOT_ADDRESSED_FACET,
    NOT_STATED_FACET,
    STATED_FACET,
    STATUS_LABELS,
    Catalogue,
    Technology,
)
from gap_tracker.render.evidence import HorizonEvidence, horizon_evidence
from gap_tracker.render.html import esc, link
from gap_tracker.render.pagefacts import Facets, areas_in_order, facets_of, horizon_facets

METRICS: dict[str, str] = {STATED_FACET: "Sourced", NOT_STATED_FACET: "Not stated", **STATUS_LABELS}
"""What each heat-map column counts, in order: statements, then gap statuses."""
SHADES = 5
"""Shades of the heat map: 0 for a zero count, then quarters of the area's technologies."""

_AREA_W, _HORIZON_W, _CELL_W, _CELL_H, _BLOCK_GAP, _HEAD_H = 210, 50, 62, 21, 9, 36


@dataclass(frozen=True)
class CoverageFacts:
    """What the home page's coverage figures and charts count of one technology (render/pagefacts.py)."""

    area: str
    facets: Facets
    evidence: tuple[HorizonEvidence, ...]
    """Per horizon it has: what the evidence figures count."""


def coverage_facts(registries: Catalogue, tech: Technology) -> CoverageFacts:
    return CoverageFacts(
        registries.area_of(tech).key,
        horizon_facets(tech),
        tuple(horizon_evidence(registries, cell) for cell in tech.horizons.values()),
    )


def cell_counts(technologies: Sequence[CoverageFacts], horizon: str) -> Counter[str]:
    """For one horizon: sourced, not-stated and not-addressed cells, and cells in each gap status."""
    return Counter(value for tech in technologies for value in facets_of(tech.facets, horizon))


def shade(count: int, total: int) -> int:
    """0 for nothing; else 1-4 by the quarter of ``total`` that ``count`` reaches."""
    if count <= 0 or total <= 0:
        return 0
    return min(SHADES - 1, 1 + (4 * count - 1) // total)


def _figure(svg: str, caption: str, extra_class: str) -> str:
    # data-search-exclude: the numbers on the chart are not words a reader searches for.
    return (
        f'<figure class="gt-chart {extra_class}" data-search-exclude>{svg}<figcaption>{caption}</figcaption></figure>'
    )


def _svg(svg_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg class="gt-svg" id="{svg_id}" role="img" aria-labelledby="{svg_id}-title {svg_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{svg_id}-title">{esc(title)}</title><desc id="{svg_id}-desc">{esc(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


# --------------------------------------------------------------------------- coverage bars


def coverage_bars(registries: Catalogue, technologies: Sequence[CoverageFacts]) -> str:
    """One bar per horizon, split into sourced and not-stated cells, with the figures as a list beside it."""
    total = len(technologies)
    bar_x, bar_w, row_h = 70, 420, 34
    body = []
    items = []
    for row, definition in enumerate(registries.horizons):
        counts = cell_counts(technologies, definition.key)
        stated, missing = counts[STATED_FACET], counts[NOT_STATED_FACET]
        y = 8 + row * row_h
        stated_w = round(bar_w * stated / total) if total else 0
        text = f"{stated} sourced, {missing} not stated"
        if counts[NOT_ADDRESSED_FACET]:
            text += f", {counts[NOT_ADDRESSED_FACET]} not addressed by their source"
        body.append(f'<text class="gt-svg-label" x="0" y="{y + 16}">{esc(definition.label)}</text>')
        body.append(f'<rect class="gt-bar-missing" x="{bar_x}" y="{y}" width="{bar_w}" height="22"/>')
        if stated_w:
            body.append(f'<rect class="gt-bar-sourced" x="{bar_x}" y="{y}" width="{stated_w}" height="22"/>')
        body.append(f'<text class="gt-svg-label" x="{bar_x + bar_w + 10}" y="{y + 16}">{esc(text)}</text>')
        items.append(f"<li><strong>{esc(definition.label)}</strong>: {esc(text)} (of {total} technologies)</li>")
    height = 8 + len(registries.horizons) * row_h
    svg = _svg(
        "gt-coverage-bars",
        bar_x + bar_w + 220,
        height,
        "Coverage by horizon",
        f"For each horizon, the share of the {total} technologies whose cell carries a sourced statement "
        "(dark) and whose cell the source leaves empty (light). The figures are listed next to the chart.",
        body,
    )
    caption = (
        "Cells with a sourced statement (dark) and cells not stated in source (light), per horizon: "
        f'<ul class="gt-chart-figures">{"".join(items)}</ul>'
    )
    return _figure(svg, caption, "gt-coverage-chart")


# --------------------------------------------------------------------------- heat map


@dataclass(frozen=True)
class _AreaFigures:
    """One area's figures, counted once for both the heat map and its table."""

    key: str
    name: str
    technologies: int
    counts: dict[str, Counter[str]]
    """Per horizon: cell_counts."""


def _area_figures(registries: Catalogue, technologies: Sequence[CoverageFacts]) -> list[_AreaFigures]:
    """Every area in GER order, with its counts per horizon."""
    by_area: dict[str, list[CoverageFacts]] = {}
    for tech in technologies:
        by_area.setdefault(tech.area, []).append(tech)
    figures = []
    for area in areas_in_order(registries, by_area):
        techs = by_area.get(area.key, [])
        figures.append(
            _AreaFigures(area.key, area.name, len(techs), {h: cell_counts(techs, h) for h in registries.horizon_keys})
        )
    return figures


def heat_map(registries: Catalogue, technologies: Sequence[CoverageFacts], base: str = "") -> str:
    """The heat map and, beside it, the same figures as a table."""
    figures = _area_figures(registries, technologies)
    labels = _labels(registries)
    return _heat_svg(figures, labels) + "\n" + _heat_table(figures, base, labels)


def _labels(registries: Catalogue) -> dict[str, str]:
    """Horizon key -> label, in display order."""
    return {h.key: h.label for h in registries.horizons}


def _heat_svg(areas: list[_AreaFigures], labels: dict[str, str]) -> str:
    """One block of three rows (Today, Moon, Mars) per area; one column per metric."""
    body = []
    for m, label in enumerate(METRICS.values()):
        x = _AREA_W + _HORIZON_W + m * _CELL_W + _CELL_W / 2
        lines = label.split(" ", 1) if " " in label else ["", label]
        for i, line in enumerate(lines):
            body.append(
                f'<text class="gt-svg-label gt-svg-small" x="{x:g}" y="{13 + 14 * i}" text-anchor="middle">{esc(line)}</text>'
            )
    block_h = len(labels) * _CELL_H + _BLOCK_GAP
    for r, area in enumerate(areas):
        y0 = _HEAD_H + r * block_h
        body.append(f'<text class="gt-svg-label gt-svg-head" x="0" y="{y0 + 14}">{esc(_clip(area.name, 28))}</text>')
        body.append(
            f'<text class="gt-svg-label gt-svg-small" x="0" y="{y0 + 32}">{area.technologies} technologies</text>'
        )
        for i, (h, horizon_label) in enumerate(labels.items()):
            y = y0 + i * _CELL_H
            body.append(
                f'<text class="gt-svg-label gt-svg-small" x="{_AREA_W}" y="{y + 14}">{esc(horizon_label)}</text>'
            )
            for m, key in enumerate(METRICS):
                body.append(_heat_cell(_AREA_W + _HORIZON_W + m * _CELL_W, y, area.counts[h][key], area.technologies))
    width = _AREA_W + _HORIZON_W + len(METRICS) * _CELL_W
    height = _HEAD_H + len(areas) * block_h
    svg = _svg(
        "gt-heat-map",
        width,
        height,
        "Statements and gap statuses by area and horizon",
        "For each area and horizon: how many statements are sourced, how many are not stated in source, and "
        "how many are in each gap status. The stronger the shade, the larger the share of the area's "
        "technologies; every cell shows its number. The table after the chart gives the same figures.",
        body,
    )
    caption = (
        "The stronger the shade, the larger the share of the area's technologies. The same figures follow as a table."
    )
    return _figure(svg, caption, "gt-heat-chart")


def _heat_cell(x: float, y: float, count: int, total: int) -> str:
    level = shade(count, total)
    return (
        f'<rect class="gt-heat gt-heat-{level}" x="{x:g}" y="{y:g}" width="{_CELL_W - 2}" height="{_CELL_H - 2}"/>'
        f'<text class="gt-heat-text gt-heat-{level}" x="{x + (_CELL_W - 2) / 2:g}" y="{y + 14:g}" text-anchor="middle">{count}</text>'
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def heat_table(registries: Catalogue, technologies: Sequence[CoverageFacts], base: str = "") -> str:
    """The heat map's figures: one row group per area (and one for all areas), a row per horizon."""
    return _heat_table(_area_figures(registries, technologies), base, _labels(registries))


def _heat_table(areas: list[_AreaFigures], base: str, labels: dict[str, str]) -> str:
    metrics = "".join(f'<th scope="col">{esc(label)}</th>' for label in METRICS.values())
    groups = [_heat_rows(link(f"{base}areas/{a.key}/", a.name), a.technologies, a.counts, labels) for a in areas]
    totals = {h: sum((a.counts[h] for a in areas), Counter[str]()) for h in labels}
    groups.append(_heat_rows("<strong>All areas</strong>", sum(a.technologies for a in areas), totals, labels))
    return (
        '<div class="gt-scroll" role="region" aria-label="Coverage of the matrix by area and horizon, as a table" tabindex="0">'
        '<table class="gt-coverage"><caption>Coverage of the matrix by area and horizon: statements sourced and '
        "not stated, and gap statuses</caption>"
        f'<thead><tr><th scope="col">Area (technologies)</th><th scope="col">Horizon</th>{metrics}</tr></thead>'
        f"{''.join(groups)}</table></div>"
    )


def _heat_rows(label: str, technologies: int, counts: dict[str, Counter[str]], labels: dict[str, str]) -> str:
    rows = []
    for i, (h, horizon_label) in enumerate(labels.items()):
        head = f'<th scope="rowgroup" rowspan="{len(labels)}">{label} ({technologies})</th>' if i == 0 else ""
        cells = "".join(f"<td>{counts[h][key]}</td>" for key in METRICS)
        rows.append(f'<tr>{head}<th scope="row">{esc(horizon_label)}</th>{cells}</tr>')
    return f"<tbody>{''.join(rows)}</tbody>"
