"""The one escaping path of the site: Jinja2 templates with autoescape, rendered to final HTML.

Every generated page is a template under ``templates/pages/`` rendered by :data:`ENV`, a package-level
:class:`jinja2.Environment` with ``autoescape=True`` and ``StrictUndefined``: whatever a data file
holds is escaped once, by markupsafe, where the template prints it, and a misspelt variable fails the
build instead of printing nothing. The result is final HTML: the plugin hands it to MkDocs after the
Markdown stage (``on_page_content``), so no contributor text ever reaches a Markdown parser, whose
syntax (``{: attr }``, ``[x](y)``, ``![x](y)``) HTML escaping does not neutralise.

:class:`RenderedPage` carries what the theme needs besides the body: the title (Material prints
``page.title`` unescaped in the header, so :attr:`RenderedPage.html_title` is the escaped text), the
page's headings for the table of contents, and theme options (``hide``, ``gt_matrix``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from gap_tracker.model import (
    EVIDENCE_KINDS,
    GRADE_LABELS,
    NOT_STATED,
    STATUS_LABELS,
    Catalogue,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pages"


def source_label(catalogue: Catalogue, key: str) -> str:
    """The short name of a source document ('GER 2024'), or its key when the registry lacks it."""
    return catalogue.source_label(key)


def slug(text: str) -> str:
    """An HTML id from heading text, the way Python-Markdown's toc extension makes one."""
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", str(text)).strip().lower()) or "section"


def short_locator(locator: str) -> str:
    """The first part of a locator ('Ch. 8 ... (p. 49-59)' of 'Ch. 8 ... (p. 49-59), table ..., row ...').

    The cut is at the first ", " outside single quotes, so a quoted title is never split; the whole
    locator stays one click away (the citation's details block).
    """
    start = 0
    while (cut := locator.find(", ", start)) != -1:
        if locator.count("'", 0, cut) % 2 == 0:
            return locator[:cut]
        start = cut + 2
    return locator


ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
    auto_reload=False,  # the templates do not change during a build: no stat of every file at every use
)
ENV.globals.update(
    STATUS_LABELS=STATUS_LABELS,
    NOT_STATED=NOT_STATED,
    source_label=source_label,
    GRADE_LABELS=GRADE_LABELS,
    EVIDENCE_KINDS=EVIDENCE_KINDS,
)
ENV.globals["LINK_BASIS_LABELS"] = LINK_BASIS_LABELS = {
    "named-in-table": "named in the summary table",
    "source-wording": "the source's own wording",
    "source-section": "its place in the source's section on this area",
    "editorial-judgement": "editorial judgement (not stated by the source)",
}
"""How a demonstration is linked to its technology, in words."""
ENV.filters["slug"] = slug
ENV.filters["short_locator"] = short_locator


def render(template: str, **context: Any) -> Markup:
    """Render a template of ``templates/pages/`` to (safe) HTML."""
    return Markup(ENV.get_template(template).render(**context))


@dataclass(frozen=True)
class RenderedPage:
    """A generated page: its title as text, its body as final HTML, and theme options for its front matter."""

    title: str
    html: Markup
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def html_title(self) -> str:
        """The title escaped for HTML: what the theme may print as it is (header, search index)."""
        return str(escape(self.title))


DESCRIPTION_LENGTH = 300
"""Characters of a page's meta description: search engines show about 160, readers of a share card more."""


def meta_description(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at a word with "…" when longer than ``limit``, escaped for HTML.

    Escaped here because the theme's templates (MkDocs renders them without autoescape) print
    ``page.meta.description`` as it is, inside an attribute.
    """
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return str(escape(line))


def page(
    template: str,
    title: str,
    meta: dict[str, Any] | None = None,
    description: str | None = None,
    **context: Any,
) -> RenderedPage:
    """Render a page template; ``title`` is also passed to it (for its h1). ``description`` (plain text)
    becomes the page's meta description; without it the theme uses the site's."""
    meta = dict(meta or {})
    if description:
        meta["description"] = meta_description(description)
    return RenderedPage(title, render(template, title=title, **context), meta)


# The templates write every heading through the macro ``heading`` (templates/pages/macros.html), in
# exactly this form; the text between the tags is already escaped, so data can never look like one.
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"', re.S)
_ID = re.compile(r'\sid="([^"]+)"')


def toc_tokens(html: str) -> list[dict[str, Any]]:
    """The headings of a rendered page as the nested tokens :func:`mkdocs.structure.toc.get_toc` reads."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for match in _HEADING.finditer(html):
        token: dict[str, Any] = {"level": int(match[1]), "id": match[2], "name": match[3].strip(), "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def anchor_ids(html: str) -> set[str]:
    """Every id in the page: the anchors that links from other pages may point at (MkDocs checks them)."""
    return set(_ID.findall(html))
