"""How to cite what a page shows: the data version and a "Cite this" box (text and BibTeX).

The data version is the newest commit that changed the data (its short hash and day), or the
package version when the build has no git history; a build with uncommitted data says so. The box
names the page's title, its address, the data version and the day the site was built, so a
citation can be traced back to exactly the data it quotes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from markupsafe import Markup

from gap_tracker import __version__
from gap_tracker.history import History
from gap_tracker.render.templating import ENV, RenderedPage

PUBLISHER = "Critical Technology Gap Tracker"
AUTHORS = "Critical Technology Gap Tracker contributors"
UNCOMMITTED = " plus uncommitted changes"
FOOTER_META = "gt_data_version"
"""The page's data version in its printed footer (templates/main.html); the site's (config.extra) otherwise."""
_BIBTEX_SPECIALS = re.compile(r"([\\{}%&$#_^~])")


@dataclass(frozen=True)
class DataVersion:
    label: str
    """e.g. ``data 3f2a9c1 of 2026-11-30`` or ``package 0.1.0 (no git history)``."""
    day: str
    """The day of the data version (the build day without history)."""
    built: str
    """The day the site was built (ISO)."""

    @property
    def year(self) -> str:
        return self.day[:4]


def data_version(history: History, today: dt.date | None = None, uncommitted: bool | None = None) -> DataVersion:
    """The version of the data a page shows; ``uncommitted``: whether that data has uncommitted changes
    (by default, whether any data file has: see :func:`technology_version` for a page of one file)."""
    built = (today or dt.date.today()).isoformat()
    latest = history.latest
    if latest is None:
        return DataVersion(f"package {__version__} (no git history)", built, built)
    dirty = UNCOMMITTED if (history.dirty if uncommitted is None else uncommitted) else ""
    return DataVersion(f"data {latest.sha[:7]} of {latest.day}{dirty}", latest.day, built)


def technology_version(history: History, version: DataVersion, path: str) -> DataVersion:
    """The version of one technology's page: uncommitted only when its own file is (``version`` is the site's).

    So a save does not change the citation of the 5,000 pages whose files are as committed: their
    pages say exactly which commit their data is from.
    """
    if not history.dirty or path in history.uncommitted:
        return version
    return replace(version, label=version.label.removesuffix(UNCOMMITTED))


def cite_text(title: str, url: str, version: DataVersion) -> str:
    return f"{AUTHORS}. “{title}”. {PUBLISHER}, {version.label}. {url} (site built {version.built})."


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIALS.sub(r"\\\1", text)


def bibtex(key: str, title: str, url: str, version: DataVersion) -> str:
    fields = {
        "author": "{" + AUTHORS + "}",
        "title": "{" + bibtex_escape(title) + "}",
        "howpublished": bibtex_escape(f"{PUBLISHER}, {version.label}"),
        "year": version.year,
        "url": url,
        "note": bibtex_escape(f"Site built {version.built}"),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{bibtex_key(key)},\n{body}\n}}"


def bibtex_key(text: str) -> str:
    return "gaptracker-" + (re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-") or "site")


def cite_box(key: str, title: str, url: str, version: DataVersion) -> Markup:
    """The "Cite this" box (templates/pages/cite.html): the citation as text, and as BibTeX in a details block."""
    macro = ENV.get_template("cite.html").module.cite_box  # type: ignore[attr-defined]
    return Markup(macro(cite_text(title, url, version), bibtex(key, title, url, version)))


def with_cite_box(rendered: RenderedPage, key: str, url: str, version: DataVersion) -> RenderedPage:
    """The page with its "Cite this" box at the end, and the same data version in its printed footer (main.html)."""
    box = cite_box(key, rendered.title, url, version)
    return replace(rendered, html=rendered.html + box, meta={**rendered.meta, FOOTER_META: version.label})


def page_url(site_url: str, path: str) -> str:
    """The published address of a page at ``path`` (e.g. ``matrix/``)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"
