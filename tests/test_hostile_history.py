"""Git history is data: hostile commit subjects and author names never forge entries, crash or break the feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gap_tracker.history import read_history
from gap_tracker.load import load_project
from gap_tracker.render.feeds import render_feed
from gap_tracker.report import render
from tests.gitrepo import EDITED, TECH, commit_as_given, git, init_repo

FAKE_SHA = "f" * 40
UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
"""What a subject or name from git must not carry into pages, feeds and messages (tab is harmless)."""
HOSTILE_SUBJECTS = (
    # The separators the old reader split on, followed by a forged record with an unreadable date.
    f"Edit\x1e{FAKE_SHA}\x1fnot-a-date\x1fForged entry",
    # A forged raw change line and a forged commit header in git's own -z layout (minus the NUL git never prints).
    f":100644 100644 {'a' * 40} {'b' * 40} D\ttechnologies/power/forged.yaml",
    f"{FAKE_SHA}\n2099-01-01T00:00:00+00:00\nForger",
    # Every C0/C1 control, line and paragraph separators, NEL, bidi override, zero-width, XML-invalid.
    "Ctl "
    + "".join(chr(c) for c in range(1, 32) if c not in (10,))
    + "\x7f\x85\x9b[31m\u2028\u2029\u202e\u200b\ufffe\uffff",
    "::error file=x::forged annotation\r::warning::also forged",
)
HOSTILE_AUTHORS = ("Mallory\x1e\x1f\x07\x1b[2J", "Eve\u202e\u200b::error::x", "Trudy\x85\u2028<b>&amp;")


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = init_repo(tmp_path_factory.mktemp("hostile") / "project")
    target = root / TECH / f"{EDITED}.yaml"
    for number, subject in enumerate(HOSTILE_SUBJECTS):
        target.write_text(target.read_text(encoding="utf-8") + f"# edit {number}\n", encoding="utf-8")
        commit_as_given(root, subject, HOSTILE_AUTHORS[number % len(HOSTILE_AUTHORS)])
    # A file with a hostile name, added and removed again: it stays in the history for ever.
    hostile = root / TECH / "evil\x0c\u2028<x>&\x1b[0m.yaml"
    hostile.write_text(target.read_text(encoding="utf-8"), encoding="utf-8")
    commit_as_given(root, "Add a file with a hostile name", "Mallory")
    hostile.unlink()
    commit_as_given(root, "Remove it", "Mallory")
    # A commit whose message holds a NUL and invalid UTF-8 (git cuts at the NUL; we replace the bad bytes).
    target.write_text(target.read_text(encoding="utf-8") + "# edit nul\n", encoding="utf-8")
    commit_as_given(root, b"Bad \xff\xfe bytes\x00\x1e" + FAKE_SHA.encode(), "N\x00ul")
    return root


def test_hostile_subjects_and_authors_forge_nothing(hostile_repo: Path) -> None:
    history = read_history(hostile_repo, "technologies")
    assert history.available, history.reason
    real = set(git(hostile_repo, "rev-list", "HEAD").split())
    assert {c.commit.sha for c in history.changes} <= real
    edits = history.for_technology(EDITED)
    assert len(edits) == len(HOSTILE_SUBJECTS) + 2  # each hostile edit, the NUL one and the first commit
    assert all(c.path == f"{TECH}/{EDITED}.yaml" for c in edits)
    assert not any(c.tech_id == "forged" or UNSAFE.search(c.path) for c in history.changes)
    for change in history.changes:
        for text in (change.commit.subject, change.commit.author):
            assert not UNSAFE.search(text), repr(text)
        change.commit.when  # every date is readable  # noqa: B018
    assert any(c.commit.subject.startswith("Bad \ufffd\ufffd bytes") for c in edits)  # cut at the NUL


def test_hostile_history_validates_and_feeds_stay_xml(hostile_repo: Path) -> None:
    history = read_history(hostile_repo, "technologies")
    result = load_project(hostile_repo, history=history)  # today's date: the copy holds the live data
    assert result.ok, render(result)
    assert result.catalogue is not None
    feed = render_feed(result.catalogue, history, history.changes, "feeds/changes.xml", "All", "https://e.org/")
    root = ET.fromstring(feed)
    summaries = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}summary")]
    assert any("Forged entry" in s for s in summaries)  # the forged record is just text of a real entry


def test_read_history_never_raises(hostile_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gap_tracker.history as module

    def broken(text: str) -> list[object]:
        raise ValueError("unexpected git output")

    monkeypatch.setattr(module, "_parse_log", broken)
    history = read_history(hostile_repo, "technologies")
    assert not history.available and "unexpected git output" in history.reason


@pytest.mark.parametrize("text", ["\x00\x08\x0b\x1f", "\ud800 lone", "\ufffe\uffff", "ok\t\n\r"])
def test_xml_safe_leaves_only_characters_xml_allows(text: str) -> None:
    from gap_tracker.textsafe import xml_safe

    safe = xml_safe(text)
    ET.fromstring(f"<a>{safe.replace('&', '&amp;').replace('<', '&lt;')}</a>".encode("utf-8", "surrogatepass"))
    assert len(safe) == len(text)
