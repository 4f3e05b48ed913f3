"""``mkdocs serve`` with broken data: the browser shows the findings instead of waiting.

When a rebuild raises, MkDocs' live-reload server keeps the browser waiting for a build that never
comes ("the server will appear stuck"). While serving, the plugin lets a build with broken data
finish instead: it logs the same messages ``mkdocs build`` stops with, sets the last good site aside
(:meth:`ErrorSite.set_aside`, a rename beside the served folder), builds nothing, and writes the
findings page (``templates/pages/serve_error.html``, autoescaped; one line per finding, as ``mkdocs build``
prints it: ``file:line:column: severity: message; fix``) at every page address the good
site had, plus the home page and 404 page. The browser reloads onto it wherever it was. When a save
fixes the data, :meth:`ErrorSite.restore` puts the good site back before MkDocs builds, so a dirty
build rewrites only the pages that changed (:mod:`gap_tracker.servecache`) and the browser reloads
onto the updated page.

``mkdocs build`` never takes this path: it fails with a :class:`~mkdocs.exceptions.PluginError` and
leaves the previous site untouched (:mod:`gap_tracker.sitedir`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gap_tracker.findings import Result
from gap_tracker.render.templating import render
from gap_tracker.report import format_text

KEPT_MARK = ".gap-tracker-kept-"
ALWAYS = ("index.html", "404.html")
"""Addresses that show the findings even when there was no good site yet (the first build is broken)."""


@dataclass
class ErrorSite:
    """The served folder while the data is broken, and where its last good content waits."""

    kept: Path | None = None

    @property
    def broken(self) -> bool:
        return self.kept is not None

    def set_aside(self, site_dir: str) -> None:
        """Move the served site's content into a folder beside it (once, on the first broken build)."""
        site = Path(site_dir)
        site.mkdir(parents=True, exist_ok=True)
        if self.kept is None:
            self.kept = Path(tempfile.mkdtemp(prefix=f".{site.name}{KEPT_MARK}", dir=site.parent))
            for entry in site.iterdir():
                entry.replace(self.kept / entry.name)
        else:  # broken again: the previous findings pages go, the good site stays aside
            _empty(site)

    def show(self, site_dir: str, result: Result) -> int:
        """Write the findings page at every page address of the good site; return how many."""
        assert self.kept is not None
        findings = [(f.severity.value, format_text(f)) for f in result.sorted_findings()]
        page = render("serve_error.html", findings=findings, summary=result.summary())
        data = str(page).encode("utf-8")
        site = Path(site_dir)
        addresses = {Path(a) for a in ALWAYS}
        for folder, _dirs, names in os.walk(self.kept):
            addresses.update((Path(folder) / n).relative_to(self.kept) for n in names if n.endswith(".html"))
        for address in addresses:
            target = site / address
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return len(addresses)

    def restore(self, site_dir: str) -> None:
        """Put the last good site back in place of the findings pages."""
        if self.kept is None:
            return
        site = Path(site_dir)
        _empty(site)
        for entry in self.kept.iterdir():
            entry.replace(site / entry.name)
        self.kept.rmdir()
        self.kept = None

    def discard(self) -> None:
        """At the end of the session: remove the set-aside copy (the served folder is MkDocs' own)."""
        if self.kept is not None:
            shutil.rmtree(self.kept, ignore_errors=True)
            self.kept = None


def _empty(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
