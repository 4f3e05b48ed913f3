"""The data's history, read from git at build time: who changed which technology file, when, and how.

:func:`read_history` asks git three questions, whatever the number of files: is this a repository
(``git rev-parse``), what changed below the data folder (ONE ``git log --raw`` pass that follows
renames), and are there uncommitted changes (``git status``). It never raises: without ``.git``
(a tarball) or without git installed, it returns a :class:`History` whose ``available`` is False
and whose ``reason`` says why, and the site says that history is unavailable.

A shallow clone (``git clone --depth N``, CI's default checkout) lacks the parents of its oldest
commits, so git shows each of those boundary commits as if it had added every file it holds. Those
changes are false and are left out; :attr:`History.shallow` is set, and the site says that history
is partial instead of dating every technology's "added" to the newest commit.

Which horizons a change touched is known only by comparing the file before and after. That costs
reading two versions of the file, so :meth:`History.fill_horizons` does it only for the changes a
page or feed shows (a bounded number), with one ``git cat-file --batch`` call for all of them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gap_tracker.textsafe import clean
from gap_tracker.yaml_load import parse_bytes

ADDED, MODIFIED, RENAMED, MOVED, REMOVED = "added", "modified", "renamed", "moved", "removed"
_NULL_BLOB = "0" * 40
_LOG_FORMAT = "--format=%x00%H%x00%cI%x00%an%x00%s"
"""Every field NUL-separated: git prints no field with a NUL in it (a subject or a name is cut at one)."""
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_RAW_META = re.compile(
    r":[0-7]{6} [0-7]{6} ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([0-9a-f]{40}(?:[0-9a-f]{24})?) ([A-Z])[0-9]*"
)
_EPOCH = "1970-01-01T00:00:00+00:00"
GIT_TIMEOUT = 120
"""Seconds any one git call may take before history is given up as unavailable."""


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    """Committer date, ISO 8601 with offset: when the change landed."""
    subject: str
    author: str = ""
    """The author's name, as git has it (hidden characters and line breaks replaced)."""

    @property
    def day(self) -> str:
        return self.date[:10]

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.date)


@dataclass
class Change:
    """What one commit did to one technology file."""

    commit: Commit
    tech_id: str
    """The technology's id today (renames are followed), or the id of a removed file."""
    path: str
    """The file's path after the commit (before it, for a removed file), relative to the project root."""
    kind: str
    """added, modified, renamed (the id changed), moved (to another area folder) or removed."""
    old_id: str | None = None
    """For a rename: the id before it."""
    old_blob: str | None = None
    new_blob: str | None = None
    horizons: tuple[str, ...] | None = None
    """Horizons whose content changed; None until :meth:`History.fill_horizons` compared the versions."""

    @property
    def folder(self) -> str:
        parts = self.path.split("/")
        return parts[-2] if len(parts) > 1 else ""


@dataclass
class History:
    """The changes to the technology files, newest first, or why they are unknown."""

    available: bool
    reason: str = ""
    """Why history is unavailable (empty when it is available)."""
    changes: list[Change] = field(default_factory=list)
    shallow: bool = False
    """The repository is a shallow clone: older commits are missing, so the history is partial."""
    dirty: bool = False
    """The data folder has changes not yet committed (they are not in the history)."""
    uncommitted: frozenset[str] = frozenset()
    """The data files (paths relative to the project root) with those changes, new files included."""
    root: Path | None = None
    key: tuple[object, ...] | None = None
    """What the changes depend on (the commit checked out), when read through a :class:`HistoryCache`:
    what ``mkdocs serve`` keys the findings of the rules that read history on."""
    _by_id: dict[str, list[Change]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_id: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            by_id[change.tech_id].append(change)
        self._by_id = dict(by_id)

    @classmethod
    def unavailable(cls, reason: str) -> History:
        return cls(available=False, reason=reason)

    @property
    def latest(self) -> Commit | None:
        """The newest commit that changed a technology file: the data version."""
        return self.changes[0].commit if self.changes else None

    def for_technology(self, tech_id: str) -> list[Change]:
        return self._by_id.get(tech_id, [])

    def read_versions(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """The contents of the given file versions (blob ids), in one git call; missing ones are left out."""
        wanted = {b for b in blobs if b and b != _NULL_BLOB}
        return _read_blobs(self.root, wanted) if self.root is not None and wanted else {}

    def vanished(self) -> dict[str, Change]:
        """Ids whose file was removed or renamed away at some point, with the newest such change.

        Whether the id is live again, or declared, is for the caller to decide.
        """
        gone: dict[str, Change] = {}
        for change in self.changes:
            if change.kind == REMOVED:
                gone.setdefault(change.tech_id, change)
            elif change.kind == RENAMED and change.old_id:
                gone.setdefault(change.old_id, change)
        return gone

    def fill_horizons(self, changes: Iterable[Change], horizons: Sequence[str]) -> None:
        """Work out which of ``horizons`` (keys, in display order) each given change touched, in one git call."""
        horizons = tuple(horizons)
        pending = [c for c in changes if c.horizons is None]
        for change in pending:
            if change.kind in (ADDED, REMOVED) or change.old_blob == change.new_blob:
                change.horizons = horizons if change.kind in (ADDED, REMOVED) else ()
        pending = [c for c in pending if c.horizons is None and c.old_blob and c.new_blob]
        if not pending or self.root is None:
            return
        blobs = _read_blobs(self.root, {b for c in pending for b in (c.old_blob, c.new_blob) if b})
        blocks = {sha: _horizon_blocks(raw, horizons) for sha, raw in blobs.items()}
        for change in pending:
            change.horizons = _changed_horizons(
                horizons,
                blobs.get(change.old_blob or ""),
                blobs.get(change.new_blob or ""),
                blocks.get(change.old_blob or ""),
                blocks.get(change.new_blob or ""),
            )


@dataclass
class HistoryCache:
    """``mkdocs serve``: the changes read from git, kept while the commit checked out stays the same.

    What ``git log`` says depends on the commits only, so it is read again only when HEAD (or the
    shallow boundary) moved; whether the data has uncommitted changes is asked on every build. The
    kept :class:`Change` objects also keep which horizons each one touched (:meth:`History.fill_horizons`).
    """

    key: tuple[object, ...] | None = None
    changes: list[Change] = field(default_factory=list)


def read_history(root: Path, data_dir: str, cache: HistoryCache | None = None) -> History:
    """Read the history of ``root / data_dir`` from git; never raises."""
    try:
        return _read_history(root, data_dir, cache)
    except Exception as exc:  # the promise: history is optional, so a build never fails on it
        return History.unavailable(f"the git history could not be read ({type(exc).__name__}: {exc})")


def _read_history(root: Path, data_dir: str, cache: HistoryCache | None) -> History:
    try:
        probe = _git(
            root,
            "rev-parse",
            "--is-inside-work-tree",
            "--is-shallow-repository",
            "--git-path",
            "shallow",
            "--show-prefix",
        )
    except FileNotFoundError:
        return History.unavailable("git is not installed")
    except subprocess.TimeoutExpired:
        return History.unavailable("git did not answer in time")
    if probe.returncode != 0:
        return History.unavailable("the files are not in a git repository (no .git folder)")
    answers = probe.stdout.splitlines()
    shallow = answers[1:2] == ["true"]
    boundary = _boundary_commits(root, answers[2]) if shallow and len(answers) > 2 else set()
    try:
        key = _cache_key(root, data_dir, shallow, boundary) if cache is not None else None
        if cache is not None and key is not None and cache.key == key:
            changes = cache.changes
        else:
            log = _git(
                root,
                "log",
                "--no-merges",
                "-M",
                "--raw",
                "--no-abbrev",
                "-z",
                _LOG_FORMAT,
                "--relative",
                "--",
                data_dir,
            )
            if log.returncode != 0:
                return History.unavailable(f"git log failed: {log.stderr.strip() or log.returncode}")
            commits = [(commit, raw) for commit, raw in _parse_log(log.stdout) if commit.sha not in boundary]
            changes = _follow_renames(commits, data_dir)
            if cache is not None:
                cache.key, cache.changes = key, changes
        status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", data_dir)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return History.unavailable(f"git failed: {exc}")
    return History(
        available=True,
        changes=changes,
        shallow=shallow,
        dirty=bool(status.stdout.strip("\0")),
        uncommitted=_status_paths(status.stdout, answers[3] if len(answers) > 3 else ""),
        root=root,
        key=key,
    )


def _status_paths(porcelain: str, prefix: str) -> frozenset[str]:
    """The paths that ``git status --porcelain -z`` lists (both sides of a rename), made relative to the
    project root (git gives them from the repository's root; ``prefix`` is the project's folder in it)."""
    paths: set[str] = set()
    entries = iter(porcelain.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        paths.add(entry[3:])
        if entry[0] in "RC" or entry[1] in "RC":
            paths.add(next(entries, ""))
    return frozenset(posixpath.relpath(p, prefix or ".") for p in paths if p)


def _cache_key(root: Path, data_dir: str, shallow: bool, boundary: set[str]) -> tuple[object, ...] | None:
    """What ``git log`` of the data depends on: the commit checked out (None when there is none yet)."""
    head = _git(root, "rev-parse", "-q", "--verify", "HEAD")
    if head.returncode != 0 or not _SHA.fullmatch(head.stdout.strip()):
        return None
    return (str(root), data_dir, head.stdout.strip(), shallow, frozenset(boundary))


def _boundary_commits(root: Path, shallow_file: str) -> set[str]:
    """The commits whose parents a shallow clone lacks, listed one per line in its ``shallow`` file.

    Git diffs such a commit against nothing, so its every file reads as added: its changes are unknown.
    """
    path = Path(shallow_file)
    try:
        text = (path if path.is_absolute() else root / path).read_text(encoding="ascii", errors="replace")
    except OSError:
        return set()
    return {line.strip() for line in text.splitlines() if _SHA.fullmatch(line.strip())}


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", "-c", "i18n.logOutputEncoding=UTF-8", "-C", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=GIT_TIMEOUT,
        check=False,
    )


_RawChange = tuple[str, str, str, str, str | None]
"""status letter, old blob, new blob, path, second path (the new path of a rename)."""


def _parse_log(text: str) -> list[tuple[Commit, list[_RawChange]]]:
    """Parse ``git log --raw -z`` output read by position, so no subject or name can forge an entry.

    The stream is NUL-separated tokens: a commit is ``<sha> <date> <author> <subject>`` (four tokens,
    the sha 40 or 64 hex digits), then its changes, each a ``:<modes> <blobs> <status>`` token and one
    path (two for a rename or copy). Git never prints a NUL inside a field, so a subject is exactly one
    token, whatever it holds, and is never read as anything but a subject.
    """
    tokens = text.split("\0")
    commits: list[tuple[Commit, list[_RawChange]]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].strip("\n")
        index += 1
        if commits and (meta := _RAW_META.fullmatch(token)):
            old_blob, new_blob, status = meta.groups()
            paths = tokens[index : index + (2 if status in "RC" else 1)]
            index += len(paths)
            if paths:
                commits[-1][1].append((status, old_blob, new_blob, paths[0], paths[1] if len(paths) > 1 else None))
        elif _SHA.fullmatch(token) and index + 3 <= len(tokens):
            date, author, subject = tokens[index : index + 3]
            index += 3
            commits.append((Commit(token, _valid_date(date), clean(subject).strip(), clean(author).strip()), []))
    return commits


def _valid_date(text: str) -> str:
    """Git's ISO date, or the epoch for a date git wrote that Python cannot read (a forged commit)."""
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return _EPOCH
    return text


_TECHNOLOGY_PATH = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")
"""``<area>/<id>.yaml`` with a key and an id as the schema allows them: a file that ever had another
name (a typo, or a hostile name with control characters) was never a technology page."""


def _is_technology(path: str, data_dir: str) -> bool:
    """``<data_dir>/<area>/<id>.yaml``: registries at the top of the folder are not technologies."""
    prefix = data_dir.rstrip("/") + "/"
    rest = path[len(prefix) :] if path.startswith(prefix) else ""
    return bool(_TECHNOLOGY_PATH.fullmatch(rest))


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


def _follow_renames(commits: Sequence[tuple[Commit, list[_RawChange]]], data_dir: str) -> list[Change]:
    """Attribute each raw change, newest first, to the id its file has today."""
    current: dict[str, str] = {}
    """Path at this point of the walk back in time -> the id that file has today."""
    changes: list[Change] = []
    for commit, raw in commits:
        for status, old_blob, new_blob, path, second in raw:
            if status in "RC" and second is not None:
                old_path, new_path = path, second
                if not _is_technology(new_path, data_dir):
                    continue
                tech_id = current.get(new_path, _stem(new_path))
                if status == "R":
                    current[old_path] = tech_id
                old_id = _stem(old_path)
                if not _is_technology(old_path, data_dir) or status == "C":
                    kind = ADDED
                else:
                    kind = RENAMED if old_id != _stem(new_path) else MOVED
                changes.append(
                    Change(commit, tech_id, new_path, kind, old_id if kind == RENAMED else None, old_blob, new_blob)
                )
                continue
            if not _is_technology(path, data_dir):
                continue
            tech_id = current.get(path, _stem(path))
            kind = {"A": ADDED, "D": REMOVED}.get(status, MODIFIED)
            blobs = (None if old_blob == _NULL_BLOB else old_blob, None if new_blob == _NULL_BLOB else new_blob)
            changes.append(Change(commit, tech_id, path, kind, None, *blobs))
    changes.sort(key=lambda c: c.commit.when, reverse=True)  # stable: git's order within one instant
    return changes


def _read_blobs(root: Path, blobs: set[str]) -> dict[str, bytes]:
    """Read many file versions with one ``git cat-file --batch`` call."""
    wanted = sorted(blobs)
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch"],
            input=("\n".join(wanted) + "\n").encode(),
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    out, found, position = completed.stdout, {}, 0
    for _ in wanted:
        newline = out.find(b"\n", position)
        if newline < 0:
            break
        header = out[position:newline].split()
        position = newline + 1
        if len(header) != 3:
            continue  # "<sha> missing"
        size = int(header[2])
        found[header[0].decode()] = out[position : position + size]
        position += size + 1
    return found


_BLOCK_START = re.compile(rb"^horizons:[ \t]*(?:#[^\n]*)?\n", re.M)
_HORIZON_KEY = re.compile(rb"^([ \t]+)([a-z0-9]+(?:-[a-z0-9]+)*):[ \t]*(?:#[^\n]*)?$")


def _horizon_blocks(raw: bytes, horizons: Sequence[str]) -> dict[str, bytes] | None:
    """The text of each horizon of a file in the usual block layout, or None for any other layout.

    Comparing these texts decides most changes without parsing: equal text, equal horizon.
    """
    start = _BLOCK_START.search(raw)
    if not start:
        return None
    blocks: dict[str, list[bytes]] = {}
    current: list[bytes] | None = None
    indent = None
    for line in raw[start.end() :].split(b"\n"):
        if line and not line[:1].isspace() and not line.startswith(b"#"):
            break  # the next top-level key ends the horizons
        key = _HORIZON_KEY.match(line)
        if key and (indent is None or key.group(1) == indent):
            indent = key.group(1)
            current = blocks.setdefault(key.group(2).decode(), [])
        elif current is not None:
            current.append(line)
    if set(blocks) != set(horizons):
        return None
    return {h: b"\n".join(lines).rstrip() for h, lines in blocks.items()}


def _changed_horizons(
    horizons: Sequence[str],
    old: bytes | None,
    new: bytes | None,
    old_blocks: dict[str, bytes] | None,
    new_blocks: dict[str, bytes] | None,
) -> tuple[str, ...] | None:
    """Horizons whose content differs between two versions; None when a version cannot be read."""
    if old_blocks is None or new_blocks is None:
        before, after = _horizons_of(old), _horizons_of(new)
        if before is None or after is None:
            return None  # a version that does not parse: leave it unknown rather than guess
        return tuple(h for h in horizons if before.get(h) != after.get(h))
    changed = []
    for h in horizons:
        if old_blocks[h] == new_blocks[h]:
            continue
        # The texts differ: parse just this horizon of each version (a comment or spacing is no change).
        before, after = _parse_block(old_blocks[h]), _parse_block(new_blocks[h])
        if before is None or after is None or before != after:
            changed.append(h)
    return tuple(changed)


def _parse_block(block: bytes) -> Any:
    """Parse one horizon's text for comparison only: libyaml, every scalar kept as the text it is."""
    try:
        return yaml.load(b"horizon:\n" + block + b"\n", Loader=_BLOCK_LOADER)
    except yaml.YAMLError:
        return None


_BLOCK_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _horizons_of(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    parsed = parse_bytes(raw)
    data = parsed.data if parsed.ok else None
    if not isinstance(data, dict) or not isinstance(data.get("horizons"), dict):
        return None
    return dict(data["horizons"])
