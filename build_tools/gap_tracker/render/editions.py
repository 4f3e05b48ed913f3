"""Edition comparison: for a chosen pair of source documents, what was added, removed and reworded.

A technology belongs to an edition when it cites the document: the newer edition through its
``sources``, the older one through an external id that the older document gives (or its
``sources``, for entries only the older document names). The page shows exactly what the data
holds: identifiers, the names in each document and how they were matched, and the statements only
where an earlier statement is recorded. Each document's own note says what of it could be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gap_tracker.model import HORIZONS, Catalogue, ExternalId, Technology
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
            for h in HORIZONS
            if any(e.source.source == self.older for e in t.horizons[h].earlier)
        ]


def page_path(comparison: Comparison) -> str:
    return f"editions/{comparison.slug}.md"


def compare(catalogue: Catalogue, older: str, newer: str) -> Comparison:
    result = Comparison(older, newer)
    for tech in catalogue.technologies:
        ext = next((e for e in tech.external_ids if e.source.source == older), None)
        in_newer = any(c.source == newer for c in tech.sources)
        in_older = ext is not None or any(c.source == older for c in tech.sources)
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
    )
