"""Atom feeds of the data's changes: one for everything, one per area.

Written with feedgen, a maintained feed library, rather than by hand: it escapes every text, writes
RFC 3339 dates and the elements Atom requires. Entry ids are ``urn:uuid:`` values derived from the
commit and the technology, so they never change when the site moves. A build without history still
publishes each feed (with no entries), so the links in every page never lead nowhere.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid

from feedgen.feed import FeedGenerator

from gap_tracker.history import Change, History
from gap_tracker.model import Area, Catalogue
from gap_tracker.render.history import describe, technology_name

ALL_FEED = "feeds/changes.xml"
FEED_ENTRIES = 50
PARTIAL = "History is partial (shallow clone): older changes are missing."
AUTHOR = "Critical Technology Gap Tracker contributors"
_NAMESPACE = uuid.UUID("8a5c2f0e-6a7e-5b8e-9a43-1f3c9d1b2e70")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even as character references (C0 controls, lone surrogates, U+FFFE/F)."""


def xml_text(text: str) -> str:
    """Text that XML can hold: feedgen escapes markup characters, but a control character (from a commit
    subject, say) would make the whole feed unreadable, so it is dropped."""
    return _NOT_XML.sub("", text)


def area_feed(area: Area) -> str:
    return f"feeds/areas/{area.key}.xml"


def feed_links(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(title, site-relative path) of every feed, the all-changes feed first."""
    links = [("All changes", ALL_FEED)]
    links += [(f"Changes in {area.name}", area_feed(area)) for area in catalogue.ordered_areas()]
    return links


def render_feed(
    catalogue: Catalogue,
    history: History,
    changes: list[Change],
    path: str,
    title: str,
    site_url: str,
) -> str:
    """One Atom feed of ``changes`` (newest first; the first FEED_ENTRIES are used)."""
    feed = FeedGenerator()
    feed.id(_absolute(site_url, path) if site_url else f"urn:uuid:{uuid.uuid5(_NAMESPACE, path)}")
    feed.title(xml_text(title))
    feed.author({"name": AUTHOR})
    feed.link(href=_absolute(site_url, "changes/"), rel="alternate", type="text/html")
    feed.link(href=_absolute(site_url, path), rel="self", type="application/atom+xml")
    feed.language("en")
    if not history.available:
        feed.subtitle(xml_text(f"History is unavailable: {history.reason}."))
    elif history.shallow:
        feed.subtitle(PARTIAL)
    shown = changes[:FEED_ENTRIES]
    feed.updated(shown[0].commit.when if shown else _build_time())
    for change in shown:
        name = technology_name(catalogue, change.tech_id)
        entry = feed.add_entry(order="append")
        entry.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{change.commit.sha}/{change.tech_id}/{change.path}')}")
        what = describe(change, catalogue.horizon_label)
        entry.title(xml_text(f"{name}: {what}"))
        entry.link(href=_absolute(site_url, f"technologies/{change.tech_id}/"), rel="alternate", type="text/html")
        entry.updated(change.commit.when)
        entry.published(change.commit.when)
        entry.summary(
            xml_text(f"{name} ({change.tech_id}), {what}. Commit {change.commit.sha[:10]}: {change.commit.subject}")
        )
    return str(feed.atom_str(pretty=True).decode("utf-8"))


def _absolute(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else "/" + path


def _build_time() -> dt.datetime:
    """The time of the build, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
