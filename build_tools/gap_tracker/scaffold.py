"""``gap-tracker new "<name>" --area <area>``: start a technology file that cannot land half-filled.

The file has the schema line, every required field, and a ``TODO`` placeholder for every fact a
source must give (statements, source keys, locators). Each placeholder is one ``no-placeholders``
error in ``gap-tracker validate`` until it is replaced, so a file that still holds one fails the
pull request's checks. The command never overwrites a file and suggests a free id when the one
derived from the name is taken.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from gap_tracker.model import UNASSIGNED
from gap_tracker.yaml_load import parse_bytes

ID_MAX = 80
"""The schema's maxLength for an id."""
_NAME_FORBIDDEN = re.compile(r"[<>{}\x00-\x1f\x7f]")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """A request ``new`` cannot carry out; the message says what to do instead."""


@dataclass(frozen=True)
class Scaffolded:
    path: Path
    rel: str
    tech_id: str
    placeholders: int


def slugify(name: str) -> str:
    """The id a name gives: lower-case ASCII words joined by single hyphens, at most 80 characters."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > ID_MAX:
        slug = slug[:ID_MAX].rsplit("-", 1)[0] if "-" in slug[:ID_MAX] else slug[:ID_MAX]
    return slug


def existing_ids(data_dir: Path) -> dict[str, Path]:
    """Every technology id (file stem) in the data folder, with its file."""
    found: dict[str, Path] = {}
    if data_dir.is_dir():
        for path in sorted(data_dir.glob("*/*.yaml")):
            found.setdefault(path.stem, path)
    return found


def free_id(base: str, taken: set[str]) -> str:
    """``base`` if free, else ``base-2``, ``base-3``, ... (kept within the id's length limit)."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: ID_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def area_keys(data_dir: Path) -> list[str]:
    """The area keys of areas.yaml (read with the project's safe loader)."""
    return sorted(_registry(data_dir, "areas"))


def horizon_columns(data_dir: Path) -> dict[str, str]:
    """Horizon key -> column heading, in the order of horizons.yaml's ``order``."""
    entries = _registry(data_dir, "horizons")
    ordered = sorted(entries.items(), key=lambda item: (_order(item[1]), item[0]))
    return {key: str(value.get("column", key)) if isinstance(value, dict) else key for key, value in ordered}


def _order(entry: object) -> int:
    order = entry.get("order") if isinstance(entry, dict) else None
    return order if isinstance(order, int) else 99


def _registry(data_dir: Path, name: str) -> dict[str, object]:
    path = data_dir / f"{name}.yaml"
    try:
        parsed = parse_bytes(path.read_bytes())
    except OSError:
        raise ScaffoldError(
            f"{path} cannot be read; run the command from the project folder (or pass --root)"
        ) from None
    if not parsed.ok or not isinstance(parsed.data, dict):
        raise ScaffoldError(f"{path} is not valid; run 'gap-tracker validate' and fix it first")
    return parsed.data


def render(tech_id: str, name: str, area: str, schema_ref: str, today: dt.date, horizons: dict[str, str]) -> str:
    """The text of a new technology file: required fields, with TODO where a source must speak."""
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# Written by 'gap-tracker new'. Replace every TODO with what the source says, and cite where it",
        "# says it; 'gap-tracker validate' fails until no TODO is left. If the source leaves a horizon",
        "# empty, replace that horizon's statement line with 'not_stated: true'; if the source does not",
        "# cover that horizon at all, with 'not_addressed: true'. Never fill a cell by guess.",
        f"id: {tech_id}",
        f"name: {json.dumps(name, ensure_ascii=False)}",
    ]
    if area != UNASSIGNED:
        lines.append(f"area: {area}")
    lines.append("horizons:")
    for horizon, column in horizons.items():
        lines += [
            f"  {horizon}:  # column '{column}'",
            f'    statement: "TODO: copy the {horizon} statement exactly as the source words it"',
            "    source:",
            '      source: "TODO: key of the document in technologies/sources.yaml, e.g. ger-2024"',
            '      locator: "TODO: where in the document: chapter, table, row and column, or page"',
        ]
    lines += [
        "sources:",
        '  - source: "TODO: key of the document this entry rests on, in technologies/sources.yaml"',
        '    locator: "TODO: where in the document: chapter, table and row, or page"',
        f'last_reviewed: "{today.isoformat()}"',
        "# Optional fields, only where a source supports them: description, demonstrations, related,",
        "# external_ids, gap_assessments, and per horizon status, status_source and targets.",
        "# The data-format page of the site describes each one.",
    ]
    return "\n".join(lines) + "\n"


def scaffold(
    root: Path,
    name: str,
    area: str,
    data_dir: str,
    schema_dir: str,
    tech_id: str | None = None,
    today: dt.date | None = None,
) -> Scaffolded:
    """Write ``<data_dir>/<area>/<id>.yaml``; raise :class:`ScaffoldError` instead of overwriting."""
    name = name.strip()
    if not name or _NAME_FORBIDDEN.search(name) or len(name) > 200:
        raise ScaffoldError(
            "the name must be one line of at most 200 characters, without < > { }: write it exactly as the source does"
        )
    base = root / data_dir
    areas = area_keys(base)
    if area != UNASSIGNED and area not in areas:
        close = difflib.get_close_matches(area, areas, n=1, cutoff=0.6)
        raise ScaffoldError(
            f"unknown area '{area}'{f' (did you mean {close[0]!r}?)' if close else ''}; "
            f"use one of: {', '.join(areas)} (or {UNASSIGNED} when no source places the technology in an area)"
        )
    taken = existing_ids(base)
    wanted = tech_id or slugify(name)
    if not wanted or not _ID.match(wanted) or len(wanted) > ID_MAX:
        raise ScaffoldError(
            f"'{wanted}' cannot be an id: use lower-case letters, digits and single hyphens (at most {ID_MAX}); "
            "pass one with --id"
        )
    if wanted in taken:
        where = taken[wanted]
        rel_where = where.relative_to(root).as_posix() if where.is_relative_to(root) else str(where)
        suggestion = free_id(wanted, set(taken))
        raise ScaffoldError(
            f"the id '{wanted}' is taken ({rel_where} exists), so nothing was written. "
            f"If this is a different technology, choose another id, e.g. --id {suggestion}; "
            f"if it is the same one, edit {rel_where} instead"
        )
    folder = base / area
    path = folder / f"{wanted}.yaml"
    schema_ref = Path(os.path.relpath(root / schema_dir / "technology.schema.json", folder)).as_posix()
    text = render(wanted, name, area, schema_ref, today or dt.date.today(), horizon_columns(base))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} exists; nothing was written") from None
    return Scaffolded(path, path.relative_to(root).as_posix(), wanted, text.count('"TODO'))
