"""The CSV downloads read back as their Frictionless data package says (fixture data and the bundled data)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from gap_tracker.load import load_project
from gap_tracker.model import Catalogue
from gap_tracker.render.downloads import (
    CSV_PATH,
    WIDE_CSV_PATH,
    render_csv,
    render_datapackage,
    render_wide_csv,
)
from tests.conftest import FIXTURES, ROOT, TODAY

SITE = "https://example.org/tracker/"


@pytest.fixture(params=["fixture", "bundled"])
def catalogue(request: pytest.FixtureRequest) -> Catalogue:
    root = FIXTURES / "valid" if request.param == "fixture" else ROOT
    # The fixture is checked as of its fixed day; the live data as of today (its review days are real).
    result = load_project(root, schema_dir=str(ROOT / "schema"), today=TODAY if root != ROOT else None)
    assert result.catalogue is not None, result.summary()
    return result.catalogue


def _check_field(value: str, field: dict[str, Any]) -> None:
    constraints = field.get("constraints", {})
    if constraints.get("required"):
        assert value != "", field["name"]
    if "enum" in constraints:
        assert value in constraints["enum"], (field["name"], value)
    if field["type"] == "boolean":
        assert value in field["trueValues"] + field["falseValues"], (field["name"], value)
    if field["type"] == "date":
        dt.date.fromisoformat(value)


def test_both_csv_files_match_their_table_schema(catalogue: Catalogue) -> None:
    package = json.loads(
        render_datapackage(catalogue, SITE, {"commit": "abc1234", "date": "2026-11-22T03:05:50+00:00"})
    )
    assert package["profile"] == "tabular-data-package" and package["version"] == "abc1234"
    files = {CSV_PATH: render_csv(catalogue), WIDE_CSV_PATH: render_wide_csv(catalogue, SITE)}
    assert sorted(r["path"] for r in package["resources"]) == sorted(Path(p).name for p in files)
    for resource in package["resources"]:
        text = files[f"api/{resource['path']}"]
        fields = resource["schema"]["fields"]
        reader = csv.reader(io.StringIO(text))
        header = next(reader)
        assert header == [f["name"] for f in fields]
        keys = set()
        rows = list(reader)
        for row in rows:
            assert len(row) == len(fields)
            for value, field in zip(row, fields, strict=True):
                _check_field(value, field)
            key = tuple(row[header.index(k)] for k in resource["schema"]["primaryKey"])
            assert key not in keys, key
            keys.add(key)
        per_tech = len(catalogue.horizons) if resource["path"] == Path(CSV_PATH).name else 1
        assert len(rows) == per_tech * len(catalogue.technologies)


def test_wide_csv_has_one_row_per_technology_with_its_horizons_and_page(catalogue: Catalogue) -> None:
    rows = list(csv.DictReader(io.StringIO(render_wide_csv(catalogue, SITE))))
    assert [r["id"] for r in rows] == [t.id for t in catalogue.technologies]
    for row, tech in zip(rows, catalogue.technologies, strict=True):
        assert row["url"] == f"{SITE}technologies/{tech.id}/"
        for definition, horizon in catalogue.cells(tech):
            h = definition.key
            statement = horizon.statement if horizon.statement is not None else catalogue.absence(horizon)
            assert row[h].removeprefix("'") == statement
            assert row[f"{h}_status"] == horizon.status
            assert row[f"{h}_source"] == f"{horizon.source.source}, {horizon.source.locator}"
