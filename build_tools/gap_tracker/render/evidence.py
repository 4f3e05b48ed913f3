"""The evidence layer on the site: the missions page and the evidence coverage figures.

The fragments that other pages show (evidence timelines, area-level needs, the needs row of the
matrix, source grades beside citations) are macros of ``templates/pages/evidence.html`` and
``macros.html``; this module works out what they need that a template should not compute.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from gap_tracker.model import GRADE_LABELS, Catalogue, Horizon, Mission, MissionClaim
from gap_tracker.render.templating import RenderedPage, page

MISSIONS_PAGE = "missions.md"


def ordered_claims(mission: Mission) -> list[MissionClaim]:
    """Events in the order their earliest claim points to; each event's claims side by side, by year.

    Claims are never merged: two sources giving two dates for one event are two rows.
    """
    first_year: dict[str, int] = {}
    for claim in mission.claims:
        first_year[claim.event] = min(first_year.get(claim.event, 9999), claim.year or 9999)
    return sorted(mission.claims, key=lambda c: (first_year[c.event], c.event, c.year or 9999))


def render_missions_page(catalogue: Catalogue) -> RenderedPage:
    missions = sorted(catalogue.missions.values(), key=lambda m: m.name.casefold())
    return page(
        "missions.html",
        "Missions and programmes",
        catalogue=catalogue,
        missions=[(m, ordered_claims(m)) for m in missions],
        base="../",
    )


@dataclass
class EvidenceCoverage:
    """How much of the matrix the evidence layer reaches (the home page's figures)."""

    cells: int = 0
    stated: int = 0
    with_evidence: int = 0
    with_quantities: int = 0
    by_grade: Counter[str] = field(default_factory=Counter)
    """Cells with at least one evidence item citing a source of each grade."""
    evidence_items: int = 0
    area_needs: int = 0
    missions: int = 0

    def rows(self) -> list[tuple[str, int]]:
        """The figures as (label, count) rows, grades strongest first."""
        rows = [
            ("Horizon cells", self.cells),
            ("with a sourced statement", self.stated),
            ("with evidence items", self.with_evidence),
            ("with quantities (targets or measured values)", self.with_quantities),
        ]
        return rows + [(f"with evidence from: {label}", self.by_grade[g]) for g, label in GRADE_LABELS.items()]


class HorizonEvidence(NamedTuple):
    """What the evidence figures count of one horizon cell of a technology (a tuple: 15,000 are made at 5,000
    technologies)."""

    stated: bool
    items: int
    with_quantities: bool
    grades: frozenset[str]
    """The grades of the sources its evidence items cite."""


_NO_GRADES: frozenset[str] = frozenset()


def horizon_evidence(registries: Catalogue, horizon: Horizon) -> HorizonEvidence:
    evidence = horizon.evidence
    if not evidence:
        return HorizonEvidence(horizon.stated, 0, bool(horizon.targets), _NO_GRADES)
    return HorizonEvidence(
        horizon.stated,
        len(evidence),
        bool(horizon.targets or any(e.quantities for e in evidence)),
        frozenset(registries.grade_of(c) for e in evidence for c in e.sources),
    )


def evidence_coverage(registries: Catalogue, cells: Iterable[HorizonEvidence]) -> EvidenceCoverage:
    """The figures of every horizon cell of every technology (the registries give the area needs and missions)."""
    figures = EvidenceCoverage(
        area_needs=sum(len(a.needs) for a in registries.areas.values()), missions=len(registries.missions)
    )
    for cell in cells:
        figures.cells += 1
        figures.stated += cell.stated
        figures.evidence_items += cell.items
        figures.with_evidence += bool(cell.items)
        figures.with_quantities += cell.with_quantities
        figures.by_grade.update(cell.grades)
    return figures
