"""The filter controls above the matrix: area, statement and gap status per horizon, organisation, text.

The form is plain HTML written at build time; ``templates/assets/gap-tracker/matrix.js`` makes it
work (and un-hides it: without the script a reader gets the whole table and no dead controls). The
control names are the URL parameters of a filtered view (``?moon=open&area=power``). Option labels
carry how many technologies of the whole data set each option matches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from gap_tracker.model import (
    GRADE_LABELS,
    HORIZON_COLUMNS,
    HORIZON_LABELS,
    HORIZONS,
    NOT_STATED,
    NOT_STATED_FACET,
    STATED_FACET,
    STATUS_LABELS,
    Area,
    Catalogue,
    Technology,
)
from gap_tracker.render.evidence import row_grades
from gap_tracker.render.html import esc

FORM_ID = "gt-filters"
TEXT_PARAM = "q"
AREA_PARAM = "area"
ORG_PARAM = "org"
GRADE_PARAM = "grade"


def filters_form(catalogue: Catalogue, groups: Sequence[tuple[Area, list[Technology]]], table_id: str) -> str:
    total = len(catalogue.technologies)
    controls = [
        _field(
            TEXT_PARAM,
            "Search names and statements",
            f'<input type="search" id="gt-{TEXT_PARAM}" name="{TEXT_PARAM}" autocomplete="off" spellcheck="false" '
            'placeholder="e.g. navigation, kW, autonomy">',
            "gt-filter-text",
        ),
        _field(AREA_PARAM, "Area", _select(AREA_PARAM, "All areas", [(a.key, a.name, len(t)) for a, t in groups])),
        _horizon_fields(catalogue.technologies),
        _field(
            ORG_PARAM,
            "Organisation in a demonstration",
            _select(ORG_PARAM, "Any organisation", _organisations(catalogue)),
        ),
        _field(GRADE_PARAM, "Cites a source graded", _select(GRADE_PARAM, "Any grade", _grades(catalogue))),
    ]
    return (
        f'<form class="gt-filters" id="{FORM_ID}" data-table="{esc(table_id)}" role="search" '
        'aria-label="Filter the matrix" hidden>\n'
        + "\n".join(controls)
        + '\n<div class="gt-filter-actions"><button type="reset" class="md-button">Clear filters</button></div>\n'
        + "</form>\n"
        + f'<p class="gt-filter-count" id="gt-count" role="status" aria-live="polite">{total} of {total} technologies shown.</p>\n'
        + '<p class="gt-no-match" id="gt-no-match" hidden>No technology matches these filters. '
        "Clear a filter or use fewer words.</p>"
    )


def _field(name: str, label: str, control: str, extra_class: str = "") -> str:
    classes = f"gt-filter {extra_class}".strip()
    return f'<div class="{classes}"><label for="gt-{name}">{esc(label)}</label>{control}</div>'


def _select(name: str, any_label: str, options: Sequence[tuple[str, str, int]]) -> str:
    items = [f'<option value="">{esc(any_label)}</option>']
    items += [f'<option value="{esc(value)}">{esc(label)} ({count})</option>' for value, label, count in options]
    return f'<select id="gt-{name}" name="{name}">{"".join(items)}</select>'


def _horizon_fields(technologies: list[Technology]) -> str:
    fields = []
    for h in HORIZONS:
        counts = Counter(value for t in technologies for value in t.horizons[h].facets)
        statement = [
            (STATED_FACET, "Sourced statement", counts[STATED_FACET]),
            (NOT_STATED_FACET, NOT_STATED.capitalize(), counts[NOT_STATED_FACET]),
        ]
        statuses = [(key, label, counts[key]) for key, label in STATUS_LABELS.items()]
        options = (
            '<option value="">Any</option>' + _optgroup("Statement", statement) + _optgroup("Gap status", statuses)
        )
        label = f"{HORIZON_LABELS[h]} ({HORIZON_COLUMNS[h]})"
        fields.append(_field(h, label, f'<select id="gt-{h}" name="{h}">{options}</select>'))
    return (
        '<fieldset class="gt-filter-horizons"><legend>Statement or gap status, per horizon</legend>'
        + "".join(fields)
        + "</fieldset>"
    )


def _optgroup(label: str, options: Sequence[tuple[str, str, int]]) -> str:
    items = "".join(f'<option value="{esc(v)}">{esc(text)} ({count})</option>' for v, text, count in options)
    return f'<optgroup label="{esc(label)}">{items}</optgroup>'


def _organisations(catalogue: Catalogue) -> list[tuple[str, str, int]]:
    """Organisations named by some technology's demonstrations, by label, with technology counts."""
    counts = Counter(key for t in catalogue.technologies for key in t.organisations())
    options = []
    for key, count in counts.items():
        org = catalogue.organisations.get(key)
        label = key if org is None else (f"{org.acronym}: {org.name}" if org.acronym else org.name)
        options.append((key, label, count))
    return sorted(options, key=lambda option: option[1].casefold())


def _grades(catalogue: Catalogue) -> list[tuple[str, str, int]]:
    """Source grades that some technology's facts cite, strongest first, with technology counts."""
    counts = Counter(grade for t in catalogue.technologies for grade in row_grades(catalogue, t))
    return [(grade, label, counts[grade]) for grade, label in GRADE_LABELS.items() if counts[grade]]


def show_all_control() -> str:
    """After the table: the button that lifts the script's limit on the rows shown at once."""
    return (
        '<p class="gt-more" id="gt-more" hidden>'
        '<button type="button" class="md-button">Show all matching technologies</button></p>'
    )
