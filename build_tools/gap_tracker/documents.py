"""Finding the data files of a project and reading each one exactly once.

``technologies/`` holds the registries (``horizons.yaml``, ``areas.yaml``, ``sources.yaml``,
``organisations.yaml``, ``gap-assessments.yaml``) at its top and one folder per area with one ``<id>.yaml`` per technology
(``unassigned/`` for technologies no source places in an area). Anything else found there is
reported, never silently skipped: a ``.yml`` file or an editor backup is a contributor's mistake.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gap_tracker.findings import Finding
from gap_tracker.yaml_load import ParsedFile, read_file

TECHNOLOGY = "technology"
REGISTRIES = ("horizons", "areas", "sources", "organisations", "gap-assessments")
OPTIONAL_REGISTRIES = ("removed", "missions")
"""Registries a project may leave out: ``removed.yaml`` lists technologies removed without successor."""
ALLOWED_EXTRA_FILES = frozenset({"README.md"})


@dataclass
class Document:
    """One data file: where it is, what kind it is, and what reading it gave."""

    path: str
    """Path relative to the project root, with forward slashes."""
    kind: str
    """``technology`` or one of REGISTRIES."""
    parsed: ParsedFile
    valid: bool = False
    """True once the file parsed and passed its schema."""
    stamp: tuple[int, int] | None = None
    """(modification time in ns, size) when read through a :class:`ReadCache`: what later caches key on."""

    @property
    def data(self) -> Any:
        return self.parsed.data

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".yaml")

    @property
    def folder(self) -> str:
        parts = self.path.split("/")
        return parts[-2] if len(parts) > 1 else ""


@dataclass
class ReadCache:
    """Parsed files kept between builds (``mkdocs serve``), keyed by path, modification time and size.

    A file whose time and size did not change is not read or parsed again. Its data is shared with the
    previous build, so nothing may modify a document's data (no rule or renderer does).
    """

    parsed: dict[str, tuple[tuple[int, int], ParsedFile]] = field(default_factory=dict)


@dataclass
class Discovery:
    documents: list[Document]
    findings: list[Finding]


def discover(root: Path, data_dir: str, cache: ReadCache | None = None) -> Discovery:
    """Read every data file below ``root / data_dir``; report files that do not belong there.

    With ``cache``, files unchanged since the previous call are not read again.
    """
    base = root / data_dir
    documents: list[Document] = []
    findings: list[Finding] = []
    if not base.is_dir():
        findings.append(
            _stray(data_dir, "the data folder does not exist", f"create the folder '{data_dir}' next to mkdocs.yml")
        )
        return Discovery(documents, findings)
    with os.scandir(base) as entries:
        top = sorted(entries, key=lambda e: e.name)
    present = set()
    for entry in top:
        rel = f"{data_dir}/{entry.name}"
        if entry.is_symlink():
            findings.append(_symlink(rel))
        elif entry.is_dir():
            documents.extend(_read_folder(Path(entry.path), rel, findings, cache))
        elif entry.name.removesuffix(".yaml") in REGISTRIES + OPTIONAL_REGISTRIES and entry.name.endswith(".yaml"):
            present.add(entry.name.removesuffix(".yaml"))
            documents.append(_read(entry.path, rel, entry.name.removesuffix(".yaml"), cache))
        elif entry.name not in ALLOWED_EXTRA_FILES:
            findings.append(_unexpected_file(rel, top_level=True))
    for registry in REGISTRIES:
        if registry not in present:
            findings.append(
                _stray(
                    f"{data_dir}/{registry}.yaml",
                    "this registry file is missing",
                    f"restore {registry}.yaml from the main branch",
                )
            )
    return Discovery(documents, findings)


def _read_folder(folder: Path, rel_folder: str, findings: list[Finding], cache: ReadCache | None) -> list[Document]:
    documents = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            rel = f"{rel_folder}/{entry.name}"
            if entry.is_symlink():
                findings.append(_symlink(rel))
            elif entry.is_dir():
                findings.append(
                    _stray(rel, "folders inside an area folder are not read", "move the files up into the area folder")
                )
            elif entry.name.endswith(".yaml"):
                documents.append(_read(entry.path, rel, TECHNOLOGY, cache))
            else:
                findings.append(_unexpected_file(rel, top_level=False))
    return documents


def _read(path: str, rel: str, kind: str, cache: ReadCache | None = None) -> Document:
    """Read one file, or (with ``cache``) take it as last read when its stamp is the same.

    ``path`` is a string: a ``Path`` made for each of 5,000 unchanged files cost a serve rebuild 45 ms.
    """
    if cache is not None:
        try:
            status = os.stat(path)  # noqa: PTH116 (no Path per file: see the docstring)
        except OSError:
            pass  # reported by the read below
        else:
            stamp = (status.st_mtime_ns, status.st_size)
            kept = cache.parsed.get(rel)
            if kept is not None and kept[0] == stamp:
                return Document(rel, kind, kept[1], stamp=stamp)
            document = _read(path, rel, kind)
            cache.parsed[rel] = (stamp, document.parsed)
            document.stamp = stamp
            return document
    return Document(rel, kind, read_file(Path(path)))  # refuses FIFOs, devices and oversized files unread


def _stray(rel: str, message: str, fix: str) -> Finding:
    return Finding(rel, message, fix, "data-folder")


def _symlink(rel: str) -> Finding:
    return _stray(rel, "symbolic links are not allowed in the data folder", "replace the link with the file itself")


def _unexpected_file(rel: str, top_level: bool) -> Finding:
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower.endswith((".yml", ".yaml")) and not name.endswith(".yaml"):
        stem = name.rsplit(".", 1)[0]
        return _stray(rel, "technology files must end in '.yaml' (lower case)", f"rename it to {stem}.yaml")
    if top_level:
        return _stray(
            rel,
            "this file is not a registry and technology files belong in an area folder",
            "move it into the folder of its area, e.g. technologies/power/, or delete it",
        )
    return _stray(
        rel, "this is not a technology file (editor backup or other file?)", "delete it, or rename it to <id>.yaml"
    )
