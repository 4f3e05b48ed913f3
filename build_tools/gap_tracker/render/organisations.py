"""Who does what: a page per organisation and an index with an area x organisation table.

An organisation has data when a demonstration names it (of a technology or of an area) or when it
takes part in a mission (missions.yaml). Its page lists the technologies it demonstrated, the
technologies of the missions it takes part in, its demonstrations and its missions. Everything is
gathered in ONE pass over the technologies, areas and missions (:func:`organisation_index`), so the
pages cost what the data holds, not organisations x technologies. The organisation pages stay out of
the sidebar (only the index is in mkdocs.yml's nav).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from gap_tracker.model import Area, Catalogue, Demonstration, Mission, Organisation, Technology
from gap_tracker.render.matrix_filters import AREA_PARAM, ORG_PARAM
from gap_tracker.render.templating import RenderedPage, page

INDEX = "organisations/index.md"


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
    index: dict[str, OrganisationData] = {}

    def entry(key: str) -> OrganisationData:
        if key not in index:
            index[key] = OrganisationData(key, catalogue.organisations.get(key))
        return index[key]

    for tech in catalogue.technologies:
        for demo in tech.all_demonstrations():
            for key in dict.fromkeys(demo.organisations):
                entry(key).demonstrated.setdefault(tech.id, []).append(demo)
    for area in catalogue.ordered_areas():
        for demo in area.demonstrations:
            for key in dict.fromkeys(demo.organisations):
                entry(key).area_demonstrations.append((area, demo))
    for mission in sorted(catalogue.missions.values(), key=lambda m: m.name.casefold()):
        for key in dict.fromkeys(mission.organisations):
            data = entry(key)
            data.missions.append(mission)
            for tech_id in mission.technologies:
                if catalogue.get(tech_id):
                    data.through_missions.setdefault(tech_id, []).append(mission)
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


def area_table(catalogue: Catalogue, index: dict[str, OrganisationData]) -> tuple[list[Area], list[Row]]:
    """Areas (columns, those with a technology some organisation has data on) and per organisation its
    count of technologies in each area, with the matrix view of each count, and its total."""
    area_of = {tech.id: catalogue.area_of(tech).key for tech in catalogue.technologies}
    counted = {data.key: _per_area(data, area_of) for data in index.values()}
    used = {key for per_area in counted.values() for key in per_area}
    areas = [a for a in catalogue.ordered_areas() if a.key in used]
    rows = [
        (
            data,
            [AreaCell(counted[data.key].get(a.key, 0), matrix_query(data.key, a.key)) for a in areas],
            len(data.technology_ids),
        )
        for data in index.values()
    ]
    return areas, rows


def _per_area(data: OrganisationData, area_of: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tech_id in data.technology_ids:
        counts[area_of[tech_id]] = counts.get(area_of[tech_id], 0) + 1
    return counts


def pages(catalogue: Catalogue) -> Iterator[tuple[str, RenderedPage, bool]]:
    """(src_uri, page, in the nav) for the index and each organisation with data."""
    index = organisation_index(catalogue)
    areas, rows = area_table(catalogue, index)
    yield (
        INDEX,
        page(
            "organisations.html",
            "Organisations",
            {"description": "Which agencies and organisations demonstrate which critical technologies, by area."},
            areas=areas,
            rows=rows,
            without_data=sorted(
                (o for k, o in catalogue.organisations.items() if k not in index), key=lambda o: o.label.casefold()
            ),
            matrix_query=matrix_query,
        ),
        True,
    )
    for data in index.values():
        yield page_path(data.key), _organisation_page(catalogue, data), False


def _organisation_page(catalogue: Catalogue, data: OrganisationData) -> RenderedPage:
    technologies: list[tuple[Technology, list[Demonstration], list[Mission]]] = []
    for tech_id in data.technology_ids:
        tech = catalogue.get(tech_id)
        if tech is not None:
            technologies.append((tech, data.demonstrated.get(tech_id, []), data.through_missions.get(tech_id, [])))
    technologies.sort(key=lambda item: _order(catalogue, item[0]))
    return page(
        "organisation.html",
        data.name,
        {"description": f"What the data says {data.name} does: technologies, demonstrations, missions."},
        catalogue=catalogue,
        data=data,
        technologies=technologies,
        query=matrix_query(data.key),
        base="../../",
    )


def _order(catalogue: Catalogue, tech: Technology) -> tuple[int, str, str]:
    area = catalogue.area_of(tech)
    return (area.order, area.key, tech.name.casefold())
