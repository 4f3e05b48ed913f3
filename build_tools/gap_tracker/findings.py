"""Findings: every problem the checks report, and the one result object that carries them.

A finding always names a file and, once located, the line and column of the offending value, what
was expected, what was found and how to fix it. The CLI and the MkDocs plugin both print findings
from the same :class:`Result`, so a contributor sees the same words everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gap_tracker.model import Catalogue

JsonPath = tuple[str | int, ...]


class Severity(StrEnum):
    """How serious a finding is: errors fail validation and the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass
class Finding:
    """One problem in one data file."""

    path: str
    """File path relative to the project root, with forward slashes."""
    message: str
    """What is wrong: what was expected and what was found."""
    fix: str
    """How to fix it, as an instruction a non-programmer can follow."""
    rule: str
    """Short name of the check that produced it, e.g. ``schema`` or ``duplicate-key``."""
    pointer: JsonPath | None = None
    """Where in the document (keys and list indexes); used to find line and column."""
    line: int = 0
    """1-based line, 0 when the whole file is concerned."""
    column: int = 0
    """1-based column, 0 when unknown."""
    severity: Severity = Severity.ERROR
    at_key: bool = False
    """Point at the key of the last pointer step (unknown or duplicate field) instead of its value."""

    @property
    def location(self) -> str:
        """``path:line:column``, the form editors and CI annotations understand."""
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class Result:
    """Everything one load-and-check run produced: the data model and every finding."""

    catalogue: Catalogue | None = None
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def summary(self) -> str:
        """One line: how many files, errors and warnings."""
        errors, warnings = len(self.errors), len(self.warnings)
        files = f"{self.files_checked} file{'s' if self.files_checked != 1 else ''}"
        if not errors and not warnings:
            return f"{files} checked: no problems found."
        return (
            f"{files} checked: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}."
        )
