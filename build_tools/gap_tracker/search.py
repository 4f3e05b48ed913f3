"""The site search: a Pagefind index of the built pages, fetched by the browser in chunks, on demand.

Material's own search plugin writes one JSON index of every page (18 MB, 2.3 MB gzipped at 5,000
technologies) that every page view downloads and indexes in the browser. Pagefind (a static-search
engine, run here from the binary that the ``pagefind-bin`` wheel ships) splits the index into
chunks by word: a page view loads none of it, and a query fetches the few chunks and result
fragments it needs. The interface files are written into the site (``pagefind/``), so search works
offline from the same origin with nothing fetched from elsewhere.

Only each page's article is indexed (``article.md-content__inner``, not the navigation, header or
footer), without heading anchors, edit buttons, citations, a technology's facts and the tables that
repeat statements (matrix, area pages), nor anything marked ``data-pagefind-ignore``; a result is the
technology page, with its title and the words of the statement around the match.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
"""Where the index and the interface go, relative to the site directory."""
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".md-content__button",
    ".md-source-file",
    ".gt-horizon-source",  # a statement's citation: one click away on the page, noise in an excerpt
    ".gt-facts",  # a technology's identifier and data file
    "table.gt-matrix",  # the matrix and area tables repeat every statement: the technology page is the hit
)


class SearchIndexError(Exception):
    """Pagefind is missing or failed: the site would have no working search."""


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    """How many pages went into the index."""
    log: str


def executable() -> Path:
    """The Pagefind binary shipped inside the ``pagefind-bin`` wheel (in the site extra)."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise SearchIndexError(
            "the search index needs Pagefind: install the site extra (pip install -e '.[site]')"
        ) from None
    return Path(get_executable())


def index_site(site_dir: Path) -> SearchIndex:
    """Index the built site in ``site_dir``, writing ``site_dir/pagefind/``."""
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]
    command += ["--root-selector", ROOT_SELECTOR, "--force-language", "en"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be started: {exc}") from None
    log = done.stdout + done.stderr
    if done.returncode:
        raise SearchIndexError(f"Pagefind failed (exit status {done.returncode}):\n{log.strip()}")
    return SearchIndex(_indexed_pages(log), log)


def _indexed_pages(log: str) -> int:
    for line in log.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] == "pages":
            return int(words[1])
    return 0
