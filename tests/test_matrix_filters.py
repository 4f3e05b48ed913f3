"""The matrix filters, in real headless Chromium, on a synthetic data set.

The bundled data has no gap status other than "not assessed" yet, so the filters are checked on data
from bench/synth.py, which has every status, organisations and empty cells. The rows each filter should
leave are worked out here, from the model, independently of the page's script; the test compares them
with the rows the browser shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from gap_tracker.model import Catalogue
from tests.browserkit import DESKTOP, serve
from tests.conftest import horizon_keys
from tests.matrixkit import expected, fold, shown
from tests.sitebuild import build_site
from tests.synthkit import synthetic_catalogue

pytestmark = pytest.mark.browser
N = 120


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Catalogue]]:
    project = tmp_path_factory.mktemp("filters") / "project"
    catalogue = synthetic_catalogue(project, N)
    build_site(project, project / "site")
    with serve(project / "site") as url:
        yield url + "matrix/", catalogue


@pytest.fixture
def matrix(browser: Any, synthetic: tuple[str, Catalogue]) -> Iterator[Any]:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(synthetic[0], wait_until="domcontentloaded")
    page.locator("#gt-filters").wait_for(state="visible")
    yield page
    page.close()


@pytest.fixture
def catalogue(synthetic: tuple[str, Catalogue]) -> Catalogue:
    return synthetic[1]


def expect_query(page: Any, params: dict[str, str]) -> None:
    """The URL's query becomes ``params`` (the script writes it a moment after the last change)."""
    want = urlencode(params)  # in the order of the form's fields, as the script writes them
    try:
        page.wait_for_function("want => location.search.slice(1) === want", arg=want, timeout=3000)
    except Exception:
        raise AssertionError(f"URL query {urlparse(page.url).query!r}, expected {want!r}") from None
    assert {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()} == params


def count_text(page: Any) -> str:
    return str(page.locator("#gt-count").inner_text())


def a_word_in_some_rows(catalogue: Catalogue) -> str:
    """A word of the Mars statements that some, but not most, technologies contain."""
    words = Counter(
        w
        for t in catalogue.technologies
        for w in set((t.horizons["mars"].statement or "").lower().split())
        if len(w) > 5
    )
    return next(
        w for w, n in words.most_common() if 2 <= len(expected(catalogue, text=w)) <= len(catalogue.technologies) // 3
    )


# --------------------------------------------------------------------------- each filter


def test_all_rows_are_shown_before_any_filter(matrix: Any, catalogue: Catalogue) -> None:
    assert shown(matrix) == [t.id for t in catalogue.technologies]
    assert count_text(matrix) == f"{N} of {N} technologies shown."
    expect_query(matrix, {})


def test_text_filter_narrows_as_the_reader_types(matrix: Any, catalogue: Catalogue) -> None:
    word = a_word_in_some_rows(catalogue)
    box = matrix.locator("#gt-text")
    box.press_sequentially(word[:3], delay=10)
    assert shown(matrix) == expected(catalogue, text=word[:3])
    box.press_sequentially(word[3:].upper(), delay=10)  # case does not matter
    want = expected(catalogue, text=word)
    assert 0 < len(want) < N
    assert shown(matrix) == want
    assert count_text(matrix) == f"{len(want)} of {N} technologies shown."
    expect_query(matrix, {"text": word[:3] + word[3:].upper()})
    second = fold(catalogue.get(want[0]).name.split()[0])  # type: ignore[union-attr]
    box.press_sequentially(" " + second, delay=10)  # every word must match
    assert shown(matrix) == expected(catalogue, text=f"{word} {second}")


def test_area_filter(matrix: Any, catalogue: Catalogue) -> None:
    area = Counter(catalogue.area_of(t).key for t in catalogue.technologies).most_common(1)[0][0]
    matrix.locator("#gt-area").select_option(area)
    want = expected(catalogue, area=area)
    assert shown(matrix) == want and 0 < len(want) < N
    expect_query(matrix, {"area": area})
    hidden_groups = matrix.eval_on_selector_all(
        "#gt-matrix tbody", "bs => bs.filter(b => b.hidden).map(b => b.dataset.area)"
    )
    assert area not in hidden_groups and len(hidden_groups) == len(catalogue.ordered_areas()) - 1


@pytest.mark.parametrize("horizon", horizon_keys())
def test_statement_and_status_filters_per_horizon(matrix: Any, catalogue: Catalogue, horizon: str) -> None:
    statuses = Counter(
        t.horizons[horizon].status for t in catalogue.technologies if t.horizons[horizon].status != "not-assessed"
    )
    for value in [statuses.most_common(1)[0][0], "not-stated", "stated"]:
        matrix.locator(f"#gt-{horizon}").select_option(value)
        want = expected(catalogue, **{horizon: value})
        assert shown(matrix) == want and 0 < len(want) < N, value
        expect_query(matrix, {horizon: value})


def test_open_moon_gaps_of_one_area(matrix: Any, catalogue: Catalogue) -> None:
    """The reader's question "which Moon gaps in this area are still open?": filters combine."""
    tech = next(t for t in catalogue.technologies if t.horizons["moon"].status == "open")
    area = catalogue.area_of(tech).key
    matrix.locator("#gt-moon").select_option("open")
    matrix.locator("#gt-area").select_option(area)
    want = expected(catalogue, area=area, moon="open")
    assert tech.id in want and shown(matrix) == want


def test_organisation_filter(matrix: Any, catalogue: Catalogue) -> None:
    orgs = Counter(o for t in catalogue.technologies for o in t.organisations())
    org = orgs.most_common(1)[0][0]
    matrix.locator("#gt-org").select_option(org)
    want = expected(catalogue, org=org)
    assert shown(matrix) == want and len(want) == orgs[org]
    expect_query(matrix, {"org": org})


def option_counts(page: Any) -> dict[str, dict[str, tuple[str, bool]]]:
    """Per list: option value -> (its label, whether it is disabled), for every option but "any"."""
    return dict(
        page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('#gt-filters select')].map(s =>
                 [s.name, Object.fromEntries([...s.options].filter(o => o.value).map(o => [o.value, [o.text, o.disabled]]))]))"""
        )
    )


def test_option_counts_follow_the_other_filters(matrix: Any, catalogue: Catalogue) -> None:
    """Each option says how many rows the view would show with it chosen and every other filter kept
    (landscape2's faceted counts); an option that would show nothing is disabled, unless chosen."""
    word = a_word_in_some_rows(catalogue)
    tech = catalogue.get(expected(catalogue, text=word)[0])
    assert tech is not None
    state = {"text": word, "area": catalogue.area_of(tech).key, "moon": tech.horizons["moon"].status}
    matrix.locator("#gt-text").press_sequentially(word, delay=5)
    matrix.locator("#gt-area").select_option(state["area"])
    matrix.locator("#gt-moon").select_option(state["moon"])
    assert shown(matrix) == expected(catalogue, **state)
    seen_zero = False
    for name, options in option_counts(matrix).items():
        for value, (label, disabled) in options.items():
            n = len(expected(catalogue, **{**state, name: value}))
            assert label.endswith(f" ({n})"), (name, value, label, n)
            assert disabled == (n == 0 and state.get(name) != value), (name, value, label)
            seen_zero = seen_zero or n == 0
    assert seen_zero, "no option would show nothing: the test checks no greyed option"
    matrix.locator("#gt-filters button[type=reset]").click()
    matrix.wait_for_function(f"document.getElementById('gt-count').textContent.startsWith('{N} of')")
    for name, options in option_counts(matrix).items():
        for value, (label, _) in options.items():
            assert label.endswith(f" ({len(expected(catalogue, **{name: value}))})"), (name, value, label)


def test_rows_to_show_appear_in_batches_after_the_first_frame(matrix: Any, catalogue: Catalogue) -> None:
    """Widening the view shows the first rows in the keystroke's frame and the rest in the frames after."""
    word = a_word_in_some_rows(catalogue)
    narrowed = len(expected(catalogue, text=word))
    matrix.evaluate("document.getElementById('gt-filters').dataset.batch = '10'")
    matrix.locator("#gt-text").press_sequentially(word, delay=5)
    first = matrix.evaluate(
        """() => new Promise(resolve => {
          const table = document.getElementById('gt-matrix');
          let first;
          table.addEventListener('gt:filtered', event => {
            const visible = [...table.querySelectorAll('tbody tr[id]')].filter(r => !r.hidden).length;
            first = {...event.detail, visible};
          }, {once: true});
          table.addEventListener('gt:settled', () => resolve(first), {once: true});
          const box = document.getElementById('gt-text');
          box.value = '';
          box.dispatchEvent(new Event('input', {bubbles: true}));
        })"""
    )
    assert first == {"shown": N, "total": N, "displayed": N, "pending": N - narrowed - 10, "visible": narrowed + 10}
    assert shown(matrix) == [t.id for t in catalogue.technologies]


def test_at_most_the_limit_of_rows_is_shown_until_the_reader_asks_for_all(matrix: Any, catalogue: Catalogue) -> None:
    every = [t.id for t in catalogue.technologies]
    matrix.evaluate(
        """() => {
          document.getElementById('gt-filters').dataset.limit = '30';
          document.getElementById('gt-text').dispatchEvent(new Event('input', {bubbles: true}));
        }"""
    )
    assert shown(matrix) == every[:30]
    assert count_text(matrix) == f"{N} of {N} technologies match; the first 30 are shown."
    button = matrix.locator("#gt-more button")
    assert button.is_visible() and button.inner_text() == f"Show all {N} matching technologies"
    button.click()
    matrix.wait_for_function(f"document.getElementById('gt-count').textContent === '{N} of {N} technologies shown.'")
    matrix.wait_for_function(f"document.querySelectorAll('#gt-matrix tbody tr[id]:not([hidden])').length === {N}")
    assert shown(matrix) == every and not matrix.locator("#gt-more").is_visible()
    word = a_word_in_some_rows(catalogue)
    matrix.locator("#gt-text").press_sequentially(word, delay=5)  # a new filter applies the limit again
    want = expected(catalogue, text=word)
    assert shown(matrix) == want[:30]
    assert matrix.locator("#gt-more").is_visible() == (len(want) > 30)


def test_printing_shows_every_match_beyond_the_limit(matrix: Any, catalogue: Catalogue) -> None:
    matrix.evaluate(
        """() => {
          document.getElementById('gt-filters').dataset.limit = '30';
          document.getElementById('gt-text').dispatchEvent(new Event('input', {bubbles: true}));
        }"""
    )
    assert len(shown(matrix)) == 30
    matrix.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert shown(matrix) == [t.id for t in catalogue.technologies]


def test_no_match_says_so(matrix: Any) -> None:
    matrix.locator("#gt-text").press_sequentially("qqqzzz", delay=5)
    assert shown(matrix) == []
    assert matrix.locator("#gt-no-match").is_visible()
    assert count_text(matrix) == f"0 of {N} technologies shown."


# --------------------------------------------------------------------------- shared views


def test_opening_a_filtered_url_restores_the_view(browser: Any, synthetic: tuple[str, Catalogue]) -> None:
    url, catalogue = synthetic
    tech = next(t for t in catalogue.technologies if t.organisations() and t.horizons["moon"].stated)
    params = {
        "text": tech.name.split()[0].lower(),
        "area": catalogue.area_of(tech).key,
        "moon": "stated",
        "org": tech.organisations()[0],
    }
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(f"{url}?{urlencode(params)}")
        page.locator("#gt-filters").wait_for(state="visible")
        for name, value in params.items():
            assert page.locator(f"[name={name}]").input_value() == value
        want = expected(catalogue, **params)
        assert tech.id in want and shown(page) == want
        assert count_text(page) == f"{len(want)} of {N} technologies shown."
    finally:
        page.close()


def test_unknown_values_in_the_url_leave_filters_open(browser: Any, synthetic: tuple[str, Catalogue]) -> None:
    url, catalogue = synthetic
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(url + "?area=nowhere&moon=maybe&org=%3Cscript%3E")
        page.locator("#gt-filters").wait_for(state="visible")
        assert [page.locator(f"#gt-{n}").input_value() for n in ("area", "moon", "org")] == ["", "", ""]
        assert shown(page) == [t.id for t in catalogue.technologies]
    finally:
        page.close()


def test_keyboard_only(matrix: Any, catalogue: Catalogue) -> None:
    def tab_to(selector: str) -> None:
        for _ in range(80):
            matrix.keyboard.press("Tab")
            if matrix.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    word = a_word_in_some_rows(catalogue)
    tab_to("#gt-text")
    matrix.keyboard.type(word, delay=10)
    assert shown(matrix) == expected(catalogue, text=word)
    matrix.keyboard.press("Tab")  # next control: the area
    matrix.keyboard.press("ArrowDown")
    area = matrix.locator("#gt-area").input_value()
    assert area, "ArrowDown on the focused area list chose no area"
    assert shown(matrix) == expected(catalogue, text=word, area=area)
    tab_to("#gt-filters button[type=reset]")
    matrix.keyboard.press("Enter")
    matrix.wait_for_function(f"document.getElementById('gt-count').textContent.startsWith('{N} of')")
    assert shown(matrix) == [t.id for t in catalogue.technologies]
    expect_query(matrix, {})


def test_without_script_the_whole_table_shows_and_no_dead_controls(
    browser: Any, synthetic: tuple[str, Catalogue]
) -> None:
    url, catalogue = synthetic
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(url + "?text=nothing-matches-this")
        assert not page.locator("#gt-filters").is_visible()
        assert shown(page) == [t.id for t in catalogue.technologies]
    finally:
        context.close()
