"""The filter controls above the matrix: area, statement and gap status per horizon, organisation,
grade of the sources cited, text.

This module works out the options and their counts and the suggested views
(render/matrix_views.py); ``templates/pages/matrix_filters.html`` writes the form, and
``templates/assets/gap-tracker/matrix.js`` makes it work. The form is hidden while the page has
Material's ``no-js`` class (templates/main.html swaps it before the first paint, so the form takes its
place at once: no layout shift); without the script a reader gets the whole table and no dead
controls. The control names are the URL parameters of a filtered view
(``?text=kW&area=power&moon=open``). Option labels carry how many technologies each option matches;
the script keeps them following the other filters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gap_tracker.model import (
    GRADE_LABELS,
    NOT_ADDRESSED_FACET,
    STATEMENT_FACETS,
    STATUS_LABELS,
    Area,
    Catalogue,
    Technology,
)
from gap_tracker.render.matrix_views import View, suggested_views

FORM_ID = "gt-filters"
TEXT_PARAM = "text"
"""Not ``q``: Material for MkDocs opens its site search for a ``?q=`` in any page's address."""
AREA_PARAM = "area"
ORG_PARAM = "org"
GRADE_PARAM = "grade"

Option = tuple[str, str, int]
"""(value, label, how many technologies match)."""


@dataclass(frozen=True)
class FiltersForm:
    table_id: str
    total: int
    areas: list[Option]
    horizons: list[tuple[str, str, list[Option], list[Option]]]
    """Per horizon (technologies/horizons.yaml): its key, its label, its statement and its gap-status options."""
    organisations: list[Option]
    grades: list[Option]
    """Per source grade (strongest first): the technologies with a fact that cites a source of that grade."""
    suggested: list[tuple[View, int]]
    """Suggested views that show rows, with their counts."""
    form_id: str = FORM_ID
    text_param: str = TEXT_PARAM
    area_param: str = AREA_PARAM
    org_param: str = ORG_PARAM
    grade_param: str = GRADE_PARAM


def filters_form(catalogue: Catalogue, groups: Sequence[tuple[Area, list[Technology]]], table_id: str) -> FiltersForm:
    return FiltersForm(
        table_id=table_id,
        total=len(catalogue.technologies),
        areas=[(a.key, a.name, len(t)) for a, t in groups],
        horizons=_horizon_options(catalogue),
        organisations=_organisations(catalogue),
        grades=_grades(catalogue),
        suggested=suggested_views(catalogue),
    )


def _horizon_options(catalogue: Catalogue) -> list[tuple[str, str, list[Option], list[Option]]]:
    found = []
    for definition in catalogue.horizons:
        h = definition.key
        counts = Counter(value for t in catalogue.technologies if h in t.horizons for value in t.horizons[h].facets)
        statement = [
            (facet, label, counts[facet])
            for facet, label in STATEMENT_FACETS.items()
            if facet != NOT_ADDRESSED_FACET or counts[facet]  # offered only where some source leaves a horizon out
        ]
        statuses = [(key, label, counts[key]) for key, label in STATUS_LABELS.items()]
        found.append((h, f"{definition.label} ({definition.column})", statement, statuses))
    return found


def _organisations(catalogue: Catalogue) -> list[Option]:
    """Every organisation with data: named by a demonstration (of a technology or of an area) or taking
    part in a mission, by label, with technology counts (0 for one without a technology: the script greys
    it out)."""
    counts = Counter(key for t in catalogue.technologies for key in catalogue.organisations_of(t))
    for a in catalogue.ordered_areas():
        counts.update({key: 0 for demo in a.demonstrations for key in demo.organisations})
    counts.update({key: 0 for mission in catalogue.missions.values() for key in mission.organisations})
    options = []
    for key, count in counts.items():
        org = catalogue.organisations.get(key)
        label = key if org is None else (f"{org.acronym}: {org.name}" if org.acronym else org.name)
        options.append((key, label, count))
    return sorted(options, key=lambda option: option[1].casefold())


def _grades(catalogue: Catalogue) -> list[Option]:
    """Every grade, with how many technologies cite a source of it (0: the script greys it out)."""
    counts = Counter(grade for t in catalogue.technologies for grade in catalogue.grades_cited(t))
    return [(grade, label, counts[grade]) for grade, label in GRADE_LABELS.items()]
