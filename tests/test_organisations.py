"""Who does what (render/organisations.py) on an in-memory catalogue: the one-pass index, the area x
organisation table and its matrix links, the organisation pages, and the matrix's organisation filter."""

from __future__ import annotations

from urllib.parse import parse_qs

from gap_tracker.render import organisations
from gap_tracker.render.matrix_filters import filter_facts, filters_form
from gap_tracker.render.pagefacts import split
from tests.gapkit import catalogue, demo, horizon, technology

MISSIONS = {
    "lander": {
        "name": "Lander",
        "kind": "mission",
        "organisations": ["jaxa", "esa"],
        "technologies": ["landing"],
        "claims": [{"event": "landing", "when": "2024", "source": {"source": "doc", "locator": "p. 2"}}],
    }
}


def sample():  # type: ignore[no-untyped-def]
    arrays = technology("arrays", moon=horizon("x", demonstrations=[demo("Array test", "nasa", "esa")]))
    cells = technology("cells", demonstrations=[demo("Cell test", "nasa")])
    landing = technology("landing", area="comms")
    return catalogue(arrays, cells, landing, missions=MISSIONS)


def test_index_links_technologies_through_demonstrations_and_missions() -> None:
    index = organisations.organisation_index(sample())
    assert list(index) == ["esa", "jaxa", "nasa"]  # by label; 'idle' has no data
    assert index["nasa"].technology_ids == ["arrays", "cells"]
    assert index["esa"].technology_ids == ["arrays", "landing"]
    assert list(index["esa"].through_missions) == ["landing"] and index["esa"].demonstration_count == 1
    assert [m.key for m in index["jaxa"].missions] == ["lander"] and not index["jaxa"].demonstrated


def test_catalogue_organisations_of_matches_the_index() -> None:
    cat = sample()
    index = organisations.organisation_index(cat)
    for tech in cat.technologies:
        expected = {key for key, data in index.items() if tech.id in data.technology_ids}
        assert set(cat.organisations_of(tech)) == expected


def test_area_table_counts_link_to_the_matrix_view_of_organisation_and_area() -> None:
    cat = sample()
    areas, rows = organisations.area_table(cat, organisations.organisation_index(cat))
    assert [a.key for a in areas] == ["power", "comms"]
    table = {data.key: ([c.count for c in cells], total) for data, cells, total in rows}
    assert table == {"esa": ([1, 1], 2), "jaxa": ([0, 1], 1), "nasa": ([2, 0], 2)}
    esa_comms = next(cells for data, cells, _ in rows if data.key == "esa")[1]
    assert parse_qs(esa_comms.query[1:]) == {"org": ["esa"], "area": ["comms"]}


def test_pages_index_in_nav_one_page_per_organisation_with_data() -> None:
    generated = list(organisations.pages(*split(sample(), organisations.technology_facts)))
    assert [(path, in_nav) for path, _, in_nav in generated] == [
        ("organisations/index.md", True),
        ("organisations/esa.md", False),
        ("organisations/jaxa.md", False),
        ("organisations/nasa.md", False),
    ]
    index_html = str(generated[0][1].html)
    assert 'href="../matrix/?org=nasa&amp;area=power">2</a>' in index_html
    assert "IDLE" in index_html  # in the registry without data: named, not linked
    esa = str(generated[1][1].html)
    assert 'href="../../technologies/landing/"' in esa and 'href="../../missions/#lander"' in esa
    assert "demonstration: Array test" in esa and 'href="../../organisations/jaxa/"' in esa


def test_matrix_filter_lists_every_organisation_with_data() -> None:
    cat = sample()
    form = filters_form(*split(cat, filter_facts), "matrix")
    assert {key: count for key, _, count in form.organisations} == {"esa": 2, "jaxa": 1, "nasa": 2}


def test_index_is_one_pass_not_organisations_times_technologies() -> None:
    """At scale the index touches each technology once: count the calls of all_demonstrations."""
    techs = [technology(f"t{i}", demonstrations=[demo("d", "nasa", "esa", "jaxa")]) for i in range(200)]
    cat = catalogue(*techs)
    calls = 0
    original = type(cat.technologies[0]).all_demonstrations

    def counting(self):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return original(self)

    type(cat.technologies[0]).all_demonstrations = counting  # type: ignore[method-assign]
    try:
        list(organisations.pages(*split(cat, organisations.technology_facts)))
    finally:
        type(cat.technologies[0]).all_demonstrations = original  # type: ignore[method-assign]
    assert calls == len(techs)
