"""Escaping and the small HTML fragments every page uses (citations, statuses, links)."""

from __future__ import annotations

import html
import json
import re

from gap_tracker.model import GRADE_LABELS, NOT_STATED, Catalogue, Citation, Demonstration, GapAssessment, Horizon

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


_NEWLINES = re.compile(r"\r\n?|\n")


def esc(text: object) -> str:
    """Escape text for HTML (element content and quoted attribute values).

    Newlines become character references, so a blank line in a statement can never end the raw
    HTML block it sits in (after which Python-Markdown would read the rest as Markdown).
    """
    return _NEWLINES.sub("&#10;", html.escape(str(text), quote=True))


def md_inline(text: str) -> str:
    """Escape text for a Markdown heading: HTML entities plus backslashes before Markdown syntax."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def front_matter(**fields: object) -> str:
    """YAML front matter; values are written as JSON strings, which YAML reads back verbatim."""
    lines = ["---"] + [f"{key}: {json.dumps(value)}" for key, value in fields.items()] + ["---", ""]
    return "\n".join(lines)


def link(href: str, text: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def external_link(href: str, text: str) -> str:
    """A link out of the site: the URL scheme is http(s) by schema, and it opens without referrer."""
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{esc(text)}</a>'


def status_badge(horizon: Horizon) -> str:
    """The gap status as words (never colour alone), with a class for styling."""
    return f'<span class="gt-status gt-status-{esc(horizon.status)}">Gap status: {esc(horizon.status_label)}</span>'


def statement_html(horizon: Horizon) -> str:
    if horizon.statement is None:
        return f'<span class="gt-not-stated">{NOT_STATED}</span>'
    return f'<span class="gt-statement">{esc(horizon.statement)}</span>'


def source_label(catalogue: Catalogue, key: str) -> str:
    doc = catalogue.sources.get(key)
    return doc.short_title or doc.title if doc else key


def citation_html(catalogue: Catalogue, citation: Citation, base: str) -> str:
    """'GER 2024, Ch. 8 …' linking to the bibliography entry, plus the quote when there is one."""
    label = link(f"{base}sources/#{citation.source}", source_label(catalogue, citation.source))
    parts = [f"{label}, {esc(citation.locator)}", grade_badge(catalogue, citation)]
    if citation.quote:
        parts.append(f"<q>{esc(citation.quote)}</q>")
    if citation.url:
        parts.append(external_link(citation.url, "link"))
    return '<span class="gt-cite">' + " ".join(parts) + "</span>"


def grade_badge(catalogue: Catalogue, citation: Citation) -> str:
    """The cited document's grade in words (never colour alone), shown with every citation."""
    grade = catalogue.grade_of(citation)
    return f'<span class="gt-grade gt-grade-{esc(grade)}">[{esc(GRADE_LABELS[grade])}]</span>'


def demonstration_html(catalogue: Catalogue, demo: Demonstration, base: str) -> str:
    facts = [f"<strong>{esc(demo.name)}</strong>"]
    details = [d for d in (demo.kind, str(demo.year) if demo.year else None, demo.agency) if d]
    if details:
        facts.append(f"({esc('; '.join(details))})")
    facts.append(f"— {esc(demo.showed)}.")
    facts.append(f'<span class="gt-basis">Linked by: {esc(LINK_BASIS_LABELS[demo.link_basis])}.</span>')
    sources = "; ".join(citation_html(catalogue, c, base) for c in demo.sources)
    return f"<li>{' '.join(facts)} Sources: {sources}</li>"


LINK_BASIS_LABELS = {
    "named-in-table": "named in the summary table",
    "source-wording": "the source's own wording",
    "source-section": "its place in the source's section on this area",
    "editorial-judgement": "editorial judgement (not stated by the source)",
}


def assessment_list(assessments: list[GapAssessment], base: str) -> str:
    items = "".join(f"<li>{link(f'{base}gap-assessments/#{g.key}', g.title)} ({g.year})</li>" for g in assessments)
    return f"<ul>{items}</ul>"
