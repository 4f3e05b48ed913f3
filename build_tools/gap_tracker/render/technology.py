"""One page per technology: its three horizons side by side, with every citation."""

from __future__ import annotations

from gap_tracker.model import HORIZON_COLUMNS, HORIZON_LABELS, HORIZONS, Catalogue, Horizon, Technology
from gap_tracker.render.evidence import evidence_timeline, related_needs_html, technology_missions_html
from gap_tracker.render.history import earlier_html
from gap_tracker.render.html import (
    assessment_list,
    citation_html,
    demonstration_html,
    esc,
    front_matter,
    link,
    md_inline,
    statement_html,
    status_badge,
)

BASE = "../../"


def page_path(tech: Technology) -> str:
    return f"technologies/{tech.id}.md"


def render_technology_page(catalogue: Catalogue, tech: Technology) -> str:
    parts = [
        front_matter(title=tech.name),
        f"# {md_inline(tech.name)}\n",
        _facts(catalogue, tech),
        "## What the source says\n",
        '<div class="gt-horizons">\n'
        + "\n".join(_horizon(catalogue, tech.horizons[h], h) for h in HORIZONS)
        + "\n</div>\n",
    ]
    if tech.demonstrations:
        items = "\n".join(demonstration_html(catalogue, d, BASE) for d in tech.demonstrations)
        parts.append(f'## Demonstrations\n\n<ul class="gt-demos">\n{items}\n</ul>\n')
    parts.append(related_needs_html(catalogue, tech, BASE) + technology_missions_html(catalogue, tech, BASE))
    if tech.related:
        parts.append("## Related technologies\n\n" + _related(catalogue, tech) + "\n")
    assessments = catalogue.assessments_for(technology=tech.id)
    if assessments:
        parts.append("## Gap assessments\n\n" + assessment_list(assessments, BASE) + "\n")
    cites = "\n".join(f"<li>{citation_html(catalogue, c, BASE)}</li>" for c in tech.sources)
    parts.append(f'## Sources\n\n<ul class="gt-sources">\n{cites}\n</ul>\n')
    return "\n".join(parts)


def _facts(catalogue: Catalogue, tech: Technology) -> str:
    area = catalogue.area_of(tech)
    rows = [("Area", link(f"{BASE}areas/{area.key}/", area.name))]
    rows.append(("Identifier", f"<code>{esc(tech.id)}</code>"))
    if tech.description:
        rows.append(("Description", esc(tech.description)))
    for ext in tech.external_ids:
        note = f" ({esc(ext.name)}; {esc(ext.match)})" if ext.name and ext.match else ""
        rows.append(("External id", f"<code>{esc(ext.id)}</code>{note} — {citation_html(catalogue, ext.source, BASE)}"))
    rows.append(("Last reviewed", f"<time>{esc(tech.last_reviewed)}</time>"))
    rows.append(("Data file", f"<code>{esc(tech.path)}</code>"))
    body = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="gt-facts">{body}</dl>\n'


def _horizon(catalogue: Catalogue, horizon: Horizon, key: str) -> str:
    out = [
        f'<section class="gt-horizon gt-horizon-{key}">',
        f'<h3>{esc(HORIZON_LABELS[key])}</h3><p class="gt-column-name">{esc(HORIZON_COLUMNS[key])}</p>',
        f"<p>{statement_html(horizon)}</p>",
        f"<p>{status_badge(horizon)}</p>",
        f"<p>Source: {citation_html(catalogue, horizon.source, BASE)}</p>",
        earlier_html(catalogue, horizon, BASE),
    ]
    if horizon.status_source:
        out.append(f"<p>Status source: {citation_html(catalogue, horizon.status_source, BASE)}</p>")
    if horizon.targets:
        items = "".join(
            f"<li><strong>{esc(t.amount)} {esc(t.unit)}</strong> — {esc(t.measures)} (<q>{esc(t.quote)}</q>)</li>"
            for t in horizon.targets
        )
        out.append(f'<p class="gt-sub">Quantitative targets</p><ul class="gt-targets">{items}</ul>')
    out.append(evidence_timeline(catalogue, horizon, BASE))
    if horizon.demonstrations:
        items = "".join(demonstration_html(catalogue, d, BASE) for d in horizon.demonstrations)
        out.append(f'<p class="gt-sub">Demonstrations</p><ul class="gt-demos">{items}</ul>')
    out.append("</section>")
    return "\n".join(out)


def _related(catalogue: Catalogue, tech: Technology) -> str:
    items = []
    for other_id in tech.related:
        other = catalogue.get(other_id)
        name = other.name if other else other_id
        items.append(f"<li>{link(f'{BASE}technologies/{other_id}/', name)}</li>")
    return "<ul>" + "".join(items) + "</ul>"
