"""Pages that list or count every technology, made in two stages so that ``mkdocs serve`` can keep them.

1. Per technology, a *facts* value: a small frozen dataclass holding exactly what a page shows or
   counts of that technology, a pure function of the technology and the registries (areas, sources,
   organisations, missions, ...). ``mkdocs serve`` keeps each technology's facts while its file and the
   registries are unchanged (:class:`gap_tracker.servecache.FactsCache`), so unchanged facts are the
   very same objects from one build to the next.
2. A render function that receives the registries (:func:`registries_of`: the catalogue without its
   technologies) and the list of facts, never a Technology or the full Catalogue, so the page cannot
   show anything its facts do not hold. It asks a :data:`Memo` for each page: a build renders every
   time (:func:`fresh`); ``serve`` renders again only when the page's key (its facts) or the registries
   changed since the previous build (``GapTrackerPlugin._memo``). Tuple equality of facts is fast:
   unchanged facts are the same objects.

One code path for ``mkdocs build`` and ``mkdocs serve``: the cache is only an adapter around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from gap_tracker.model import Area, Catalogue, Technology

T = TypeVar("T")
F = TypeVar("F")

Memo = Callable[[str, object, Callable[[], T]], T]
"""``memo(name, key, render)``: ``render()``, or what it gave for the same name and an equal key (``==``) before."""


def fresh(name: str, key: object, render: Callable[[], T]) -> T:
    """The memo of a build: every page is rendered."""
    return render()


def registries_of(catalogue: Catalogue) -> Catalogue:
    """The catalogue's registries (areas, sources, organisations, missions, horizons, ...) without its technologies.

    A render function given this cannot read a technology: whatever it shows of one comes from its facts.
    ``ordered_areas()`` of it lacks the "area not stated" group: see :func:`areas_in_order`.
    """
    return Catalogue(
        technologies=[],
        areas=catalogue.areas,
        sources=catalogue.sources,
        organisations=catalogue.organisations,
        gap_assessments=catalogue.gap_assessments,
        horizons=list(catalogue.horizons),
        schema_version=catalogue.schema_version,
        removed=catalogue.removed,
        missions=catalogue.missions,
    )


Facets = tuple[tuple[str, tuple[str, str]], ...]
"""Per horizon a technology has (key): its statement facet and gap status (``Horizon.facets``)."""


def horizon_facets(tech: Technology) -> Facets:
    return tuple((key, cell.facets) for key, cell in tech.horizons.items())


def facets_of(facets: Facets, horizon: str) -> tuple[str, ...]:
    """One horizon's facets (none when the technology lacks the horizon)."""
    return next((found for key, found in facets if key == horizon), ())


def split(catalogue: Catalogue, make: Callable[[Catalogue, Technology], F]) -> tuple[Catalogue, tuple[F, ...]]:
    """The registries and every technology's facts, as a build (without a cache) makes them."""
    registries = registries_of(catalogue)
    return registries, tuple(make(registries, tech) for tech in catalogue.technologies)


def areas_in_order(registries: Catalogue, used: Iterable[str]) -> list[Area]:
    """The areas in GER order, plus the "area not stated" group when a technology's area (key) is none of them,
    as :meth:`Catalogue.ordered_areas` gives them."""
    areas = registries.ordered_areas()
    if registries.unassigned not in areas and any(key not in registries.areas for key in used):
        areas.append(registries.unassigned)
    return areas
