"""Edition comparison: for a chosen pair of source documents, what was added, removed and reworded.

A technology belongs to an edition when it cites the document: in its ``sources`` or a horizon's
source, or (for the older one) in an earlier statement or an external id that the document gives.
Which pairs are compared is data too: every (earlier statement's source, current statement's source)
pair that some technology records is compared, besides the pairs configured in mkdocs.yml, so a new
edition shows up here as soon as one statement cites it. The page shows exactly what the data
holds: identifiers, the names in each document and how they were matched, and the statements only
where an earlier statement is recorded. Each document's own note says what of it could be read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from gap_tracker.datadiff import word_spans
from gap_tracker.model import Catalogue, EarlierStatement, ExternalId, Technology
from gap_tracker.render.pagefacts import Memo, fresh
from gap_tracker.render.templating import RenderedPage, page, source_label

INDEX = "editions/index.md"


BOTH, OLDER, NEWER = "both", "older", "newer"


@dataclass(frozen=True)
class Entry:
    """What a comparison of two editions shows of one technology (its facts: render/pagefacts.py)."""

    id: str
    name: str
    side: str
    """BOTH, OLDER (only in the older document), NEWER (only in the newer) or "" (in neither)."""
    ext: ExternalId | None
    """Its identifier in the older document, if recorded."""
    statements: tuple[tuple[str, str, EarlierStatement, EarlierStatement], ...] = ()
    """In both: each statement of the older document beside today's, per horizon in display order:
    (horizon key, horizon label, the older statement, today's statement with its source)."""


@dataclass
class Comparison:
    older: str
    newer: str
    both: list[tuple[Entry, ExternalId | None]] = field(default_factory=list)
    only_older: list[tuple[Entry, ExternalId | None]] = field(default_factory=list)
    only_newer: list[Entry] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.older}-vs-{self.newer}"

    def renamed(self) -> list[tuple[Entry, ExternalId]]:
        """Technologies in both whose name in the older document differs from today's."""
        return [(t, e) for t, e in self.both if e is not None and e.name is not None and e.name != t.name]

    def earlier_statements(self) -> list[tuple[Entry, str]]:
        """(technology, horizon) pairs with a recorded statement from the older document."""
        return [(t, h) for t, _ in self.both for h in dict.fromkeys(row[0] for row in t.statements)]


def page_path(comparison: Comparison) -> str:
    return f"editions/{comparison.slug}.md"


def detected_pairs(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(older, newer) source pairs that the data itself records: an earlier statement under a current one.

    Ordered by the older document's date, then the newer's (undated last), so the editions page lists
    them in time order.
    """
    found = {
        (earlier.source.source, cell.source.source)
        for tech in catalogue.technologies
        for cell in tech.horizons.values()
        for earlier in cell.earlier
        if earlier.source.source != cell.source.source
    }

    def when(key: str) -> str:
        doc = catalogue.sources.get(key)
        return doc.date if doc and doc.date else "9999"

    return sorted(found, key=lambda pair: (when(pair[0]), when(pair[1]), pair))


def all_pairs(catalogue: Catalogue, configured: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The configured pairs, then every pair the data records that is not configured."""
    return list(dict.fromkeys([*configured, *detected_pairs(catalogue)]))


def _cites(tech: Technology, key: str, *, earlier: bool) -> bool:
    """Does the technology cite the document in its sources or a horizon's source (or an earlier statement)?"""
    if any(c.source == key for c in tech.sources):
        return True
    return any(
        cell.source.source == key or (earlier and any(e.source.source == key for e in cell.earlier))
        for cell in tech.horizons.values()
    )


def entry(registries: Catalogue, tech: Technology, older: str, newer: str) -> Entry:
    """What the comparison of ``older`` and ``newer`` shows of ``tech``."""
    ext = next((e for e in tech.external_ids if e.source.source == older), None)
    in_newer = _cites(tech, newer, earlier=False)
    in_older = ext is not None or _cites(tech, older, earlier=True)
    if not in_older:
        return Entry(tech.id, tech.name, NEWER if in_newer else "", ext)
    if not in_newer:
        return Entry(tech.id, tech.name, OLDER, ext)
    statements = tuple(
        (definition.key, definition.label, earlier, EarlierStatement(cell.statement, cell.source, cell.not_addressed))
        for definition, cell in registries.cells(tech)
        for earlier in cell.earlier
        if earlier.source.source == older
    )
    return Entry(tech.id, tech.name, BOTH, ext, statements)


def edition_facts(pairs: Sequence[tuple[str, str]]) -> Callable[[Catalogue, Technology], tuple[Entry, ...]]:
    """A technology's entries in the comparison of each pair of ``pairs`` (in that order)."""
    return lambda registries, tech: tuple(entry(registries, tech, older, newer) for older, newer in pairs)


def comparison_of(older: str, newer: str, entries: Iterable[Entry]) -> Comparison:
    result = Comparison(older, newer)
    for found in entries:
        if found.side == BOTH:
            result.both.append((found, found.ext))
        elif found.side == OLDER:
            result.only_older.append((found, found.ext))
        elif found.side == NEWER:
            result.only_newer.append(found)
    return result


def compare(catalogue: Catalogue, older: str, newer: str) -> Comparison:
    return comparison_of(older, newer, (entry(catalogue, t, older, newer) for t in catalogue.technologies))


def pages(
    registries: Catalogue,
    pairs: Sequence[tuple[str, str]],
    facts: Sequence[tuple[Entry, ...]],
    memo: Memo[Any] = fresh,
) -> Iterator[tuple[str, RenderedPage, bool]]:
    """(src_uri, page, in the nav): the index, then a page per pair; ``facts``: each technology's
    :func:`edition_facts` of ``pairs``. A comparison's page is rendered (``memo``) from its entries only."""
    compared = []
    for index, (older, newer) in enumerate(pairs):
        entries = tuple(tech[index] for tech in facts)
        comparison: Comparison = memo(
            f"editions\0{older}\0{newer}",
            entries,
            lambda older=older, newer=newer, entries=entries: comparison_of(older, newer, entries),  # type: ignore[misc]
        )
        compared.append((comparison, entries))
    yield INDEX, render_index(registries, [c for c, _ in compared]), True
    for comparison, entries in compared:
        path = page_path(comparison)
        yield (
            path,
            memo(path, entries, lambda c=comparison: render_comparison(registries, c)),  # type: ignore[misc]
            False,
        )


def render_index(catalogue: Catalogue, comparisons: list[Comparison]) -> RenderedPage:
    return page("editions.html", "Editions compared", catalogue=catalogue, comparisons=comparisons)


def render_comparison(catalogue: Catalogue, comparison: Comparison) -> RenderedPage:
    old, new = source_label(catalogue, comparison.older), source_label(catalogue, comparison.newer)
    return page(
        "edition.html",
        f"{old} and {new} compared",
        catalogue=catalogue,
        comparison=comparison,
        old=old,
        new=new,
        base="../../",
        word_spans=word_spans,
    )
