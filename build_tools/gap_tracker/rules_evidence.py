"""Rules about evidence: graded sources, quoted facts, missions and area-level needs.

* A fact (an evidence item, a demonstration, a mission claim, an area-level need, a horizon's
  statement or status source) is refused when every source it cites is graded ``other``: a forum
  repost, a blog or a content aggregator is not evidence. One that rests on nothing better than
  general news gets a warning.
* The numbers, readiness levels and claimed dates of a fact are copied from its quotes: each must
  appear, character for character, in the quote of one of its sources.
* Evidence dates are real and not in the future; mission and technology keys exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from gap_tracker.documents import TECHNOLOGY, Document
from gap_tracker.findings import Finding, JsonPath, Severity
from gap_tracker.model import GRADE_LABELS, NEWS_GRADE, WEAK_GRADE

if TYPE_CHECKING:
    from gap_tracker.rules import Shared

MISSIONS = "missions"
_GRADE_ORDER = list(GRADE_LABELS)


def _facts(doc: Document) -> Iterator[tuple[JsonPath, list[dict[str, Any]]]]:
    """Every fact of a document with the citations it rests on: (pointer, citations).

    Mission claims are not listed here: see :func:`_claims`.
    """
    if doc.kind == TECHNOLOGY:
        for horizon, data in doc.data["horizons"].items():
            base: JsonPath = ("horizons", horizon)
            yield (*base, "source"), [data["source"]]
            if "status_source" in data:
                yield (*base, "status_source"), [data["status_source"]]
            for name in ("evidence", "demonstrations"):
                for index, item in enumerate(data.get(name, ())):
                    yield (*base, name, index, "sources"), item["sources"]
        for index, demo in enumerate(doc.data.get("demonstrations", ())):
            yield ("demonstrations", index, "sources"), demo["sources"]
    elif doc.kind == "areas":
        for key, area in doc.data.items():
            for index, need in enumerate(area.get("needs", ())):
                yield (key, "needs", index, "source"), [need["source"]]
            for index, demo in enumerate(area.get("demonstrations", ())):
                yield (key, "demonstrations", index, "sources"), demo["sources"]


def _claims(doc: Document) -> Iterator[tuple[JsonPath, list[dict[str, Any]]]]:
    """Mission claims with their source and corroboration. A claim is shown as its source's claim, with
    the source's grade and date, so general news is enough; 'other' still needs corroboration."""
    if doc.kind == MISSIONS:
        for key, mission in doc.data.items():
            for index, claim in enumerate(mission["claims"]):
                yield (key, "claims", index, "source"), [claim["source"], *claim.get("corroboration", ())]


def _grade_ranks(ctx: Shared) -> dict[str, int] | None:
    sources = ctx.registries.get("sources")
    if sources is None:
        return None
    return {key: _GRADE_ORDER.index(entry["grade"]) for key, entry in sources.data.items()}


def graded_sources(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """No fact rests only on sources graded 'other'; one resting only on general news is flagged."""
    rank = ctx.derived("grade-ranks", lambda: _grade_ranks(ctx))
    if rank is None:
        return
    facts = [(pointer, citations, False) for pointer, citations in _facts(doc)]
    facts += [(pointer, citations, True) for pointer, citations in _claims(doc)]
    for pointer, citations, claim in facts:
        cited = [c["source"] for c in citations if c["source"] in rank]
        if not cited:
            continue  # known-source reports unknown keys
        best = _GRADE_ORDER[min(rank[key] for key in cited)]
        if best == WEAK_GRADE:
            names = ", ".join(dict.fromkeys(cited))
            yield Finding(
                doc.path,
                f"this fact rests only on sources graded 'other' ({names}): a forum repost, blog or aggregator is not evidence",
                "cite the original document (the agency's page, the paper) in technologies/sources.yaml, or remove the fact",
                "graded-sources",
                pointer=pointer,
            )
        elif best == NEWS_GRADE and not claim:
            yield Finding(
                doc.path,
                f"this fact rests only on general news ({', '.join(dict.fromkeys(cited))})",
                "add the agency's own document or release, or a paper, as a further source",
                "graded-sources",
                pointer=pointer,
                severity=Severity.WARNING,
            )


def _quoted(doc: Document, pointer: JsonPath, words: str, what: str, quotes: list[str]) -> Iterator[Finding]:
    if not any(words in quote for quote in quotes):
        yield Finding(
            doc.path,
            f"the {what} {words!r} is not part of any quote of its sources",
            "copy it exactly from a source's quote (same characters, same dashes), or quote the words that give it",
            "evidence-quoted",
            pointer=pointer,
        )


def evidence_quoted(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Quantities and readiness levels of evidence, and claimed mission dates, are copied from quotes."""
    if doc.kind == TECHNOLOGY:
        for horizon, data in doc.data["horizons"].items():
            for index, item in enumerate(data.get("evidence", ())):
                base: JsonPath = ("horizons", horizon, "evidence", index)
                quotes = [c["quote"] for c in item["sources"]]
                for q_index, quantity in enumerate(item.get("quantities", ())):
                    yield from _quoted(
                        doc, (*base, "quantities", q_index, "quote"), quantity["quote"], "quantity", quotes
                    )
                if "readiness" in item:
                    yield from _quoted(doc, (*base, "readiness"), item["readiness"], "readiness level", quotes)
    elif doc.kind == MISSIONS:
        for key, mission in doc.data.items():
            for index, claim in enumerate(mission["claims"]):
                pointer: JsonPath = (key, "claims", index, "when")
                yield from _quoted(doc, pointer, claim["when"], "claimed date", [claim["source"]["quote"]])


def needs_quote_area_text(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """An area-level need cited from the area's own source quotes words of the area's description."""
    if doc.kind != "areas":
        return
    for key, area in doc.data.items():
        for index, need in enumerate(area.get("needs", ())):
            source = need["source"]
            if source["source"] == area["source"]["source"] and source["quote"] not in area["description"]:
                yield Finding(
                    doc.path,
                    f"the need's quote {source['quote']!r} is not part of the area's description",
                    "copy the quote exactly from the description (the area's paragraph in the source)",
                    "need-quotes-area-text",
                    pointer=(key, "needs", index, "source", "quote"),
                )


def evidence_dates(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Evidence dates are real calendar dates and not in the future."""
    from gap_tracker.rules import _check_date

    if doc.kind != TECHNOLOGY:
        return
    for horizon, data in doc.data["horizons"].items():
        for index, item in enumerate(data.get("evidence", ())):
            yield from _check_date(doc, ("horizons", horizon, "evidence", index, "date"), item["date"], ctx.today)


def known_missions(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Every mission an evidence item names exists in missions.yaml."""
    from gap_tracker.rules import _missing_key

    if doc.kind != TECHNOLOGY:
        return
    known = ctx.keys(MISSIONS) or frozenset()
    for horizon, data in doc.data["horizons"].items():
        for index, item in enumerate(data.get("evidence", ())):
            if "mission" in item and item["mission"] not in known:
                pointer: JsonPath = ("horizons", horizon, "evidence", index, "mission")
                yield _missing_key(doc, pointer, "mission", item["mission"], known, "technologies/missions.yaml")


def linked_technologies(ctx: Shared, doc: Document) -> Iterator[Finding]:
    """Technologies that missions and area-level needs name exist."""
    from gap_tracker.rules import _missing_key

    lists: list[tuple[JsonPath, list[str]]] = []
    if doc.kind == MISSIONS:
        lists += [((k, "technologies"), m.get("technologies", [])) for k, m in doc.data.items()]
    elif doc.kind == "areas":
        for key, area in doc.data.items():
            lists += [
                ((key, "needs", i, "technologies"), n.get("technologies", []))
                for i, n in enumerate(area.get("needs", ()))
            ]
    for pointer, ids in lists:
        for index, other in enumerate(ids):
            if other not in ctx.all_ids:
                yield _missing_key(doc, (*pointer, index), "technology", other, ctx.all_ids, "technologies/<area>/")


DocumentRule = Callable[["Shared", "Document"], Iterable[Finding]]

EVIDENCE_RULES: dict[str, DocumentRule] = {
    "graded-sources": graded_sources,
    "evidence-quoted": evidence_quoted,
    "need-quotes-area-text": needs_quote_area_text,
    "evidence-date": evidence_dates,
    "known-mission": known_missions,
    "linked-technology": linked_technologies,
}
