"""Cross-file rules: what JSON Schema cannot say about one file alone.

Each rule is a small function registered with a name that appears in every finding it makes
(``--format json`` shows it), and tested on its own. Rules only see documents that passed their
schema, so they can trust the shape of the data. A rule is one of two kinds, by what it is given:

* a per-document rule (:data:`DOCUMENT_RULES`) gets one document and the :class:`Shared` context
  (registries, the set of ids, today, history), never the other technology files: what it finds
  about a file depends on that file and the shared context only, so ``mkdocs serve`` keeps it per
  file (:class:`gap_tracker.load.RuleCache`). Most rules are of this kind.
* a rule that compares documents with each other (:data:`RULES`: an id used twice, a former id
  claimed twice, ids that vanished from history) gets the whole :class:`Context` and runs on all of
  them every time; these are cheap.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from gap_tracker.documents import TECHNOLOGY, Document
from gap_tracker.findings import Finding, JsonPath
from gap_tracker.history import History
from gap_tracker.model import UNASSIGNED
from gap_tracker.registry_order import SORTED_KEY_RULES
from gap_tracker.rules_evidence import EVIDENCE_RULES
from gap_tracker.rules_history import CROSS_HISTORY_RULES, HISTORY_RULES
from gap_tracker.rules_horizons import HORIZON_BATCH_RULES, HORIZON_RULES
from gap_tracker.rules_text import TEXT_RULES

T = TypeVar("T")


@dataclass(kw_only=True)
class Shared:
    """What every document is checked against: the registries, the ids, today, the history.

    A per-document rule (:data:`DOCUMENT_RULES`) sees only this and the one document it checks, so
    its findings about a document cannot depend on another technology file: ``mkdocs serve`` keeps
    them per file and runs them again only for the files that changed (see
    :class:`gap_tracker.load.RuleCache`), as long as this shared context stays the same.
    """

    registries: dict[str, Document]
    """Registry documents that passed the schema, by kind."""
    all_ids: set[str]
    """File stems of every technology file, valid or not: a reference to a broken file is not 'missing'."""
    today: dt.date
    history: History | None = None
    """The data's git history, when the caller read it; rules that need it skip without it."""
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def keys(self, kind: str) -> frozenset[str] | None:
        """Keys of a registry, or None when it is missing or invalid (its own findings say why)."""
        doc = self.registries.get(kind)
        return self.derived(f"keys:{kind}", lambda: frozenset(doc.data)) if doc else None

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """A value computed from the shared context once per run (not once per document checked)."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]  # type: ignore[no-any-return]


@dataclass(kw_only=True)
class Context(Shared):
    """The shared context and the technologies: what the rules that compare documents see."""

    technologies: list[Document]
    """Technology documents that passed the schema."""

    def all_documents(self) -> list[Document]:
        return list(self.registries.values()) + self.technologies


def _finding(doc: Document, pointer: JsonPath, message: str, fix: str, rule: str, at_key: bool = False) -> Finding:
    return Finding(doc.path, message, fix, rule, pointer=pointer, at_key=at_key)


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def unique_ids(ctx: Context) -> Iterator[Finding]:
    """No two technologies share an id, even after case folding and Unicode normalisation."""
    seen: dict[str, Document] = {}
    for doc in ctx.technologies:
        folded = unicodedata.normalize("NFKC", doc.data["id"]).casefold()
        first = seen.setdefault(folded, doc)
        if first is not doc:
            yield _finding(
                doc,
                ("id",),
                f"id '{doc.data['id']}' is already used by {first.path}",
                "give this technology a different id (and rename the file to match)",
                "unique-id",
            )


def id_matches_file_name(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """The id is the file name without .yaml, so the page address and the file agree."""
    if doc.kind == TECHNOLOGY and doc.data["id"] != doc.stem:
        yield _finding(
            doc,
            ("id",),
            f"id '{doc.data['id']}' does not match the file name '{doc.stem}.yaml'",
            f"rename the file to {doc.data['id']}.yaml, or set id: {doc.stem}",
            "id-matches-file-name",
        )


def folder_matches_area(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """A technology file lives in the folder of its area (unassigned/ when it has none)."""
    if doc.kind != TECHNOLOGY:
        return
    areas = ctx.keys("areas")
    area = doc.data.get("area")
    expected = area or UNASSIGNED
    if area and areas is not None and area not in areas:
        return  # known-area reports the unknown area; moving the file would not help
    if doc.folder != expected:
        pointer: JsonPath = ("area",) if area else ()
        where = f"area '{area}'" if area else "no area"
        yield _finding(
            doc,
            pointer,
            f"the file is in the folder '{doc.folder}/' but has {where}",
            f"move the file to technologies/{expected}/, or change its area",
            "folder-matches-area",
        )


def known_areas(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every area key names an area of areas.yaml."""
    areas = ctx.keys("areas")
    if areas is None:
        return
    if doc.kind == TECHNOLOGY:
        area = doc.data.get("area")
        if area is not None and area not in areas:
            yield _missing_key(doc, ("area",), "area", area, areas, "technologies/areas.yaml")
    elif doc.kind == "gap-assessments":
        for key, entry in doc.data.items():
            for index, area in enumerate(entry.get("areas", ())):
                if area not in areas:
                    yield _missing_key(doc, (key, "areas", index), "area", area, areas, "technologies/areas.yaml")


def known_technologies(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every related technology and every technology a gap assessment covers exists."""
    if doc.kind == TECHNOLOGY:
        for index, other in enumerate(doc.data.get("related", ())):
            if other not in ctx.all_ids:
                yield _missing_key(doc, ("related", index), "technology", other, ctx.all_ids, "technologies/<area>/")
    elif doc.kind == "gap-assessments":
        for key, entry in doc.data.items():
            for index, other in enumerate(entry.get("technologies", ())):
                if other not in ctx.all_ids:
                    yield _missing_key(
                        doc, (key, "technologies", index), "technology", other, ctx.all_ids, "technologies/<area>/"
                    )


def known_sources(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every citation names a document of sources.yaml."""
    sources = ctx.keys("sources")
    if sources is None:
        return
    for pointer, citation in _walk_citations(doc.data, ()):
        if citation["source"] not in sources:
            yield _missing_key(
                doc, (*pointer, "source"), "source", citation["source"], sources, "technologies/sources.yaml"
            )


def known_organisations(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every organisation key of a demonstration names an entry of organisations.yaml."""
    organisations = ctx.keys("organisations")
    if organisations is None:
        return
    for pointer, keys in _walk_key_lists(doc.data, (), "organisations"):
        for index, key in enumerate(keys):
            if key not in organisations:
                yield _missing_key(
                    doc, (*pointer, index), "organisation", key, organisations, "technologies/organisations.yaml"
                )


def known_gap_assessments(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every gap assessment a technology lists exists in gap-assessments.yaml."""
    assessments = ctx.keys("gap-assessments")
    if assessments is None or doc.kind != TECHNOLOGY:
        return
    for index, key in enumerate(doc.data.get("gap_assessments", ())):
        if key not in assessments:
            yield _missing_key(
                doc,
                ("gap_assessments", index),
                "gap assessment",
                key,
                assessments,
                "technologies/gap-assessments.yaml",
            )


def related_not_self(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """A technology is not related to itself."""
    if doc.kind != TECHNOLOGY:
        return
    for index, other in enumerate(doc.data.get("related", ())):
        if other == doc.data["id"]:
            yield _finding(
                doc,
                ("related", index),
                "a technology cannot be related to itself",
                f"remove '{other}' from related",
                "related-not-self",
            )


def valid_dates(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Dates are real calendar days and not in the future."""
    if doc.kind == TECHNOLOGY:
        yield from _check_date(doc, ("last_reviewed",), doc.data["last_reviewed"], ctx.today)
    elif doc.kind == "sources":
        for key, entry in doc.data.items():
            if "date" in entry:
                yield from _check_date(doc, (key, "date"), entry["date"], ctx.today)
    elif doc.kind == "removed":
        for key, entry in doc.data.items():
            yield from _check_date(doc, (key, "date"), entry["date"], ctx.today)


def targets_quote_statement(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """A quantitative target quotes words of its own statement: numbers come from the source only."""
    if doc.kind != TECHNOLOGY:
        return
    for horizon, data in doc.data["horizons"].items():
        statement = data.get("statement")
        for index, target in enumerate(data.get("targets", ())):
            pointer: JsonPath = ("horizons", horizon, "targets", index, "quote")
            if statement is None:
                yield _finding(
                    doc,
                    pointer,
                    "a horizon that is not stated in the source cannot have targets",
                    "remove the targets",
                    "target-quotes-statement",
                )
            elif target["quote"] not in statement:
                yield _finding(
                    doc,
                    pointer,
                    f"the target's quote {target['quote']!r} is not part of the statement",
                    "copy the quote exactly from the statement (same characters, same dashes)",
                    "target-quotes-statement",
                )


def _check_date(doc: Document, pointer: JsonPath, value: str, today: dt.date) -> Iterator[Finding]:
    parts = [int(p) for p in value.split("-")]
    try:
        day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        yield _finding(
            doc, pointer, f"'{value}' is not a real date", "write an existing day as YYYY-MM-DD", "valid-date"
        )
        return
    if day > today:
        yield _finding(
            doc, pointer, f"'{value}' is in the future", f"use a date on or before {today.isoformat()}", "valid-date"
        )


def _missing_key(doc: Document, pointer: JsonPath, what: str, key: str, known: Iterable[str], where: str) -> Finding:
    suggestion = _suggest(key, known)
    fix = suggestion or f"use the key of an existing {what} (see {where}), or add the {what} there"
    return _finding(doc, pointer, f"unknown {what} '{key}'", fix, f"known-{what.replace(' ', '-')}")


def _walk_citations(data: Any, pointer: JsonPath) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Yield every citation (an object with a 'locator') and where it is."""
    if isinstance(data, dict):
        if "locator" in data and "source" in data:
            yield pointer, data
            return
        for key, value in data.items():
            if isinstance(value, (dict, list)):  # a text or number holds no citation: no generator for it
                yield from _walk_citations(value, (*pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, (dict, list)):
                yield from _walk_citations(value, (*pointer, index))


def _walk_key_lists(data: Any, pointer: JsonPath, name: str) -> Iterator[tuple[JsonPath, list[str]]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == name and isinstance(value, list):
                yield (*pointer, key), value
            elif isinstance(value, (dict, list)):  # a text or number holds no list: no generator for it
                yield from _walk_key_lists(value, (*pointer, key), name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, (dict, list)):
                yield from _walk_key_lists(value, (*pointer, index), name)


Rule = Callable[[Context], Iterable[Finding]]
"""A rule that compares documents with each other: it runs on all of them every time."""
DocumentRule = Callable[[Shared, Document], Iterable[Finding]]
"""A per-document rule: its findings are about the one document it is given (registry or technology),
and depend only on that document and the shared context."""
BatchDocumentRule = Callable[[Shared, Sequence[Document]], Iterable[Finding]]
"""A per-document rule that checks many documents in one go (one git call for all of them): each
finding is about one of the documents, and depends only on that document and the shared context."""

RULES: dict[str, Rule] = {
    "unique-id": unique_ids,
    **CROSS_HISTORY_RULES,
}
"""The rules that compare documents with each other (they are cheap)."""

DOCUMENT_RULES: dict[str, DocumentRule] = {
    "id-matches-file-name": id_matches_file_name,
    "folder-matches-area": folder_matches_area,
    "known-area": known_areas,
    "known-technology": known_technologies,
    "known-source": known_sources,
    "known-organisation": known_organisations,
    "known-gap-assessment": known_gap_assessments,
    "related-not-self": related_not_self,
    "valid-date": valid_dates,
    "target-quotes-statement": targets_quote_statement,
    **HISTORY_RULES,
    **HORIZON_RULES,
    **TEXT_RULES,
    **EVIDENCE_RULES,
    **SORTED_KEY_RULES,
}

BATCH_DOCUMENT_RULES: dict[str, BatchDocumentRule] = {**HORIZON_BATCH_RULES}


def run_cross_rules(ctx: Context) -> list[Finding]:
    """The rules that compare documents with each other, on all of them."""
    return [finding for rule in RULES.values() for finding in rule(ctx)]


def run_document_rules(ctx: Shared, documents: Sequence[Document]) -> list[Finding]:
    """The per-document rules on ``documents`` (valid ones), rule by rule."""
    found = [finding for rule in DOCUMENT_RULES.values() for doc in documents for finding in rule(ctx, doc)]
    found += [finding for batch in BATCH_DOCUMENT_RULES.values() for finding in batch(ctx, documents)]
    return found
