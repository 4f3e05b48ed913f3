"""Load a project: read every data file once, check it, and build the catalogue.

:func:`load_project` is the one entry point shared by the CLI, the MkDocs plugin and the tests. It
never raises for bad data: every problem becomes a :class:`~gap_tracker.findings.Finding` in the
returned :class:`~gap_tracker.findings.Result`, located to a line and column.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gap_tracker.documents import TECHNOLOGY, Document, ReadCache, discover
from gap_tracker.findings import Finding, Result
from gap_tracker.history import History
from gap_tracker.indentation import Misplaced, find_misplaced
from gap_tracker.model import (
    Area,
    Catalogue,
    GapAssessment,
    HorizonDefinition,
    Mission,
    Organisation,
    RemovedTechnology,
    SourceDocument,
    Technology,
)
from gap_tracker.placeholders import placeholder_findings, without_problems_at
from gap_tracker.rules import Context, Shared, run_cross_rules, run_document_rules
from gap_tracker.schemas import SchemaProblem, SchemaSet
from gap_tracker.staleness import DEFAULT_STALE_AFTER_DAYS, stale_findings
from gap_tracker.yaml_load import Locator

DATA_DIR = "technologies"
SCHEMA_DIR = "schema"


def load_project(
    root: Path,
    data_dir: str = DATA_DIR,
    schema_dir: str = SCHEMA_DIR,
    today: dt.date | None = None,
    schemas: SchemaSet | None = None,
    history: History | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    catalogue: bool = True,
    cache: LoadCache | None = None,
) -> Result:
    """Read, check and model the data of the project at ``root``.

    With ``history`` (see :func:`gap_tracker.history.read_history`), the rules also check that every
    technology id that disappeared from the data is declared as a former id or as removed.
    Technologies last reviewed more than ``stale_after_days`` days before ``today`` get a warning
    (0 turns that check off). ``catalogue=False`` skips building the model, which only the site needs
    (a sixth of a ``validate`` run at 10,000 files). With ``cache`` (kept by the plugin between the
    builds of ``mkdocs serve``), unchanged files are not parsed, checked or modelled again, and the
    per-document rules do not run again on them while the shared context stays the same
    (:class:`RuleCache`); the rules that compare files with each other run on all of them.
    """
    with _cyclic_gc_paused():
        return _load_project(root, data_dir, schema_dir, today, schemas, history, stale_after_days, catalogue, cache)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the data is read and checked.

    Reading builds hundreds of thousands of dicts, lists and YAML nodes that stay alive, and the
    collector would walk all of them again and again as they pile up: about a fifth of a ``validate``
    run at 10,000 files. The data holds no reference cycles, so nothing waits for the collector;
    reference counting still frees everything as usual, and the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_project(
    root: Path,
    data_dir: str,
    schema_dir: str,
    today: dt.date | None,
    schemas: SchemaSet | None,
    history: History | None,
    stale_after_days: int,
    catalogue: bool,
    cache: LoadCache | None,
) -> Result:
    schemas = schemas or SchemaSet.load(root / schema_dir)
    discovery = discover(root, data_dir, cache.read if cache else None)
    findings = list(discovery.findings)
    if cache:
        cache.use_schemas(schemas)
        cache.registries = tuple(sorted((d.path, d.stamp) for d in discovery.documents if d.kind != TECHNOLOGY))
    for doc in discovery.documents:
        findings.extend(cache.check(doc, schemas) if cache else _check_document(doc, schemas))
    valid = [d for d in discovery.documents if d.valid]
    context = Context(
        technologies=[d for d in valid if d.kind == TECHNOLOGY],
        registries={d.kind: d for d in valid if d.kind != TECHNOLOGY},
        all_ids={d.stem for d in discovery.documents if d.kind == TECHNOLOGY},
        today=today or dt.date.today(),
        history=history,
    )
    check = _document_checks(context, stale_after_days)
    findings.extend(run_cross_rules(context))
    if cache:
        key = (_shared_key(cache, context), stale_after_days)
        findings.extend(cache.rules.run(key, {d.path: d for d in valid}, check))
    else:
        findings.extend(check(valid))
    _locate_all(findings, {d.path: d for d in discovery.documents})
    return Result(
        catalogue=_build_catalogue(context, schemas.version, cache) if catalogue else None,
        findings=findings,
        files_checked=len(discovery.documents),
    )


def _document_checks(ctx: Context, stale_after_days: int) -> Callable[[Sequence[Document]], list[Finding]]:
    """The checks of valid documents one by one: the per-document rules and the review-age warnings.

    What they find about a document depends on it and the shared context only (not on the other
    technology files), so ``mkdocs serve`` keeps it per file (:class:`RuleCache`).
    """

    def check(documents: Sequence[Document]) -> list[Finding]:
        technologies = [d for d in documents if d.kind == TECHNOLOGY]
        return run_document_rules(ctx, documents) + list(stale_findings(technologies, ctx.today, stale_after_days))

    return check


def _check_document(doc: Document, schemas: SchemaSet) -> list[Finding]:
    if not doc.parsed.ok:
        return [Finding(doc.path, p.message, p.fix, p.rule, line=p.line, column=p.column) for p in doc.parsed.problems]
    problems = schemas.check(doc.kind, doc.data)
    doc.valid = not problems
    placeholders = placeholder_findings(doc.path, doc.parsed.text, doc.data)
    problems = without_problems_at(problems, {f.pointer for f in placeholders if f.pointer is not None})
    misplaced = find_misplaced(doc.parsed.text, [(p.pointer, p.missing) for p in problems if p.missing])
    return (
        placeholders
        + [Finding(doc.path, m.message, m.fix, "indentation", pointer=m.pointer, at_key=True) for m in misplaced]
        + [
            Finding(doc.path, p.message, p.fix, "schema", pointer=p.pointer, at_key=p.at_key)
            for p in problems
            if not any(_explained_by(p, m) for m in misplaced)
        ]
    )


def _explained_by(problem: SchemaProblem, misplaced: Misplaced) -> bool:
    """A problem that the misplaced field causes: the field missing where it belongs, or anything at or under it."""
    if problem.missing and (problem.pointer, problem.missing) == (misplaced.belongs_to, misplaced.pointer[-1]):
        return True
    return problem.pointer[: len(misplaced.pointer)] == misplaced.pointer


def _locate_all(findings: list[Finding], documents: dict[str, Document]) -> None:
    """Give every finding with a pointer its line and column (only files with findings are parsed again, once)."""
    pending: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.pointer is not None and not finding.line and finding.path in documents:
            pending[finding.path].append(finding)
    for path, group in pending.items():
        locate = Locator(documents[path].parsed.text)  # one parse per file, however many findings
        for finding in group:
            finding.line, finding.column = locate(finding.pointer or (), finding.at_key)


def _build_catalogue(ctx: Context, schema_version: str, cache: LoadCache | None = None) -> Catalogue:
    def registry(kind: str) -> dict[str, dict]:  # type: ignore[type-arg]
        doc = ctx.registries.get(kind)
        return doc.data if doc else {}

    return Catalogue(
        technologies=[cache.technology(d) if cache else Technology.from_data(d.data, d.path) for d in ctx.technologies],
        areas={k: Area.from_data(k, v) for k, v in registry("areas").items()},
        sources={k: SourceDocument.from_data(k, v) for k, v in registry("sources").items()},
        organisations={k: Organisation.from_data(k, v) for k, v in registry("organisations").items()},
        gap_assessments={k: GapAssessment.from_data(k, v) for k, v in registry("gap-assessments").items()},
        horizons=[HorizonDefinition.from_data(k, v) for k, v in registry("horizons").items()],
        schema_version=schema_version,
        removed={k: RemovedTechnology.from_data(k, v) for k, v in registry("removed").items()},
        missions={k: Mission.from_data(k, v) for k, v in registry("missions").items()},
    )


@dataclass
class LoadCache:
    """What :func:`load_project` can keep between the builds of ``mkdocs serve``, per unchanged file.

    Keyed by the file's path and :attr:`~gap_tracker.documents.Document.stamp` (modification time and
    size): the parse, the schema check (with its findings) and the model. Editing one file of 5,000
    re-reads that file only.
    """

    read: ReadCache = field(default_factory=ReadCache)
    checked: dict[str, tuple[tuple[int, int], list[Finding], bool]] = field(default_factory=dict)
    technologies: dict[str, tuple[tuple[int, int], Technology]] = field(default_factory=dict)
    registries: tuple[tuple[str, tuple[int, int] | None], ...] = ()
    """The registry files and their stamps as last read: a page that shows registry data keys on it."""
    rules: RuleCache = field(default_factory=lambda: RuleCache())
    schemas: dict[str, Any] | None = None
    """The schemas the kept checks were made with: other schemas, and nothing kept is trusted."""

    def use_schemas(self, schemas: SchemaSet) -> None:
        """Forget the kept checks (and with them the rules' findings) when the schemas changed."""
        if self.schemas != schemas.schemas:
            self.checked.clear()
            self.rules = RuleCache()
            self.schemas = schemas.schemas

    def check(self, doc: Document, schemas: SchemaSet) -> list[Finding]:
        kept = self.checked.get(doc.path)
        if doc.stamp is not None and kept is not None and kept[0] == doc.stamp:
            doc.valid = kept[2]
            return list(kept[1])
        findings = _check_document(doc, schemas)
        if doc.stamp is not None:
            self.checked[doc.path] = (doc.stamp, list(findings), doc.valid)
        return findings

    def technology(self, doc: Document) -> Technology:
        kept = self.technologies.get(doc.path)
        if doc.stamp is not None and kept is not None and kept[0] == doc.stamp:
            return kept[1]
        tech = Technology.from_data(doc.data, doc.path)
        if doc.stamp is not None:
            self.technologies[doc.path] = (doc.stamp, tech)
        return tech

    def stamp(self, path: str) -> tuple[int, int] | None:
        """The stamp of a data file as last read, or None."""
        kept = self.read.parsed.get(path)
        return kept[0] if kept else None


def _shared_key(cache: LoadCache, ctx: Shared) -> tuple[object, ...]:
    """What the per-document rules see besides the document: when it changes, nothing they found is kept.

    The registries by path and stamp (their validity follows from their text and the schemas, which
    :meth:`LoadCache.use_schemas` watches), every technology id, today, and the git history by the
    commit checked out (a history read without a :class:`~gap_tracker.history.HistoryCache` has no
    key, so nothing is kept for it).
    """
    history: object = None
    if ctx.history is not None:
        history = ctx.history.key if ctx.history.available else ("unavailable", ctx.history.reason)
        if history is None:
            history = object()  # equal to nothing: every build checks every file again
    return (cache.registries, tuple(sorted(ctx.registries)), frozenset(ctx.all_ids), ctx.today, history)


@dataclass
class RuleCache:
    """``mkdocs serve``: the per-document rules' findings, per file, kept while the shared context stays.

    A per-document rule (:data:`gap_tracker.rules.DOCUMENT_RULES`) sees one document and the shared
    context only, so its findings about an unchanged file are the same as last time as long as that
    context (:func:`_shared_key`) is the same: they are kept by path and stamp, located to their lines
    once, and handed out as copies (a finding is a mutable object). The review-age warnings (a
    function of the file, today and the configured age) are kept the same way.
    """

    key: tuple[object, ...] | None = None
    kept: dict[str, tuple[tuple[int, int], list[Finding]]] = field(default_factory=dict)

    def run(
        self,
        key: tuple[object, ...],
        documents: dict[str, Document],
        check: Callable[[Sequence[Document]], list[Finding]],
    ) -> list[Finding]:
        """The findings of ``check`` (the per-document checks) on ``documents``, run only on those not kept."""
        if key != self.key:
            self.key, self.kept = key, {}
        stale = [d for d in documents.values() if d.stamp is None or self.kept.get(d.path, (None,))[0] != d.stamp]
        fresh = check(stale)
        _locate_all(fresh, documents)
        by_path: dict[str, list[Finding]] = defaultdict(list)
        for finding in fresh:
            by_path[finding.path].append(finding)
        for doc in stale:
            if doc.stamp is not None:
                self.kept[doc.path] = (doc.stamp, by_path.pop(doc.path, []))
        for path in [p for p in self.kept if p not in documents]:  # deleted, or no longer valid
            del self.kept[path]
        unkept = [finding for group in by_path.values() for finding in group]  # documents without a stamp
        return unkept + [_copy(finding) for _, kept in self.kept.values() for finding in kept]


def _copy(finding: Finding) -> Finding:
    """A shallow copy of a finding (its fields are strings, numbers and tuples): 0.7 us, copy.copy takes 3."""
    new = object.__new__(Finding)
    new.__dict__.update(finding.__dict__)
    return new
