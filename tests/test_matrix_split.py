"""A large matrix keeps only its first rows in the page and fetches the others on first use.

Above render/matrix.py's SPLIT_ABOVE technologies the matrix page holds its first ROWS_IN_PAGE rows;
the others are row groups in matrix/rows.html, fetched by the script when the reader turns to the
filters or "Show all". Building 1,000+ technologies would take minutes here, so the thresholds are
lowered for a synthetic set above them (the same code path; bench/browser.py measures N = 5,000).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from gap_tracker.model import Catalogue
from gap_tracker.render import matrix as matrix_render
from tests.browserkit import DESKTOP, serve
from tests.hostilekit import TEXT
from tests.matrixkit import expected, shown
from tests.sitebuild import build_site
from tests.synthkit import checked_catalogue, synthetic_catalogue

pytestmark = pytest.mark.browser
N = 150
IN_PAGE = 40
BUDGET_GZ = 500_000
ROW_ID = re.compile(r'<tr id="([^"]+)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Catalogue]]:
    project = tmp_path_factory.mktemp("split") / "project"
    catalogue = synthetic_catalogue(project, N)
    # The last row (fetched, not in the page) carries hostile text: it must stay text.
    last = project / catalogue.technologies[-1].path
    data = yaml.safe_load(last.read_text(encoding="utf-8"))
    data["horizons"]["mars"]["statement"] = TEXT
    last.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalogue = checked_catalogue(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matrix_render, "SPLIT_ABOVE", N - 1)
        patch.setattr(matrix_render, "ROWS_IN_PAGE", IN_PAGE)
        build_site(project, project / "site")
    yield project / "site", catalogue


@pytest.fixture(scope="module")
def url(built: tuple[Path, Catalogue]) -> Iterator[str]:
    with serve(built[0]) as base:
        yield base + "matrix/"


def ids_in(path: Path) -> list[str]:
    return ROW_ID.findall(path.read_text(encoding="utf-8"))


def test_the_page_holds_the_first_rows_and_the_fragment_the_others(built: tuple[Path, Catalogue]) -> None:
    site, catalogue = built
    every = [t.id for t in catalogue.technologies]
    assert ids_in(site / "matrix" / "index.html") == every[:IN_PAGE]
    assert ids_in(site / "matrix" / "rows.html") == every[IN_PAGE:]
    assert len(gzip.compress((site / "matrix" / "index.html").read_bytes())) < BUDGET_GZ


def test_without_script_every_technology_left_out_is_linked_from_its_area_page(
    built: tuple[Path, Catalogue],
) -> None:
    site, catalogue = built
    page = (site / "matrix" / "index.html").read_text(encoding="utf-8")
    left_out = [t for t in catalogue.technologies if t.id not in ids_in(site / "matrix" / "index.html")]
    assert left_out
    for area_key in {catalogue.area_of(t).key for t in left_out}:
        assert f'href="../areas/{area_key}/">the area page</a>' in page
    for tech in left_out:
        area_page = (site / "areas" / catalogue.area_of(tech).key / "index.html").read_text(encoding="utf-8")
        assert f'href="../../technologies/{tech.id}/"' in area_page, tech.id


def test_first_view_fetches_no_rows_and_counts_every_technology(browser: Any, url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url, wait_until="networkidle")
    assert len(shown(page)) == IN_PAGE
    assert page.locator("#gt-count").inner_text() == f"{N} of {N} technologies match; the first {IN_PAGE} are shown."
    assert page.locator("#gt-more button").inner_text() == f"Show all {N} matching technologies"
    assert not [u for u in requested if u.endswith("/matrix/rows.html")]
    page.close()


def test_filters_find_rows_that_were_not_in_the_page(browser: Any, url: str, built: tuple[Path, Catalogue]) -> None:
    _, catalogue = built
    later = catalogue.technologies[-1]
    word = max(later.name.lower().split(), key=len)
    want = expected(catalogue, text=word)
    assert later.id in want
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url, wait_until="networkidle")
    page.locator("#gt-text").press_sequentially(word, delay=5)
    page.wait_for_function(
        "want => document.getElementById('gt-count').textContent === want",
        arg=f"{len(want)} of {N} technologies shown.",
    )
    assert shown(page) == want
    page.close()


def test_show_all_loads_and_shows_every_row(browser: Any, url: str, built: tuple[Path, Catalogue]) -> None:
    _, catalogue = built
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url, wait_until="networkidle")
    page.locator("#gt-more button").click()
    page.wait_for_function(f"document.querySelectorAll('#gt-matrix tbody tr[id]:not([hidden])').length === {N}")
    assert shown(page) == [t.id for t in catalogue.technologies]
    assert page.locator(".gt-more-rows").count() == 0
    last = page.locator(f"#{catalogue.technologies[-1].id}")
    assert "<script>window.__hx=3</script>" in (last.text_content() or "")
    assert last.locator("script, img, svg, style").count() == 0
    assert page.evaluate("window.__hx === undefined")
    page.close()
