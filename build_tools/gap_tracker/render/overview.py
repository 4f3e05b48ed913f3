"""Pages about the whole data set: coverage figures, the bibliography, the gap assessments."""

from __future__ import annotations

from gap_tracker.model import HORIZONS, STATED_FACET, Catalogue
from gap_tracker.render.charts import cell_counts, coverage_bars, heat_map
from gap_tracker.render.evidence import evidence_coverage_html
from gap_tracker.render.html import citation_html, esc, external_link, front_matter, link

COVERAGE_MARKER = "<!-- gap-tracker:coverage -->"


def coverage_summary(catalogue: Catalogue) -> str:
    stated = sum(cell_counts(catalogue.technologies, h)[STATED_FACET] for h in HORIZONS)
    total = len(HORIZONS) * len(catalogue.technologies)
    return (
        f"<p><strong>{len(catalogue.technologies)}</strong> technologies in <strong>{len(catalogue.areas)}</strong> areas; "
        f"<strong>{stated}</strong> of {total} horizon cells carry a sourced statement and "
        f"<strong>{total - stated}</strong> are not stated in source.</p>"
    )


def coverage_section(catalogue: Catalogue) -> str:
    """What the home page's coverage marker becomes: the figures in words, the coverage bar, the heat map."""
    return "\n\n".join(
        [
            coverage_summary(catalogue),
            coverage_bars(catalogue),
            "### By area and horizon",
            heat_map(catalogue),
            "### Evidence",
            evidence_coverage_html(catalogue),
        ]
    )


def render_sources_page(catalogue: Catalogue) -> str:
    items = []
    for doc in sorted(catalogue.sources.values(), key=lambda d: d.key):
        title = external_link(doc.url, doc.title) if doc.url else esc(doc.title)
        details = ", ".join(esc(p) for p in (doc.edition, doc.publisher, doc.date) if p)
        note = f'<br><span class="gt-note">{esc(doc.note)}</span>' if doc.note else ""
        short = f"<strong>{esc(doc.short_title)}</strong>: " if doc.short_title else ""
        items.append(f'<li id="{esc(doc.key)}">{short}{title}, {details}. <code>{esc(doc.key)}</code>{note}</li>')
    return (
        front_matter(title="Sources")
        + "# Sources\n\n<p>Every statement on this site cites one of these documents by its key.</p>\n\n"
        + '<ul class="gt-bibliography">\n'
        + "\n".join(items)
        + "\n</ul>\n"
    )


def render_gap_assessments_page(catalogue: Catalogue) -> str:
    base = "../"
    sections = []
    for g in sorted(catalogue.gap_assessments.values(), key=lambda g: (g.year, g.key)):
        lines = [f'<section class="gt-assessment" id="{esc(g.key)}"><h2>{esc(g.title)} ({g.year})</h2>']
        lines.append(f"<p>Listed in: {citation_html(catalogue, g.source, base)}</p>")
        if g.report:
            lines.append(f"<p>Report: {citation_html(catalogue, g.report, base)}</p>")
        if g.summary:
            lines.append(f"<p>{esc(g.summary)}</p>")
        if g.findings:
            lines.append("<ul>" + "".join(f"<li>{esc(f)}</li>" for f in g.findings) + "</ul>")
        covered = [link(f"{base}technologies/{t}/", (catalogue.get(t) or _Named(t)).name) for t in g.technologies]
        covered += [link(f"{base}areas/{a}/", catalogue.areas[a].name if a in catalogue.areas else a) for a in g.areas]
        if covered:
            lines.append(f"<p>Covers: {', '.join(covered)}.</p>")
        lines.append("</section>")
        sections.append("\n".join(lines))
    return (
        front_matter(title="Gap assessments")
        + "# Gap assessments\n\n<p>The ISECG technology gap assessments that the roadmap lists, with what could be read of each.</p>\n\n"
        + "\n\n".join(sections)
        + "\n"
    )


class _Named:
    def __init__(self, name: str) -> None:
        self.name = name


def render_areas_index(catalogue: Catalogue) -> str:
    by_area = catalogue.by_area()
    items = []
    for area in catalogue.ordered_areas():
        missing = (
            " <em>(its summary-table rows are missing from our copy of the source)</em>" if area.coverage_note else ""
        )
        items.append(
            f"<li>{link(f'{area.key}/', area.name)}: {len(by_area.get(area.key, []))} technologies{missing}</li>"
        )
    return (
        front_matter(title="Areas")
        + "# Areas\n\n<p>The eight critical-technology areas of the Global Exploration Roadmap.</p>\n\n"
        + f'<ul class="gt-areas">{"".join(items)}</ul>\n'
    )
