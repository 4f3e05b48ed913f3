"""Make the three typical data pull requests on a copy of the repository, then run the tests there.

    .venv/bin/python tests/pr_simulation.py                  # add, edit, rename; then the README's test command
    .venv/bin/python tests/pr_simulation.py --pr rename      # only some of them
    .venv/bin/python tests/pr_simulation.py --keep /tmp/sim  # keep the copy (a git repository) to look at
    .venv/bin/python tests/pr_simulation.py --today 2028-03-01   # and as if the calendar had moved on
    .venv/bin/python tests/pr_simulation.py -- -m "not browser"   # arguments for pytest

A correct data pull request must pass every test: tests never pin the live data (GUIDE.md). This
script is how a maintainer checks that. The copy is a git clone of this repository with the work
tree's uncommitted changes committed on top, so the history is there (the check of renamed ids and
the history pages read it). Each pull request is one commit, made as a contributor makes it:

- add: ``gap-tracker new "<name>" --area <area>``, every TODO replaced, citing a new document added
  to ``technologies/sources.yaml``;
- edit: a statement reworded and ``last_reviewed`` set to today, in every technology (one statement
  each), so that a test pinning any statement's words fails, not only one about the file edited;
- rename: ``git mv`` of a technology's file to a new id, the old id listed under ``former_ids``.

After each commit ``gap-tracker validate`` must pass (else the simulated pull request itself is
wrong, and the script says so). Then ``python3 build_tools/dev.py test`` runs in the copy, with this
checkout's ``.venv`` and ``tests/browser/node_modules`` linked into it, so nothing is installed again
(``--fresh`` installs them in the copy, as a new contributor's first run does). The exit status is
that of the test command. ``--today`` makes every Python process of the run (not git, not the
browser) take that day for today, through a ``sitecustomize`` module on ``PYTHONPATH``: a test that
only passes on the day it was written fails.

tests/test_pr_simulation.py makes the same pull requests with these functions and runs the test
modules that read the bundled data on the copy, as part of the README's test command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = "technologies"
NEW_NAME = "Simulated Pull Request Technology"
NEW_SOURCE = "zz-simulated-pull-request-report"
"""A key that sorts after every real one, so appending it keeps a sorted registry sorted."""
REWORDED = " (reworded in a simulated pull request)"
SIMULATION_ENV = "GAP_TRACKER_PR_SIMULATION"
"""Set in the copy's environment: the copy's own simulation test does not start another copy."""
ONE_LINE_STATEMENT = re.compile(r"(?m)^    statement: (.+)\n(?=    source:\n)")
"""A horizon's statement on one line, directly under its key: the layout the tests rewrite."""


@dataclass(frozen=True)
class PullRequest:
    kind: str
    summary: str
    """What the pull request did, in words."""
    technologies: tuple[str, ...]
    """The ids it touched (for a rename: the new id)."""
    former_id: str | None = None


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Simulated Contributor",
        "GIT_AUTHOR_EMAIL": "contributor@example.org",
        "GIT_COMMITTER_NAME": "Simulated Contributor",
        "GIT_COMMITTER_EMAIL": "contributor@example.org",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"git {' '.join(args)} failed in {root}:\n{done.stderr}")
    return done.stdout


def code_env(root: Path, first: Path | None = None) -> dict[str, str]:
    """The environment that runs the copy's own code (its build_tools before the installed package).

    ``first``: a folder put before it on the path (the clock shift of ``--today``).
    """
    parts = (str(first) if first else "", str(root / "build_tools"), os.environ.get("PYTHONPATH", ""))
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, parts)),
        "NO_MKDOCS_2_WARNING": "1",
        SIMULATION_ENV: "1",
    }


CLOCK_SHIFT = """\
# Written by tests/pr_simulation.py --today: datetime.date.today() answers {day}.
import datetime


class _ShiftedDate(datetime.date):
    @classmethod
    def today(cls):
        return cls.fromordinal({ordinal})


datetime.date = _ShiftedDate
"""


def clock_shift(folder: Path, day: dt.date) -> Path:
    """A folder with a ``sitecustomize`` module that makes ``datetime.date.today()`` answer ``day``."""
    folder = folder / "clock"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(CLOCK_SHIFT.format(day=day, ordinal=day.toordinal()), encoding="utf-8")
    return folder


def gap_tracker(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``gap-tracker <args>`` in the copy, as a contributor runs it there."""
    command = [sys.executable, "-m", "gap_tracker", *args]
    return subprocess.run(command, cwd=root, env=code_env(root), capture_output=True, text=True, check=False)


def copy_repository(source: Path, target: Path) -> Path:
    """A git clone of ``source`` at ``target``, with the work tree's uncommitted changes committed on top.

    Without a ``.git`` folder (a tarball), the files become the first commit of a new repository.
    """
    if not (source / ".git").exists():
        ignore = shutil.ignore_patterns(".venv", "site", "node_modules", "__pycache__", ".*_cache", "artifacts")
        shutil.copytree(source, target, ignore=ignore)
        git(target, "init", "-q", "-b", "main")
    else:
        git(source, "clone", "-q", "--no-hardlinks", str(source), str(target))
        changed = git(source, "ls-files", "-z", "--modified", "--others", "--exclude-standard").split("\0")
        for rel in filter(None, changed):
            if (source / rel).is_file():
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / rel, target / rel)
        for rel in filter(None, git(source, "ls-files", "-z", "--deleted").split("\0")):
            (target / rel).unlink(missing_ok=True)
    if git(target, "status", "--porcelain"):
        git(target, "add", "-A")
        git(target, "commit", "-q", "-m", "The work tree as it was when the simulation started")
    return target


def _validate(root: Path, what: str) -> None:
    done = gap_tracker(root, "validate")
    if done.returncode:
        raise RuntimeError(f"the simulated pull request ({what}) does not validate:\n{done.stdout}{done.stderr}")


def _technology_files(root: Path) -> list[Path]:
    return sorted((root / DATA).glob("*/*.yaml"))


def referenced_elsewhere(path: Path, texts: dict[Path, str]) -> bool:
    """Does another data file (``texts``: path -> text) name this file's id (a related technology, a registry)?"""
    word = re.compile(rf"(?<![a-z0-9-]){re.escape(path.stem)}(?![a-z0-9-])")
    return any(word.search(text) for other, text in texts.items() if other != path)


def data_texts(data_dir: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in data_dir.rglob("*.yaml")}


def add_technology(root: Path) -> PullRequest:
    """``gap-tracker new`` in the first area (by key), then every placeholder replaced, as the contributor guide says."""
    areas = sorted(re.findall(r"(?m)^([a-z0-9][a-z0-9-]*):", (root / DATA / "areas.yaml").read_text(encoding="utf-8")))
    done = gap_tracker(root, "new", NEW_NAME, "--area", areas[0])
    written = re.search(r"Wrote (\S+\.yaml)", done.stdout)
    if done.returncode or not written:
        raise RuntimeError(f"gap-tracker new failed:\n{done.stdout}{done.stderr}")
    path = root / written.group(1)
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r'(?m)^(\s+statement:) "TODO: copy the (\w+) .*$',
        lambda m: f"{m.group(1)} Words of the {m.group(2)} column of the simulated report",
        text,
    )
    text = re.sub(r'(?m)^(\s+(?:- )?source:) "TODO: key of .*$', rf"\1 {NEW_SOURCE}", text)
    text = re.sub(r'(?m)^(\s+locator:) "TODO: .*$', r"\1 Table 1, row 'Simulated Pull Request Technology'", text)
    if "TODO" in re.sub(r"(?m)^#.*$", "", text):
        raise RuntimeError(f"a placeholder of {written.group(1)} was not replaced:\n{text}")
    path.write_text(text, encoding="utf-8")
    sources = root / DATA / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + f"{NEW_SOURCE}:\n"
        + "  title: Simulated Agency Report on a Pull Request Technology\n"
        + "  publisher: Simulated Space Agency\n"
        + "  grade: agency-document\n"
        + f'  date: "{dt.date.today():%Y-%m}"\n',
        encoding="utf-8",
    )
    _validate(root, "add")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Add {NEW_NAME}")
    return PullRequest("add", f"added {path.stem} in {areas[0]}", (path.stem,))


def edit_statements(root: Path) -> PullRequest:
    """Reword one statement of every technology and set its ``last_reviewed`` to today."""
    edited = []
    today = dt.date.today().isoformat()
    for path in _technology_files(root):
        text = path.read_text(encoding="utf-8")
        found = ONE_LINE_STATEMENT.search(text)
        if not found:
            continue
        words = str(yaml.safe_load(found.group(1)))
        text = text[: found.start(1)] + json.dumps(words + REWORDED) + text[found.end(1) :]
        text = re.sub(r"(?m)^last_reviewed: .*$", f'last_reviewed: "{today}"', text, count=1)
        path.write_text(text, encoding="utf-8")
        edited.append(path.stem)
    if not edited:
        raise RuntimeError("no technology has a one-line statement to reword")
    _validate(root, "edit")
    git(root, "commit", "-q", "-am", "Reword a statement of each technology")
    return PullRequest("edit", f"reworded a statement of {len(edited)} technologies", tuple(edited))


def rename_technology(root: Path, tech_id: str | None = None) -> PullRequest:
    """``git mv`` a technology's file to a new id and list the old id under ``former_ids``.

    By default the first technology (by path) that no other file refers to (a reference would need
    updating too, which is a different pull request).
    """
    files = _technology_files(root)
    if tech_id is None:
        added = NEW_NAME.lower().replace(" ", "-")
        texts = data_texts(root / DATA)
        path = next(p for p in files if not p.stem.startswith(added) and not referenced_elsewhere(p, texts))
    else:
        path = next(p for p in files if p.stem == tech_id)
    old = path.stem
    new = f"{old[:70]}-renamed"
    target = path.with_name(f"{new}.yaml")
    git(root, "mv", str(path), str(target))
    text = target.read_text(encoding="utf-8")
    if "\nformer_ids:\n" in text:
        text = text.replace("\nformer_ids:\n", f"\nformer_ids:\n  - {old}\n", 1)
        text = text.replace(f"\nid: {old}\n", f"\nid: {new}\n", 1)
    else:
        text = text.replace(f"\nid: {old}\n", f"\nid: {new}\nformer_ids:\n  - {old}\n", 1)
    target.write_text(text, encoding="utf-8")
    _validate(root, "rename")
    git(root, "commit", "-q", "-am", f"Rename {old} to {new}")
    return PullRequest("rename", f"renamed {old} to {new} (former_ids: {old})", (new,), former_id=old)


PULL_REQUESTS: dict[str, Callable[[Path], PullRequest]] = {
    "add": add_technology,
    "edit": edit_statements,
    "rename": rename_technology,
}


def simulate(root: Path, kinds: list[str] | None = None) -> list[PullRequest]:
    """Make the pull requests named (all three by default, in the order add, edit, rename) on the copy."""
    return [PULL_REQUESTS[kind](root) for kind in (kinds or list(PULL_REQUESTS))]


def _link_environment(root: Path) -> None:
    """Link this checkout's .venv and the browser tests' node_modules into the copy (both are git-ignored)."""
    for rel in (".venv", "tests/browser/node_modules"):
        if (ROOT / rel).is_dir() and not (root / rel).exists():
            (root / rel).symlink_to(ROOT / rel, target_is_directory=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--pr", action="append", choices=list(PULL_REQUESTS), help="a pull request to make (repeat)")
    parser.add_argument("--keep", type=Path, help="make the copy here and keep it (the folder must not exist)")
    parser.add_argument("--fresh", action="store_true", help="set up .venv in the copy instead of linking this one")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="run the tests as if today were this day")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest by the test command (after --)")
    args = parser.parse_args(argv)
    work = None if args.keep else Path(tempfile.mkdtemp(prefix="pr-simulation-"))
    shift = clock_shift(Path(tempfile.mkdtemp(prefix="pr-simulation-")), args.today) if args.today else None
    root = copy_repository(ROOT, args.keep or (work or ROOT) / "copy")
    try:
        base = git(root, "rev-parse", "HEAD").strip()
        for pull_request in simulate(root, args.pr):
            print(f"pull request: {pull_request.summary}", flush=True)
        print(f"copy: {root} (the pull requests are the commits after {base[:10]})", flush=True)
        if not args.fresh:
            _link_environment(root)
        command = [sys.executable, "build_tools/dev.py", "test", *args.pytest_args]
        print(f"running: {' '.join(command)}" + (f" as if today were {args.today}" if shift else ""), flush=True)
        return subprocess.run(command, cwd=root, env=code_env(root, shift), check=False).returncode
    finally:
        for folder in (work, shift.parent if shift else None):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
