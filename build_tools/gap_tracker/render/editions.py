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

from gap_tracker.model import Catalogue, ExternalId, Technology
from gap_tracker.render.html import esc, front_matter, link, source_label, statement_html

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


def render_index(catalogue: Catalogue, comparisons: list[Comparison]) -> str:
    items = "".join(
        f"<li>{link(f'{c.slug}/', f'{source_label(catalogue, c.older)} and {source_label(catalogue, c.newer)}')}</li>"
        for c in comparisons
    )
    return "\n".join(
        [
            front_matter(title="Editions compared"),
            "# Editions compared\n",
            "<p>What one edition of a source has that another has not, technology by technology, as far as "
            "the data shows it.</p>",
            f"<ul>{items}</ul>" if items else "<p>No pair of editions is configured.</p>",
            "",
        ]
    )


def render_comparison(catalogue: Catalogue, comparison: Comparison) -> str:
    base = "../../"
    old, new = source_label(catalogue, comparison.older), source_label(catalogue, comparison.newer)
    renamed = comparison.renamed()
    parts = [
        front_matter(title=f"{old} and {new} compared"),
        f"# {esc(old)} and {esc(new)} compared\n",
        f"<p>{len(comparison.both)} technologies appear in both (matched by the {esc(old)} identifier recorded "
        f"on the {esc(new)} entry, or by a citation of {esc(old)} in the entry); the name differs for {len(renamed)} of them. "
        f"{len(comparison.only_older)} appear only in {esc(old)}, {len(comparison.only_newer)} only in {esc(new)}.</p>",
        "## What each document lets us compare\n",
        _reading_notes(catalogue, comparison),
        f"## In both: {esc(old)} and {esc(new)}\n",
        _both_table(catalogue, comparison, old, new, base),
        f"## Only in {esc(old)}: removed, or not in the rows of {esc(new)} we hold\n",
        _only_older(comparison, base),
        f"## Only in {esc(new)}: added, or not among the {esc(old)} entries we could read\n",
        _only_newer(comparison, base),
    ]
    return "\n".join(parts) + "\n"


def _reading_notes(catalogue: Catalogue, comparison: Comparison) -> str:
    notes = []
    for key in (comparison.older, comparison.newer):
        doc = catalogue.sources.get(key)
        if doc and doc.note:
            label = link(f"../../sources/#{key}", source_label(catalogue, key))
            notes.append(f"<li>{label}: {esc(doc.note)}</li>")
    old = source_label(catalogue, comparison.older)
    statements = comparison.earlier_statements()
    if statements:
        summary = f"<p>Statements of {esc(old)} are recorded for {len(statements)} horizons; they are shown below.</p>"
    else:
        summary = (
            f"<p><strong>No statement of {esc(old)} is recorded, so no statement is compared</strong>: this page "
            "compares identifiers and names only, which is what the data holds. What could be read of each "
            "document, in the words of our bibliography:</p>"
        )
    return summary + (f"<ul>{''.join(notes)}</ul>" if notes else "")


def _both_table(catalogue: Catalogue, comparison: Comparison, old: str, new: str, base: str) -> str:
    if not comparison.both:
        return "<p>None.</p>"
    rows = []
    for tech, ext in comparison.both:
        old_name = ext.name if ext and ext.name else tech.name
        same = "same" if old_name == tech.name else "differs"
        match = esc(ext.match) if ext and ext.match else "not recorded"
        rows.append(
            f"<tr><td><code>{esc(ext.id if ext else '')}</code></td><td>{esc(old_name)}</td>"
            f"<td>{link(f'{base}technologies/{tech.id}/', tech.name)}</td><td>{same}</td><td>{match}</td></tr>"
        )
        rows.extend(_statement_rows(catalogue, tech, comparison.older))
    return (
        '<table class="gt-editions"><thead><tr>'
        f'<th scope="col">{esc(old)} id</th><th scope="col">Name in {esc(old)}</th>'
        f'<th scope="col">Name in {esc(new)}</th><th scope="col">Name</th><th scope="col">How they were matched</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _statement_rows(catalogue: Catalogue, tech: Technology, older: str) -> list[str]:
    rows = []
    for definition, horizon in catalogue.cells(tech):
        label = esc(definition.label)
        for earlier in horizon.earlier:
            if earlier.source.source != older:
                continue
            before = statement_html(earlier, catalogue)
            verdict = "same words" if earlier.statement == horizon.statement else "reworded"
            rows.append(
                f'<tr class="gt-editions-statement"><td></td><td>{label}: {before}</td>'
                f"<td>{label}: {statement_html(horizon, catalogue)}</td><td>{verdict}</td><td></td></tr>"
            )
    return rows


def _only_older(comparison: Comparison, base: str) -> str:
    if not comparison.only_older:
        return "<p>None.</p>"
    items = "".join(
        f"<li><code>{esc(ext.id if ext else '')}</code> {link(f'{base}technologies/{tech.id}/', tech.name)}</li>"
        for tech, ext in comparison.only_older
    )
    return f"<ul>{items}</ul>"


def _only_newer(comparison: Comparison, base: str) -> str:
    if not comparison.only_newer:
        return "<p>None.</p>"
    items = "".join(f"<li>{link(f'{base}technologies/{t.id}/', t.name)}</li>" for t in comparison.only_newer)
    return f"<ul>{items}</ul>"
