"""The Atom feeds stay well-formed XML whatever a commit subject or a name holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from gap_tracker.history import ADDED, Change, Commit, History
from gap_tracker.load import load_project
from gap_tracker.render.feeds import ALL_FEED, render_feed, xml_text
from tests.conftest import SCHEMA_DIR, TODAY

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "fix\x01\x08\x1b[31m ]]> --> <b>&amp; \ufffe\ud800 end"


def test_xml_text_drops_only_what_xml_cannot_hold() -> None:
    assert xml_text(HOSTILE) == "fix[31m ]]> --> <b>&amp;  end"
    assert xml_text("tab\tnewline\nemoji 🚀 é") == "tab\tnewline\nemoji 🚀 é"


def test_feed_with_control_characters_in_a_subject_parses(valid_project: Path) -> None:
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.catalogue is not None
    tech = result.catalogue.technologies[0]
    change = Change(Commit("a" * 40, "2026-01-02T03:04:05+00:00", HOSTILE), tech.id, tech.path, ADDED)
    history = History(True, changes=[change])
    feed = render_feed(result.catalogue, history, [change], ALL_FEED, "All \x0c changes", "https://example.org/")
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.findtext(f"{ATOM}title") == "All  changes"
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None and summary.text is not None
    assert summary.text.endswith(xml_text(HOSTILE))
