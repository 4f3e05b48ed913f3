"""A fixture repository with real commits: a copy of the project, then an edit, a rename and a removal.

Which technologies are edited, renamed and removed is read from the project's data (:func:`choose`),
never named here: a data pull request that adds, edits, renames or removes a technology changes the
choice, not the outcome of the tests that use this repository.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.pr_simulation import data_texts, referenced_elsewhere
from tests.sitebuild import copy_project

DATES = (
    "2026-01-05T10:00:00+00:00",
    "2026-02-10T10:00:00+00:00",
    "2026-03-15T10:00:00+00:00",
    "2026-04-20T10:00:00+00:00",
)
EDITED_STATEMENT = "Test edit of the Moon statement"
_MOON_STATEMENT = re.compile(r"(?m)^  moon:\n    statement: (.+)\n    source:\n")
"""A Moon statement on one line, directly under its key: the layout the edit rewrites."""


@dataclass(frozen=True)
class Cast:
    """The technologies the fixture history edits, renames and removes: three files of one area folder."""

    area: str
    edited: str
    edited_name: str
    renamed_from: str
    renamed_to: str
    removed: str
    removed_name: str

    @property
    def folder(self) -> str:
        return f"technologies/{self.area}"


def _name(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["name"])


def choose(data_dir: Path = ROOT / "technologies") -> Cast:
    """The first area folder (by key) with three technologies that no other file refers to, one of them
    with a one-line Moon statement."""
    areas = yaml.safe_load((data_dir / "areas.yaml").read_text(encoding="utf-8"))
    texts = data_texts(data_dir)
    for area in sorted(areas):
        files = [p for p in sorted((data_dir / area).glob("*.yaml")) if not referenced_elsewhere(p, texts)]
        editable = [p for p in files if _MOON_STATEMENT.search(texts[p])]
        if len(files) < 3 or not editable:
            continue
        edited = editable[0]
        renamed, removed = [p for p in files if p != edited][:2]
        renamed_to = f"{renamed.stem[:70]}-renamed"
        return Cast(area, edited.stem, _name(edited), renamed.stem, renamed_to, removed.stem, _name(removed))
    raise AssertionError(f"no area folder of {data_dir} holds three technologies the fixture history can change")


CAST = choose()
TECH = CAST.folder
EDITED, RENAMED_FROM, RENAMED_TO, REMOVED_ID = CAST.edited, CAST.renamed_from, CAST.renamed_to, CAST.removed


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
    found = _MOON_STATEMENT.search(text)
    assert found, path
    start, end = found.span(1)
    path.write_text(text[:start] + EDITED_STATEMENT + text[end:], encoding="utf-8")
    git(root, "commit", "-q", "-am", f"Reword the Moon statement of {EDITED}", date=date)


def rename(root: Path, declare: bool, date: str = DATES[2]) -> None:
    old, new = root / TECH / f"{RENAMED_FROM}.yaml", root / TECH / f"{RENAMED_TO}.yaml"
    git(root, "mv", str(old), str(new))
    text = new.read_text(encoding="utf-8").replace(f"\nid: {RENAMED_FROM}\n", f"\nid: {RENAMED_TO}\n", 1)
    if declare:
        text = text.replace(f"\nid: {RENAMED_TO}\n", f"\nid: {RENAMED_TO}\nformer_ids:\n  - {RENAMED_FROM}\n", 1)
    new.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", f"Rename {RENAMED_FROM} to {RENAMED_TO}", date=date)


def remove(root: Path, declare: bool, date: str = DATES[3]) -> None:
    git(root, "rm", "-q", f"{TECH}/{REMOVED_ID}.yaml")
    if declare:
        registry = root / "technologies" / "removed.yaml"
        before = (
            registry.read_text(encoding="utf-8")
            if registry.exists()
            else "# yaml-language-server: $schema=../schema/removed.schema.json\n"
        )
        registry.write_text(
            before + f'{REMOVED_ID}:\n  name: {json.dumps(CAST.removed_name)}\n  date: "2026-04-20"\n'
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
