"""The data's git history: read from a fixture repository with real commits, checked, and unavailable without git."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gap_tracker.findings import Result
from gap_tracker.history import ADDED, MODIFIED, REMOVED, RENAMED, read_history
from gap_tracker.load import load_project
from gap_tracker.render.history import describe
from gap_tracker.report import format_text
from tests.gitrepo import (
    DATES,
    EDITED,
    REMOVED_ID,
    RENAMED_FROM,
    RENAMED_TO,
    TECH,
    edit_moon_statement,
    full_history_repo,
    git,
    init_repo,
    remove,
    rename,
)


def validate(root: Path) -> Result:
    """Validate a copy of the live data as of today (its review dates are real days, not fixture days),
    without the review-age warnings, which come as the calendar moves on (tests/test_staleness.py has them)."""
    return load_project(root, history=read_history(root, "technologies"), stale_after_days=0)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return full_history_repo(tmp_path_factory.mktemp("history") / "project")


def test_history_follows_edits_renames_and_removals(repo: Path) -> None:
    history = read_history(repo, "technologies")
    assert history.available and not history.dirty and not history.shallow
    assert [c.commit.date for c in history.changes[:3]] == [DATES[3], DATES[2], DATES[1]]

    renamed = history.for_technology(RENAMED_TO)
    assert [(c.kind, c.old_id) for c in renamed] == [(RENAMED, RENAMED_FROM), (ADDED, None)]
    assert renamed[0].path == f"{TECH}/{RENAMED_TO}.yaml"

    edited = history.for_technology(EDITED)
    assert [c.kind for c in edited] == [MODIFIED, ADDED]
    catalogue = validate(repo).catalogue
    assert catalogue is not None
    history.fill_horizons(edited + renamed, catalogue.horizon_keys)
    assert edited[0].horizons == ("moon",)
    assert describe(edited[0], catalogue.horizon_label) == f"changed horizons: {catalogue.horizon_label('moon')}"
    label = catalogue.horizon_label
    assert renamed[0].horizons == () and describe(renamed[0], label) == f"renamed from {RENAMED_FROM}"

    removed = history.for_technology(REMOVED_ID)
    assert removed[0].kind == REMOVED and removed[0].commit.subject == f"Remove {REMOVED_ID} <b>now</b>"
    assert set(history.vanished()) == {RENAMED_FROM, REMOVED_ID}
    assert history.latest is not None and history.latest.sha == git(repo, "rev-parse", "HEAD").strip()


def test_history_reads_the_log_once_whatever_the_number_of_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gap_tracker.history as module

    calls: list[tuple[str, ...]] = []
    real = module._git

    def counting(root: Path, *args: str):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(root, *args)

    monkeypatch.setattr(module, "_git", counting)
    history = read_history(repo, "technologies")
    assert len(history.changes) > 30
    assert [args[0] for args in calls] == ["rev-parse", "log", "status"]


def test_uncommitted_changes_are_flagged(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "project")
    (root / TECH / f"{EDITED}.yaml").write_text("changed\n", encoding="utf-8")
    (root / TECH / "new-file.yaml").write_text("new\n", encoding="utf-8")
    history = read_history(root, "technologies")
    assert history.dirty
    # Which files, relative to the project root (the pages of the others cite the commit alone).
    assert history.uncommitted == {f"{TECH}/{EDITED}.yaml", f"{TECH}/new-file.yaml"}


def test_declared_rename_and_removal_validate(repo: Path) -> None:
    result = validate(repo)
    assert [format_text(f) for f in result.findings] == []


def test_undeclared_rename_is_an_error_on_the_new_file(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "project")
    rename(root, declare=False)
    lines = [format_text(f) for f in validate(root).findings]
    id_line = (root / TECH / f"{RENAMED_TO}.yaml").read_text(encoding="utf-8").split("\n").index(f"id: {RENAMED_TO}")
    assert lines == [
        f"{TECH}/{RENAMED_TO}.yaml:{id_line + 1}:5: error: this technology was renamed from '{RENAMED_FROM}' in commit "
        f"{git(root, 'rev-parse', 'HEAD')[:10]} of 2026-03-15 (Rename {RENAMED_FROM} to {RENAMED_TO}), but "
        f"'{RENAMED_FROM}' is not in its former_ids; add '{RENAMED_FROM}' to former_ids so that the old address "
        f"/technologies/{RENAMED_FROM}/ keeps working"
    ]
    # Without the history (a tarball), the same data passes: the check needs git.
    assert load_project(root).ok
    completed = subprocess.run(
        [sys.executable, "-m", "gap_tracker", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1 and "renamed from" in completed.stdout


def test_undeclared_removal_is_an_error_naming_the_deleted_file(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "project")
    edit_moon_statement(root)
    remove(root, declare=False)
    findings = validate(root).findings
    assert len(findings) == 1
    assert findings[0].path == f"{TECH}/{REMOVED_ID}.yaml" and findings[0].rule == "vanished-id"
    assert "technologies/removed.yaml" in findings[0].fix and "former_ids" in findings[0].fix


def test_no_git_folder_means_history_unavailable(tmp_path: Path) -> None:
    history = read_history(tmp_path, "technologies")
    assert not history.available and "no .git folder" in history.reason
    assert history.changes == [] and history.latest is None


def test_git_not_installed_means_history_unavailable(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    history = read_history(repo, "technologies")
    assert not history.available and history.reason == "git is not installed"


def shallow_clone(repo: Path, target: Path, depth: int) -> Path:
    """``git clone --depth N`` of the fixture repository, as CI's default checkout makes one."""
    git(target.parent, "clone", "-q", "--depth", str(depth), f"file://{repo}", str(target))
    assert git(target, "rev-parse", "--is-shallow-repository").strip() == "true"
    return target


def test_a_shallow_clone_reports_only_the_changes_it_holds(repo: Path, tmp_path: Path) -> None:
    """The oldest commit of a shallow clone has no parent here, so git shows it adding every file: that is
    left out, and the history says it is partial."""
    deep = read_history(repo, "technologies")
    two = read_history(shallow_clone(repo, tmp_path / "two", 2), "technologies")
    assert two.available and two.shallow
    assert [(c.kind, c.tech_id) for c in two.changes] == [(REMOVED, REMOVED_ID)]
    assert two.changes[0].commit == deep.changes[0].commit
    one = read_history(shallow_clone(repo, tmp_path / "one", 1), "technologies")
    assert one.available and one.shallow and one.changes == [] and one.latest is None
    assert validate(tmp_path / "one").ok


def test_serve_reads_the_log_again_only_when_head_moves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mkdocs serve`` keeps the changes per commit (HistoryCache); each build still asks whether the data is dirty."""
    import gap_tracker.history as module

    root = init_repo(tmp_path / "project")
    cache, calls, real = module.HistoryCache(), [], module._git

    def counting(root: Path, *args: str):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        return real(root, *args)

    monkeypatch.setattr(module, "_git", counting)
    first = read_history(root, "technologies", cache)
    (root / TECH / f"{EDITED}.yaml").write_text("changed\n", encoding="utf-8")  # a save, not committed
    calls.clear()
    saved = read_history(root, "technologies", cache)
    assert "log" not in calls and saved.changes is first.changes and saved.dirty and not first.dirty
    git(root, "checkout", "--", f"{TECH}/{EDITED}.yaml")
    edit_moon_statement(root)  # a commit moves HEAD: the log is read again, as a fresh read does
    calls.clear()
    committed = read_history(root, "technologies", cache)
    assert "log" in calls
    fresh = read_history(root, "technologies")
    assert [(c.commit, c.kind, c.path) for c in committed.changes] == [
        (c.commit, c.kind, c.path) for c in fresh.changes
    ]
    assert len(committed.changes) == len(first.changes) + 1 and committed.dirty == fresh.dirty is False
