"""The data model: plain, typed records built from validated YAML data.

Nothing here reads files or knows about MkDocs; :func:`gap_tracker.load.load_project` builds a
:class:`Catalogue` from documents that passed the schema, and the renderers read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUS_LABELS = {
    "not-assessed": "Not assessed",
    "open": "Open gap",
    "partially-closed": "Partially closed",
    "closed": "Closed",
}
DEFAULT_STATUS = "not-assessed"
NOT_STATED = "not stated in source"
NOT_ADDRESSED = "not addressed by the source"
"""A cell whose source does not cover this horizon at all (say, a report with no Mars column)."""
STATED_FACET = "stated"
NOT_STATED_FACET = "not-stated"
NOT_ADDRESSED_FACET = "not-addressed"
"""How a cell is grouped by whether the source fills it (matrix filters, charts)."""
STATEMENT_FACETS = {
    STATED_FACET: "Sourced statement",
    NOT_STATED_FACET: NOT_STATED.capitalize(),
    NOT_ADDRESSED_FACET: NOT_ADDRESSED.capitalize(),
}
UNASSIGNED = "unassigned"
"""Folder of technologies that no source places in an area."""
GRADE_LABELS = {
    "agency-document": "Agency or intergovernmental document",
    "peer-reviewed": "Peer-reviewed paper",
    "agency-release": "Agency news release",
    "trade-press": "Trade press",
    "news": "General news",
    "other": "Other (blog, forum, aggregator)",
}
"""Source grades, strongest first (the order of the schema's enum and of every display)."""
WEAK_GRADE = "other"
"""A fact whose only sources carry this grade is refused."""
NEWS_GRADE = "news"
"""A fact resting on nothing better than this grade gets a warning."""
EVIDENCE_KINDS = {
    "measurement": "Measured value",
    "demonstration": "Demonstration result",
    "readiness": "Readiness level",
    "milestone": "Programme milestone",
    "requirement": "Requirement",
}


@dataclass(frozen=True)
class Citation:
    source: str
    locator: str
    quote: str | None = None
    url: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Citation:
        return cls(data["source"], data["locator"], data.get("quote"), data.get("url"))


def _citations(items: list[dict[str, Any]] | None) -> tuple[Citation, ...]:
    return tuple(Citation.from_data(item) for item in items or ())


@dataclass(frozen=True)
class Target:
    quote: str
    unit: str
    measures: str
    value: float | None = None
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Target:
        return cls(data["quote"], data["unit"], data["measures"], data.get("value"), data.get("min"), data.get("max"))

    @property
    def amount(self) -> str:
        """The number or range, e.g. ``10–100`` or ``≥ 30``."""
        if self.value is not None:
            return _number(self.value)
        if self.min is not None and self.max is not None:
            return f"{_number(self.min)}–{_number(self.max)}"
        if self.min is not None:
            return f"≥ {_number(self.min)}"
        return f"≤ {_number(self.max)}"


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


@dataclass(frozen=True)
class Demonstration:
    name: str
    showed: str
    link_basis: str
    sources: tuple[Citation, ...]
    kind: str | None = None
    year: int | None = None
    agency: str | None = None
    organisations: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Demonstration:
        return cls(
            data["name"],
            data["showed"],
            data["link_basis"],
            _citations(data["sources"]),
            data.get("kind"),
            data.get("year"),
            data.get("agency"),
            tuple(data.get("organisations", ())),
        )


def _demonstrations(items: list[dict[str, Any]] | None) -> tuple[Demonstration, ...]:
    return tuple(Demonstration.from_data(item) for item in items or ())


@dataclass(frozen=True)
class Evidence:
    """A dated fact from sources that bears on one horizon's gap (never its status)."""

    date: str
    kind: str
    fact: str
    sources: tuple[Citation, ...]
    quantities: tuple[Target, ...] = ()
    readiness: str | None = None
    mission: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Evidence:
        return cls(
            data["date"],
            data["kind"],
            data["fact"],
            _citations(data["sources"]),
            tuple(Target.from_data(q) for q in data.get("quantities", ())),
            data.get("readiness"),
            data.get("mission"),
        )

    @property
    def kind_label(self) -> str:
        return EVIDENCE_KINDS[self.kind]


@dataclass(frozen=True)
class HorizonDefinition:
    """One column of the table (technologies/horizons.yaml): key, short label, heading, order."""

    key: str
    label: str
    """Short name, e.g. ``Today``."""
    column: str
    """The source table's column heading, e.g. ``ISS & Spaceflight Heritage``."""
    source: Citation
    """Where the source gives the column."""
    order: int = 99
    description: str | None = None
    """What the column shows, in a few words, e.g. ``what spaceflight can do today``."""

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any]) -> HorizonDefinition:
        return cls(
            key,
            data["label"],
            data["column"],
            Citation.from_data(data["source"]),
            data.get("order", 99),
            data.get("description"),
        )

    @property
    def heading(self) -> str:
        """Label and column heading together, e.g. ``Today: ISS & Spaceflight Heritage``."""
        return f"{self.label}: {self.column}"


@dataclass(frozen=True)
class EarlierStatement:
    """What an earlier edition said for a horizon (None: that edition leaves the cell empty or does not address it)."""

    statement: str | None
    source: Citation
    not_addressed: bool = False

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> EarlierStatement:
        return cls(data.get("statement"), Citation.from_data(data["source"]), data.get("not_addressed", False))

    @property
    def stated(self) -> bool:
        return self.statement is not None

    @property
    def absence(self) -> str:
        """Why there is no statement, in words (empty when there is one)."""
        return _absence(self.statement, self.not_addressed)


def _absence(statement: str | None, not_addressed: bool) -> str:
    if statement is not None:
        return ""
    return NOT_ADDRESSED if not_addressed else NOT_STATED


@dataclass(frozen=True)
class Horizon:
    statement: str | None
    source: Citation
    status: str = DEFAULT_STATUS
    status_source: Citation | None = None
    targets: tuple[Target, ...] = ()
    demonstrations: tuple[Demonstration, ...] = ()
    earlier: tuple[EarlierStatement, ...] = ()
    not_addressed: bool = False
    """The source does not cover this horizon at all (as opposed to leaving its cell empty)."""
    evidence: tuple[Evidence, ...] = ()
    """Oldest first: the timeline order."""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Horizon:
        status_source = data.get("status_source")
        return cls(
            data.get("statement"),
            Citation.from_data(data["source"]),
            data.get("status", DEFAULT_STATUS),
            Citation.from_data(status_source) if status_source else None,
            tuple(Target.from_data(t) for t in data.get("targets", ())),
            _demonstrations(data.get("demonstrations")),
            tuple(EarlierStatement.from_data(e) for e in data.get("earlier", ())),
            data.get("not_addressed", False),
            tuple(sorted((Evidence.from_data(e) for e in data.get("evidence", ())), key=lambda e: e.date)),
        )

    @property
    def stated(self) -> bool:
        return self.statement is not None

    @property
    def statement_facet(self) -> str:
        """stated, not-stated (the source leaves the cell empty) or not-addressed (the source does not cover it)."""
        if self.statement is not None:
            return STATED_FACET
        return NOT_ADDRESSED_FACET if self.not_addressed else NOT_STATED_FACET

    @property
    def absence(self) -> str:
        """Why there is no statement, in words: 'not stated in source' or 'not addressed by the source'."""
        return _absence(self.statement, self.not_addressed)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def facets(self) -> tuple[str, str]:
        """What the matrix filters and the charts group this cell by: stated or not, and its gap status."""
        return (self.statement_facet, self.status)


@dataclass(frozen=True)
class ExternalId:
    id: str
    source: Citation
    name: str | None = None
    match: str | None = None


@dataclass(frozen=True)
class Technology:
    id: str
    name: str
    path: str
    """Path of the YAML file relative to the project root (for edit links and messages)."""
    horizons: dict[str, Horizon]
    sources: tuple[Citation, ...]
    last_reviewed: str
    area: str | None = None
    description: str | None = None
    demonstrations: tuple[Demonstration, ...] = ()
    related: tuple[str, ...] = ()
    external_ids: tuple[ExternalId, ...] = ()
    gap_assessments: tuple[str, ...] = ()
    former_ids: tuple[str, ...] = ()
    """Ids this technology had before a rename or merge; each redirects to it."""

    @classmethod
    def from_data(cls, data: dict[str, Any], path: str) -> Technology:
        return cls(
            id=data["id"],
            name=data["name"],
            path=path,
            horizons={key: Horizon.from_data(value) for key, value in data["horizons"].items()},
            sources=_citations(data["sources"]),
            last_reviewed=data["last_reviewed"],
            area=data.get("area"),
            description=data.get("description"),
            demonstrations=_demonstrations(data.get("demonstrations")),
            related=tuple(data.get("related", ())),
            external_ids=tuple(
                ExternalId(e["id"], Citation.from_data(e["source"]), e.get("name"), e.get("match"))
                for e in data.get("external_ids", ())
            ),
            gap_assessments=tuple(data.get("gap_assessments", ())),
            former_ids=tuple(data.get("former_ids", ())),
        )

    def all_demonstrations(self) -> list[Demonstration]:
        found = [d for h in self.horizons.values() for d in h.demonstrations]
        return found + list(self.demonstrations)

    def organisations(self) -> list[str]:
        """Keys of the organisations its demonstrations name, in first-named order, without repeats."""
        return list(dict.fromkeys(key for demo in self.all_demonstrations() for key in demo.organisations))


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    description: str
    source: Citation
    order: int = 99
    table_header: str | None = None
    coverage_note: str | None = None
    demonstrations: tuple[Demonstration, ...] = ()
    needs: tuple[AreaNeed, ...] = ()

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any]) -> Area:
        return cls(
            key,
            data["name"],
            data["description"],
            Citation.from_data(data["source"]),
            data.get("order", 99),
            data.get("table_header"),
            data.get("coverage_note"),
            _demonstrations(data.get("demonstrations")),
            tuple(AreaNeed.from_data(n) for n in data.get("needs", ())),
        )


@dataclass(frozen=True)
class AreaNeed:
    """A need the area's own text names: an area-level statement, not a row of the summary table."""

    need: str
    source: Citation
    technologies: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AreaNeed:
        return cls(data["need"], Citation.from_data(data["source"]), tuple(data.get("technologies", ())))


def unassigned_area(areas: dict[str, Area]) -> Area:
    """The group of technologies no source places in an area; it cites where the areas are listed."""
    listed = sorted(areas.values(), key=lambda a: (a.order, a.key))
    return Area(
        UNASSIGNED,
        "Area not stated in source",
        f"Technologies that a source names but places in none of the {len(areas)} areas.",
        Citation(listed[0].source.source if listed else "", "its list of areas (technologies/areas.yaml cites each)"),
        order=100,
    )


@dataclass(frozen=True)
class SourceDocument:
    key: str
    title: str
    publisher: str
    grade: str = WEAK_GRADE
    edition: str | None = None
    date: str | None = None
    url: str | None = None
    note: str | None = None
    short_title: str | None = None
    text_copy: str | None = None
    """File name of a plain-text copy outside the repository (read only by the quote test)."""

    @property
    def grade_label(self) -> str:
        return GRADE_LABELS[self.grade]

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any]) -> SourceDocument:
        return cls(
            key,
            data["title"],
            data["publisher"],
            data["grade"],
            data.get("edition"),
            data.get("date"),
            data.get("url"),
            data.get("note"),
            data.get("short_title"),
            data.get("text_copy"),
        )

    @property
    def label(self) -> str:
        """Short human citation: title, edition, publisher, date."""
        parts = [self.title, self.edition, self.publisher, self.date]
        return ", ".join(p for p in parts if p)

    @property
    def short_label(self) -> str:
        """How citations on the site name it: the short title, else the title."""
        return self.short_title or self.title


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    source: Citation
    acronym: str | None = None
    country: str | None = None

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any]) -> Organisation:
        return cls(key, data["name"], Citation.from_data(data["source"]), data.get("acronym"), data.get("country"))

    @property
    def label(self) -> str:
        return self.acronym or self.name


@dataclass(frozen=True)
class GapAssessment:
    key: str
    title: str
    year: int
    source: Citation
    report: Citation | None = None
    summary: str | None = None
    findings: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    link_basis: str | None = None

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any]) -> GapAssessment:
        report = data.get("report")
        return cls(
            key,
            data["title"],
            data["year"],
            Citation.from_data(data["source"]),
            Citation.from_data(report) if report else None,
            data.get("summary"),
            tuple(data.get("findings", ())),
            tuple(data.get("technologies", ())),
            tuple(data.get("areas", ())),
            data.get("link_basis"),
        )


@dataclass(frozen=True)
class RemovedTechnology:
    """A technology taken out without successor (technologies/removed.yaml); its address still answers."""

    id: str
    name: str
    date: str
    reason: str
    source: Citation | None = None

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any]) -> RemovedTechnology:
        source = data.get("source")
        return cls(key, data["name"], data["date"], data["reason"], Citation.from_data(source) if source else None)


@dataclass(frozen=True)
class MissionClaim:
    """One source's claim about an event of a mission, with the date exactly as that source words it."""

    event: str
    when: str
    source: Citation
    year: int | None = None
    status: str | None = None
    corroboration: tuple[Citation, ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MissionClaim:
        return cls(
            data["event"],
            data["when"],
            Citation.from_data(data["source"]),
            data.get("year"),
            data.get("status"),
            _citations(data.get("corroboration")),
        )


@dataclass(frozen=True)
class Mission:
    """A mission or programme (technologies/missions.yaml). Its dates are claims, never one merged date."""

    key: str
    name: str
    kind: str
    claims: tuple[MissionClaim, ...]
    organisations: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    note: str | None = None

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any]) -> Mission:
        return cls(
            key,
            data["name"],
            data["kind"],
            tuple(MissionClaim.from_data(c) for c in data["claims"]),
            tuple(data.get("organisations", ())),
            tuple(data.get("technologies", ())),
            data.get("note"),
        )


@dataclass
class Catalogue:
    """Everything the site shows, in display order."""

    technologies: list[Technology]
    areas: dict[str, Area]
    sources: dict[str, SourceDocument]
    organisations: dict[str, Organisation]
    gap_assessments: dict[str, GapAssessment]
    horizons: list[HorizonDefinition] = field(default_factory=list)
    """The table's columns (technologies/horizons.yaml), in display order."""
    schema_version: str = "0"
    removed: dict[str, RemovedTechnology] = field(default_factory=dict)
    missions: dict[str, Mission] = field(default_factory=dict)
    _by_id: dict[str, Technology] = field(default_factory=dict, repr=False)
    _mission_orgs: dict[str, list[str]] | None = field(default=None, repr=False)
    unassigned: Area = field(init=False, repr=False)
    """The group of technologies without an area (folder technologies/unassigned/)."""
    _ordered_areas: list[Area] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.unassigned = unassigned_area(self.areas)
        self.technologies.sort(key=self._sort_key)
        self.horizons.sort(key=lambda h: (h.order, h.key))
        self._by_id = {t.id: t for t in self.technologies}

    @property
    def horizon_keys(self) -> list[str]:
        """The horizon keys in display order (``today``, ``moon``, ``mars`` for the GER table)."""
        return [h.key for h in self.horizons]

    def horizon(self, key: str) -> HorizonDefinition | None:
        return next((h for h in self.horizons if h.key == key), None)

    def horizon_label(self, key: str) -> str:
        """The short label of a horizon key; the key itself for one that is no longer defined (history)."""
        found = self.horizon(key)
        return found.label if found else key

    def source_label(self, key: str) -> str:
        """The short label of a source key (the key itself when the source is unknown)."""
        doc = self.sources.get(key)
        return doc.short_label if doc else key

    def absence(self, cell: Horizon | EarlierStatement) -> str:
        """Why a cell has no statement, naming its source: 'not stated in source', 'not addressed by X'.

        Empty when the cell has a statement.
        """
        if cell.statement is not None:
            return ""
        if cell.not_addressed:
            return f"not addressed by {self.source_label(cell.source.source)}"
        return NOT_STATED

    def cells(self, tech: Technology) -> list[tuple[HorizonDefinition, Horizon]]:
        """A technology's horizons in display order, each with its definition (what templates iterate)."""
        return [(h, tech.horizons[h.key]) for h in self.horizons if h.key in tech.horizons]

    def _sort_key(self, tech: Technology) -> tuple[int, str, str]:
        area = self.area_of(tech)
        return (area.order, area.key, tech.name.casefold())

    def area_of(self, tech: Technology) -> Area:
        return self.areas.get(tech.area or "", self.unassigned)

    def get(self, tech_id: str) -> Technology | None:
        return self._by_id.get(tech_id)

    def ordered_areas(self) -> list[Area]:
        """The areas in GER order, plus 'not stated' when some technology has no area.

        Worked out once per catalogue: every technology page asks (through :meth:`needs_relating_to`),
        and each answer looks at every technology, which made 5,000 pages cost 25 million steps.
        """
        if self._ordered_areas is None:
            areas = sorted(self.areas.values(), key=lambda a: (a.order, a.key))
            if any(t.area is None or t.area not in self.areas for t in self.technologies):
                areas.append(self.unassigned)
            self._ordered_areas = areas
        return list(self._ordered_areas)

    def by_area(self) -> dict[str, list[Technology]]:
        groups: dict[str, list[Technology]] = {a.key: [] for a in self.ordered_areas()}
        for tech in self.technologies:
            groups.setdefault(self.area_of(tech).key, []).append(tech)
        return groups

    def grade_of(self, citation: Citation) -> str:
        """The grade of the cited document ('other' when the key is unknown: rules report that)."""
        doc = self.sources.get(citation.source)
        return doc.grade if doc else WEAK_GRADE

    def organisations_of(self, tech: Technology) -> list[str]:
        """Keys of the organisations with data on a technology: named by one of its demonstrations, or
        taking part in a mission that names it (missions.yaml), in that order, without repeats.

        The missions are indexed once per catalogue, so asking for every technology stays linear.
        """
        if self._mission_orgs is None:
            index: dict[str, list[str]] = {}
            for mission in self.missions.values():
                for tech_id in mission.technologies:
                    index.setdefault(tech_id, []).extend(mission.organisations)
            self._mission_orgs = index
        return list(dict.fromkeys([*tech.organisations(), *self._mission_orgs.get(tech.id, ())]))

    def missions_for(self, tech_id: str) -> list[Mission]:
        return [m for m in self.missions.values() if tech_id in m.technologies]

    def grades_cited(self, tech: Technology) -> list[str]:
        """Grades of every source a technology's facts cite, strongest first (the matrix's grade filter)."""
        cited = set()
        for horizon in tech.horizons.values():
            cited.add(self.grade_of(horizon.source))
            cited.update(self.grade_of(c) for e in horizon.evidence for c in e.sources)
        cited.update(self.grade_of(c) for d in tech.all_demonstrations() for c in d.sources)
        return [g for g in GRADE_LABELS if g in cited]

    def needs_relating_to(self, tech_id: str) -> list[tuple[Area, AreaNeed]]:
        """Area-level needs whose text relates to a technology (an editorial link), in area order."""
        return [(a, n) for a in self.ordered_areas() for n in a.needs if tech_id in n.technologies]

    def assessments_for(self, *, technology: str | None = None, area: str | None = None) -> list[GapAssessment]:
        return [
            g
            for g in self.gap_assessments.values()
            if (technology and technology in g.technologies) or (area and area in g.areas)
        ]
