"""The build-time charts: figures equal to the data, the same figures in the table, readable colours."""

from __future__ import annotations

import re
from typing import Any

import html5lib
import pytest

from gap_tracker.load import load_project
from gap_tracker.model import STATUS_LABELS, Catalogue
from gap_tracker.render.charts import METRICS, SHADES, coverage_bars, coverage_facts, heat_map, heat_table, shade
from gap_tracker.render.pagefacts import split
from tests.conftest import ROOT

CSS = ROOT / "docs" / "assets" / "tracker.css"


def parse(markup: str) -> Any:
    """html5lib's tree, with the SVG namespace dropped from tag names (so ``.//svg`` finds the chart)."""
    document = html5lib.parse(markup, namespaceHTMLElements=False)
    for element in document.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return document


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = load_project(ROOT)
    assert result.catalogue is not None
    return result.catalogue


def _expected_figures(catalogue: Catalogue) -> list[list[int]]:
    """Per area (GER order, then all areas) and horizon: sourced, not stated, then each status."""
    groups = [
        [t for t in catalogue.technologies if catalogue.area_of(t).key == a.key] for a in catalogue.ordered_areas()
    ]
    groups.append(catalogue.technologies)
    rows = []
    for techs in groups:
        for h in catalogue.horizon_keys:
            cells = [t.horizons[h] for t in techs]
            row = [sum(c.statement is not None for c in cells), sum(c.statement is None for c in cells)]
            row += [sum(c.status == key for c in cells) for key in STATUS_LABELS]
            rows.append(row)
    return rows


@pytest.mark.parametrize(
    ("count", "total", "level"),
    [
        (0, 5, 0),
        (3, 0, 0),
        (1, 100, 1),
        (1, 4, 1),
        (2, 4, 2),
        (3, 4, 3),
        (4, 4, 4),
        (25, 100, 1),
        (26, 100, 2),
        (9, 9, 4),
    ],
)
def test_shade_is_the_quarter_of_the_area_reached(count: int, total: int, level: int) -> None:
    assert shade(count, total) == level


def test_table_gives_the_figures_of_the_data(catalogue: Catalogue) -> None:
    table = parse(heat_table(*split(catalogue, coverage_facts)))
    rows = [[int(td.text) for td in tr.findall("td")] for tr in table.iter("tr") if tr.findall("td")]
    assert rows == _expected_figures(catalogue)
    headings = [th.text for th in table.find(".//thead").iter("th")][2:]
    assert headings == list(METRICS.values())


def test_heat_map_cells_show_the_same_numbers_as_the_table(catalogue: Catalogue) -> None:
    svg = parse(heat_map(*split(catalogue, coverage_facts))).find(".//svg[@id='gt-heat-map']")
    numbers = [int(t.text) for t in svg.iter("text") if "gt-heat-text" in t.get("class", "")]
    assert numbers == [n for row in _expected_figures(catalogue)[: -len(catalogue.horizons)] for n in row]


@pytest.mark.parametrize("render", [coverage_bars, heat_map])
def test_each_chart_is_an_image_with_a_name_and_a_description(catalogue: Catalogue, render: object) -> None:
    document = parse(render(*split(catalogue, coverage_facts)))  # type: ignore[operator]
    svg = document.find(".//svg")
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"title[@id='{title_id}']").text and svg.find(f"desc[@id='{desc_id}']").text
    assert document.find(".//figure").get("data-search-exclude") is not None


def test_coverage_bar_lengths_follow_the_figures(catalogue: Catalogue) -> None:
    svg = parse(coverage_bars(*split(catalogue, coverage_facts))).find(".//svg")
    full = [float(r.get("width")) for r in svg.iter("rect") if r.get("class") == "gt-bar-missing"]
    sourced = [float(r.get("width")) for r in svg.iter("rect") if r.get("class") == "gt-bar-sourced"]
    total = len(catalogue.technologies)
    for h, width, bar in zip(catalogue.horizon_keys, sourced, full, strict=True):
        stated = sum(t.horizons[h].statement is not None for t in catalogue.technologies)
        assert width == pytest.approx(bar * stated / total, abs=0.5), h


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("block", [":root {", '[data-md-color-scheme="slate"] {'])
def test_heat_map_shades_meet_wcag_aa_contrast_in_both_palettes(block: str) -> None:
    css = CSS.read_text(encoding="utf-8")
    body = css[css.index(block) :].split("}", 1)[0]
    colours = dict(re.findall(r"--(gt-heat-\d-(?:bg|fg)):\s*(#[0-9a-fA-F]{6})", body))
    assert len(colours) == 2 * SHADES
    for level in range(SHADES):
        ratio = contrast(colours[f"gt-heat-{level}-bg"], colours[f"gt-heat-{level}-fg"])
        assert ratio >= 4.5, f"shade {level} in {block!r}: {ratio:.2f}"


def test_contrast_formula() -> None:
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
