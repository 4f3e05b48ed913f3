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
    Catalogue,
    Technology,
)
from gap_tracker.render.matrix_views import View, suggested_views
from gap_tracker.render.pagefacts import Facets, areas_in_order, facets_of, horizon_facets

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


@dataclass(frozen=True)
class FilterFacts:
    """What the filters count of one technology (see :mod:`gap_tracker.render.pagefacts`)."""

    area: str
    facets: Facets
    organisations: tuple[str, ...]
    grades: tuple[str, ...]


def filter_facts(registries: Catalogue, tech: Technology) -> FilterFacts:
    return FilterFacts(
        registries.area_of(tech).key,
        horizon_facets(tech),
        tuple(registries.organisations_of(tech)),
        tuple(registries.grades_cited(tech)),
    )


def filters_form(registries: Catalogue, facts: Sequence[FilterFacts], table_id: str) -> FiltersForm:
    by_area = Counter(f.area for f in facts)
    return FiltersForm(
        table_id=table_id,
        total=len(facts),
        areas=[(a.key, a.name, by_area[a.key]) for a in areas_in_order(registries, by_area)],
        horizons=_horizon_options(registries, facts),
        organisations=_organisations(registries, facts),
        grades=_grades(facts),
        suggested=suggested_views(registries, facts),
    )


def _horizon_options(
    registries: Catalogue, facts: Sequence[FilterFacts]
) -> list[tuple[str, str, list[Option], list[Option]]]:
    found = []
    for definition in registries.horizons:
        h = definition.key
        counts = Counter(value for f in facts for value in facets_of(f.facets, h))
        statement = [
            (facet, label, counts[facet])
            for facet, label in STATEMENT_FACETS.items()
            if facet != NOT_ADDRESSED_FACET or counts[facet]  # offered only where some source leaves a horizon out
        ]
        statuses = [(key, label, counts[key]) for key, label in STATUS_LABELS.items()]
        found.append((h, f"{definition.label} ({definition.column})", statement, statuses))
    return found


def _organisations(registries: Catalogue, facts: Sequence[FilterFacts]) -> list[Option]:
    """Every organisation with data: named by a demonstration (of a technology or of an area) or taking
    part in a mission, by label, with technology counts (0 for one without a technology: the script greys
    it out)."""
    counts = Counter(key for f in facts for key in f.organisations)
    for a in registries.ordered_areas():
        counts.update({key: 0 for demo in a.demonstrations for key in demo.organisations})
    counts.update({key: 0 for mission in registries.missions.values() for key in mission.organisations})
    options = []
    for key, count in counts.items():
        org = registries.organisations.get(key)
        label = key if org is None else (f"{org.acronym}: {org.name}" if org.acronym else org.name)
        options.append((key, label, count))
    return sorted(options, key=lambda option: option[1].casefold())


def _grades(facts: Sequence[FilterFacts]) -> list[Option]:
    """Every grade, with how many technologies cite a source of it (0: the script greys it out)."""
    counts = Counter(grade for f in facts for grade in f.grades)
    return [(grade, label, counts[grade]) for grade, label in GRADE_LABELS.items()]
