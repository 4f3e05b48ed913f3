"""Load a project: read every data file once, check it, and build the catalogue.

:func:`load_project` is the one entry point shared by the CLI, the MkDocs plugin and the tests. It
never raises for bad data: every problem becomes a :class:`~gap_tracker.findings.Finding` in the
returned :class:`~gap_tracker.findings.Result`, located to a line and column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from gap_tracker.documents import TECHNOLOGY, Document, discover
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
from gap_tracker.rules import Context, run_rules
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
) -> Result:
    """Read, check and model the data of the project at ``root``.

    With ``history`` (see :func:`gap_tracker.history.read_history`), the rules also check that every
    technology id that disappeared from the data is declared as a former id or as removed.
    Technologies last reviewed more than ``stale_after_days`` days before ``today`` get a warning
    (0 turns that check off).
    """
    schemas = schemas or SchemaSet.load(root / schema_dir)
    discovery = discover(root, data_dir)
    findings = list(discovery.findings)
    for doc in discovery.documents:
        findings.extend(_check_document(doc, schemas))
    valid = [d for d in discovery.documents if d.valid]
    context = Context(
        technologies=[d for d in valid if d.kind == TECHNOLOGY],
        registries={d.kind: d for d in valid if d.kind != TECHNOLOGY},
        all_ids={d.stem for d in discovery.documents if d.kind == TECHNOLOGY},
        today=today or dt.date.today(),
        history=history,
    )
    findings.extend(run_rules(context))
    findings.extend(stale_findings(context.technologies, context.today, stale_after_days))
    _locate_all(findings, {d.path: d for d in discovery.documents})
    return Result(
        catalogue=_build_catalogue(context, schemas.version),
        findings=findings,
        files_checked=len(discovery.documents),
    )


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


def _build_catalogue(ctx: Context, schema_version: str) -> Catalogue:
    def registry(kind: str) -> dict[str, dict]:  # type: ignore[type-arg]
        doc = ctx.registries.get(kind)
        return doc.data if doc else {}

    return Catalogue(
        technologies=[Technology.from_data(d.data, d.path) for d in ctx.technologies],
        areas={k: Area.from_data(k, v) for k, v in registry("areas").items()},
        sources={k: SourceDocument.from_data(k, v) for k, v in registry("sources").items()},
        organisations={k: Organisation.from_data(k, v) for k, v in registry("organisations").items()},
        gap_assessments={k: GapAssessment.from_data(k, v) for k, v in registry("gap-assessments").items()},
        horizons=[HorizonDefinition.from_data(k, v) for k, v in registry("horizons").items()],
        schema_version=schema_version,
        removed={k: RemovedTechnology.from_data(k, v) for k, v in registry("removed").items()},
        missions={k: Mission.from_data(k, v) for k, v in registry("missions").items()},
    )
