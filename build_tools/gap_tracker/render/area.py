"""One page per area: its description, its rows of the matrix, its gap assessments."""

from __future__ import annotations

from gap_tracker.model import Area, Catalogue
from gap_tracker.render.evidence import area_needs_html
from gap_tracker.render.html import assessment_list, citation_html, demonstration_html, esc, front_matter, md_inline
from gap_tracker.render.matrix import matrix_table

BASE = "../../"


def page_path(area: Area) -> str:
    return f"areas/{area.key}.md"


def render_area_page(catalogue: Catalogue, area: Area) -> str:
    technologies = catalogue.by_area().get(area.key, [])
    parts = [
        front_matter(title=area.name),
        f"# {md_inline(area.name)}\n",
        f'<blockquote class="gt-description"><p>{esc(area.description)}</p>'
        f"<footer>{citation_html(catalogue, area.source, BASE)}</footer></blockquote>\n",
    ]
    if area.coverage_note:
        parts.append(
            '<div class="admonition warning"><p class="admonition-title">Missing from our copy of the source</p>'
            f'<p>{esc(area.coverage_note)}</p><p><a href="{BASE}contribute/">How to contribute these rows with their source</a></p></div>\n'
        )
    parts.append(area_needs_html(catalogue, area, BASE) + "\n")
    parts.append("## Technologies\n")
    if technologies:
        caption = f"{area.name}: technologies by horizon"
        parts.append(matrix_table(catalogue, [(area, technologies)], BASE, caption) + "\n")
    else:
        parts.append("<p>No technology of this area is recorded yet: no source we hold lists them.</p>\n")
    assessments = catalogue.assessments_for(area=area.key)
    if assessments:
        parts.append("## Gap assessments\n\n" + assessment_list(assessments, BASE) + "\n")
    if area.demonstrations:
        items = "\n".join(demonstration_html(catalogue, d, BASE) for d in area.demonstrations)
        parts.append(
            "## Demonstrations in this area\n\n<p>Linked by the source to this area, not to one of its technologies.</p>\n"
            f'<ul class="gt-demos">\n{items}\n</ul>\n'
        )
    return "\n".join(parts)
