"""Files that keep the built site free of requests that fail.

Material for MkDocs fetches ``sitemap.xml`` in the folder of every ``<link rel="alternate">`` of a page
(to map the alternate's addresses for its language switcher): for the Atom feed links every page
carries, that was ``feeds/sitemap.xml`` and ``feeds/areas/sitemap.xml``, two 404s on every page view.
An empty sitemap in each feed folder answers the request and lists nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from posixpath import dirname

from mkdocs.structure.files import File

FEEDS_DIR = "feeds"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def feed_sitemaps(files: Iterable[File]) -> list[str]:
    """``sitemap.xml`` for every folder under feeds/ that holds a feed."""
    folders = {
        dirname(f.src_uri) for f in files if f.src_uri.endswith(".xml") and f.src_uri.startswith(f"{FEEDS_DIR}/")
    }
    return sorted(f"{folder}/sitemap.xml" for folder in folders)
