"""The matrix page as written at build time: what its rows and filter controls carry."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import html5lib
import pytest

from gap_tracker.load import load_project
from gap_tracker.model import GRADE_LABELS, Catalogue
from gap_tracker.render.matrix import ROWS_PER_BODY, render_matrix_page
from tests.conftest import SCHEMA_DIR, TODAY


@pytest.fixture
def catalogue(valid_project: Path) -> Catalogue:
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.catalogue is not None
    return result.catalogue


def _page(catalogue: Catalogue) -> Any:
    return html5lib.parse(str(render_matrix_page(catalogue).html), namespaceHTMLElements=False)


def test_page_asks_for_the_filter_script(catalogue: Catalogue) -> None:
    assert render_matrix_page(catalogue).meta["gt_matrix"] is True


def test_rows_carry_statement_status_and_organisations(catalogue: Catalogue) -> None:
    rows = {tr.get("id"): tr for tr in _page(catalogue).iter("tr") if tr.get("id")}
    assert list(rows) == [t.id for t in catalogue.technologies]
    for tech in catalogue.technologies:
        row = rows[tech.id]
        for h in catalogue.horizon_keys:
            cell = tech.horizons[h]
            assert row.get(f"data-{h}") == f"{'stated' if cell.stated else 'not-stated'} {cell.status}"
        orgs = {o for d in tech.all_demonstrations() for o in d.organisations}
        assert set((row.get("data-orgs") or "").split()) == orgs
        assert [td.get("data-label").split(":")[0] for td in row.findall("td")] == [h.label for h in catalogue.horizons]


def test_filter_form_has_a_label_for_each_control(catalogue: Catalogue) -> None:
    """The form is not hidden by an attribute (the stylesheet hides it under Material's no-js class, so
    that it takes its place before the first paint); tests/test_browser.py checks it without script."""
    form = _page(catalogue).find(".//form[@id='gt-filters']")
    assert form.get("hidden") is None and form.get("data-table") == "gt-matrix"
    names = [el.get("name") for el in form.iter() if el.get("name")]
    assert names == ["text", "area", *catalogue.horizon_keys, "org", "grade"]
    for el in form.iter():
        if el.get("name"):
            labels = [lb for lb in form.iter("label") if lb.get("for") == el.get("id")]
            assert len(labels) == 1, el.get("name")


def test_option_counts_are_the_data_set_counts(catalogue: Catalogue) -> None:
    form = _page(catalogue).find(".//form[@id='gt-filters']")
    areas = {o.get("value"): o.text for o in form.find(".//select[@name='area']").iter("option")}
    by_area = catalogue.by_area()
    for area in catalogue.ordered_areas():
        assert areas[area.key] == f"{area.name} ({len(by_area.get(area.key, []))})"
    orgs = Counter(
        o for t in catalogue.technologies for o in {o for d in t.all_demonstrations() for o in d.organisations}
    )
    # Every organisation with data: named by a technology's demonstration, or only by an area's (count 0).
    named = set(orgs) | {o for a in catalogue.ordered_areas() for d in a.demonstrations for o in d.organisations}
    offered = {o.get("value"): o.text for o in form.find(".//select[@name='org']").iter("option") if o.get("value")}
    assert set(offered) == named
    for key, text in offered.items():
        assert text.endswith(f"({orgs[key]})")
    moon = {o.get("value"): o.text for o in form.find(".//select[@name='moon']").iter("option")}
    stated = sum(t.horizons["moon"].stated for t in catalogue.technologies)
    assert moon["stated"] == f"Sourced statement ({stated})"
    assert moon["not-stated"] == f"Not stated in source ({len(catalogue.technologies) - stated})"
    grades = {o.get("value"): o.text for o in form.find(".//select[@name='grade']").iter("option") if o.get("value")}
    assert list(grades) == list(GRADE_LABELS)
    for grade, text in grades.items():
        cite = sum(grade in catalogue.grades_cited(t) for t in catalogue.technologies)
        assert text == f"{GRADE_LABELS[grade]} ({cite})"


def test_a_large_area_continues_in_row_groups_of_fixed_size(catalogue: Catalogue) -> None:
    template = next(t for t in catalogue.technologies if t.area == "power")
    many = [
        dataclasses.replace(template, id=f"copy-{i:03d}", name=f"Copy {i:03d}") for i in range(2 * ROWS_PER_BODY + 3)
    ]
    large = Catalogue(
        many,
        catalogue.areas,
        catalogue.sources,
        catalogue.organisations,
        catalogue.gap_assessments,
        catalogue.horizons,
    )
    bodies = [b for b in _page(large).iter("tbody") if b.get("data-area") == "power"]
    sizes = [len([tr for tr in b.iter("tr") if tr.get("id")]) for b in bodies]
    assert sizes == [ROWS_PER_BODY, ROWS_PER_BODY, 3]
    assert [len([tr for tr in b.iter("tr") if "gt-area-row" in (tr.get("class") or "")]) for b in bodies] == [1, 0, 0]
