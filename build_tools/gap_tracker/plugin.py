"""The MkDocs plugin: a thin adapter from MkDocs events to the plain functions of gap_tracker.

* ``on_config`` loads and checks the data. Invalid data raises :class:`PluginError` with every
  finding, before MkDocs cleans or writes the site directory, so the last good site stays as it was.
* ``on_files`` adds every generated page and download in memory (``File.generated``), never in
  ``docs/``, so ``mkdocs serve`` does not loop; technology pages stay out of the sidebar (listing
  thousands of pages there makes the build quadratic).
* Generated pages skip Markdown: each is rendered from a Jinja2 template with autoescape
  (:mod:`gap_tracker.render.templating`) to final HTML, which is its file's content;
  ``on_page_markdown`` gives MkDocs an empty page and the page's escaped title and theme options,
  and ``on_page_content`` puts the HTML back with its table of contents and anchors.
* ``on_page_markdown`` fills the coverage figures and charts into the hand-written home page.
* The git history of the data (:mod:`gap_tracker.history`), read once in ``on_config``, feeds the
  history sections, /changes/, the Atom feeds and the redirects of :mod:`gap_tracker.timeline`;
  ``on_page_context`` gives technology and area pages their area's feed link.

* ``mkdocs serve`` with broken data shows the findings in the browser instead of stalling
  (:mod:`gap_tracker.serveerror`); ``mkdocs build`` fails with them.

* A build writes into a staging folder beside ``site_dir`` (:mod:`gap_tracker.sitedir`): ``on_config``
  points ``site_dir`` there, ``on_post_build`` (run last) swaps it in when the build succeeded, and
  ``on_build_error`` removes it, so a failed ``mkdocs build`` (data, templates, a plugin, ``--strict``)
  leaves the previous site untouched. ``mkdocs serve`` (and ``--dirty``) build in place, as before.

Technologies whose last review is older than ``stale_after_days`` are logged at INFO, not WARNING:
``mkdocs build --strict`` fails on any logged warning, and data must not break the build by ageing.
They are listed on the generated "Needs review" page instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from gap_tracker.findings import Result
from gap_tracker.history import History, HistoryCache, read_history
from gap_tracker.load import LoadCache, load_project
from gap_tracker.model import Catalogue, Technology
from gap_tracker.render import area, editions, organisations, quantities, technology
from gap_tracker.render.charts import coverage_facts
from gap_tracker.render.citing import (
    FOOTER_META,
    DataVersion,
    data_version,
    page_url,
    technology_version,
    with_cite_box,
)
from gap_tracker.render.downloads import (
    CSV_PATH,
    DATAPACKAGE_PATH,
    JSON_PATH,
    WIDE_CSV_PATH,
    TechnologyRows,
    render_csv,
    render_datapackage,
    render_json,
    render_wide_csv,
    technology_texts,
)
from gap_tracker.render.evidence import MISSIONS_PAGE, render_missions_page
from gap_tracker.render.matrix import PAGE as MATRIX_PAGE
from gap_tracker.render.matrix import ROWS_PATH, matrix_form, matrix_page, matrix_rows
from gap_tracker.render.matrix import row_facts as matrix_row_facts
from gap_tracker.render.matrix_filters import FiltersForm, filter_facts
from gap_tracker.render.overview import (
    COVERAGE_MARKER,
    coverage_section,
    render_areas_index,
    render_gap_assessments_page,
    render_sources_page,
)
from gap_tracker.render.pagefacts import registries_of, split
from gap_tracker.render.reference import PAGE as REFERENCE_PAGE
from gap_tracker.render.reference import render_reference_page
from gap_tracker.render.review import render_needs_review_page
from gap_tracker.render.templating import RenderedPage, anchor_ids, toc_tokens
from gap_tracker.render.validity import EMPTY_SITEMAP, feed_sitemaps
from gap_tracker.report import format_text
from gap_tracker.schema_publish import published_schemas
from gap_tracker.schemas import SchemaError, SchemaSet
from gap_tracker.search import SearchIndexError, index_site
from gap_tracker.servecache import (
    BackgroundIndexer,
    ChangedPages,
    CompiledTemplates,
    FactsCache,
    PageCache,
    linked_files,
    templates_stamp,
)
from gap_tracker.serveerror import ErrorSite
from gap_tracker.sitedir import StagedSite
from gap_tracker.staleness import DEFAULT_STALE_AFTER_DAYS
from gap_tracker.staleness import PAGE as NEEDS_REVIEW_PAGE
from gap_tracker.staleness import RULE as STALE_RULE
from gap_tracker.timeline import Timeline, check_edition_pairs

log = get_plugin_logger(__name__)
T = TypeVar("T")
F = TypeVar("F")
TEMPLATES = Path(__file__).parent / "templates"
HISTORY_OFF = "history is turned off in mkdocs.yml"


class GapTrackerConfig(Config):  # type: ignore[no-untyped-call]
    enabled = c.Type(bool, default=True)
    data_dir = c.Dir(exists=True, default="technologies")
    """The technology data, relative to mkdocs.yml."""
    schema_dir = c.Dir(exists=True, default="schema")
    """The JSON Schemas, relative to mkdocs.yml; also published under /schema/."""
    compare_editions = c.ListOfItems(c.ListOfItems(c.Type(str)), default=[])
    """Pairs of source keys, older first, each compared on a page under /editions/."""
    history = c.Type(bool, default=True)
    """Read the data's git history (history sections, /changes/, feeds, the vanished-id check)."""
    search = c.Type(bool, default=True)
    """Index the built site for its search (Pagefind, see gap_tracker.search)."""
    stale_after_days = c.Type(int, default=DEFAULT_STALE_AFTER_DAYS)
    """Technologies last reviewed more than this many days ago are listed on the "Needs review" page (0: off)."""


class GapTrackerPlugin(BasePlugin[GapTrackerConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.result: Result | None = None
        self.schemas: SchemaSet | None = None
        self.history = History.unavailable(HISTORY_OFF)
        self.timeline: Timeline | None = None
        self.pages: dict[str, RenderedPage] = {}
        """The generated pages of this build by src_uri (their HTML is also their file's content)."""
        self.coverage_pages: set[str] = set()
        self.gap_section: str = ""
        """What the home page's gap-charts marker becomes (render/quantities.py)."""
        self.gap_has_charts = False
        """Whether that section holds charts (then its page loads their grade filter's script)."""
        # mkdocs serve (see gap_tracker.servecache): what is kept between the builds of one session.
        self.serving = False
        self.dirty = False
        self.load_cache: LoadCache | None = None
        self.history_cache: HistoryCache | None = None
        self.page_cache = PageCache()
        self.row_cache = PageCache()
        """The rows of the CSV downloads, by technology file and download."""
        self.facts_cache = FactsCache()
        """Each technology's facts for the pages that list or count all technologies (render/pagefacts.py)."""
        self.registries: tuple[Catalogue, Catalogue] | None = None
        """This build's catalogue and its registries (the same object for every page of a build)."""
        self.changed_pages = ChangedPages()
        self.templates_stamp: object = None
        """While serving: the templates the kept pages were rendered with (see _forget_pages_if_templates_changed)."""
        self.shown: dict[str, str | RenderedPage] = {}
        """This build's generated files by src_uri, as rendered (what ChangedPages compares)."""
        self.page_texts: dict[str, tuple[RenderedPage, str]] = {}
        self.search_runs = 0
        self.indexer = BackgroundIndexer(_index_quietly)
        self.compiled_templates = CompiledTemplates()
        self.error_site = ErrorSite()
        self.stage_builds = True
        """Build into a staging folder (not for ``mkdocs serve`` or a dirty build: they build in place)."""
        self.staged: StagedSite | None = None
        self.warnings: CountHandler | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this plugin object, and its caches, across the builds of ``serve``."""
        self.serving, self.dirty = command == "serve", dirty
        # MkDocs keeps this object for the whole process (several sessions in one, as in the tests):
        # each session starts with empty caches.
        self.load_cache = LoadCache() if self.serving else None
        self.history_cache = HistoryCache() if self.serving else None
        self.templates_stamp = None  # so the first on_config empties the page caches of an earlier session
        self.search_runs = 0
        self.stage_builds = command != "serve" and not dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).parent
        data_dir = Path(self.config.data_dir)
        schema_dir = Path(self.config.schema_dir)
        try:
            self.schemas = SchemaSet.load(schema_dir)
        except SchemaError as exc:
            raise PluginError(f"gap-tracker: {exc}") from None
        self.history = (
            read_history(root, _relative(data_dir, root), self.history_cache)
            if self.config.history
            else History.unavailable(HISTORY_OFF)
        )
        self.result = load_project(
            root,
            _relative(data_dir, root),
            _relative(schema_dir, root),
            schemas=self.schemas,
            history=self.history,
            stale_after_days=self.config.stale_after_days,
            cache=self.load_cache,
        )
        for warning in self.result.warnings:
            # Staleness is information, not a build problem: --strict would fail on a logged warning.
            (log.info if warning.rule == STALE_RULE else log.warning)(format_text(warning))
        for watched in (str(data_dir), str(schema_dir)):
            if watched not in config.watch:
                config.watch.append(watched)
        if not self.result.ok:
            lines = [format_text(f) for f in self.result.sorted_findings()]
            message = (
                "gap-tracker: the data has problems, so nothing was built:\n"
                + "\n".join(lines)
                + "\n"
                + self.result.summary()
            )
            if not self.serving:
                raise PluginError(message)
            log.error(message)  # serve: the browser shows them too (gap_tracker.serveerror)
            self.error_site.set_aside(config.site_dir)
            config.nav = None  # nothing is built: no page for mkdocs.yml's nav to find
            return config
        self.error_site.restore(config.site_dir)
        if self.result.catalogue and (
            problems := check_edition_pairs(self.result.catalogue, self.config.compare_editions)
        ):
            raise PluginError("gap-tracker: mkdocs.yml: " + "; ".join(problems))
        # Our partials sit after the user's custom_dir but before the theme's own templates.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        if self.serving:
            self._forget_pages_if_templates_changed(config)
        self._stage(config)
        return config

    def _forget_pages_if_templates_changed(self, config: MkDocsConfig) -> None:
        """While serving, an edited template (ours or the site's custom_dir) makes every page again: the
        caches key pages by their data, not by the templates that render them."""
        stamp = templates_stamp([TEMPLATES, *([config.theme.custom_dir] if config.theme.custom_dir else [])])
        if stamp != self.templates_stamp:
            if self.templates_stamp is not None:
                log.info("a template changed: every page is made again")
            self.page_cache, self.row_cache = PageCache(), PageCache()
            self.facts_cache, self.changed_pages, self.page_texts = FactsCache(), ChangedPages(), {}
            self.templates_stamp = stamp

    def _stage(self, config: MkDocsConfig) -> None:
        """Point site_dir at a staging folder; with --strict, count warnings as MkDocs does."""
        if not self.stage_builds:
            return
        self.staged = StagedSite.begin(config.site_dir)
        config.site_dir = str(self.staged.path)
        if config.strict:
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.error_site.broken and self.result:
            count = self.error_site.show(config.site_dir, self.result)
            log.info(f"the data has problems: {count} page addresses show them until a save fixes them")
            return
        self._index_search(config)  # into the staging folder, before it is published
        staged, counted = self.staged, self._stop_counting()
        if staged is None or counted:
            return  # --strict aborts right after this event: on_build_error discards the staging folder
        config.site_dir = staged.publish()
        self.staged = None

    def on_shutdown(self) -> None:
        self.error_site.discard()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_counting()
        if self.staged is not None:
            self.staged.discard()
            self.staged = None

    def _stop_counting(self) -> bool:
        """Stop counting warnings; True if any was logged in this build (MkDocs' own --strict counter,
        attached before any plugin's on_config, also holds the warnings logged before ours was added)."""
        if self.warnings is None:
            return False
        logger = logging.getLogger("mkdocs")
        counted = any(isinstance(h, CountHandler) and h.get_counts() for h in logger.handlers)
        logger.removeHandler(self.warnings)
        self.warnings = None
        return counted

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.error_site.broken:
            return Files([])  # serve with broken data: the findings pages replace the site (on_post_build)
        if not self.config.enabled or not self.result or not self.result.catalogue or not self.schemas:
            return files
        catalogue = self.result.catalogue
        root = Path(config.config_file_path).parent
        # The way from docs_dir to the project root, worked out once (os.path.relpath per page cost ~0.3 s at 5,000).
        data_from_docs = Path(os.path.relpath(root, config.docs_dir)).as_posix()

        self.pages = {}
        self.shown = {}

        def add(
            src_uri: str, content: str | RenderedPage, inclusion: InclusionLevel = InclusionLevel.UNDEFINED
        ) -> File:
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            self.shown[src_uri] = content
            if isinstance(content, RenderedPage):
                self.pages[src_uri] = content
                content = self._html_text(src_uri, content)
            generated = File.generated(config, src_uri, content=content, inclusion=inclusion)
            files.append(generated)
            return generated

        timeline = self.timeline = Timeline(
            catalogue, self.history, config.site_url or "", config.repo_url or "", self.config.compare_editions
        )
        version = data_version(self.history)
        config.extra[FOOTER_META] = version.label  # the printed pages' footer (templates/main.html)
        site_url = config.site_url or ""
        registries, rows = self._facts("matrix-rows", catalogue, matrix_row_facts)
        matrix = matrix_page(registries, rows, self._matrix_form(catalogue))
        add(MATRIX_PAGE, with_cite_box(matrix, "matrix", page_url(site_url, "matrix/"), version))
        other_rows = matrix_rows(registries, rows)
        if other_rows is not None:
            add(ROWS_PATH, other_rows)  # the rows a large matrix page leaves out, fetched by its script
        for tech in catalogue.technologies:
            page = add(
                technology.page_path(tech),
                self._technology_page(
                    catalogue, tech, timeline, page_url(site_url, f"technologies/{tech.id}/"), version
                ),
                InclusionLevel.NOT_IN_NAV,
            )
            page.edit_uri = posixpath.normpath(f"{data_from_docs}/{Path(tech.path).as_posix()}")
        registries, area_facts = self._facts("area-rows", catalogue, area.row_facts)
        for path, rendered in area.pages(registries, area_facts, self._memo):
            add(path, rendered, InclusionLevel.NOT_IN_NAV)
        add("areas/index.md", render_areas_index(catalogue))
        add("sources.md", render_sources_page(catalogue))
        add("gap-assessments.md", render_gap_assessments_page(catalogue))
        add(MISSIONS_PAGE, render_missions_page(catalogue))
        add(REFERENCE_PAGE, render_reference_page(self.schemas.schemas))
        add(NEEDS_REVIEW_PAGE, render_needs_review_page(catalogue, dt.date.today(), self.config.stale_after_days))
        add(JSON_PATH, render_json(catalogue, timeline.json_extra(), self._technology_json))
        for generated in timeline.files():
            add(
                generated.src_uri,
                generated.content,
                InclusionLevel.UNDEFINED if generated.in_nav else InclusionLevel.NOT_IN_NAV,
            )
        self._add_edition_pages(catalogue, timeline.edition_pairs, add)
        add(CSV_PATH, render_csv(catalogue, self._kept_rows(CSV_PATH)))
        add(WIDE_CSV_PATH, render_wide_csv(catalogue, site_url, self._kept_rows(f"{WIDE_CSV_PATH}\0{site_url}")))
        add(DATAPACKAGE_PATH, render_datapackage(catalogue, site_url, timeline.json_extra()["data_version"]))
        self._add_gap_and_organisation_pages(catalogue, site_url, version, add)
        for path in feed_sitemaps(files):
            add(path, EMPTY_SITEMAP)
        schema_dir = Path(self.config.schema_dir)
        texts = {
            kind: (schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8") for kind in self.schemas.schemas
        }
        for name, text in published_schemas(self.schemas.schemas, texts, catalogue).items():
            add(f"schema/{name}", text)
        if self.serving and self.dirty:
            self._hand_over_changed(files, config)
        return files

    def _html_text(self, src_uri: str, page: RenderedPage) -> str:
        """A generated page's HTML as its file's content; while serving, the same string object for the same page
        (so that :class:`ChangedPages` finds an unchanged page by identity, without comparing its text)."""
        if not self.serving:
            return str(page.html)
        kept = self.page_texts.get(src_uri)
        if kept is None or kept[0] is not page:
            kept = self.page_texts[src_uri] = (page, str(page.html))
        return kept[1]

    def _hand_over_changed(self, files: Files, config: MkDocsConfig) -> None:
        """``mkdocs serve --dirty``: MkDocs gets only the generated pages and downloads that changed (see ChangedPages)."""
        site_version = str(config.extra.get(FOOTER_META, ""))
        shown: dict[str, object] = {}
        for uri, content in self.shown.items():
            if isinstance(content, RenderedPage):  # what the theme prints of it, besides its content
                version = content.meta.get(FOOTER_META, site_version)  # its printed footer's data version
                shown[uri] = (self.page_texts[uri][1], content.title, content.meta, version)
            else:
                shown[uri] = (content, site_version) if uri.endswith(".md") else content
        titles = {uri: rendered.title for uri, rendered in self.pages.items()}
        selection = self.changed_pages.select(
            files, config.config_file_path, shown, titles, linked_files(files, config.nav)
        )
        log.info(
            f"dirty build: {selection.rebuilt} pages to build, {selection.left_out} unchanged generated "
            "files left as they are"
        )

    def _technology_json(self, technologies: list[Technology]) -> list[str]:
        """The technologies' text in the JSON download; while serving, those of unchanged files as written before."""
        if self.load_cache is None:
            return technology_texts(technologies)
        # Not a function of the registries: kept while the technology is the same object.
        return list(self.facts_cache.facts("json", technologies, (), lambda tech: technology_texts([tech])[0]))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Generated pages skip Markdown: their file holds final HTML, which ``on_page_content`` puts back.

        Their title is set here as escaped text, because the theme prints ``page.title`` unescaped
        (header, search index); the tab title is escaped by templates/main.html.
        """
        rendered = self.pages.get(page.file.src_uri)
        if rendered is not None:
            page.title = rendered.html_title
            page.meta.update(rendered.meta)
            return ""
        if quantities.MARKER in markdown:
            self.coverage_pages.add(page.file.src_uri)
            markdown = markdown.replace(quantities.MARKER, self.gap_section + "\n")
            page.meta[quantities.SCRIPT_META] = self.gap_has_charts
        if COVERAGE_MARKER in markdown and self.result and self.result.catalogue:
            self.coverage_pages.add(page.file.src_uri)
            return markdown.replace(COVERAGE_MARKER, self._coverage_section(self.result.catalogue) + "\n")
        return markdown

    def _add_gap_and_organisation_pages(
        self, catalogue: Catalogue, site_url: str, version: DataVersion, add: Callable[..., File]
    ) -> None:
        """The charts of the gap (/quantities/, their CSV files, the home page's lead) and the organisation pages."""
        registries, per_technology = self._facts("charts", catalogue, quantities.chart_facts)
        charts = quantities.ordered_charts(per_technology)
        shown = (per_technology, site_url, version)
        self.gap_section = self._memo(
            "gap-section", shown, lambda: str(quantities.home_section(registries, charts, site_url, version))
        )
        self.gap_has_charts = bool(charts)
        pages = self._memo(
            "quantities", shown, lambda: quantities.render_quantities_pages(registries, charts, site_url, version)
        )
        for path, rendered in pages:
            add(path, rendered, InclusionLevel.UNDEFINED if path == quantities.PAGE else InclusionLevel.NOT_IN_NAV)
        for path, text in self._memo(
            "quantities-files", per_technology, lambda: list(quantities.files(registries, charts))
        ):
            add(path, text)
        registries, facts = self._facts("organisations", catalogue, organisations.technology_facts)
        for path, rendered, in_nav in organisations.pages(registries, facts, self._memo):
            add(path, rendered, InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """A generated page's final HTML, with the table of contents and anchors MkDocs would have read from Markdown."""
        if page.file.src_uri in self.pages:
            html = page.file.content_string
            page.toc = get_toc(toc_tokens(html))  # type: ignore[arg-type]
            page.present_anchor_ids = anchor_ids(html)
        elif page.file.src_uri in self.coverage_pages:  # the coverage section's heading joins the toc
            page.toc = get_toc(toc_tokens(html))  # type: ignore[arg-type]
        return html

    def _technology_page(
        self, catalogue: Catalogue, tech: Technology, timeline: Timeline, url: str, version: DataVersion
    ) -> RenderedPage:
        """A technology page, rendered again only when what it shows changed (serve; see gap_tracker.servecache)."""
        version = technology_version(self.history, version, tech.path)

        def render() -> RenderedPage:
            page = technology.render_technology_page(catalogue, tech, timeline.technology_section(tech))
            return with_cite_box(page, tech.id, url, version)

        if self.load_cache is None:
            return render()
        related = tuple((other, (catalogue.get(other) or tech).name) for other in tech.related)
        history = timeline.technology_section_key(tech)
        key = (self.load_cache.stamp(tech.path), self.load_cache.registries, related, history, url, version)
        return self.page_cache.get(technology.page_path(tech), key, render)  # type: ignore[no-any-return]

    def _facts(
        self, kind: str, catalogue: Catalogue, make: Callable[[Catalogue, Technology], F]
    ) -> tuple[Catalogue, tuple[F, ...]]:
        """The registries and each technology's facts of one kind (see gap_tracker.render.pagefacts);
        while serving, an unchanged technology's facts are those of the previous build, the same objects."""
        cache = self.load_cache
        if cache is None:
            return split(catalogue, make)
        if self.registries is None or self.registries[0] is not catalogue:
            self.registries = (catalogue, registries_of(catalogue))
        registries = self.registries[1]
        return registries, self.facts_cache.facts(
            kind, catalogue.technologies, cache.registries, lambda tech: make(registries, tech)
        )

    def _matrix_form(self, catalogue: Catalogue) -> FiltersForm:
        registries, facts = self._facts("matrix-filters", catalogue, filter_facts)
        return self._memo("matrix-filters", facts, lambda: matrix_form(registries, facts))

    def _add_edition_pages(self, catalogue: Catalogue, pairs: list[tuple[str, str]], add: Callable[..., File]) -> None:
        """The edition comparisons (/editions/), made from each technology's entries in each pair."""
        registries, facts = self._facts(f"editions\0{pairs!r}", catalogue, editions.edition_facts(pairs))
        for path, rendered, in_nav in editions.pages(registries, pairs, facts, self._memo):
            add(path, rendered, InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV)

    def _coverage_section(self, catalogue: Catalogue) -> str:
        """The home page's coverage figures and charts (render/overview.py), from each technology's facts."""
        registries, facts = self._facts("coverage", catalogue, coverage_facts)
        return str(self._memo("coverage", facts, lambda: coverage_section(registries, facts)))

    def _memo(self, name: str, key: object, render: Callable[[], T]) -> T:
        """A page made from facts (gap_tracker.render.pagefacts): while serving, rendered again only when its
        key (its facts) or the registries differ from the previous build's."""
        if self.load_cache is None:
            return render()
        return self.page_cache.get(f"facts\0{name}", (key, self.load_cache.registries), render)  # type: ignore[no-any-return]

    def _kept_rows(self, download: str) -> TechnologyRows | None:
        """While serving, a technology's rows of a CSV download are written again only when its file or a
        registry changed (they show the technology's file and registry data: area names, horizons, sources)."""
        cache = self.load_cache
        if cache is None:
            return None

        def rows(tech: Technology, write: Callable[[], str]) -> str:
            stamp = cache.stamp(tech.path)
            if stamp is None:
                return write()
            return self.row_cache.get(f"{download}\0{tech.path}", (stamp, cache.registries), write)  # type: ignore[no-any-return]

        return rows

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """``mkdocs serve``: the theme's templates are compiled once per session (see gap_tracker.servecache)."""
        if self.serving:
            env.bytecode_cache = self.compiled_templates
        return env

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """``mkdocs serve --dirty``: MkDocs renders and writes only the pages whose content changed."""
        if self.serving and self.dirty and not self.error_site.broken:
            for f in files.documentation_pages():  # MkDocs reads no page it skips, yet its title is in the navigation
                rendered = self.pages.get(f.src_uri)
                if rendered is not None and f.page is not None and not f.is_modified():
                    f.page.title = rendered.html_title
        return nav

    def _index_search(self, config: MkDocsConfig) -> None:
        """The site search: a Pagefind index of the pages just written (see gap_tracker.search).

        While serving, the first build indexes in line; later builds index in the background, so a
        saved file shows up without waiting for the index (search catches up seconds later).
        """
        if not self.config.enabled or not self.config.search:
            return
        self.search_runs += 1
        if self.serving and self.search_runs > 1:
            self.indexer.request(Path(config.site_dir))
            return
        try:
            indexed = index_site(Path(config.site_dir))
        except SearchIndexError as exc:
            raise PluginError(f"gap-tracker: {exc}") from None
        log.debug(f"search index: {indexed.pages} pages")

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        feed = self.timeline.area_feed_of(page.file.src_uri) if self.timeline else None
        if feed:
            page.meta["gt_area_feed"] = feed
        return context


def _index_quietly(site_dir: Path) -> None:
    try:
        index_site(site_dir)
    except SearchIndexError as exc:
        log.warning(f"gap-tracker: search index not updated: {exc}")


def _relative(path: Path, root: Path) -> str:
    return os.path.relpath(path, root)
