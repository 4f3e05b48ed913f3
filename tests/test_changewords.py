"""/changes/ in words (render/changewords.py) on a fixture repository: one entry per commit, each changed
field with its old and new words, from the same differ as ``gap-tracker diff``."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import yaml

from gap_tracker.history import read_history
from gap_tracker.load import load_project
from gap_tracker.render.history import render_changes_page
from tests.conftest import ROOT
from tests.gitrepo import DATES, EDITED, EDITED_STATEMENT, RENAMED_FROM, TECH, edit_moon_statement, git, init_repo


def two_files_in_one_commit(root: Path) -> None:
    for name in (EDITED, RENAMED_FROM):
        path = root / TECH / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'(?m)^last_reviewed: ".*"$', 'last_reviewed: "2026-03-01"', text), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Review two <em>files</em>", date=DATES[2])


def build(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = init_repo(tmp_path)
    edit_moon_statement(root)
    two_files_in_one_commit(root)
    history = read_history(root, "technologies")
    result = load_project(root, history=history)
    assert result.catalogue is not None
    return result.catalogue, history


def test_changes_page_groups_a_commit_and_shows_old_and_new_words(tmp_path: Path) -> None:
    catalogue, history = build(tmp_path)
    page = render_changes_page(catalogue, history, history.changes, None, [])
    html = str(page.html)
    commits = html.split('<li class="gt-commit">')[1:]
    assert len(commits) == 3  # review (two files), edit, add everything
    review, edit, first = commits
    assert "Review two &lt;em&gt;files&lt;/em&gt;" in review
    assert review.count("<table") == 2  # both technologies in one entry
    assert "Last reviewed" in review
    moon = catalogue.horizon_label("moon")
    assert f'<th scope="row">{moon}: statement</th>' in edit
    assert "<ins>Test edit of the Moon statement</ins>" in edit
    before = yaml.safe_load((ROOT / TECH / f"{EDITED}.yaml").read_text(encoding="utf-8"))["horizons"]["moon"]["statement"]
    removed = " ".join(re.findall(r"<del>(.*?)</del>", edit))
    assert removed and all(escape(word) in removed for word in before.split() if word not in EDITED_STATEMENT.split())
    assert ": added" in first and first.count("<li>") == len(catalogue.technologies)


def test_versions_are_read_only_for_the_changes_shown(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    catalogue, history = build(tmp_path)
    asked: list[set[str]] = []
    original = history.read_versions

    def counting(blobs):  # type: ignore[no-untyped-def]
        wanted = set(blobs)
        asked.append(wanted)
        return original(wanted)

    monkeypatch.setattr(history, "read_versions", counting)
    render_changes_page(catalogue, history, history.changes[:2], None, [])
    assert len(asked) == 1  # one git call
    shown = {b for c in history.changes[:2] for b in (c.old_blob, c.new_blob) if b}
    assert asked[0] <= shown


def test_evidence_reads_as_words_not_json() -> None:
    from gap_tracker.datadiff import describe

    item = {
        "date": "2024-01",
        "kind": "measurement",
        "fact": "Landed within 10 m.",
        "quantities": [{"quote": "10 m", "value": 10, "unit": "m", "measures": "accuracy"}],
        "sources": [{"source": "doc", "locator": "p. 3"}],
    }
    fields = describe({"horizons": {"moon": {"statement": "x", "evidence": [item]}}}, {"moon": "Moon"})
    assert fields["Moon: evidence"] == (
        "2024-01 measurement: Landed within 10 m., quantities “10 m”: 10 m (accuracy) [doc: p. 3]"
    )
