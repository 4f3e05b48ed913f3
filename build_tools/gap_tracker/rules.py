"""Cross-file rules: what JSON Schema cannot say about one file alone.

Each rule is a small function from a :class:`Context` to findings, registered in :data:`RULES`
with a name that appears in every finding it makes (``--format json`` shows it), and tested on its
own. Rules only see documents that passed their schema, so they can trust the shape of the data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from gap_tracker.documents import Document
from gap_tracker.findings import Finding, JsonPath
from gap_tracker.history import History
from gap_tracker.model import UNASSIGNED
from gap_tracker.registry_order import SORTED_KEY_RULES
from gap_tracker.rules_evidence import EVIDENCE_RULES
from gap_tracker.rules_history import HISTORY_RULES
from gap_tracker.rules_horizons import HORIZON_RULES
from gap_tracker.rules_text import TEXT_RULES


@dataclass
class Context:
    technologies: list[Document]
    """Technology documents that passed the schema."""
    registries: dict[str, Document]
    """Registry documents that passed the schema, by kind."""
    all_ids: set[str]
    """File stems of every technology file, valid or not: a reference to a broken file is not 'missing'."""
    today: dt.date
    history: History | None = None
    """The data's git history, when the caller read it; rules that need it skip without it."""

    def keys(self, kind: str) -> set[str] | None:
        """Keys of a registry, or None when it is missing or invalid (its own findings say why)."""
        doc = self.registries.get(kind)
        return set(doc.data) if doc else None

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


def id_matches_file_name(ctx: Context) -> Iterator[Finding]:
    """The id is the file name without .yaml, so the page address and the file agree."""
    for doc in ctx.technologies:
        if doc.data["id"] != doc.stem:
            yield _finding(
                doc,
                ("id",),
                f"id '{doc.data['id']}' does not match the file name '{doc.stem}.yaml'",
                f"rename the file to {doc.data['id']}.yaml, or set id: {doc.stem}",
                "id-matches-file-name",
            )


def folder_matches_area(ctx: Context) -> Iterator[Finding]:
    """A technology file lives in the folder of its area (unassigned/ when it has none)."""
    areas = ctx.keys("areas")
    for doc in ctx.technologies:
        area = doc.data.get("area")
        expected = area or UNASSIGNED
        if area and areas is not None and area not in areas:
            continue  # known-area reports the unknown area; moving the file would not help
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


def known_areas(ctx: Context) -> Iterator[Finding]:
    """Every area key names an area of areas.yaml."""
    areas = ctx.keys("areas")
    if areas is None:
        return
    for doc in ctx.technologies:
        area = doc.data.get("area")
        if area is not None and area not in areas:
            yield _missing_key(doc, ("area",), "area", area, areas, "technologies/areas.yaml")
    for doc in ctx.registries.values():
        if doc.kind == "gap-assessments":
            for key, entry in doc.data.items():
                for index, area in enumerate(entry.get("areas", ())):
                    if area not in areas:
                        yield _missing_key(doc, (key, "areas", index), "area", area, areas, "technologies/areas.yaml")


def known_technologies(ctx: Context) -> Iterator[Finding]:
    """Every related technology and every technology a gap assessment covers exists."""
    for doc in ctx.technologies:
        for index, other in enumerate(doc.data.get("related", ())):
            if other not in ctx.all_ids:
                yield _missing_key(doc, ("related", index), "technology", other, ctx.all_ids, "technologies/<area>/")
    gap = ctx.registries.get("gap-assessments")
    if gap:
        for key, entry in gap.data.items():
            for index, other in enumerate(entry.get("technologies", ())):
                if other not in ctx.all_ids:
                    yield _missing_key(
                        gap, (key, "technologies", index), "technology", other, ctx.all_ids, "technologies/<area>/"
                    )


def known_sources(ctx: Context) -> Iterator[Finding]:
    """Every citation names a document of sources.yaml."""
    sources = ctx.keys("sources")
    if sources is None:
        return
    for doc in ctx.all_documents():
        for pointer, citation in _walk_citations(doc.data, ()):
            if citation["source"] not in sources:
                yield _missing_key(
                    doc, (*pointer, "source"), "source", citation["source"], sources, "technologies/sources.yaml"
                )


def known_organisations(ctx: Context) -> Iterator[Finding]:
    """Every organisation key of a demonstration names an entry of organisations.yaml."""
    organisations = ctx.keys("organisations")
    if organisations is None:
        return
    for doc in ctx.all_documents():
        for pointer, keys in _walk_key_lists(doc.data, (), "organisations"):
            for index, key in enumerate(keys):
                if key not in organisations:
                    yield _missing_key(
                        doc, (*pointer, index), "organisation", key, organisations, "technologies/organisations.yaml"
                    )


def known_gap_assessments(ctx: Context) -> Iterator[Finding]:
    """Every gap assessment a technology lists exists in gap-assessments.yaml."""
    assessments = ctx.keys("gap-assessments")
    if assessments is None:
        return
    for doc in ctx.technologies:
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


def related_not_self(ctx: Context) -> Iterator[Finding]:
    """A technology is not related to itself."""
    for doc in ctx.technologies:
        for index, other in enumerate(doc.data.get("related", ())):
            if other == doc.data["id"]:
                yield _finding(
                    doc,
                    ("related", index),
                    "a technology cannot be related to itself",
                    f"remove '{other}' from related",
                    "related-not-self",
                )


def valid_dates(ctx: Context) -> Iterator[Finding]:
    """Dates are real calendar days and not in the future."""
    for doc in ctx.technologies:
        yield from _check_date(doc, ("last_reviewed",), doc.data["last_reviewed"], ctx.today)
    sources = ctx.registries.get("sources")
    if sources:
        for key, entry in sources.data.items():
            if "date" in entry:
                yield from _check_date(sources, (key, "date"), entry["date"], ctx.today)
    removed = ctx.registries.get("removed")
    if removed:
        for key, entry in removed.data.items():
            yield from _check_date(removed, (key, "date"), entry["date"], ctx.today)


def targets_quote_statement(ctx: Context) -> Iterator[Finding]:
    """A quantitative target quotes words of its own statement: numbers come from the source only."""
    for doc in ctx.technologies:
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

RULES: dict[str, Rule] = {
    "unique-id": unique_ids,
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


def run_rules(ctx: Context) -> list[Finding]:
    return [finding for rule in RULES.values() for finding in rule(ctx)]
