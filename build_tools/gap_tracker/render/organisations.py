"""Who does what: a page per organisation and an index with an area x organisation table.

An organisation has data when a demonstration names it (of a technology or of an area) or when it
takes part in a mission (missions.yaml). Its page lists the technologies it demonstrated, the
technologies of the missions it takes part in, its demonstrations and its missions. Everything is
gathered in ONE pass over the technologies, areas and missions (:func:`organisation_index`), so the
pages cost what the data holds, not organisations x technologies. The organisation pages stay out of
the sidebar (only the index is in mkdocs.yml's nav).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from gap_tracker.model import Area, Catalogue, Demonstration, Mission, Organisation, Technology
from gap_tracker.render.matrix_filters import AREA_PARAM, ORG_PARAM
from gap_tracker.render.pagefacts import Memo, areas_in_order, fresh, split
from gap_tracker.render.templating import RenderedPage, page

INDEX = "organisations/index.md"


@dataclass(frozen=True)
class TechnologyFacts:
    """What the organisation pages show or count of one technology (see :mod:`gap_tracker.render.pagefacts`)."""

    id: str
    name: str
    area: Area
    demonstrations: tuple[Demonstration, ...]
    """Its demonstrations (of its horizons, then of itself) that name an organisation."""


def technology_facts(registries: Catalogue, tech: Technology) -> TechnologyFacts:
    demos = tuple(demo for demo in tech.all_demonstrations() if demo.organisations)
    return TechnologyFacts(tech.id, tech.name, registries.area_of(tech), demos)


@dataclass
class OrganisationData:
    """What the data says one organisation does."""

    key: str
    organisation: Organisation | None
    """None for a key the registry lacks (the rules report it; the page still shows the data)."""
    demonstrated: dict[str, list[Demonstration]] = field(default_factory=dict)
    """Technology id -> the demonstrations of it that name the organisation."""
    through_missions: dict[str, list[Mission]] = field(default_factory=dict)
    """Technology id -> the missions the organisation takes part in that name the technology."""
    area_demonstrations: list[tuple[Area, Demonstration]] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    technologies: dict[str, TechnologyFacts] = field(default_factory=dict)
    """Technology id -> its facts, for every id of :attr:`technology_ids`."""

    @property
    def label(self) -> str:
        org = self.organisation
        return org.label if org else self.key

    @property
    def name(self) -> str:
        org = self.organisation
        if org is None:
            return self.key
        return f"{org.name} ({org.acronym})" if org.acronym else org.name

    @property
    def demonstration_count(self) -> int:
        """Demonstrations naming it: of technologies (one demonstration of two horizons counts twice) and of areas."""
        return sum(len(demos) for demos in self.demonstrated.values()) + len(self.area_demonstrations)

    @property
    def technology_ids(self) -> list[str]:
        return list(dict.fromkeys([*self.demonstrated, *self.through_missions]))


def organisation_index(catalogue: Catalogue) -> dict[str, OrganisationData]:
    """Every organisation with data, by key, in one pass over the data."""
    return index_of(*split(catalogue, technology_facts))


def index_of(registries: Catalogue, facts: Sequence[TechnologyFacts]) -> dict[str, OrganisationData]:
    """Every organisation with data, by key, from the registries and the technologies' facts (one pass)."""
    index: dict[str, OrganisationData] = {}
    by_id = {f.id: f for f in facts}

    def entry(key: str) -> OrganisationData:
        if key not in index:
            index[key] = OrganisationData(key, registries.organisations.get(key))
        return index[key]

    for tech in facts:
        for demo in tech.demonstrations:
            for key in dict.fromkeys(demo.organisations):
                data = entry(key)
                data.demonstrated.setdefault(tech.id, []).append(demo)
                data.technologies[tech.id] = tech
    for area in registries.ordered_areas():
        for demo in area.demonstrations:
            for key in dict.fromkeys(demo.organisations):
                entry(key).area_demonstrations.append((area, demo))
    for mission in sorted(registries.missions.values(), key=lambda m: m.name.casefold()):
        for key in dict.fromkeys(mission.organisations):
            data = entry(key)
            data.missions.append(mission)
            for tech_id in mission.technologies:
                if tech_id in by_id:
                    data.through_missions.setdefault(tech_id, []).append(mission)
                    data.technologies[tech_id] = by_id[tech_id]
    return dict(sorted(index.items(), key=lambda item: item[1].label.casefold()))


def page_path(key: str) -> str:
    return f"organisations/{key}.md"


def matrix_query(org: str, area: str | None = None) -> str:
    """The matrix view of an organisation's technologies (in one area)."""
    params = {ORG_PARAM: org} | ({AREA_PARAM: area} if area else {})
    return "?" + urlencode(params)


@dataclass(frozen=True)
class AreaCell:
    count: int
    query: str


Row = tuple[OrganisationData, list[AreaCell], int]


def area_table(registries: Catalogue, index: dict[str, OrganisationData]) -> tuple[list[Area], list[Row]]:
    """Areas (columns, those with a technology some organisation has data on) and per organisation its
    count of technologies in each area, with the matrix view of each count, and its total."""
    counted = {data.key: _per_area(data) for data in index.values()}
    used = {key for per_area in counted.values() for key in per_area}
    areas = [a for a in areas_in_order(registries, used) if a.key in used]
    rows = [
        (
            data,
            [AreaCell(counted[data.key].get(a.key, 0), matrix_query(data.key, a.key)) for a in areas],
            len(data.technology_ids),
        )
        for data in index.values()
    ]
    return areas, rows


def _per_area(data: OrganisationData) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tech_id in data.technology_ids:
        key = data.technologies[tech_id].area.key
        counts[key] = counts.get(key, 0) + 1
    return counts


def pages(
    registries: Catalogue, facts: Sequence[TechnologyFacts], memo: Memo[Any] = fresh
) -> Iterator[tuple[str, RenderedPage, bool]]:
    """(src_uri, page, in the nav) for the index and each organisation with data.

    ``memo`` (see :mod:`gap_tracker.render.pagefacts`) keeps the index while the facts are the same,
    and an organisation's page while what it shows (its :class:`OrganisationData`) is the same.
    """
    index: dict[str, OrganisationData] = memo("organisations\0index", facts, lambda: index_of(registries, facts))
    yield INDEX, memo(INDEX, facts, lambda: _index_page(registries, index)), True
    for data in index.values():
        path = page_path(data.key)
        yield path, memo(path, data, lambda data=data: _organisation_page(registries, data)), False  # type: ignore[misc]


def _index_page(registries: Catalogue, index: dict[str, OrganisationData]) -> RenderedPage:
    areas, rows = area_table(registries, index)
    return page(
        "organisations.html",
        "Organisations",
        {"description": "Which agencies and organisations demonstrate which critical technologies, by area."},
        areas=areas,
        rows=rows,
        without_data=sorted(
            (o for k, o in registries.organisations.items() if k not in index), key=lambda o: o.label.casefold()
        ),
        matrix_query=matrix_query,
    )


def _organisation_page(registries: Catalogue, data: OrganisationData) -> RenderedPage:
    technologies: list[tuple[TechnologyFacts, list[Demonstration], list[Mission]]] = [
        (data.technologies[tech_id], data.demonstrated.get(tech_id, []), data.through_missions.get(tech_id, []))
        for tech_id in data.technology_ids
    ]
    technologies.sort(key=lambda item: _order(item[0]))
    return page(
        "organisation.html",
        data.name,
        {"description": f"What the data says {data.name} does: technologies, demonstrations, missions."},
        catalogue=registries,
        data=data,
        technologies=technologies,
        query=matrix_query(data.key),
        base="../../",
    )


def _order(tech: TechnologyFacts) -> tuple[int, str, str]:
    return (tech.area.order, tech.area.key, tech.name.casefold())
