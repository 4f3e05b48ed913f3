"""``gap-tracker diff <base> [<head>]``: what a change does to the data, in words, as Markdown.

It reads the technology files at two git refs (``git ls-tree`` and ``git cat-file``, never the
working tree), parses them with the project's safe YAML loader, and reports:

* technologies added, removed, or renamed (a new id whose fields are at least half the same as a
  removed one's; counting fields, not lines, keeps the boilerplate every file shares, such as
  ``source: ger-2024``, from pairing two different technologies, as git's line-based rename
  detection would);
* for every changed technology, each changed field with its value before and after, the removed
  words struck through (``~~old~~``) and the added ones in bold (``**new**``): per horizon the
  statement, gap status, status source, source, targets and demonstrations; and name, area,
  sources, related technologies and the rest;
* keys added, changed or removed in the registries (areas, sources, organisations, gap assessments).

The output is GitHub-flavoured Markdown, fit for a pull-request comment or a job summary. A ref
missing from a shallow clone (CI checks out one or two commits) is fetched with ``--fetch``, or
named in a message that says exactly which ``git fetch`` command brings it in.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import shlex
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gap_tracker.documents import REGISTRIES
from gap_tracker.model import DEFAULT_STATUS, NOT_ADDRESSED, NOT_STATED, STATUS_LABELS
from gap_tracker.textsafe import HIDDEN, REPLACEMENT, one_line
from gap_tracker.yaml_load import MAX_FILE_BYTES, parse_bytes

RENAME_SIMILARITY = 0.5
"""Like git's default (-M50%), but counted on what the file says: at least half of its fields are the same."""
FUZZY_PAIR_LIMIT = 20_000
"""Above this many removed x added pairs only identical content counts as a rename."""
ABSENT = "—"
MAX_BYTES = 65_536
"""Default bound of the report: a GitHub comment holds 65,536 characters (a job summary 1 MiB)."""


class DiffError(Exception):
    """Something the user must fix or fetch first; the message says what."""


# --- git ---------------------------------------------------------------------------------------


@dataclass
class Git:
    root: Path

    def run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                ["git", *args], cwd=self.root, input=stdin, capture_output=True, check=False, timeout=600
            )
        except FileNotFoundError:
            raise DiffError("git is not installed (or not on PATH); install git and run the command again") from None
        except subprocess.TimeoutExpired:
            raise DiffError(f"'git {' '.join(args)}' did not finish within 10 minutes") from None

    def check_repository(self) -> None:
        done = self.run("rev-parse", "--show-toplevel")  # no argument from the user here or in is_shallow
        if done.returncode:
            raise DiffError(
                f"{self.root.resolve()} is not inside a git repository; run the command in a clone of the tracker"
            )

    def resolve(self, ref: str) -> str | None:
        done = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        if done.returncode:
            return None
        return done.stdout.decode().strip() or None

    def remotes(self) -> list[str]:
        return self.run("remote").stdout.decode("utf-8", "replace").split()

    def uncommitted(self, data_dir: str) -> list[str]:
        """Files under ``data_dir`` with changes not committed (staged, unstaged or untracked)."""
        done = self.run("status", "--porcelain", "-z", "--untracked-files=all", "--", data_dir)
        if done.returncode:
            return []
        entries = done.stdout.decode("utf-8", "surrogateescape").split("\0")
        return sorted({e[3:] for e in entries if len(e) > 3 and e[2] == " "})

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"

    def tree(self, commit: str, data_dir: str) -> dict[str, str]:
        """Path (relative to the project root) -> blob id of every file under ``data_dir`` at ``commit``."""
        done = self.run("ls-tree", "-r", "-z", "--end-of-options", commit, "--", data_dir)
        if done.returncode:
            raise DiffError(f"cannot list {data_dir}/ at {commit[:12]}: {_last_line(done.stderr)}")
        files = {}
        for entry in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            _mode, kind, blob = meta.split()
            if kind == "blob":
                files[path] = blob
        return files

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The content of each blob; one larger than the data files may be is left out, never read."""
        wanted = self._small(sorted(set(ids)))
        if not wanted:
            return {}
        done = self.run("cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
        if done.returncode:
            raise DiffError(f"cannot read files from git: {_last_line(done.stderr)}")
        out, found, pos = done.stdout, {}, 0
        for blob in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            if len(header) < 3 or header[1] != b"blob":
                raise DiffError(f"git could not read the file with id {blob}")
            size = int(header[2])
            found[blob] = out[end + 1 : end + 1 + size]
            pos = end + 1 + size + 1
        return found

    def _small(self, wanted: list[str]) -> list[str]:
        """The blobs of at most MAX_FILE_BYTES, asked with one ``git cat-file --batch-check``."""
        if not wanted:
            return wanted
        done = self.run("cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in wanted).encode())
        sizes = {}
        for line in done.stdout.decode("ascii", "replace").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                sizes[parts[0]] = int(parts[2])
        return [b for b in wanted if sizes.get(b, 0) <= MAX_FILE_BYTES]


def resolve_ref(git: Git, ref: str, *, fetch: bool, remote: str = "origin", depth: int = 1) -> str:
    """The commit id of ``ref``; fetch it first with ``fetch``, else explain what to fetch."""
    for name, what in ((ref, "git ref; give a branch, tag or commit, e.g. origin/main"), (remote, "remote name")):
        if not _plain_name(name):
            raise DiffError(f"{shlex.quote(_printable(name))} is not a {what}")
    commit = git.resolve(ref)
    if commit:
        return commit
    shallow = git.is_shallow()
    relative = bool(re.search(r"[~^]", ref))
    if relative and not shallow:
        raise DiffError(f"'{ref}' does not exist: the history is not that long, or a name in it is misspelt")
    remotes = git.remotes()
    first, _, rest = ref.partition("/")
    if rest and first in remotes:
        remote = first  # upstream/main names its remote
    name = ref.removeprefix(f"{remote}/")
    if relative:
        options, names = ["--no-tags", f"--deepen={depth}"], [remote]
    elif shallow:
        options, names = ["--no-tags", f"--depth={depth}"], [remote, _refspec(ref, name, remote)]
    else:
        options, names = ["--no-tags"], [remote, _refspec(ref, name, remote)]
    command = ["fetch", *options, "--end-of-options", *names]
    shown = shlex.join(["git", "fetch", *options, *names])  # to paste: every word quoted; names never start with -
    if remote not in remotes and (fetch or ref.startswith(f"{remote}/")):
        raise DiffError(_no_such_remote(ref, remote, name))
    if rest and first not in remotes and not relative and not fetch:
        raise DiffError(_unknown_remote(ref, first, rest, shown if remote in remotes else None))
    if not fetch:
        if shallow:
            reason = "this clone is shallow (CI checks out only the newest commits), so that commit is not here yet"
        else:
            reason = "it is not a branch, tag or commit of this repository (check the name), or it was never fetched"
        raise DiffError(
            f"'{ref}' is not in this clone: {reason}. Fetch it first:\n    {shown}\n"
            "or run the same 'gap-tracker diff' with --fetch to let it fetch what it needs."
        )
    done = git.run(*command)
    if done.returncode:
        raise DiffError(f"could not fetch '{ref}' with '{shown}': {_last_line(done.stderr)}")
    commit = git.resolve(ref) or (None if relative else git.resolve("FETCH_HEAD"))
    if not commit:
        raise DiffError(f"'{ref}' is still missing after '{shown}'; fetch more history (a larger --fetch-depth)")
    return commit


def _plain_name(name: str) -> bool:
    """A ref or remote name git could hold: not empty, not an option, no space, control or hidden character."""
    return bool(name) and not name.startswith("-") and not re.search(r"\s", name) and not HIDDEN.search(name)


def _printable(text: str) -> str:
    return HIDDEN.sub(REPLACEMENT, one_line(text, REPLACEMENT))


def _no_such_remote(ref: str, remote: str, name: str) -> str:
    """The --remote to fetch from is not configured in this clone."""
    return (
        f"'{ref}' is not in this clone, and this clone has no remote called '{remote}' to fetch it from. "
        f"Add the remote with the address of its repository, then fetch:\n"
        f"    git remote add {shlex.quote(remote)} <address of the repository>\n"
        f"    {shlex.join(['git', 'fetch', remote, name])}\n"
        "('git remote -v' lists the remotes this clone has.)"
    )


def _unknown_remote(ref: str, first: str, rest: str, as_branch: str | None) -> str:
    """'upstream/main' in a clone without an 'upstream' remote: the usual case of a fork.

    ``as_branch`` fetches the other reading (a branch named 'upstream/main' of the default remote);
    None when the clone has no default remote either, so there is nothing to offer.
    """
    other = (
        f"If '{ref}' is instead a branch of the default remote, fetch it with:\n    {as_branch}\n" if as_branch else ""
    )
    return (
        f"'{ref}' is not in this clone, and this clone has no remote called '{first}'. In a fork, "
        f"'{first}' is usually the original repository: add it, then fetch its branch:\n"
        f"    git remote add {shlex.quote(first)} <address of the original repository>\n"
        f"    {shlex.join(['git', 'fetch', first, rest])}\n"
        f"{other}('git remote -v' lists the remotes this clone has.)"
    )


def _refspec(ref: str, name: str, remote: str) -> str:
    """Fetch origin/x into refs/remotes/origin/x so the name resolves afterwards; anything else as is."""
    if ref == f"{remote}/{name}":
        return f"+refs/heads/{name}:refs/remotes/{remote}/{name}"
    return name


def _last_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return _printable(lines[-1].strip()) if lines else "no message from git"


# --- snapshots ---------------------------------------------------------------------------------


@dataclass
class FileAt:
    path: str
    blob: str
    text: str = ""
    data: Any = None
    problem: str | None = None

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".yaml")


@dataclass
class Snapshot:
    label: str
    commit: str
    technologies: dict[str, FileAt]
    registries: dict[str, FileAt]


def snapshot(git: Git, label: str, commit: str, data_dir: str) -> Snapshot:
    technologies: dict[str, FileAt] = {}
    registries: dict[str, FileAt] = {}
    prefix = data_dir.strip("/") + "/"
    for path, blob in git.tree(commit, data_dir).items():
        if not path.startswith(prefix) or not path.endswith(".yaml"):
            continue
        parts = path[len(prefix) :].split("/")
        item = FileAt(path, blob)
        if len(parts) == 1 and item.stem in REGISTRIES:
            registries[item.stem] = item
        elif len(parts) == 2:
            technologies.setdefault(item.stem, item)
    return Snapshot(label, commit, technologies, registries)


def _read(git: Git, files: list[FileAt]) -> None:
    contents = git.blobs(f.blob for f in files)
    for item in files:
        if item.blob not in contents:
            item.problem = f"the file is larger than {MAX_FILE_BYTES:,} bytes, so it was not read"
            continue
        parsed = parse_bytes(contents[item.blob])
        item.text = parsed.text
        if parsed.ok:
            item.data = parsed.data
        else:
            problem = parsed.problems[0]
            item.problem = f"{problem.message} (line {problem.line})" if problem.line else problem.message


# --- comparison --------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    before: str | None
    after: str | None


@dataclass
class TechnologyChange:
    tech_id: str
    name: str
    before: FileAt | None
    after: FileAt | None
    rows: list[Row] = field(default_factory=list)
    old_id: str | None = None
    similarity: float = 1.0

    @property
    def unreadable(self) -> bool:
        return any(item is not None and item.problem for item in (self.before, self.after))


@dataclass
class RegistryChange:
    path: str
    added: list[str]
    changed: list[str]
    removed: list[str]
    entries: dict[str, str] = field(default_factory=dict)
    """Key -> what the entry is, in words (title, publisher, URL, ...): as at the head, or at the base if removed."""
    fields: dict[str, list[Row]] = field(default_factory=dict)
    """Changed key -> its changed fields, before and after."""


@dataclass
class DataDiff:
    base: Snapshot
    head: Snapshot
    added: list[TechnologyChange] = field(default_factory=list)
    removed: list[TechnologyChange] = field(default_factory=list)
    renamed: list[TechnologyChange] = field(default_factory=list)
    changed: list[TechnologyChange] = field(default_factory=list)
    registries: list[RegistryChange] = field(default_factory=list)
    unreadable: list[tuple[str, FileAt]] = field(default_factory=list)
    horizon_labels: dict[str, str] = field(default_factory=dict)
    """Horizon key -> label, in display order, from horizons.yaml at the head (else at the base)."""
    uncommitted: list[str] = field(default_factory=list)
    """Data files with changes not committed, when the head is the checked-out commit (not in the report)."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.registries or self.unreadable)


def diff_refs(
    root: Path,
    base: str,
    head: str = "HEAD",
    data_dir: str = "technologies",
    *,
    fetch: bool = False,
    remote: str = "origin",
    depth: int = 1,
) -> DataDiff:
    """Compare the data at two git refs of the repository that holds ``root``."""
    git = Git(root)
    git.check_repository()
    base_commit = resolve_ref(git, base, fetch=fetch, remote=remote, depth=depth)
    head_commit = resolve_ref(git, head, fetch=fetch, remote=remote, depth=depth)
    old = snapshot(git, base, base_commit, data_dir)
    new = snapshot(git, head, head_commit, data_dir)
    result = compare(git, old, new)
    if head_commit == git.resolve("HEAD"):
        result.uncommitted = git.uncommitted(data_dir)
    return result


def compare(git: Git, old: Snapshot, new: Snapshot) -> DataDiff:
    result = DataDiff(old, new)
    same = {i for i in old.technologies.keys() & new.technologies.keys() if _same(old, new, i)}
    removed_ids = sorted(old.technologies.keys() - new.technologies.keys())
    added_ids = sorted(new.technologies.keys() - old.technologies.keys())
    kept = sorted((old.technologies.keys() & new.technologies.keys()) - same)
    changed_registries = [k for k in REGISTRIES if _blob(old.registries.get(k)) != _blob(new.registries.get(k))]
    old_files = [old.technologies[i] for i in removed_ids + kept]
    old_files += [old.registries[k] for k in changed_registries if k in old.registries]
    new_files = [new.technologies[i] for i in added_ids + kept]
    new_files += [new.registries[k] for k in changed_registries if k in new.registries]
    _read(git, old_files + new_files)
    labels = result.horizon_labels = _horizon_labels(git, new) or _horizon_labels(git, old)
    result.unreadable = [(old.label, f) for f in old_files if f.problem] + [
        (new.label, f) for f in new_files if f.problem
    ]

    pairs = _renames([old.technologies[i] for i in removed_ids], [new.technologies[i] for i in added_ids], labels)
    paired_old = {a.stem for a, _, _ in pairs}
    paired_new = {b.stem for _, b, _ in pairs}
    for before, after, ratio in pairs:
        change = _technology_change(after.stem, before, after, labels)
        change.old_id, change.similarity = before.stem, ratio
        result.renamed.append(change)
    result.removed = [
        _technology_change(i, old.technologies[i], None, labels) for i in removed_ids if i not in paired_old
    ]
    result.added = [_technology_change(i, None, new.technologies[i], labels) for i in added_ids if i not in paired_new]
    for tech_id in kept:
        change = _technology_change(tech_id, old.technologies[tech_id], new.technologies[tech_id], labels)
        if change.rows or change.unreadable:
            result.changed.append(change)
    for key in changed_registries:
        registry = _registry_change(old.registries.get(key), new.registries.get(key))
        if registry:
            result.registries.append(registry)
    return result


def _horizon_labels(git: Git, snap: Snapshot) -> dict[str, str]:
    """Horizon key -> label from the snapshot's horizons.yaml, in its order (empty when it has none)."""
    item = snap.registries.get("horizons")
    if item is None:
        return {}
    if not item.text and item.problem is None:
        _read(git, [item])
    if not isinstance(item.data, dict):
        return {}
    entries = [(k, v) for k, v in item.data.items() if isinstance(v, dict)]
    entries.sort(key=lambda e: (e[1].get("order") if isinstance(e[1].get("order"), int) else 99, e[0]))
    return {str(k): str(v.get("label", k)) for k, v in entries}


def _same(old: Snapshot, new: Snapshot, tech_id: str) -> bool:
    a, b = old.technologies[tech_id], new.technologies[tech_id]
    return a.blob == b.blob and a.path == b.path


def _blob(item: FileAt | None) -> str | None:
    return item.blob if item else None


def _renames(removed: list[FileAt], added: list[FileAt], labels: dict[str, str]) -> list[tuple[FileAt, FileAt, float]]:
    """Pair removed and added files that are mostly the same (identical content first, then similar)."""
    pairs: list[tuple[FileAt, FileAt, float]] = []
    free_old, free_new = list(removed), list(added)
    by_content: dict[str, FileAt] = {}
    for item in free_old:
        by_content.setdefault(_without_id(item.text), item)
    for item in list(free_new):
        match = by_content.pop(_without_id(item.text), None)
        if match is not None and match.text:
            pairs.append((match, item, 1.0))
            free_old.remove(match)
            free_new.remove(item)
    if len(free_old) * len(free_new) > FUZZY_PAIR_LIMIT:
        return pairs
    candidates = []
    old_facts = {a.stem: _facts(a, labels) for a in free_old}
    new_facts = {b.stem: _facts(b, labels) for b in free_new}
    for a in free_old:
        for b in free_new:
            ratio = _similarity(old_facts[a.stem], new_facts[b.stem])
            if ratio >= RENAME_SIMILARITY:
                candidates.append((ratio, a.stem, b.stem, a, b))
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    for ratio, old_id, new_id, a, b in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if old_id not in taken_old and new_id not in taken_new:
            pairs.append((a, b, ratio))
            taken_old.add(old_id)
            taken_new.add(new_id)
    return sorted(pairs, key=lambda p: p[1].stem)


def _without_id(text: str) -> str:
    return re.sub(r"(?m)^id:.*$", "", text)


def _facts(item: FileAt, labels: dict[str, str]) -> dict[str, str]:
    """The fields that tell technologies apart (not the review day or the default gap status)."""
    if item.problem:
        return {f"line {n}": line for n, line in enumerate(_without_id(item.text).splitlines())}
    return {
        label: text
        for label, text in describe(item.data, labels).items()
        if label != "Last reviewed" and not (label.endswith(": gap status") and text == STATUS_LABELS[DEFAULT_STATUS])
    }


def _similarity(a: dict[str, str], b: dict[str, str]) -> float:
    if not a and not b:
        return 0.0
    same = sum(1 for label, text in a.items() if b.get(label) == text)
    return 2 * same / (len(a) + len(b))


def _technology_change(
    tech_id: str, before: FileAt | None, after: FileAt | None, labels: dict[str, str]
) -> TechnologyChange:
    name = _name(after) or _name(before) or tech_id
    change = TechnologyChange(tech_id, name, before, after)
    if before is None or after is None or before.problem or after.problem:
        return change
    if before.path != after.path:
        change.rows.append(Row("File", before.path, after.path))
    change.rows += field_changes(before.data, after.data, labels)
    return change


def field_changes(before: Any, after: Any, labels: dict[str, str]) -> list[Row]:
    """The fields of a technology that differ between two parsed versions, in reading order, as text
    (:func:`describe`): what ``gap-tracker diff`` reports, and what /changes/ shows for a commit."""
    old_fields, new_fields = describe(before, labels), describe(after, labels)
    return [
        Row(label, old_fields.get(label), new_fields.get(label))
        for label in _merged_order(list(old_fields), list(new_fields))
        if old_fields.get(label) != new_fields.get(label)
    ]


def _merged_order(old: list[str], new: list[str]) -> list[str]:
    """The labels of both versions in reading order: a removed field stays after its predecessor."""
    order = list(new)
    for index, label in enumerate(old):
        if label not in order:
            before = next((other for other in reversed(old[:index]) if other in order), None)
            order.insert(order.index(before) + 1 if before else 0, label)
    return order


def _name(item: FileAt | None) -> str | None:
    if item is not None and isinstance(item.data, dict) and isinstance(item.data.get("name"), str):
        return str(item.data["name"])
    return None


def _registry_change(before: FileAt | None, after: FileAt | None) -> RegistryChange | None:
    present = after or before
    if present is None or (before and before.problem) or (after and after.problem):
        return None  # an unreadable registry is listed under "could not be read"
    old = before.data if before and isinstance(before.data, dict) else {}
    new = after.data if after and isinstance(after.data, dict) else {}
    path = present.path
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    if not (added or removed or changed):
        return None
    entries = {k: _entry_summary(new[k]) for k in added + changed} | {k: _entry_summary(old[k]) for k in removed}
    fields = {k: _field_rows(old[k], new[k]) for k in changed}
    return RegistryChange(path, added, changed, removed, entries, fields)


_SUMMARY_FIELDS = ("title", "name", "label", "acronym", "edition", "publisher", "date", "year", "column", "url")
"""The fields that say what a registry entry is, in the order they are read out."""


def _entry_summary(entry: Any) -> str:
    """'The Global Exploration Roadmap; fourth edition; ISECG; 2024-08; https://…' for a registry entry."""
    if not isinstance(entry, dict):
        return _json(entry)
    parts = [_scalar(entry[k]) for k in _SUMMARY_FIELDS if k in entry]
    return "; ".join(p for p in parts if p)


def _field_rows(before: Any, after: Any) -> list[Row]:
    """The fields of one registry entry that differ, with their text before and after."""
    old = before if isinstance(before, dict) else {"value": before}
    new = after if isinstance(after, dict) else {"value": after}
    return [
        Row(str(k), _scalar(old[k]) if k in old else None, _scalar(new[k]) if k in new else None)
        for k in _merged_order(list(old), list(new))
        if old.get(k) != new.get(k)
    ]


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "locator" in value:
        return _citation(value)
    if isinstance(value, list):
        return "; ".join(_scalar(v) for v in value)
    return _json(value)


# --- what a technology says, field by field, as text ------------------------------------------


def describe(data: Any, labels: dict[str, str] | None = None) -> dict[str, str]:
    """Label -> text for every field of a technology, in reading order; never raises on odd data.

    ``labels`` maps horizon keys to their labels in display order (horizons.yaml); horizons it does
    not name follow under their keys.
    """
    if not isinstance(data, dict):
        return {"Data": _json(data)}
    fields: dict[str, str] = {}
    known = {"id", "name", "area", "description", "horizons", "demonstrations", "related", "external_ids"}
    known |= {"gap_assessments", "sources", "last_reviewed", "former_ids"}
    _put(fields, "Name", data.get("name"))
    _put(fields, "Former ids", _items(data.get("former_ids"), str, ", "))
    _put(fields, "Area", data.get("area"))
    _put(fields, "Description", data.get("description"))
    horizons = data.get("horizons")
    if isinstance(horizons, dict):
        labels = labels or {}
        for horizon, label in labels.items():
            _describe_horizon(fields, label, horizons.get(horizon))
        for other in horizons:
            if other not in labels:
                _describe_horizon(fields, str(other), horizons[other])
    elif horizons is not None:
        _put(fields, "Horizons", _json(horizons))
    _put(fields, "Demonstrations", _items(data.get("demonstrations"), _demonstration))
    _put(fields, "Related", _items(data.get("related"), str, ", "))
    _put(fields, "External ids", _items(data.get("external_ids"), _external_id))
    _put(fields, "Gap assessments", _items(data.get("gap_assessments"), str, ", "))
    _put(fields, "Sources", _items(data.get("sources"), _citation))
    _put(fields, "Last reviewed", data.get("last_reviewed"))
    for key, value in data.items():
        if key not in known:
            _put(fields, str(key), _json(value))
    return fields


def _describe_horizon(fields: dict[str, str], label: str, horizon: Any) -> None:
    if not isinstance(horizon, dict):
        _put(fields, f"{label}: horizon", None if horizon is None else _json(horizon))
        return
    statement = horizon.get("statement")
    if statement is None and horizon.get("not_stated") is True:
        statement = NOT_STATED
    elif statement is None and horizon.get("not_addressed") is True:
        statement = NOT_ADDRESSED
    _put(
        fields,
        f"{label}: statement",
        statement if isinstance(statement, str) or statement is None else _json(statement),
    )
    status = horizon.get("status", DEFAULT_STATUS)
    _put(
        fields,
        f"{label}: gap status",
        STATUS_LABELS.get(status, str(status)) if isinstance(status, str) else _json(status),
    )
    _put(fields, f"{label}: status source", _citation(horizon["status_source"]) if "status_source" in horizon else None)
    _put(fields, f"{label}: source", _citation(horizon["source"]) if "source" in horizon else None)
    _put(fields, f"{label}: targets", _items(horizon.get("targets"), _target))
    _put(fields, f"{label}: demonstrations", _items(horizon.get("demonstrations"), _demonstration))
    _put(fields, f"{label}: earlier statements", _items(horizon.get("earlier"), _earlier))
    _put(fields, f"{label}: evidence", _items(horizon.get("evidence"), _evidence))
    known = {"statement", "not_stated", "not_addressed", "status", "status_source", "source", "targets"}
    known |= {"demonstrations", "earlier", "evidence"}
    for key, value in horizon.items():
        if key not in known:
            _put(fields, f"{label}: {key}", _json(value))


def _put(fields: dict[str, str], label: str, value: Any) -> None:
    if value is not None and value != "":
        fields[label] = value if isinstance(value, str) else _json(value)


def _items(values: Any, render: Any, separator: str = "; ") -> str | None:
    if values is None:
        return None
    if not isinstance(values, list):
        return _json(values)
    return separator.join(_safe(render, v) for v in values)


def _safe(render: Any, value: Any) -> str:
    try:
        return str(render(value))
    except (KeyError, TypeError, AttributeError, ValueError):
        return _json(value)


def _citation(value: Any) -> str:
    if not isinstance(value, dict):
        return _json(value)
    text = f"{value.get('source', '?')}: {value.get('locator', '?')}"
    if value.get("quote"):
        text += f" (quote: “{value['quote']}”)"
    if value.get("url"):
        text += f" <{value['url']}>"
    extra = {k: v for k, v in value.items() if k not in {"source", "locator", "quote", "url"}}
    return text + (f" {_json(extra)}" if extra else "")


def _earlier(value: dict[str, Any]) -> str:
    """An earlier edition's words as text: “statement” (source: locator), or why there is none."""
    if isinstance(value.get("statement"), str):
        words = f"“{value['statement']}”"
    elif value.get("not_addressed") is True:
        words = NOT_ADDRESSED
    else:
        words = NOT_STATED
    return f"{words} ({_citation(value.get('source'))})"


def _target(value: dict[str, Any]) -> str:
    def number(key: str) -> str:
        return f"{value[key]:g}" if isinstance(value.get(key), int | float) else str(value.get(key))

    if "value" in value:
        amount = number("value")
    elif "min" in value and "max" in value:
        amount = f"{number('min')}–{number('max')}"
    elif "min" in value:
        amount = f"≥ {number('min')}"
    else:
        amount = f"≤ {number('max')}"
    return f"“{value['quote']}”: {amount} {value['unit']} ({value['measures']})"


def _demonstration(value: dict[str, Any]) -> str:
    details = ", ".join(str(value[k]) for k in ("year", "agency") if value.get(k))
    sources = "; ".join(_citation(c) for c in value.get("sources", ()))
    return f"{value['name']}{f' ({details})' if details else ''}: {value['showed']} [{sources}]"


def _evidence(value: dict[str, Any]) -> str:
    """An evidence item as text: 2024-01 measurement: fact; quantities; readiness; mission [sources]."""
    parts = [f"{value['date']} {value['kind']}: {value['fact']}"]
    if value.get("quantities"):
        parts.append("quantities " + "; ".join(_safe(_target, q) for q in value["quantities"]))
    parts += [f"{key} {value[key]}" for key in ("readiness", "mission") if value.get(key)]
    sources = "; ".join(_citation(c) for c in value.get("sources", ()))
    extra = {
        k: v
        for k, v in value.items()
        if k not in {"date", "kind", "fact", "quantities", "readiness", "mission", "sources"}
    }
    return f"{', '.join(parts)} [{sources}]" + (f" {_json(extra)}" if extra else "")


def _external_id(value: dict[str, Any]) -> str:
    name = f" {value['name']}" if value.get("name") else ""
    return f"{value['id']}{name} [{_citation(value.get('source'))}]"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- Markdown ----------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\`*_\[\]|~$])")
_WORDS = re.compile(r"(\s+)")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"([ \t]+)")
_LINKABLE = re.compile(r"[@#]|:[^\s]|(?i:www\.)|(?i:gh-[0-9])")
"""What GitHub turns into a mention (@name), a reference (#12, GH-12, org/repo#12), an emoji (:name:) or a
link (https://..., www....): a word holding one is shown as code, where GitHub links nothing."""


def md(text: str) -> str:
    """Text as inert GitHub Markdown, safe in a table cell, a heading or a list item.

    HTML and Markdown punctuation are escaped; every line ending (``\\r\\n``, lone ``\\r``, ``\\v``,
    ``\\f``, NEL, U+2028, U+2029, ...) becomes ``<br>``, so no text can end a table row; a word that
    GitHub would turn into a mention, reference, emoji or link is shown as a code span; characters
    that hide text are replaced by U+FFFD.
    """
    lines = [HIDDEN.sub(REPLACEMENT, line) for line in _LINE_BREAK.split(text)]
    return "<br>".join("".join(_word(part) for part in _SPACES.split(line)) for line in lines)


def _word(word: str) -> str:
    if not word or _SPACES.fullmatch(word):
        return word
    if _LINKABLE.search(word):
        return code(word)
    return _MARKDOWN.sub(r"\\\1", html.escape(word, quote=False))


def code(text: str) -> str:
    """``text`` as one code span on one line, fenced by more backticks than it holds (so it cannot end
    the span early); ``|`` escaped as GFM tables need even inside code."""
    text = HIDDEN.sub(REPLACEMENT, _LINE_BREAK.sub(" ", text))
    if not text:
        return ABSENT
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def mark_words(before: str | None, after: str | None) -> tuple[str, str]:
    """Before and after as Markdown; removed words ~~struck~~ in before, added words **bold** in after."""
    if before is None or after is None:
        return (md(before) if before is not None else ABSENT), (md(after) if after is not None else ABSENT)
    old_spans, new_spans = word_spans(before, after)
    left = [_marked(text, "~~") if changed else md(text) for text, changed in old_spans]
    right = [_marked(text, "**") if changed else md(text) for text, changed in new_spans]
    return "".join(left), "".join(right)


def word_spans(before: str, after: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Before and after cut into runs of words, each marked True where it was removed (before) or added
    (after): the one word-level differ, shown as Markdown by :func:`mark_words` and as HTML on /changes/."""
    old = [t for t in _WORDS.split(before) if t]
    new = [t for t in _WORDS.split(after) if t]
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in _coalesced(difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes(), old):
        if op == "equal":
            left.append(("".join(old[i1:i2]), False))
            right.append(("".join(new[j1:j2]), False))
            continue
        if i2 > i1:
            left.append(("".join(old[i1:i2]), True))
        if j2 > j1:
            right.append(("".join(new[j1:j2]), True))
    return left, right


def _coalesced(
    opcodes: Sequence[tuple[str, int, int, int, int]], old: list[str]
) -> list[tuple[str, int, int, int, int]]:
    """Join changes separated only by a space into one span: ~~Not assessed~~, not ~~Not~~ ~~assessed~~."""
    merged: list[tuple[str, int, int, int, int]] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1 and op == "equal" and not "".join(old[i1:i2]).strip()
        if (op != "equal" or between) and merged and merged[-1][0] == "replace":
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        elif op != "equal" or between:
            merged.append(("replace", i1, i2, j1, j2))
        else:
            merged.append((op, i1, i2, j1, j2))
    return merged


def _marked(text: str, mark: str) -> str:
    core = text.strip()
    if not core:  # only whitespace changed: make it visible
        visible = _LINE_BREAK.sub("↵", text).replace(" ", "␣").replace("\t", "⇥")
        visible = re.sub(r"\s", "·", visible)  # any other space-like character
        return f" {mark}{visible}{mark} "
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{md(lead)}{mark}{md(core)}{mark}{md(trail)}"


def truncate(text: str, max_chars: int | None = None, max_bytes: int | None = MAX_BYTES) -> str:
    """Cut a long report at a line end, saying so, to at most ``max_bytes`` bytes of UTF-8 (and
    ``max_chars`` characters): a GitHub comment holds 65,536 characters, a job summary 1 MiB."""
    size, length = len(text.encode("utf-8")), len(text)
    if (max_bytes is None or size <= max_bytes) and (max_chars is None or length <= max_chars):
        return text
    limit = min(b for b in (max_bytes, max_chars) if b is not None)
    note = (
        f"\n\n**The report is cut here:** it has {length:,} characters ({size:,} bytes), more than the "
        f"{limit:,} allowed. Run `gap-tracker diff` locally for all of it.\n"
    )
    budget = limit - len(note.encode("utf-8"))
    if budget < 0:  # a bound smaller than the note itself: the note, cut to the bound
        return _head(note, limit)
    head = _head(text, budget)  # bytes >= characters: one bound serves both
    cut = head.rfind("\n")
    return text[: max(cut, 0)] + note


def _head(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` that is at most ``max_bytes`` bytes of UTF-8 (never half a character)."""
    return text.encode("utf-8")[: max(max_bytes, 0)].decode("utf-8", "ignore")


_COMMAND_START = re.compile(r"^(\s*)(::)", re.MULTILINE)


def finish(report: str, max_chars: int | None = None, max_bytes: int | None = MAX_BYTES) -> str:
    """The report as printed: bounded, and with no line a CI log would run as a workflow command
    (``::`` at a line start gets a Markdown backslash escape, ``##[`` too; neither shows when rendered)."""
    report = _COMMAND_START.sub(r"\1\\\2", report).replace("##[", "##\\[")
    return truncate(report, max_chars, max_bytes)


def to_markdown(diff: DataDiff) -> str:
    base = f"{code(diff.base.label)} ({diff.base.commit[:7]})"
    head = f"{code(diff.head.label)} ({diff.head.commit[:7]})"
    out = [f"## Data change: {base} → {head}", ""]
    out += _uncommitted_note(diff)
    if diff.empty:
        out.append("No technology data changed.")
        return "\n".join(out) + "\n"
    counts = [
        f"{len(items)} {word}"
        for items, word in (
            (diff.added, "added"),
            (diff.removed, "removed"),
            (diff.renamed, "renamed"),
            (diff.changed, "changed"),
        )
        if items
    ]
    if counts:
        out += [f"**Technologies:** {', '.join(counts)}.", ""]
    elif diff.registries or diff.unreadable:
        out += ["No technology changed.", ""]
    if diff.unreadable:
        out += ["### Files that could not be read", ""]
        out += [f"- {code(item.path)} at {code(label)}: {md(item.problem or '')}" for label, item in diff.unreadable]
        out += ["", "`gap-tracker validate` on that commit says how to fix them.", ""]
    if diff.added:
        out += [f"### Added ({len(diff.added)})", ""]
        for change in diff.added:
            out += _added(change, diff.horizon_labels)
    if diff.removed:
        out += [f"### Removed ({len(diff.removed)})", ""]
        for change in diff.removed:
            path = change.before.path if change.before else ""
            out.append(f"- **{md(change.name)}** ({code(change.tech_id)}, {code(path)})")
        out.append("")
    if diff.renamed:
        out += [f"### Renamed ({len(diff.renamed)})", ""]
        for change in diff.renamed:
            out += [
                f"#### {code(change.old_id or '')} → {code(change.tech_id)}: {md(change.name)}",
                "",
                f"{round(change.similarity * 100)}% of its fields are unchanged. {_address_note(change)}",
                "",
            ]
            out += _rows(change)
    if diff.changed:
        out += [f"### Changed ({len(diff.changed)})", ""]
        for change in diff.changed:
            path = change.after.path if change.after else ""
            out += [f"#### {md(change.name)}", "", f"{code(path)}", ""]
            out += _rows(change)
    if diff.registries:
        out += ["### Registries", ""]
        for registry in diff.registries:
            parts = [
                f"{word} {', '.join(f'{code(k)}' for k in keys)}"
                for word, keys in (
                    ("added", registry.added),
                    ("changed", registry.changed),
                    ("removed", registry.removed),
                )
                if keys
            ]
            out.append(f"- {code(registry.path)}: {'; '.join(parts)}")
            out += _registry_details(registry)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _uncommitted_note(diff: DataDiff) -> list[str]:
    if not diff.uncommitted:
        return []
    shown = ", ".join(f"{code(p)}" for p in diff.uncommitted[:5])
    more = f" and {len(diff.uncommitted) - 5} more" if len(diff.uncommitted) > 5 else ""
    return [
        f"**Not included: changes not committed** to {len(diff.uncommitted)} data file"
        f"{'s' if len(diff.uncommitted) != 1 else ''} ({shown}{more}). This report compares commits only: "
        "commit them (or stash them) and run `gap-tracker diff` again.",
        "",
    ]


def _address_note(change: TechnologyChange) -> str:
    """Whether the old page address keeps working: it does when former_ids lists the old id (a redirect)."""
    data = change.after.data if change.after is not None and isinstance(change.after.data, dict) else {}
    former = data.get("former_ids")
    old = change.old_id or ""
    if isinstance(former, list) and old in former:
        return (
            f"The page address changes with the id, and the old address {code(f'/technologies/{old}/')} keeps "
            "working: `former_ids` lists it, so the site sends readers (and links) to the new page."
        )
    return (
        f"The page address changes with the id, and {code(old)} is not in `former_ids`: links to "
        f"{code(f'/technologies/{old}/')} break. Add {code(old)} to `former_ids` to keep them working."
    )


def _registry_details(registry: RegistryChange) -> list[str]:
    """One line per added, changed or removed entry: what it is, and for a change the fields before and after."""
    lines = []
    for word, keys in (("added", registry.added), ("changed", registry.changed), ("removed", registry.removed)):
        for key in keys:
            summary = registry.entries.get(key, "")
            line = f"  - {word} {code(key)}" + (f": {md(summary)}" if summary else "")
            lines.append(line)
            for row in registry.fields.get(key, ()):
                before, after = mark_words(row.before, row.after)
                lines.append(f"    - {md(row.label)}: {before} → {after}")
    return lines


def _added(change: TechnologyChange, labels: dict[str, str]) -> list[str]:
    item = change.after
    assert item is not None
    lines = [f"#### {md(change.name)}", "", f"{code(item.path)}", ""]
    if item.problem:
        return lines
    fields = describe(item.data, labels)
    data = item.data if isinstance(item.data, dict) else {}
    horizons = data.get("horizons")
    others = [str(k) for k in horizons if k not in labels] if isinstance(horizons, dict) else []
    shown = list(labels.values()) + others

    def statement(label: str) -> str:
        text = fields.get(f"{label}: statement", ABSENT)
        return f"*{text}*" if text in (NOT_STATED, NOT_ADDRESSED) else md(text)

    rows = [
        f"| {md(label)} | {statement(label)} "
        f"| {md(fields.get(f'{label}: gap status', ABSENT))} "
        f"| {md(fields.get(f'{label}: source', ABSENT))} |"
        for label in shown
    ]
    return [*lines, "| Horizon | Statement | Gap status | Source |", "| --- | --- | --- | --- |", *rows, ""]


def _rows(change: TechnologyChange) -> list[str]:
    if change.unreadable:
        return ["Not compared: a version of the file could not be read (see above).", ""]
    if not change.rows:
        return ["No field changed apart from the id.", ""]
    lines = ["| What | Before | After |", "| --- | --- | --- |"]
    for row in change.rows:
        before, after = mark_words(row.before, row.after)
        lines.append(f"| {md(row.label)} | {before} | {after} |")
    return [*lines, ""]
