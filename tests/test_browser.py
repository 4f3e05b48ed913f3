"""What a reader of the real site gets, in real headless Chromium (Debian's package, driven by Playwright).

Filters of the matrix are tested on a synthetic data set in tests/test_matrix_filters.py; this module
uses the bundled data: navigation, search, accessibility (axe-core) in both palettes, small screens,
print, and that no page loads anything from outside the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browserkit import AXE, DESKTOP, PHONE, artifact, require, serve
from tests.sitebuild import build_site, copy_project

pytestmark = pytest.mark.browser
PAGES = {
    "home": "",
    "matrix": "matrix/",
    "area": "areas/power/",
    "technology": "technologies/tele-robotic-control-of-partially-autonomous-robot-with-time-delay/",
}
PALETTES = {"light": "default", "dark": "slate"}
"""Playwright's color_scheme -> the Material palette (data-md-color-scheme) it must select."""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("browser"))
    build_site(project, project / "site")
    with serve(project / "site") as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page(viewport=DESKTOP)
    yield opened
    opened.close()


def test_reader_opens_a_technology_from_the_matrix(page: Any, base_url: str) -> None:
    page.goto(base_url + "matrix/")
    page.get_by_role("link", name="Tele-Robotic Control of Partially Autonomous Robot with Time Delay").click()
    page.wait_for_url("**/technologies/tele-robotic-control-of-partially-autonomous-robot-with-time-delay/")
    assert (
        page.locator("h1").inner_text().rstrip("¶")
        == "Tele-Robotic Control of Partially Autonomous Robot with Time Delay"
    )
    assert page.get_by_text("Up to 40 minutes", exact=True).first.is_visible()
    edit = page.locator("a[title='Edit this page']")
    assert edit.get_attribute("href", timeout=2000).endswith(
        "/edit/main/technologies/eva-mobility-robotics/tele-robotic-control-of-partially-autonomous-robot-with-time-delay.yaml"
    )
    page.screenshot(path=artifact("technology-page.png"), full_page=True)


def test_search_finds_a_technology_by_a_word_of_its_mars_statement(page: Any, base_url: str) -> None:
    # The search (Pagefind) loads nothing of its index until it is opened: the page view stays light.
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base_url, wait_until="networkidle")
    assert not [url for url in fetched if "/pagefind/" in url], "a page view must not load the search"
    page.keyboard.press("/")
    # Pagefind's interface is fetched on this first opening: give a busy machine time to load it.
    page.locator("#gt-search input").wait_for(timeout=60000)
    page.locator("#gt-search input").press_sequentially("minutes", delay=20)
    result = page.locator("#gt-search .pagefind-ui__result").first
    result.wait_for(timeout=10000)
    results = page.locator("#gt-search .pagefind-ui__results").inner_text()
    assert "Tele-Robotic Control" in results
    # A result shows the words of the statement around the match, not the page's labels run together.
    excerpt = page.locator("#gt-search .pagefind-ui__result-excerpt").first.inner_text()
    assert "minutes" in excerpt.lower()
    assert not re.search(r"[a-z][A-Z][a-z]+[A-Z]", excerpt), excerpt
    page.screenshot(path=artifact("search.png"))
    page.keyboard.press("Escape")
    assert not page.locator("#gt-search").is_visible()


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_site(page: Any, base_url: str, name: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + PAGES[name], wait_until="networkidle")
    assert requested, "the page made no request at all: the listener is not working"
    assert [url for url in requested if not url.startswith(base_url)] == []


@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser: Any, base_url: str, name: str, scheme: str) -> None:
    require(AXE.is_file(), f"axe-core ({AXE}; python3 build_tools/dev.py test installs it with npm)")
    page = browser.new_page(viewport=DESKTOP, color_scheme=scheme)
    try:
        page.goto(base_url + PAGES[name], wait_until="networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == PALETTES[scheme]
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        page.close()
    assert results["passes"], "axe ran no check"
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert found == []


def test_phone_shows_one_card_per_technology_and_no_sideways_scroll(browser: Any, base_url: str) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        for path in PAGES.values():
            page.goto(base_url + path)
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"/{path} scrolls sideways on a phone: {widths}"
        page.goto(base_url + "matrix/")
        row = page.locator("#gt-matrix tbody tr[id]").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        labels = row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
        assert [label.strip('"').split(":")[0] for label in labels] == ["Today", "Moon", "Mars"]
        boxes = [row.locator("td").nth(i).bounding_box() for i in range(3)]
        assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"], "the three horizons are not stacked"
        assert page.locator("#gt-matrix thead").bounding_box()["height"] <= 1, (
            "column headings should be visually hidden"
        )
        page.screenshot(path=artifact("matrix-phone.png"), full_page=True)
    finally:
        page.close()


def test_matrix_header_stays_visible_while_scrolling(page: Any, base_url: str) -> None:
    page.goto(base_url + "matrix/")
    page.evaluate("window.scrollTo(0, 2500)")
    page.wait_for_function("window.scrollY >= 2000")
    header_bottom = page.locator(".md-header").bounding_box()
    heading = page.locator("#gt-matrix thead th").first.bounding_box()
    assert heading["y"] == pytest.approx(header_bottom["y"] + header_bottom["height"], abs=1)
    page.screenshot(path=artifact("matrix-scrolled.png"))


def test_matrix_prints_as_one_landscape_table_without_navigation(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "matrix/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", "#gt-filters"):
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none", chrome
    rows = page.locator("#gt-matrix tbody tr[id]")
    assert rows.count() == rows.evaluate_all("rs => rs.filter(r => r.checkVisibility()).length") > 0
    pdf = tmp_path / "matrix.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.pdf(path=artifact("matrix-print.pdf"), prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no page in the PDF"
    assert all(float(width) > float(height) for width, height in boxes), boxes
