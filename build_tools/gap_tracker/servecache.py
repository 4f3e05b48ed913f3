"""``mkdocs serve`` at 5,000 technologies: a saved file shows up in the browser in seconds.

A full build re-reads, re-checks and re-renders every technology and has MkDocs write every page
again. Between the builds of one ``serve`` session the plugin keeps:

* the parsed, checked and modelled data files, keyed by path, modification time and size
  (:class:`gap_tracker.load.LoadCache`): one edited file is read again, not 5,000;
* each technology page as rendered, keyed by what it is rendered from (:class:`PageCache`);
* with ``mkdocs serve --dirty`` (what ``dev.py serve`` runs), a fingerprint of every generated page,
  so MkDocs rebuilds only the pages whose HTML changed (:class:`ChangedPages`) instead of running
  the theme template and writing all of them.

The cross-file rules, the matrix and the other pages that list every technology are still made
again on each build: they depend on all files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files


@dataclass
class PageCache:
    """Rendered pages by src_uri, each with the key of the inputs it was rendered from."""

    pages: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)

    def get(self, src_uri: str, key: Hashable, render: Callable[[], Any]) -> Any:
        kept = self.pages.get(src_uri)
        if kept is not None and kept[0] == key:
            return kept[1]
        page = render()
        self.pages[src_uri] = (key, page)
        return page


class _TrackedFile(File):
    """A documentation page whose ``is_modified`` (asked by MkDocs in a dirty build) the plugin decides."""

    gt_modified = True

    def is_modified(self) -> bool:
        return self.gt_modified


@dataclass
class ChangedPages:
    """Which documentation pages a dirty build must render and write again.

    A generated page is rebuilt when its content differs from the previous build's; a hand-written
    page (there are few) is always rebuilt, as it may show data. Every page is rebuilt when the
    navigation or the configuration may have changed: the set of pages, the titles of generated
    pages in the navigation, the sources of hand-written ones, or mkdocs.yml.
    """

    previous: dict[str, str] = field(default_factory=dict)
    site: str = ""

    def mark(self, files: Files, config_file: str, titles: Mapping[str, str]) -> int:
        """Set, for every documentation page of ``files``, whether it must be built; return how many.

        ``titles`` are the generated pages' titles: what the navigation shows of a generated page (its
        content, such as the matrix's, changes with the data without changing the navigation).
        """
        pages = list(files.documentation_pages())
        fingerprints = {f.src_uri: _digest(f.content_bytes) if f.generated_by else "" for f in pages}
        site = hashlib.sha256(Path(config_file).read_bytes())
        for f in sorted(pages, key=lambda f: f.src_uri):
            site.update(f"{f.src_uri}\0{f.inclusion.name}\0".encode())
            if f.inclusion.is_in_nav():  # type: ignore[no-untyped-call]
                shown = titles.get(f.src_uri, "").encode() if f.generated_by else f.content_bytes
                site.update(_digest(shown).encode())
        site_changed = site.hexdigest() != self.site
        count = 0
        for f in pages:
            f.__class__ = _TrackedFile
            fingerprint = fingerprints[f.src_uri]
            modified = site_changed or not fingerprint or self.previous.get(f.src_uri) != fingerprint
            f.gt_modified = modified or not Path(f.abs_dest_path).exists()  # type: ignore[attr-defined]
            count += f.gt_modified  # type: ignore[attr-defined]
        self.previous, self.site = fingerprints, site.hexdigest()
        return count


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()
