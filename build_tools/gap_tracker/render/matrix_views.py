"""Suggested views of the matrix: filtered addresses that answer a reader's question and return rows
(written under the filters by templates/pages/matrix_filters.html).

Each candidate is a question and the filter values that answer it; only those that match at least
one technology of the data being built are offered, with how many they match, so a suggestion
never leads to an empty table. The matching mirrors the page's script (area, per-horizon facets,
organisation; no free text, whose folding only the script does).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from gap_tracker.model import NOT_STATED_FACET, STATED_FACET, STATUS_LABELS, Catalogue
from gap_tracker.render.pagefacts import facets_of

if TYPE_CHECKING:
    from gap_tracker.render.matrix_filters import FilterFacts

MAX_VIEWS = 6


@dataclass(frozen=True)
class View:
    label: str
    params: dict[str, str]
    """Filter name -> value, in the order of the form's fields."""

    @property
    def query(self) -> str:
        return "?" + urlencode(self.params)


def matching(registries: Catalogue, facts: Sequence[FilterFacts], params: dict[str, str]) -> int:
    """How many technologies a view shows (the area, horizon and organisation filters)."""
    found = 0
    for tech in facts:
        if params.get("area") and tech.area != params["area"]:
            continue
        if any(params.get(h) and params[h] not in facets_of(tech.facets, h) for h in registries.horizon_keys):
            continue
        if params.get("org") and params["org"] not in tech.organisations:
            continue
        found += 1
    return found


def _candidates(registries: Catalogue, facts: Sequence[FilterFacts]) -> Iterator[View]:
    horizons = registries.horizons
    for before, after in pairwise(horizons):
        yield View(
            f"What {after.label} needs that the {before.label} column leaves empty",
            {before.key: NOT_STATED_FACET, after.key: STATED_FACET},
        )
    later = horizons[1:]
    for status in ("open", "partially-closed", "closed"):
        for h in later:
            yield View(f"{STATUS_LABELS[status]}: {h.label}", {h.key: status})
    by_area = Counter(f.area for f in facts)
    for key, _ in by_area.most_common(2):
        if key in registries.areas and later:
            yield View(
                f"{registries.areas[key].name}: needs stated for {' and '.join(h.label for h in later)}",
                {"area": key, **{h.key: STATED_FACET for h in later}},
            )
    orgs = Counter(o for f in facts for o in f.organisations)
    for key, _ in orgs.most_common(2):
        org = registries.organisations.get(key)
        yield View(f"With {org.label if org else key} (demonstration or mission)", {"org": key})


def suggested_views(registries: Catalogue, facts: Sequence[FilterFacts]) -> list[tuple[View, int]]:
    """The candidates that show at least one technology, each with its count (at most MAX_VIEWS)."""
    views = []
    for view in _candidates(registries, facts):
        count = matching(registries, facts, view.params)
        if count:
            views.append((view, count))
    return views[:MAX_VIEWS]
