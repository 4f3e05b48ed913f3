"""The data downloads: the whole validated data set as JSON; the data as CSV, long (one row per technology
and horizon) and wide (one row per technology, the horizons as columns); and a Frictionless data
package descriptor (``datapackage.json``) whose Table Schemas describe both CSV files.

The Table Schemas are written from the same column lists as the CSV files, so they cannot drift apart.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from gap_tracker import __version__
from gap_tracker.licences import QUOTED_TEXT, datapackage_licences, json_licence
from gap_tracker.model import STATUS_LABELS, Catalogue, Technology

JSON_PATH = "api/technologies.json"
CSV_PATH = "api/technologies.csv"
WIDE_CSV_PATH = "api/technologies-wide.csv"
DATAPACKAGE_PATH = "api/datapackage.json"
PACKAGE_NAME = "critical-technology-gaps"
CSV_COLUMNS = (
    "id",
    "name",
    "area",
    "area_name",
    "horizon",
    "stated_in_source",
    "addressed_by_source",
    "statement",
    "gap_status",
    "source",
    "locator",
    "last_reviewed",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _drop_none(items: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v for k, v in items if v is not None}


def _plain(record: object) -> Any:
    return dataclasses.asdict(record, dict_factory=_drop_none)  # type: ignore[call-overload]


def plain_records(records: list[Any]) -> list[Any]:
    """Records (dataclasses) as JSON-ready dicts, without empty (None) fields."""
    return [_plain(r) for r in records]


def technology_texts(technologies: list[Any]) -> list[str]:
    """Each technology as the JSON download writes it (``mkdocs serve`` keeps those of unchanged files)."""
    return [_json_text(record) for record in plain_records(technologies)]


def render_json(
    catalogue: Catalogue,
    extra: dict[str, Any] | None = None,
    technology_json: Callable[[list[Any]], list[str]] = technology_texts,
) -> str:
    """The whole data set; ``extra`` adds top-level entries (the data version, former and removed ids).

    ``technology_json`` writes the technologies (:func:`technology_texts`); the file is what
    ``json.dumps`` writes for the whole payload, put together from each entry's text.
    """
    payload = {
        "schema_version": catalogue.schema_version,
        "generator": f"gap-tracker {__version__}",
        "license": json_licence(),
        "horizons": {h.key: _plain(h) for h in catalogue.horizons},
        "technologies": None,
        "areas": {k: _plain(a) for k, a in catalogue.areas.items()},
        "sources": {k: _plain(s) for k, s in catalogue.sources.items()},
        "organisations": {k: _plain(o) for k, o in catalogue.organisations.items()},
        "gap_assessments": {k: _plain(g) for k, g in catalogue.gap_assessments.items()},
        **(extra or {}),
    }
    technologies = "[" + ",".join(technology_json(catalogue.technologies)) + "]"
    entries = (
        _json_text(key) + ":" + (technologies if key == "technologies" else _json_text(value))
        for key, value in payload.items()
    )
    return "{" + ",".join(entries) + "}"


def _json_text(value: Any) -> str:
    # "<", ">" and "&" as \u escapes: the same data, but inert even if someone pastes it into HTML.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # compact: the C encoder, ~5x faster
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def spreadsheet_safe(value: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula (CSV injection) with a quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


TechnologyRows = Callable[[Technology, Callable[[], str]], str]
"""Given a technology and how to write its CSV rows, those rows (``mkdocs serve`` passes one that keeps them)."""


def _each(technologies: Iterable[Technology], kept: TechnologyRows | None, write: Callable[[Technology], str]) -> str:
    """The CSV rows of every technology, written by ``write`` (or kept, through ``kept``)."""
    if kept is None:
        return "".join(write(tech) for tech in technologies)
    return "".join(kept(tech, functools.partial(write, tech)) for tech in technologies)


def render_csv(catalogue: Catalogue, kept: TechnologyRows | None = None) -> str:
    """The long CSV: one row per technology and horizon."""
    return _csv_text([CSV_COLUMNS]) + _each(catalogue.technologies, kept, lambda tech: _long_rows(catalogue, tech))


def _long_rows(catalogue: Catalogue, tech: Technology) -> str:
    area = catalogue.area_of(tech)
    rows = []
    for definition, horizon in catalogue.cells(tech):
        rows.append(
            (
                tech.id,
                tech.name,
                tech.area or "",
                area.name,
                definition.key,
                "yes" if horizon.stated else "no",
                "no" if horizon.not_addressed else "yes",
                horizon.statement if horizon.statement is not None else catalogue.absence(horizon),
                horizon.status,
                horizon.source.source,
                horizon.source.locator,
                tech.last_reviewed,
            )
        )
    return _csv_text([[spreadsheet_safe(str(v)) for v in row] for row in rows])


def _csv_text(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def technology_url(site_url: str, tech_id: str) -> str:
    return f"{site_url.rstrip('/')}/technologies/{tech_id}/" if site_url else f"/technologies/{tech_id}/"


def render_wide_csv(catalogue: Catalogue, site_url: str, kept: TechnologyRows | None = None) -> str:
    """The wide CSV: one row per technology, each horizon's statement, status and source as columns."""
    header = _csv_text([[c.name for c in wide_columns(catalogue)]])
    return header + _each(catalogue.technologies, kept, lambda tech: _wide_row(catalogue, tech, site_url))


def _wide_row(catalogue: Catalogue, tech: Technology, site_url: str) -> str:
    cells: list[object] = [tech.id, tech.name, tech.area or "", catalogue.area_of(tech).name]
    for _, horizon in catalogue.cells(tech):
        statement = horizon.statement if horizon.statement is not None else catalogue.absence(horizon)
        cells += [statement, horizon.status, f"{horizon.source.source}, {horizon.source.locator}"]
    row = [*cells, tech.last_reviewed, technology_url(site_url, tech.id)]
    return _csv_text([[spreadsheet_safe(str(v)) for v in row]])


# --------------------------------------------------------------------------- the data package


@dataclass(frozen=True)
class Column:
    """One CSV column and its Frictionless Table Schema field."""

    name: str
    description: str
    type: str = "string"
    constraints: tuple[tuple[str, Any], ...] = ()

    def field(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "boolean":
            described.update(trueValues=["yes"], falseValues=["no"])
        if self.constraints:
            described["constraints"] = dict(self.constraints)
        return described


_REQUIRED = (("required", True),)
_STATUSES = (("required", True), ("enum", list(STATUS_LABELS)))
_COMMON = (
    Column(
        "id", "The technology's identifier (its file name; its page is /technologies/<id>/).", constraints=_REQUIRED
    ),
    Column("name", "The technology's name as the source gives it.", constraints=_REQUIRED),
    Column("area", "Key of the critical-technology area (technologies/areas.yaml); empty when no source places it."),
    Column("area_name", "Name of the area.", constraints=_REQUIRED),
)
_REVIEWED = Column("last_reviewed", "When the data was last checked against its sources.", "date", _REQUIRED)


def long_columns(catalogue: Catalogue) -> tuple[Column, ...]:
    """The long CSV's columns, in the order of CSV_COLUMNS (tests/test_downloads.py checks it)."""
    horizons = (("required", True), ("enum", catalogue.horizon_keys))
    return (
        *_COMMON,
        Column("horizon", "The horizon (technologies/horizons.yaml).", constraints=horizons),
        Column("stated_in_source", "yes when the source states this cell.", "boolean", _REQUIRED),
        Column("addressed_by_source", "no when the source does not cover this horizon at all.", "boolean", _REQUIRED),
        Column("statement", "The statement as the source words it, or why there is none.", constraints=_REQUIRED),
        Column("gap_status", "The gap status (not-assessed unless a cited source assesses it).", constraints=_STATUSES),
        Column("source", "Key of the cited source document (technologies/sources.yaml).", constraints=_REQUIRED),
        Column("locator", "Where in the source: chapter, table, row, column, page.", constraints=_REQUIRED),
        _REVIEWED,
    )


def wide_columns(catalogue: Catalogue) -> tuple[Column, ...]:
    per_horizon = [
        column
        for h in catalogue.horizons
        for column in (
            Column(h.key, f"{h.heading}: the statement, or why there is none.", constraints=_REQUIRED),
            Column(f"{h.key}_status", f"{h.label}: the gap status.", constraints=_STATUSES),
            Column(f"{h.key}_source", f"{h.label}: the cited source and locator.", constraints=_REQUIRED),
        )
    ]
    url = Column("url", "The technology's page on the published site.", constraints=_REQUIRED)
    return (*_COMMON, *per_horizon, _REVIEWED, url)


def render_datapackage(catalogue: Catalogue, site_url: str, data_version: dict[str, Any]) -> str:
    """The Frictionless data package descriptor of the two CSV files (tabular-data-package)."""
    base = site_url.rstrip("/")

    def resource(name: str, path: str, title: str, columns: tuple[Column, ...], key: list[str]) -> dict[str, Any]:
        return {
            "name": name,
            "path": path.removeprefix("api/"),
            "title": title,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": {"fields": [c.field() for c in columns], "primaryKey": key, "missingValues": []},
        }

    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Critical Technology Gap Tracker: critical technologies by horizon",
        "description": "The critical technologies of the ISECG Global Exploration Roadmap, each horizon's "
        "statement exactly as the source words it, with its citation. Cells a spreadsheet would run as a "
        f"formula start with a quote ('). {QUOTED_TEXT}",
        "version": str(data_version.get("commit") or data_version.get("package_version") or __version__),
        "homepage": f"{base}/downloads/" if base else "",
        "created": data_version.get("date", ""),
        "licenses": datapackage_licences(),
        "resources": [
            resource(
                "technologies-long",
                CSV_PATH,
                "One row per technology and horizon",
                long_columns(catalogue),
                ["id", "horizon"],
            ),
            resource("technologies-wide", WIDE_CSV_PATH, "One row per technology", wide_columns(catalogue), ["id"]),
        ],
    }
    return json.dumps({k: v for k, v in package.items() if v != ""}, ensure_ascii=False, indent=2) + "\n"
