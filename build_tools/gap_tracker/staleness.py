"""Staleness: technologies whose ``last_reviewed`` day is older than a configurable age.

A stale technology is a *warning*, never an error: ``gap-tracker validate`` still exits 0, and the
site lists stale technologies on its "Needs review" page, oldest first. The MkDocs plugin logs these
findings at INFO level, not WARNING, because ``mkdocs build --strict`` turns every logged warning
into a failure: the bundled data would otherwise break strict builds simply by growing old.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gap_tracker.findings import Finding, Severity

if TYPE_CHECKING:
    from gap_tracker.documents import Document
    from gap_tracker.model import Technology

DEFAULT_STALE_AFTER_DAYS = 365
"""A year, as endoflife.date's stale-release threshold."""
RULE = "stale-review"
PAGE = "needs-review.md"


def review_age(last_reviewed: str, today: dt.date) -> int | None:
    """Days from ``last_reviewed`` (YYYY-MM-DD) to ``today``; None when the day is not a real date.

    The ``valid-date`` rule reports unreal dates; staleness stays silent about them.
    """
    try:
        day = dt.date.fromisoformat(last_reviewed)
    except ValueError:
        return None
    return (today - day).days


def is_stale(age: int | None, stale_after_days: int) -> bool:
    """True when ``age`` exceeds the limit; a limit of 0 turns staleness off."""
    return stale_after_days > 0 and age is not None and age > stale_after_days


_TOP_LEVEL_KEY = re.compile(r"^last_reviewed:[ \t]*", re.MULTILINE)


def stale_findings(documents: Iterable[Document], today: dt.date, stale_after_days: int) -> Iterator[Finding]:
    """One warning per technology document reviewed more than ``stale_after_days`` days ago."""
    for doc in documents:
        data: Any = doc.data
        last = data["last_reviewed"]
        age = review_age(last, today)
        if is_stale(age, stale_after_days):
            finding = Finding(
                doc.path,
                f"last reviewed {last}, {age} days ago (more than {stale_after_days})",
                "check the file against its sources, correct what changed, and set last_reviewed to the day you checked",
                RULE,
                pointer=("last_reviewed",),
                severity=Severity.WARNING,
            )
            # When old data makes thousands of warnings, re-reading every file to place them would cost
            # more than the whole validation: the usual "last_reviewed: ..." line is found directly.
            match = _TOP_LEVEL_KEY.search(doc.parsed.text)
            if match:
                finding.line = doc.parsed.text.count("\n", 0, match.start()) + 1
                finding.column = match.end() - match.start() + 1
            yield finding


@dataclass(frozen=True)
class StaleTechnology:
    technology: Technology
    age: int


def stale_technologies(
    technologies: Iterable[Technology], today: dt.date, stale_after_days: int
) -> list[StaleTechnology]:
    """The stale technologies, oldest review first (then by name)."""
    found = []
    for tech in technologies:
        age = review_age(tech.last_reviewed, today)
        if age is not None and is_stale(age, stale_after_days):
            found.append(StaleTechnology(tech, age))
    return sorted(found, key=lambda s: (-s.age, s.technology.name.casefold()))
