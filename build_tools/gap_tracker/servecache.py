"""``mkdocs serve`` at 5,000 technologies: a saved file shows up in the browser in seconds.

A full build re-reads, re-checks and re-renders every technology and has MkDocs write every page
again. Between the builds of one ``serve`` session the plugin keeps:

* the parsed, checked and modelled data files, keyed by path, modification time and size
  (:class:`gap_tracker.load.LoadCache`): one edited file is read again, not 5,000;
* each technology page as rendered, keyed by what it is rendered from (:class:`PageCache`);
* with ``mkdocs serve --dirty`` (what ``dev.py serve`` runs), every generated page and download as
  last built, so MkDocs is handed only those that changed (:class:`ChangedPages`) instead of making
  page objects for all of them, running the theme template and writing them.

* the theme's compiled templates (:class:`CompiledTemplates`): MkDocs makes a new Jinja
  environment for every build;
* each technology's row of the matrix, the area tables and the CSV downloads (a :class:`PageCache`
  keyed by the file's and the registries' stamps: see ``GapTrackerPlugin._matrix_rows``);
* the git log of the data, until a commit moves HEAD (:class:`gap_tracker.history.HistoryCache`);
* and the search index is refreshed in the background once the saves settle (:class:`BackgroundIndexer`).

* each technology's facts for the pages that list or count every technology (organisation pages,
  matrix filters, area pages, coverage figures, charts of the gap, edition comparisons), and those
  pages, rendered again only when their facts or the registries changed (:class:`FactsCache`,
  :mod:`gap_tracker.render.pagefacts`).

The cross-file rules are still run on each build: they depend on all files. tests/test_servecache.py
checks that a served rebuild equals a fresh build, after each kind of edit.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import threading
import time
from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
import jinja2.bccache
from mkdocs.structure.files import File, Files


@dataclass
class PageCache:
    """Rendered pages by src_uri, each with the key of the inputs it was rendered from."""

    pages: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)

    def get(self, src_uri: str, key: Hashable, render: Callable[[], Any]) -> Any:
        kept = self.pages.get(src_uri)
        if kept is not None and kept[0] == key:
            return kept[1]
        page = render()
        self.pages[src_uri] = (key, page)
        return page


class _TrackedFile(File):
    """A documentation page whose ``is_modified`` (asked by MkDocs in a dirty build) the plugin decides."""

    gt_modified = True

    def is_modified(self) -> bool:
        return self.gt_modified


@dataclass
class ChangedPages:
    """What a dirty build hands MkDocs: only the generated pages and downloads that changed.

    MkDocs makes a page object, reads, renders and writes every documentation page it is given, and
    writes every generated download again. While serving with ``--dirty`` the site folder keeps the
    previous build's files, so a generated file whose content, title, theme options and printed data
    version are what the previous build wrote is left out of ``files`` altogether (at 5,000
    technologies that saves MkDocs' navigation, page and writing work for 5,000 pages on each save),
    unless it is in the navigation or a hand-written page links to it (then MkDocs must know it; it is
    kept but not rendered again). A hand-written page (there are few) is always rebuilt, as it may
    show data. Everything is handed over and rebuilt when the site may have changed: mkdocs.yml, the
    set of pages, the titles of generated pages in the navigation or the sources of hand-written ones.

    The previous build's contents are kept, not digests: a page that comes out of a cache is the very
    same object, so comparing is nearly free, and the cache holds those objects anyway. Whether the
    previous output is still in the site folder is not asked (a tenth of a rebuild at 5,000): ``mkdocs
    serve`` builds into a temporary folder of its own, which nothing else writes.
    """

    previous: dict[str, object] = field(default_factory=dict)
    site: str = ""

    def select(
        self,
        files: Files,
        config_file: str,
        shown: Mapping[str, object],
        titles: Mapping[str, str],
        linked: Collection[str],
    ) -> Selection:
        """Leave out of ``files`` the generated files a dirty build need not hand MkDocs; mark the rest.

        ``shown``: for each generated file, what its built output is made of (content, title, theme
        options, printed version: compared with ``==`` to the previous build's). ``titles``: the
        generated pages' titles, what the navigation shows of them. ``linked``: src_uris that
        hand-written pages or the configured navigation refer to.
        """
        site = _site_digest(files, config_file, titles)
        site_changed = site != self.site
        selection = Selection()
        for f in list(files):
            page = f.is_documentation_page()
            if f.generated_by is None:
                if page:  # it may show data (the home page's figures): always built again
                    f.__class__ = _TrackedFile
                    f.gt_modified = True  # type: ignore[attr-defined]
                    selection.rebuilt += 1
                continue
            uri = f.src_uri
            unchanged = not site_changed and uri in shown and uri in self.previous and self.previous[uri] == shown[uri]
            if unchanged and uri not in linked and not (page and f.inclusion.is_in_nav()):  # type: ignore[no-untyped-call]
                files.remove(f)
                selection.left_out += 1
                continue
            if page:
                f.__class__ = _TrackedFile
                f.gt_modified = not unchanged  # type: ignore[attr-defined]
                selection.rebuilt += not unchanged
        self.previous, self.site = dict(shown), site
        return selection


@dataclass
class Selection:
    """How many generated files a dirty build left out, and how many documentation pages it builds."""

    left_out: int = 0
    rebuilt: int = 0


def _site_digest(files: Files, config_file: str, titles: Mapping[str, str]) -> str:
    """What every page's frame depends on: mkdocs.yml, the set of pages and what the navigation shows of them."""
    site = hashlib.sha256(Path(config_file).read_bytes())
    for f in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        site.update(f"{f.src_uri}\0{f.inclusion.name}\0".encode())
        if f.inclusion.is_in_nav():  # type: ignore[no-untyped-call]
            shown = titles.get(f.src_uri, "").encode() if f.generated_by else f.content_bytes
            site.update(_digest(shown).encode())
    return site.hexdigest()


_LINK = re.compile(
    r"""\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)\s*=\s*["']([^"']+)""", re.MULTILINE
)


def linked_files(files: Files, nav: Any) -> set[str]:
    """The src_uris that hand-written pages (Markdown links, link definitions, href/src) or mkdocs.yml's nav name.

    Generous on purpose: a target left out of a dirty build that MkDocs should have known about would
    become a broken link, while a needless one only costs a page object.
    """
    linked: set[str] = set()
    for f in files.documentation_pages():
        if f.generated_by is not None:
            continue
        folder = posixpath.dirname(f.src_uri)
        for match in _LINK.finditer(f.content_string):
            target = unquote(next(g for g in match.groups() if g is not None).split("#")[0].split("?")[0])
            if target and "://" not in target:
                linked.add(posixpath.normpath(target.lstrip("/")))
                linked.add(posixpath.normpath(posixpath.join(folder, target)))
    linked.update(_nav_paths(nav))
    return linked


def _nav_paths(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {posixpath.normpath(nav)}
    if isinstance(nav, dict):
        return {p for value in nav.values() for p in _nav_paths(value)}
    if isinstance(nav, list):
        return {p for value in nav for p in _nav_paths(value)}
    return set()


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per ``serve`` session, not once per rebuild.

    MkDocs makes a new Jinja environment for every build, so Material's templates (base.html and its
    partials, 404.html, sitemap.xml) were compiled again on each save. Jinja's bytecode cache keys a
    template by its name and checks the source's checksum, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # resets itself when the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class BackgroundIndexer:
    """Runs the search indexing of a served site in the background, once the saves have settled.

    Pagefind reads every page, which at 5,000 technologies takes several seconds of both cores; run
    after each save, the runs queued up behind each other and slowed the next rebuild. One worker
    waits until no build asked for ``delay`` seconds, then indexes the site once for all of them.
    """

    def __init__(self, index: Callable[[Path], None], delay: float = 5.0) -> None:
        self.index, self.delay = index, delay
        self._wanted: Path | None = None
        self._asked = 0.0
        self._cond = threading.Condition()
        self._worker: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        with self._cond:
            self._wanted, self._asked = site_dir, time.monotonic()
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, daemon=True, name="gap-tracker-search")
                self._worker.start()
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._wanted is None:
                    self._worker = None
                    return
                wait = self._asked + self.delay - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                site_dir, self._wanted = self._wanted, None
            self.index(site_dir)


@dataclass
class FactsCache:
    """Each technology's facts for the pages that list or count every technology (:mod:`gap_tracker.render.pagefacts`).

    Kept per kind of facts and technology file while the technology is the same object (LoadCache hands
    back the same frozen object for an unchanged file, a new one for a changed file) and the registries'
    stamps are the same; a fact is a pure function of those two, so a kept one is what a build makes.
    Unchanged facts stay the same objects, so comparing this build's list with the previous one is cheap.
    """

    kept: dict[str, tuple[Hashable, list[Any], tuple[Any, ...]]] = field(default_factory=dict)
    """Per kind: the registries' stamps, the technologies and their facts of the previous build."""

    def facts(
        self, kind: str, technologies: list[Any], registries: Hashable, make: Callable[[Any], Any]
    ) -> tuple[Any, ...]:
        """The facts of ``technologies`` (``make`` of each), in their order."""
        kept = self.kept.get(kind)
        if kept is None or kept[0] != registries:
            out = tuple(make(tech) for tech in technologies)
        else:
            _, before, facts = kept
            # Mostly the same objects in the same places: compare in place, look the others up by path.
            found = [f if b is t else _MISSING for b, t, f in zip(before, technologies, facts, strict=False)]
            found += [_MISSING] * (len(technologies) - len(found))
            if any(f is _MISSING for f in found):
                where = {tech.path: i for i, tech in enumerate(before)}
                for i, tech in enumerate(technologies):
                    if found[i] is _MISSING:
                        j = where.get(tech.path)
                        found[i] = facts[j] if j is not None and before[j] is tech else make(tech)
            out = tuple(found)
        self.kept[kind] = (registries, list(technologies), out)
        return out


_MISSING = object()


def templates_stamp(folders: list[str | Path]) -> tuple[tuple[str, int, int], ...]:
    """Every file under ``folders`` with its modification time and size: changes when a template is saved."""
    found = []
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.is_file():
                stat = path.stat()
                found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))
