"""The evidence layer on the site: source grades, evidence timelines, area-level needs, missions, coverage.

Every fragment quotes its source and shows the source's grade next to it, so a reader can tell a
roadmap from a news item. Evidence never sets a gap status; the timeline says so where it is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from gap_tracker.model import (
    GRADE_LABELS,
    HORIZONS,
    Area,
    Catalogue,
    Citation,
    Evidence,
    Horizon,
    Mission,
    Technology,
)
from gap_tracker.render.html import citation_html, esc, front_matter, link

MISSIONS_PAGE = "missions.md"


def _sources(catalogue: Catalogue, citations: tuple[Citation, ...], base: str) -> str:
    return "; ".join(citation_html(catalogue, c, base) for c in citations)


def _evidence_item(catalogue: Catalogue, item: Evidence, base: str) -> str:
    parts = [
        f'<time datetime="{esc(item.date)}">{esc(item.date)}</time>',
        f'<span class="gt-evidence-kind">{esc(item.kind_label)}</span>',
        f'<span class="gt-evidence-fact">{esc(item.fact)}</span>',
    ]
    if item.quantities:
        amounts = ", ".join(f"{esc(q.amount)} {esc(q.unit)} ({esc(q.measures)})" for q in item.quantities)
        parts.append(f'<span class="gt-evidence-quantities">{amounts}</span>')
    if item.readiness:
        parts.append(f'<span class="gt-evidence-readiness">Readiness as stated: {esc(item.readiness)}</span>')
    mission = catalogue.missions.get(item.mission or "")
    if mission:
        parts.append(f"Mission: {link(f'{base}missions/#{mission.key}', mission.name)}.")
    parts.append(f"Sources: {_sources(catalogue, item.sources, base)}")
    return f'<li class="gt-evidence-item">{" ".join(parts)}</li>'


def evidence_timeline(catalogue: Catalogue, horizon: Horizon, base: str) -> str:
    """The dated facts bearing on one horizon's gap, oldest first ('' when there are none)."""
    if not horizon.evidence:
        return ""
    items = "".join(_evidence_item(catalogue, e, base) for e in horizon.evidence)
    return (
        '<p class="gt-sub">Evidence timeline</p>'
        f'<ol class="gt-evidence">{items}</ol>'
        '<p class="gt-note">Evidence informs; it does not set the gap status, which only a source that assesses the gap can set.</p>'
    )


def area_needs_html(catalogue: Catalogue, area: Area, base: str) -> str:
    """An area's needs named in its own text: area-level statements, not summary-table rows."""
    if not area.needs:
        return ""
    items = []
    for need in area.needs:
        related = [catalogue.get(t) for t in need.technologies]
        links = ", ".join(link(f"{base}technologies/{t.id}/", t.name) for t in related if t)
        extra = (
            f' <span class="gt-basis">Relates to: {links} (editorial link; the source does not place them in this area).</span>'
            if links
            else ""
        )
        items.append(
            f"<li><strong>{esc(need.need)}</strong> — {citation_html(catalogue, need.source, base)}{extra}</li>"
        )
    return (
        '<section class="gt-area-needs"><h2 id="area-level-needs">Area-level needs</h2>'
        "<p>Named in the area's own text, not rows of the summary table: they have no Today, Moon or Mars "
        "statement and no gap status.</p>"
        f'<ul class="gt-needs">{"".join(items)}</ul></section>'
    )


def matrix_needs_row(catalogue: Catalogue, area: Area, base: str) -> str:
    """The matrix row under an area's heading that lists its area-level needs ('' when it has none)."""
    if not area.needs:
        return ""
    needs = "; ".join(esc(n.need) for n in area.needs)
    cite = esc(", ".join(dict.fromkeys(_source_name(catalogue, n.source) for n in area.needs)))
    return (
        '<tr class="gt-area-needs-row" role="row"><td colspan="4" role="cell" aria-colspan="4">'
        f'<span class="gt-area-needs-label">Area-level needs (not table rows):</span> {needs}. '
        f'<cite class="gt-cite">{cite}</cite> — quotes and lines on '
        f'<a href="{base}areas/{esc(area.key)}/#area-level-needs">the area page</a>.</td></tr>'
    )


def _source_name(catalogue: Catalogue, citation: Citation) -> str:
    doc = catalogue.sources.get(citation.source)
    return (doc.short_title or doc.title) if doc else citation.source


def related_needs_html(catalogue: Catalogue, tech: Technology, base: str) -> str:
    """For a technology: the area text that relates to it (how an unassigned technology meets the areas)."""
    found = [(a, n) for a in catalogue.ordered_areas() for n in a.needs if tech.id in n.technologies]
    if not found:
        return ""
    items = "".join(
        f"<li>{link(f'{base}areas/{a.key}/', a.name)}: <strong>{esc(n.need)}</strong> — {citation_html(catalogue, n.source, base)}</li>"
        for a, n in found
    )
    placed = "" if tech.area else " No source places this technology in an area, so it stays unassigned."
    return (
        f'<h2 id="related-area-text">Area text that relates to it</h2><p>An editorial link to needs the areas\' own text names.{placed}</p>'
        f'<ul class="gt-needs">{items}</ul>\n'
    )


def technology_missions_html(catalogue: Catalogue, tech: Technology, base: str) -> str:
    missions = catalogue.missions_for(tech.id)
    if not missions:
        return ""
    items = "".join(f"<li>{link(f'{base}missions/#{m.key}', m.name)}</li>" for m in missions)
    return f'<h2 id="missions">Missions and programmes</h2><ul>{items}</ul>\n'


def row_grades(catalogue: Catalogue, tech: Technology) -> list[str]:
    """Grades of every source a technology's facts cite, strongest first (the matrix's grade filter)."""
    cited: set[str] = set()
    for h in HORIZONS:
        horizon = tech.horizons[h]
        cited.add(catalogue.grade_of(horizon.source))
        cited.update(catalogue.grade_of(c) for e in horizon.evidence for c in e.sources)
    cited.update(catalogue.grade_of(c) for d in tech.all_demonstrations() for c in d.sources)
    return [g for g in GRADE_LABELS if g in cited]


def _claims_table(catalogue: Catalogue, mission: Mission, base: str) -> str:
    rows = []
    first_year: dict[str, int] = {}
    for c in mission.claims:
        first_year[c.event] = min(first_year.get(c.event, 9999), c.year or 9999)
    # Events in the order their earliest claim points to; each event's claims side by side, by year.
    for claim in sorted(mission.claims, key=lambda c: (first_year[c.event], c.event, c.year or 9999)):
        doc = catalogue.sources.get(claim.source.source)
        dated = esc(doc.date) if doc and doc.date else '<span class="gt-not-stated">undated source</span>'
        rows.append(
            f"<tr><td>{esc(claim.event)}</td><td><strong>{esc(claim.when)}</strong></td>"
            f"<td>{esc(claim.status or '')}</td><td>{citation_html(catalogue, claim.source, base)}</td>"
            f"<td>{dated}</td></tr>"
        )
    return (
        '<table class="gt-claims"><thead><tr><th scope="col">Event</th><th scope="col">When (as claimed)</th>'
        '<th scope="col">Status</th><th scope="col">Source, grade and quote</th><th scope="col">Source date</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_missions_page(catalogue: Catalogue) -> str:
    base = "../"
    sections = []
    for mission in sorted(catalogue.missions.values(), key=lambda m: m.name.casefold()):
        orgs = ", ".join(
            esc(catalogue.organisations[o].label) if o in catalogue.organisations else esc(o)
            for o in mission.organisations
        )
        techs = ", ".join(
            link(f"{base}technologies/{t}/", (catalogue.get(t) or _Named(t)).name) for t in mission.technologies
        )
        lines = [f'<section class="gt-mission" id="{esc(mission.key)}"><h2>{esc(mission.name)}</h2>']
        facts = [("Kind", esc(mission.kind))]
        if orgs:
            facts.append(("Organisations", orgs))
        if techs:
            facts.append(("Technologies", techs))
        lines.append('<dl class="gt-facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
        if mission.note:
            lines.append(f'<p class="gt-note">{esc(mission.note)}</p>')
        lines.append(_claims_table(catalogue, mission, base))
        lines.append("</section>")
        sections.append("\n".join(lines))
    return (
        front_matter(title="Missions and programmes")
        + "# Missions and programmes\n\n"
        + "<p>Dates slip and sources disagree, so no date here is merged: every row is one source's claim, with "
        "that source's grade, its own date and its exact words.</p>\n\n" + "\n\n".join(sections) + "\n"
    )


class _Named:
    def __init__(self, name: str) -> None:
        self.name = name


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


def evidence_coverage(catalogue: Catalogue) -> EvidenceCoverage:
    figures = EvidenceCoverage(area_needs=sum(len(a.needs) for a in catalogue.areas.values()))
    figures.missions = len(catalogue.missions)
    for tech in catalogue.technologies:
        for h in HORIZONS:
            horizon = tech.horizons[h]
            figures.cells += 1
            figures.stated += horizon.stated
            figures.evidence_items += len(horizon.evidence)
            figures.with_evidence += bool(horizon.evidence)
            figures.with_quantities += bool(horizon.targets or any(e.quantities for e in horizon.evidence))
            figures.by_grade.update({catalogue.grade_of(c) for e in horizon.evidence for c in e.sources})
    return figures


def evidence_coverage_html(catalogue: Catalogue) -> str:
    """The home page's evidence figures, as a short table."""
    f = evidence_coverage(catalogue)
    rows = [
        ("Horizon cells", f.cells),
        ("with a sourced statement", f.stated),
        ("with evidence items", f.with_evidence),
        ("with quantities (targets or measured values)", f.with_quantities),
    ]
    rows += [(f"with evidence from: {label}", f.by_grade[g]) for g, label in GRADE_LABELS.items()]
    body = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f'<table class="gt-evidence-coverage"><caption>Evidence coverage: {f.evidence_items} evidence items, '
        f"{f.area_needs} area-level needs, {f.missions} missions and programmes</caption>"
        f"<tbody>{body}</tbody></table>"
    )
