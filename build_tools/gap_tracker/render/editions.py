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

from dataclasses import dataclass, field

from gap_tracker.datadiff import word_spans
from gap_tracker.model import Catalogue, ExternalId, Technology
from gap_tracker.render.templating import RenderedPage, page, source_label

INDEX = "editions/index.md"


@dataclass
class Comparison:
    older: str
    newer: str
    both: list[tuple[Technology, ExternalId | None]] = field(default_factory=list)
    only_older: list[tuple[Technology, ExternalId | None]] = field(default_factory=list)
    only_newer: list[Technology] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.older}-vs-{self.newer}"

    def renamed(self) -> list[tuple[Technology, ExternalId]]:
        """Technologies in both whose name in the older document differs from today's."""
        return [(t, e) for t, e in self.both if e is not None and e.name is not None and e.name != t.name]

    def earlier_statements(self) -> list[tuple[Technology, str]]:
        """(technology, horizon) pairs with a recorded statement from the older document."""
        return [
            (t, h)
            for t, _ in self.both
            for h, cell in t.horizons.items()
            if any(e.source.source == self.older for e in cell.earlier)
        ]


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


def compare(catalogue: Catalogue, older: str, newer: str) -> Comparison:
    result = Comparison(older, newer)
    for tech in catalogue.technologies:
        ext = next((e for e in tech.external_ids if e.source.source == older), None)
        in_newer = _cites(tech, newer, earlier=False)
        in_older = ext is not None or _cites(tech, older, earlier=True)
        if in_newer and in_older:
            result.both.append((tech, ext))
        elif in_older:
            result.only_older.append((tech, ext))
        elif in_newer:
            result.only_newer.append(tech)
    return result


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
