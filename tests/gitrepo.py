"""A fixture repository with real commits: a copy of the project, then edits, a rename and a removal."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.sitebuild import copy_project

TECH = "technologies/transversal-technologies"
EDITED = "dust-mitigation"
RENAMED_FROM, RENAMED_TO = "thermal-management", "thermal-control"
REMOVED_ID = "low-temperature-mechanisms"
DATES = (
    "2026-01-05T10:00:00+00:00",
    "2026-02-10T10:00:00+00:00",
    "2026-03-15T10:00:00+00:00",
    "2026-04-20T10:00:00+00:00",
)


def git(root: Path, *args: str, date: str = DATES[0]) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    completed = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return completed.stdout


def init_repo(target: Path) -> Path:
    """The project in a new repository, all of it in one first commit."""
    root = copy_project(target)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the data")
    return root


def edit_moon_statement(root: Path, date: str = DATES[1]) -> None:
    path = root / TECH / f"{EDITED}.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    statement: Multiple active and passive technologies required significant advances in life cycle\n"
    assert old in text
    path.write_text(text.replace(old, "    statement: Test edit of the Moon statement\n"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Reword the Moon statement of dust mitigation", date=date)


def rename(root: Path, declare: bool, date: str = DATES[2]) -> None:
    old, new = root / TECH / f"{RENAMED_FROM}.yaml", root / TECH / f"{RENAMED_TO}.yaml"
    git(root, "mv", str(old), str(new))
    text = new.read_text(encoding="utf-8").replace(f"id: {RENAMED_FROM}\n", f"id: {RENAMED_TO}\n")
    if declare:
        text = text.replace(f"id: {RENAMED_TO}\n", f"id: {RENAMED_TO}\nformer_ids:\n  - {RENAMED_FROM}\n")
    new.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", f"Rename {RENAMED_FROM} to {RENAMED_TO}", date=date)


def remove(root: Path, declare: bool, date: str = DATES[3]) -> None:
    git(root, "rm", "-q", f"{TECH}/{REMOVED_ID}.yaml")
    if declare:
        (root / "technologies" / "removed.yaml").write_text(
            "# yaml-language-server: $schema=../schema/removed.schema.json\n"
            f'{REMOVED_ID}:\n  name: Low-Temperature Mechanisms\n  date: "2026-04-20"\n'
            "  reason: Removed in a test repository <script>alert(1)</script>\n",
            encoding="utf-8",
        )
        git(root, "add", "technologies/removed.yaml")
    git(root, "commit", "-q", "-m", f"Remove {REMOVED_ID} <b>now</b>", date=date)


def full_history_repo(target: Path) -> Path:
    """Four commits: add everything, edit a Moon statement, rename (declared), remove (declared)."""
    root = init_repo(target)
    edit_moon_statement(root)
    rename(root, declare=True)
    remove(root, declare=True)
    return root


def commit_as_given(root: Path, message: str | bytes, author: str) -> None:
    """Commit the work tree with the message exactly as given (no clean-up) and the author's name as given."""
    git(root, "add", "-A")
    tree = git(root, "write-tree").strip()
    parent = git(root, "rev-parse", "HEAD").strip()
    date = "2026-06-01T10:00:00+00:00"
    env_author = f"{author} <m@example.org> 1780308000 +0000"
    header = f"tree {tree}\nparent {parent}\nauthor {env_author}\ncommitter {env_author}\n\n".encode()
    body = message if isinstance(message, bytes) else message.encode()
    path = root / ".git" / "hostile-commit"
    path.write_bytes(header + body + b"\n")
    sha = git(root, "hash-object", "-t", "commit", "-w", "--literally", str(path), date=date).strip()
    path.unlink()
    git(root, "update-ref", "HEAD", sha)
