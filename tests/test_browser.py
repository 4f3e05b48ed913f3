"""What a reader of the real site gets, in real headless Chromium (Debian's package, driven by Playwright).

Filters of the matrix are tested on a synthetic data set in tests/test_matrix_filters.py; this module
uses the bundled data: navigation, search, accessibility (axe-core) in both palettes, small screens,
print, and that no page loads anything from outside the site.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse

import pytest
import yaml

from gap_tracker.load import load_project
from gap_tracker.model import Catalogue
from tests.browserkit import AXE, DESKTOP, JAVA, PHONE, VNU, artifact, require, serve
from tests.conftest import ROOT
from tests.matrixkit import expected, shown
from tests.sitebuild import build_site, copy_project

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Showcase:
    """The technology the tests open and search for, chosen from the data so that a data pull request
    (a new technology, an edited statement, a renamed file) changes the choice, not the outcome."""

    id: str
    name: str
    area: str
    path: str
    statement: str
    word: str
    """The longest word of its Mars statement that its name lacks: the search finds it by the statement."""


def _showcase() -> Showcase:
    """The first technology (by path) of an area folder whose Mars statement has a long word its name lacks."""
    for path in sorted((ROOT / "technologies").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        statement = data.get("horizons", {}).get("mars", {}).get("statement")
        words = [
            w.lower() for w in re.findall(r"[A-Za-z]{7,}", statement or "") if w.lower() not in data["name"].lower()
        ]
        if path.parent.name != "unassigned" and words and "\n" not in statement:
            rel = path.relative_to(ROOT).as_posix()
            return Showcase(data["id"], data["name"], path.parent.name, rel, statement, max(words, key=len))
    raise AssertionError("no technology has a Mars statement to look for")


SHOWCASE = _showcase()
PAGES = {
    "home": "",
    "matrix": "matrix/",
    "area": f"areas/{SHOWCASE.area}/",
    "technology": f"technologies/{SHOWCASE.id}/",
}
PALETTES = {"light": "default", "dark": "slate"}
"""Playwright's color_scheme -> the Material palette (data-md-color-scheme) it must select."""


@dataclass(frozen=True)
class Site:
    url: str
    path: Path
    catalogue: Catalogue


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = copy_project(tmp_path_factory.mktemp("browser"))
    build_site(project, project / "site")
    result = load_project(project)
    assert result.catalogue is not None
    with serve(project / "site") as url:
        yield Site(url, project / "site", result.catalogue)


@pytest.fixture(scope="module")
def base_url(site: Site) -> str:
    return site.url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page(viewport=DESKTOP)
    yield opened
    opened.close()


def test_reader_opens_a_technology_from_the_matrix(page: Any, base_url: str) -> None:
    page.goto(base_url + "matrix/")
    page.get_by_role("link", name=SHOWCASE.name, exact=True).first.click()
    page.wait_for_url(f"**/technologies/{SHOWCASE.id}/")
    assert page.locator("h1").inner_text().rstrip("¶") == SHOWCASE.name
    assert page.get_by_text(SHOWCASE.statement, exact=True).first.is_visible()
    edit = page.locator("a[title='Edit this page']")
    assert edit.get_attribute("href", timeout=2000).endswith(f"/edit/main/{SHOWCASE.path}")
    page.screenshot(path=artifact("technology-page.png"), full_page=True)


def a_searchable_technology(catalogue: Catalogue) -> tuple[str, str]:
    """(name, word): a technology and a word of its last horizon's statement that no other technology's
    text has (derived from the data, so that the page is among the first results)."""
    last = catalogue.horizons[-1].key

    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)}

    texts = {
        t.id: words(" ".join([t.name, t.description or "", *(c.statement or "" for c in t.horizons.values())]))
        for t in catalogue.technologies
    }
    for tech in catalogue.technologies:
        for word in sorted(words(tech.horizons[last].statement or "") if last in tech.horizons else []):
            if all(word not in other for key, other in texts.items() if key != tech.id):
                return tech.name, word
    raise AssertionError("no statement has a word of its own")


def test_search_finds_a_technology_by_a_word_of_its_last_horizon(page: Any, site: Site) -> None:
    name, word = a_searchable_technology(site.catalogue)
    # The search (Pagefind) loads nothing of its index until it is opened: the page view stays light.
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site.url, wait_until="networkidle")
    # "networkidle" can come while the document is still parsing; search.js (deferred) must have run.
    page.wait_for_function("document.readyState === 'complete'")
    assert not [url for url in fetched if "/pagefind/" in url], "a page view must not load the search"
    page.keyboard.press("/")
    # Pagefind's interface is fetched on this first opening: give a busy machine time to load it.
    page.locator("#gt-search input").wait_for(timeout=60000)
    page.locator("#gt-search input").press_sequentially(word, delay=20)
    # Pagefind first lists placeholders (". . .") and fills them in one by one: wait for the title itself.
    title = page.locator(".pagefind-ui__result-link", has_text=name)
    result = page.locator("#gt-search .pagefind-ui__result", has=title).first
    result.wait_for(timeout=20000)
    # The result shows the words of the statement around the match, not the page's labels run together.
    excerpt = result.locator(".pagefind-ui__result-excerpt").inner_text()
    assert word.lower() in excerpt.lower(), excerpt
    assert not re.search(r"[a-z][A-Z][a-z]+[A-Z]", excerpt), excerpt
    # Nor the labels around the statements: the source table's column names, "Gap status: Not assessed".
    assert "Not assessed" not in excerpt, excerpt
    assert not [h.column for h in site.catalogue.horizons if h.column in excerpt], excerpt
    page.screenshot(path=artifact("search.png"))
    page.keyboard.press("Escape")
    assert not page.locator("#gt-search").is_visible()


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_site_or_fails(page: Any, base_url: str, name: str) -> None:
    """Nothing from another origin, and no request of the page or of the theme's script answers with an error
    (Material fetches sitemap.xml in the folder of every feed link: render/validity.py answers it)."""
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    page.goto(base_url + PAGES[name], wait_until="networkidle")
    assert requested, "the page made no request at all: the listener is not working"
    assert [url for url in requested if not url.startswith(base_url)] == []
    assert failed == []


def test_no_page_links_a_local_address_with_a_double_slash(site: Site) -> None:
    """The 404 page is served at any depth, so its links must not be built by joining base_url and a path."""
    for html_file in [site.path / "404.html", *site.path.glob("*/index.html")]:
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', html_file.read_text(encoding="utf-8"))
        assert [h for h in hrefs if "//" in h.split("://", 1)[-1]] == [], html_file


# --------------------------------------------------------------------------- shared views of the matrix


def readme_matrix_links() -> list[str]:
    """The example links of the README's "Reading the matrix" section (the test follows the README)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reading the matrix", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`(matrix/\?[^`\s]+)`", section)


def open_matrix(page: Any, url: str) -> None:
    page.goto(url)
    page.locator("#gt-filters").wait_for(state="visible")
    page.wait_for_function("document.getElementById('gt-count').textContent.length > 0")


def search_is_open(page: Any) -> bool:
    return bool(page.evaluate("document.querySelector('[data-md-toggle=search]').checked"))


def test_readme_has_example_links() -> None:
    assert len(readme_matrix_links()) >= 2


@pytest.mark.parametrize("link", readme_matrix_links())
def test_each_readme_example_link_restores_its_view(page: Any, site: Site, link: str) -> None:
    params = dict(parse_qsl(urlparse(link).query))
    assert params
    for attempt in ("open", "reload"):
        if attempt == "open":
            open_matrix(page, site.url + link)
        else:
            page.reload()
            page.locator("#gt-filters").wait_for(state="visible")
        for name, value in params.items():
            assert page.locator(f"#gt-filters [name={name}]").input_value() == value, (attempt, name)
        assert shown(page) == expected(site.catalogue, **params), attempt
        page.wait_for_timeout(300)  # Material opens its search a moment after the page loads
        assert not search_is_open(page), f"{attempt}: the site search opened over the matrix"


def test_suggested_views_each_show_rows(page: Any, site: Site) -> None:
    open_matrix(page, site.url + "matrix/")
    links = page.locator(".gt-suggested a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs, "no suggested view on the bundled data"
    for i, href in enumerate(hrefs):
        params = dict(parse_qsl(href.lstrip("?")))
        want = expected(site.catalogue, **params)
        assert want, f"suggested view {href} shows nothing"
        label = page.locator(".gt-suggested li").nth(i).inner_text()
        assert label.endswith(f"({len(want)})"), label
        page.locator(".gt-suggested a").nth(i).click()
        page.wait_for_function("want => location.search === want", arg=href)
        assert shown(page) == want, href
        for name, value in params.items():
            assert page.locator(f"#gt-filters [name={name}]").input_value() == value


def test_download_of_the_filtered_view(page: Any, site: Site) -> None:
    by_area: dict[str, int] = {}
    for tech in site.catalogue.technologies:
        by_area[site.catalogue.area_of(tech).key] = by_area.get(site.catalogue.area_of(tech).key, 0) + 1
    area = max(by_area, key=lambda key: by_area[key])
    open_matrix(page, f"{site.url}matrix/?area={area}")
    with page.expect_download() as info:
        page.locator("#gt-download").click()
    download = info.value
    assert download.suggested_filename == "technologies-filtered.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == expected(site.catalogue, area=area)
    for row in rows:
        tech = site.catalogue.get(row["id"])
        assert tech is not None and row["name"] == tech.name and row["area"] == area
        for h, horizon in tech.horizons.items():
            assert row[h] == (horizon.statement if horizon.statement is not None else site.catalogue.absence(horizon))
            assert row[f"{h}_status"] == horizon.status
        assert row["url"] == f"{site.url}technologies/{tech.id}/"


@pytest.mark.parametrize("name", ["matrix", "technology"])
def test_cite_this_box_and_printed_source_line(page: Any, site: Site, name: str) -> None:
    page.goto(site.url + PAGES[name])
    box = page.locator(".gt-cite-box")
    assert box.is_visible()
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical in box.locator(".gt-cite-text").inner_text()
    title = page.locator("h1").inner_text().rstrip("¶").strip()
    assert f"“{title}”" in box.inner_text()
    box.locator("summary").click()
    bibtex = box.locator("pre").inner_text()
    assert bibtex.startswith("@misc{") and f"url = {{{canonical}}}" in bibtex
    assert not page.locator(".gt-print-meta").is_visible()
    page.emulate_media(media="print")
    meta = page.locator(".gt-print-meta")
    version = box.locator(".gt-cite-text").inner_text().split("Critical Technology Gap Tracker, ", 1)[1].split(". ")[0]
    assert meta.is_visible() and canonical in meta.inner_text() and version in meta.inner_text()
    page.screenshot(path=artifact(f"{name}-print.png"), full_page=True)


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


def test_phone_shows_one_card_per_technology_and_no_sideways_scroll(browser: Any, site: Site) -> None:
    base_url = site.url
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
        assert [label.strip('"') for label in labels] == [h.heading for h in site.catalogue.horizons]
        boxes = [row.locator("td").nth(i).bounding_box() for i in range(len(labels))]
        assert [b["y"] for b in boxes] == sorted({b["y"] for b in boxes}), "the horizons are not stacked"
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


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_matrix_keeps_its_table_semantics_without_aria_roles(browser: Any, site: Site, viewport: str) -> None:
    """The rows are laid out as grids (desktop) or cards (phone) and carry no ARIA roles (the HTML standard
    forbids them on table rows and cells); Chromium's accessibility tree must still see a table, each
    technology a row of a row heading and three cells."""
    page = browser.new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    try:
        page.goto(site.url + "matrix/", wait_until="networkidle")
        page.locator("#gt-matrix tbody tr[id]").first.scroll_into_view_if_needed()
        session = page.context.new_cdp_session(page)
        root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]

        def role_of(selector: str, expected: str) -> str:
            """The node's role once Chromium's accessibility tree has caught up with layout: the tree is
            updated asynchronously, and a read right after load can still give "none" for a row heading."""
            node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            role = ""
            for _ in range(25):
                tree = session.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
                role = str(tree["nodes"][0]["role"]["value"])
                if role == expected:
                    break
                page.wait_for_timeout(200)
            return role

        assert role_of("#gt-matrix", "table") == "table"
        assert role_of("#gt-matrix thead th", "columnheader") == "columnheader"
        row = "#gt-matrix tbody tr[id]"
        assert role_of(row, "row") == "row"
        assert role_of(f"{row} > th", "rowheader") == "rowheader"
        assert [role_of(f"{row} > td:nth-of-type({i})", "cell") for i in (1, 2, 3)] == ["cell"] * 3
    finally:
        page.close()


# --------------------------------------------------------------------------- v.Nu, the HTML validator

THEME_ERRORS = (
    # Material's hidden toggles (drawer, search) are checkboxes with autocomplete="off".
    "Attribute “autocomplete” is only allowed when the input type is",
    # Material's navigation labels: tabindex="" on section labels, and labels of its hidden toggles.
    "Bad value “” for attribute “tabindex” on element “label”",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
)
"""Errors v.Nu finds in Material's own markup. One is excused only on an element of the theme (a class
starting ``md-``), so the same mistake in our templates still fails."""


def _theirs(message: dict[str, Any]) -> bool:
    return message["message"].startswith(THEME_ERRORS) and 'class="md-' in message.get("extract", "")


def test_every_page_is_valid_html_apart_from_listed_theme_errors(site: Site) -> None:
    require(JAVA, "Java (apt-get install default-jre-headless), for v.Nu")
    require(VNU.is_file(), f"v.Nu ({VNU}; python3 build_tools/dev.py test installs it with npm)")
    pages = sorted(str(p) for p in site.path.rglob("*.html"))
    completed = subprocess.run(
        [str(JAVA), "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(completed.stderr)["messages"]  # v.Nu writes its JSON report to stderr
    assert len(pages) > len(site.catalogue.technologies)
    ours = [
        f"{m['url'].removeprefix('file:' + str(site.path))}: {m['message']} at {m.get('extract', '')!r}"
        for m in messages
        if not _theirs(m)
    ]
    assert ours == []


# --------------------------------------------------------------------------- issue 12, items 2 and 3


def test_matrix_cells_hold_values_and_say_the_legend_once(page: Any, site: Site) -> None:
    """A cell holds its statement (or why there is none), a gap status only where a source assesses one,
    and a † link to its citation (title on hover, shown on keyboard focus); the sources and the status
    legend are said once, above the table."""
    catalogue = site.catalogue
    open_matrix(page, site.url + "matrix/")
    assert page.locator(".gt-legend").count() == 1
    legend = page.locator(".gt-legend").inner_text()
    cited = {cell.source.source for t in catalogue.technologies for cell in t.horizons.values()}
    for key in cited:
        assert catalogue.source_label(key) in legend, key
    cells = page.eval_on_selector_all(
        "#gt-matrix tbody tr[id]",
        """rows => rows.map(r => [r.id, [...r.cells].slice(1).map(c => {
             const link = c.querySelector('a.gt-cell-source');
             return {text: c.textContent, status: c.querySelector(".gt-status") ? c.querySelector(".gt-status").textContent : null,
                     href: link && link.getAttribute('href'), title: link && link.title,
                     tabbable: Boolean(link) && link.tabIndex >= 0};
           })])""",
    )
    assert len(cells) == len(catalogue.technologies)
    for tech_id, row in cells:
        tech = catalogue.get(tech_id)
        assert tech is not None
        for definition, cell in zip(catalogue.horizons, row, strict=True):
            horizon = tech.horizons[definition.key]
            said = horizon.statement if horizon.statement is not None else catalogue.absence(horizon)
            assert said in cell["text"], (tech_id, definition.key)
            if horizon.status == "not-assessed":
                assert cell["status"] is None and "Not assessed" not in cell["text"], (tech_id, definition.key)
            else:
                assert cell["status"] and horizon.status_label in cell["status"], (tech_id, definition.key)
            assert catalogue.source_label(horizon.source.source) not in cell["text"].replace("†", ""), (
                "a cell repeats its source's name"
            )
            assert cell["tabbable"] and cell["href"] == f"../technologies/{tech_id}/#{definition.key}-source"
            assert cell["title"] == (
                f"Source: {catalogue.source_label(horizon.source.source)}, {horizon.source.locator}"
            )
    # Keyboard: the † is reached with Tab and shows its citation in the cell while it has focus.
    first = page.locator("#gt-matrix a.gt-cell-source").first
    page.locator("#gt-matrix tbody tr[id] th a").first.focus()
    page.keyboard.press("Tab")
    assert first.evaluate("a => document.activeElement === a")
    shown_text = first.evaluate("a => getComputedStyle(a, '::after').content")
    assert shown_text.strip('"') == first.get_attribute("title")


def horizon_boxes(page: Any) -> list[dict[str, Any]]:
    return list(
        page.eval_on_selector_all(
            ".gt-horizon",
            """els => els.map(e => {
                 const box = e.getBoundingClientRect();
                 const said = e.querySelector('.gt-horizon-statement').getBoundingClientRect();
                 const source = e.querySelector('.gt-horizon-source').getBoundingClientRect();
                 return {id: e.querySelector('h3').id, top: box.top, left: box.left, bottom: box.bottom,
                         said: said.top, source: source.top};
               })""",
        )
    )


@pytest.mark.parametrize("width", [1280, 2560])
def test_technology_pages_show_the_horizons_in_one_row_on_a_desktop(browser: Any, site: Site, width: int) -> None:
    """Every technology page: its horizons side by side in the order of horizons.yaml, each statement
    above its citation; the record's facts (identifier, data file) after them; no line that is only
    punctuation; citations short, the whole locator in a details block."""
    catalogue = site.catalogue
    page = browser.new_page(viewport={"width": width, "height": 1200})
    try:
        for tech in catalogue.technologies:
            page.goto(f"{site.url}technologies/{tech.id}/")
            boxes = horizon_boxes(page)
            assert [b["id"] for b in boxes] == [h.key for h in catalogue.horizons if h.key in tech.horizons]
            assert len({round(b["top"]) for b in boxes}) == 1, f"{tech.id}: the horizons wrap at {width} px"
            assert [b["left"] for b in boxes] == sorted(b["left"] for b in boxes)
            assert all(b["said"] < b["source"] for b in boxes), tech.id
            facts = page.locator(".gt-facts").bounding_box()
            assert facts["y"] > max(b["bottom"] for b in boxes), f"{tech.id}: the record's facts come first"
            text = page.locator("article").inner_text()
            assert not [line for line in text.splitlines() if line.strip() in {";", ",", ".", ":"}], tech.id
            for definition in catalogue.horizons:
                horizon = tech.horizons.get(definition.key)
                if horizon is None:
                    continue
                source = page.locator(f"#{definition.key}-source")
                assert catalogue.source_label(horizon.source.source) in source.inner_text()
                if horizon.source.locator not in source.locator(".gt-cite").inner_text():
                    more = source.locator("details.gt-cite-more")
                    more.locator("summary").click()
                    assert horizon.source.locator in more.inner_text(), tech.id
        page.screenshot(path=artifact(f"technology-{width}.png"), full_page=True)
    finally:
        page.close()


def test_technology_page_is_stacked_in_order_on_a_phone(browser: Any, site: Site) -> None:
    catalogue = site.catalogue
    tech = max(catalogue.technologies, key=lambda t: len(t.horizons))
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page.goto(f"{site.url}technologies/{tech.id}/")
        boxes = horizon_boxes(page)
        assert [b["id"] for b in boxes] == [h.key for h in catalogue.horizons if h.key in tech.horizons]
        assert len({round(b["left"]) for b in boxes}) == 1
        assert all(a["bottom"] <= b["top"] for a, b in itertools.pairwise(boxes)), "not stacked"
        page.screenshot(path=artifact("technology-phone.png"), full_page=True)
    finally:
        page.close()


def test_matrix_can_be_limited_to_a_source_grade(page: Any, site: Site) -> None:
    """Issue 14: the matrix shows only technologies with a fact citing a source of the chosen grade; the
    option counts say how many, and the view is a shareable address."""
    catalogue = site.catalogue
    counts: dict[str, int] = {}
    for tech in catalogue.technologies:
        for grade in catalogue.grades_cited(tech):
            counts[grade] = counts.get(grade, 0) + 1
    splitting = [g for g, n in counts.items() if 0 < n < len(catalogue.technologies)]
    assert splitting, "no grade is cited by some technologies but not all: nothing to filter by"
    grade = min(splitting, key=lambda g: counts[g])
    open_matrix(page, site.url + "matrix/")
    options = page.locator("#gt-grade option")
    labels = {options.nth(i).get_attribute("value"): options.nth(i).inner_text() for i in range(options.count())}
    for value, n in counts.items():
        assert labels[value].endswith(f"({n})"), (value, labels[value])
    page.locator("#gt-grade").select_option(grade)
    want = expected(catalogue, grade=grade)
    assert shown(page) == want and len(want) == counts[grade]
    page.wait_for_function("want => location.search === want", arg=f"?grade={grade}")
    page.reload()
    page.locator("#gt-filters").wait_for(state="visible")
    assert page.locator("#gt-grade").input_value() == grade and shown(page) == want


# --------------------------------------------------------------------------- issue 12, item 9: phone


def test_phone_matrix_answers_within_two_screens(browser: Any, site: Site) -> None:
    """On a phone the filters other than the text box fold behind "More filters" (which says how many
    are set), the first technology's statement is within two screens, and the area heading stays at the
    top while its cards scroll by."""
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        open_matrix(page, site.url + "matrix/")
        toggle = page.locator(".gt-filters-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert page.locator("#gt-text").is_visible()
        assert not page.locator("#gt-area").is_visible() and not page.locator("#gt-org").is_visible()
        first = page.locator("#gt-matrix tbody tr[id] .gt-statement").first
        top = first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
        assert top + 20 < 2 * PHONE["height"], f"the first statement starts {top:.0f} px down"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and page.locator("#gt-area").is_visible()
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"the open filters scroll sideways: {widths}"
        by_area = Counter(site.catalogue.area_of(t).key for t in site.catalogue.technologies)
        area, rows = by_area.most_common(1)[0]
        assert rows >= 3, "no area has rows enough to scroll past its heading"
        page.locator("#gt-area").select_option(area)
        assert toggle.inner_text() == "More filters (1 set)"
        toggle.click()
        assert not page.locator("#gt-area").is_visible()
        # Sticky area heading: scrolled past the start of the area, its heading is still under the header.
        heading = page.locator(f"#gt-matrix tbody[data-area='{area}'] .gt-area-row")
        last = page.locator(f"#gt-matrix tbody[data-area='{area}'] tr[id]").last
        last.scroll_into_view_if_needed()
        header = page.locator(".md-header").bounding_box()
        box = heading.bounding_box()
        assert box["y"] >= header["y"] + header["height"] - 1 and box["y"] < header["height"] + 10, box
        page.screenshot(path=artifact("matrix-phone-sticky.png"))
    finally:
        page.close()


# --------------------------------------------------------------------------- issue 12, item 10


SMALL_TEXT = """() => {
  const found = {};
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || el.closest('svg')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 12) found[`${el.tagName.toLowerCase()}.${el.className} ${size.toFixed(1)}px`] = true;
  }
  return Object.keys(found);
}"""
"""Text of the page's own content under 12 px, folded text (details) included, as Lighthouse's
legible-font-size audit counts it (charts' SVG labels are left to their own tests)."""


def test_our_pages_use_legible_font_sizes_on_a_phone(browser: Any, site: Site) -> None:
    """Lighthouse's best-practices score lost 4 points on technology pages for text under 12 px
    (citations, grades, the BibTeX of the cite box): none is left on the pages this project writes."""
    paths = ["matrix/", "downloads/"]
    paths += [f"areas/{a.key}/" for a in site.catalogue.ordered_areas()]
    paths += [f"technologies/{t.id}/" for t in site.catalogue.technologies]
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        small = {}
        for path in paths:
            page.goto(site.url + path, wait_until="domcontentloaded")
            if found := page.evaluate(SMALL_TEXT):
                small[path] = found
        assert small == {}
    finally:
        page.close()
