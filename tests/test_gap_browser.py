"""The charts of the gap and the organisation pages in headless Chromium, on a copy of the bundled data
(expectations derived from the data, never pinned): a chart's link opens the matrix view it summarises,
the charts limited to a source grade (?grade=) show only its values and carry it to the matrix,
an organisation count opens the rows it counts, and screenshots (desktop, phone, dark) for a person."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from gap_tracker.load import load_project
from gap_tracker.model import GRADE_LABELS, Catalogue
from gap_tracker.render import organisations, quantities
from tests.browserkit import DESKTOP, PHONE, artifact, serve
from tests.matrixkit import expected, shown
from tests.sitebuild import build_site, copy_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Catalogue]]:
    project = copy_project(tmp_path_factory.mktemp("gap"))
    build_site(project, project / "site")
    result = load_project(project)
    assert result.catalogue is not None
    with serve(project / "site") as url:
        yield url, result.catalogue


def test_home_chart_links_to_the_matrix_view_it_summarises(browser: Any, site: tuple[str, Catalogue]) -> None:
    url, catalogue = site
    charts = quantities.all_charts(catalogue)
    if not charts:
        pytest.skip("the data has no two comparable quantities for any technology")
    chart = charts[0]
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url)
    section = page.locator(f"section.gt-gap-chart:has(h3#{chart.slug})")
    assert section.locator("svg[role=img] title").text_content() == chart.title
    assert section.locator("table tbody tr").count() == len(chart.points)
    section.get_by_role("link", name="Open the matrix view this chart summarises").click()
    page.wait_for_url("**/matrix/?*")
    page.wait_for_timeout(300)
    rows = expected(catalogue, text=chart.tech.name, area=chart.tech.area)
    assert chart.tech.id in rows
    assert shown(page) == rows
    page.close()


def _first_page(catalogue: Catalogue) -> tuple[list[quantities.GapChart], str]:
    """The charts of /quantities/'s first page and the grade the fewest of their values cite (so that
    limiting to it hides most); skips the test when the data has no chart."""
    charts = quantities.all_charts(catalogue)[: quantities.PAGE_SIZE]
    if not charts:
        pytest.skip("no chart in the data")
    options = quantities.grade_choice(charts).options
    return charts, min(options, key=lambda option: option[2])[0]


def _visible_rows(page: Any) -> int:
    return int(
        page.eval_on_selector_all(
            "section.gt-gap-chart tbody tr", "rows => rows.filter(r => r.checkVisibility()).length"
        )
    )


def test_quantities_limited_to_a_grade_show_only_its_values(browser: Any, site: tuple[str, Catalogue]) -> None:
    url, catalogue = site
    charts, grade = _first_page(catalogue)
    kept = [c for c in charts if grade in c.grades]
    values = [(c.slug, p.amount) for c in kept for p in c.points if grade in p.grades]
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}quantities/?grade={grade}")
    assert page.locator("#gt-q-grade").input_value() == grade
    # The chart (its h2's id) of each visible element.
    visible = "els => els.filter(e => e.checkVisibility()).map(e => e.closest('section').querySelector('h2').id)"
    assert page.eval_on_selector_all("section.gt-gap-chart", visible) == [c.slug for c in kept]
    rows = page.eval_on_selector_all(
        "section.gt-gap-chart tbody tr",
        "rows => rows.filter(r => r.checkVisibility())"
        ".map(r => [r.closest('section').querySelector('h2').id, r.cells[3].textContent])",
    )
    assert [tuple(r) for r in rows] == values
    # An SVG element's checkVisibility() ignores its own display: none in Chromium; a drawn element has boxes.
    drawn = "els => els.filter(e => e.getClientRects().length).map(e => e.closest('section').querySelector('h2').id)"
    marks = page.eval_on_selector_all("section.gt-gap-chart g.gt-q-mark", drawn)
    assert marks == [slug for slug, _ in values]
    # A chart closes up over its hidden rows, its marks shown still inside it; a hidden chart leaves the
    # table of contents.
    for chart in kept:
        hidden = sum(grade not in p.grades for p in chart.points)
        svg = page.locator(f"section.gt-gap-chart:has(h2#{chart.slug}) svg")
        assert svg.get_attribute("height") == str(quantities.height(chart) - hidden * quantities.ROW_H)
    inside = (
        "els => els.filter(e => e.getClientRects().length).every(e => {"
        " const r = e.getBoundingClientRect(), s = e.ownerSVGElement.getBoundingClientRect();"
        " return r.top >= s.top - 1 && r.bottom <= s.bottom + 1; })"
    )
    assert page.eval_on_selector_all("section.gt-gap-chart g.gt-q-mark", inside)
    toc = page.get_by_role("navigation", name="Table of contents")
    contents = [toc.locator(f'a[href="#{c.slug}"]').is_visible() for c in charts]
    assert contents == [c in kept for c in charts]
    assert page.get_by_role("status").filter(has_text="values shown").text_content() == (
        f"{len(values)} of {sum(len(c.points) for c in charts)} values shown (citing {GRADE_LABELS[grade].lower()})."
    )
    page.screenshot(path=artifact(f"gap-quantities-grade-{grade}.png"), full_page=True)
    # Each chart's matrix link carries the grade: the matrix opens limited to it.
    link = page.locator(f"section.gt-gap-chart:has(h2#{kept[0].slug})").get_by_role(
        "link", name="Open the matrix view this chart summarises"
    )
    assert parse_qs(urlsplit(link.get_attribute("href") or "").query)["grade"] == [grade]
    link.click()
    page.wait_for_url("**/matrix/?*")
    page.wait_for_timeout(300)
    assert page.locator("#gt-grade").input_value() == grade
    tech = kept[0].tech
    assert shown(page) == expected(catalogue, text=tech.name, area=tech.area, grade=grade)
    page.close()


def test_choosing_any_grade_shows_every_value_and_clears_the_address(browser: Any, site: tuple[str, Catalogue]) -> None:
    url, catalogue = site
    charts, grade = _first_page(catalogue)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}quantities/?grade={grade}")
    assert _visible_rows(page) == sum(grade in p.grades for c in charts for p in c.points)
    page.locator("#gt-q-grade").select_option("")
    page.wait_for_function("!location.search.includes('grade=')")
    assert _visible_rows(page) == sum(len(c.points) for c in charts)
    page.close()


def test_without_script_every_value_shows_and_the_form_is_hidden(browser: Any, site: tuple[str, Catalogue]) -> None:
    url, catalogue = site
    charts, grade = _first_page(catalogue)
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}quantities/?grade={grade}")
    assert not page.locator("#gt-q-grades").is_visible()
    assert _visible_rows(page) == sum(len(c.points) for c in charts)
    context.close()


def test_chart_csv_download_holds_its_values(browser: Any, site: tuple[str, Catalogue]) -> None:
    url, catalogue = site
    charts = quantities.all_charts(catalogue)
    if not charts:
        pytest.skip("no chart in the data")
    page = browser.new_page(viewport=DESKTOP)
    response = page.request.get(url + charts[-1].csv_path)
    assert response.ok
    lines = response.text().strip().splitlines()
    assert len(lines) == 1 + len(charts[-1].points)
    page.close()


def test_organisation_count_opens_its_rows(browser: Any, site: tuple[str, Catalogue]) -> None:
    url, catalogue = site
    index = organisations.organisation_index(catalogue)
    areas, rows = organisations.area_table(catalogue, index)
    data, cells, _ = next((r for r in rows if any(c.count for c in r[1])), (None, [], 0))
    if data is None:
        pytest.skip("no organisation has a technology in the data")
    column = next(i for i, c in enumerate(cells) if c.count)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url + "organisations/")
    row = page.locator("table.gt-org-table tbody tr").filter(has=page.locator(f'a[href="{data.key}/"]'))
    row.locator("td").nth(column).get_by_role("link").click()
    page.wait_for_url("**/matrix/?*")
    page.wait_for_timeout(300)
    want = expected(catalogue, org=data.key, area=areas[column].key)
    assert len(want) == cells[column].count
    assert shown(page) == want
    page.close()


@pytest.mark.parametrize(
    ("name", "path", "viewport", "scheme"),
    [
        ("home-desktop", "", DESKTOP, "light"),
        ("quantities-phone", "quantities/", PHONE, "light"),
        ("quantities-dark", "quantities/", DESKTOP, "dark"),
        ("organisations-desktop", "organisations/", DESKTOP, "light"),
        ("organisation-phone", "organisations/nasa/", PHONE, "dark"),
        ("changes-desktop", "changes/", DESKTOP, "light"),
    ],
)
def test_screenshots_fit_the_width(
    browser: Any, site: tuple[str, Catalogue], name: str, path: str, viewport: dict[str, int], scheme: str
) -> None:
    url, _ = site
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    response = page.goto(url + path)
    if response is None or response.status == 404:
        context.close()
        pytest.skip(f"{path} has no page in this data")
    page.screenshot(path=artifact(f"gap-{name}.png"), full_page=True)
    # No page scrolls sideways: wide tables and charts scroll inside their own region.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()
    assert Path(artifact(f"gap-{name}.png")).exists()
