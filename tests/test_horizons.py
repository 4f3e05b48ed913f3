"""Horizons and sources are data: a new column, new labels and a source that leaves a horizon out need no code.

Every test works on a copy of the valid fixtures and changes only data files (horizons.yaml,
sources.yaml, one technology), as a contributor's pull request would.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from gap_tracker.load import load_project
from gap_tracker.model import NOT_STATED, Catalogue
from gap_tracker.render.downloads import render_csv, render_json
from gap_tracker.render.matrix import render_matrix_page
from gap_tracker.render.technology import render_technology_page
from gap_tracker.scaffold import scaffold
from tests.conftest import SCHEMA_DIR, TODAY
from tests.registrykit import add_entries

BATTERIES = "technologies/power/low-temperature-and-long-life-batteries.yaml"
NEW_COLUMN = """
gateway:
  label: Test horizon label
  column: "Test column heading: Gateway"
  order: 2
  description: what the test column holds
  source:
    source: ger-2024
    locator: Test locator of the column heading
"""
NEW_CELL = """  gateway:
    not_stated: true
    source:
      source: ger-2024
      locator: Test locator of an empty cell
"""
MOON_REPORT = """
test-moon-report:
  title: Test report that covers the Moon only
  short_title: Test Moon Report
  publisher: Test publisher
  grade: agency-document
  date: "2025"
"""


def load(project: Path) -> Catalogue:
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.ok, [f"{f.location}: {f.message}" for f in result.findings]
    assert result.catalogue is not None
    return result.catalogue


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def add_column(project: Path) -> None:
    """A fourth column between Today and the rest, given by every technology file."""
    registry = project / "technologies" / "horizons.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + NEW_COLUMN, encoding="utf-8")
    for path in (project / "technologies").glob("*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nhorizons:\n", "\nhorizons:\n" + NEW_CELL, 1), encoding="utf-8")


def test_a_new_column_in_horizons_yaml_shows_everywhere(valid_project: Path) -> None:
    add_column(valid_project)
    catalogue = load(valid_project)
    labels = [h.label for h in catalogue.horizons]
    assert "Test horizon label" in labels
    order = [h.order for h in catalogue.horizons]
    assert order == sorted(order)

    matrix = str(render_matrix_page(catalogue).html)
    heads = re.findall(r'<th scope="col">(.*?)</th>', matrix)
    assert [text_of(h) for h in heads[1:]] == [f"{h.label} {h.column}" for h in catalogue.horizons]
    assert 'data-gateway="not-stated not-assessed"' in matrix
    assert 'id="gt-gateway"' in matrix and 'data-horizons="' + " ".join(catalogue.horizon_keys) + '"' in matrix
    assert "what the test column holds" in matrix  # the caption joins the descriptions

    tech = catalogue.technologies[0]
    page = str(render_technology_page(catalogue, tech).html)
    assert "gt-horizon-gateway" in page and "Test column heading: Gateway" in html.unescape(page)

    rows = list(csv.DictReader(io.StringIO(render_csv(catalogue))))
    assert len(rows) == len(catalogue.horizons) * len(catalogue.technologies)
    assert {r["horizon"] for r in rows} == set(catalogue.horizon_keys)
    data = json.loads(render_json(catalogue))
    assert list(data["horizons"]) == catalogue.horizon_keys
    assert data["horizons"]["gateway"]["label"] == "Test horizon label"


def test_a_technology_without_the_new_column_is_an_error(valid_project: Path) -> None:
    registry = valid_project / "technologies" / "horizons.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + NEW_COLUMN, encoding="utf-8")
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    missing = [f for f in result.findings if f.rule == "known-horizon"]
    technologies = {p.relative_to(valid_project).as_posix() for p in (valid_project / "technologies").glob("*/*.yaml")}
    assert {f.path for f in missing} == technologies
    assert all("the horizon 'gateway' (Test horizon label) is missing" in f.message and f.line for f in missing)


def test_gap_tracker_new_writes_the_columns_of_horizons_yaml(valid_project: Path) -> None:
    add_column(valid_project)
    made = scaffold(valid_project, "Test Technology", "power", "technologies", str(SCHEMA_DIR), today=TODAY)
    keys = re.findall(r"(?m)^  ([a-z-]+):  # column '(.*)'$", made.path.read_text(encoding="utf-8"))
    catalogue = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY).catalogue
    assert catalogue is not None
    assert keys == [(h.key, h.column) for h in catalogue.horizons]


def leave_mars_unaddressed(project: Path) -> None:
    sources = project / "technologies" / "sources.yaml"
    add_entries(sources, MOON_REPORT)
    path = project / BATTERIES
    text = path.read_text(encoding="utf-8")
    start = text.index("  mars:\n")
    end = text.index("\n", text.index("      locator:", start)) + 1
    cell = (
        "  mars:\n    not_addressed: true\n    source:\n      source: test-moon-report\n"
        "      locator: Test locator of the report's scope\n"
    )
    path.write_text(text[:start] + cell + text[end:], encoding="utf-8")


def test_a_horizon_the_source_does_not_address_is_told_apart_from_an_empty_cell(valid_project: Path) -> None:
    leave_mars_unaddressed(valid_project)
    catalogue = load(valid_project)
    tech = catalogue.get("low-temperature-and-long-life-batteries")
    assert tech is not None
    cell = tech.horizons["mars"]
    assert cell.not_addressed and not cell.stated and cell.statement_facet == "not-addressed"
    words = "not addressed by Test Moon Report"
    assert catalogue.absence(cell) == words

    page = text_of(str(render_technology_page(catalogue, tech).html))
    assert words in page and NOT_STATED not in page
    matrix = str(render_matrix_page(catalogue).html)
    row = matrix[matrix.index(f'<tr id="{tech.id}"') :]
    row = row[: row.index("</tr>")]
    assert f'<span class="gt-not-addressed">{words}</span>' in row
    assert 'data-mars="not-addressed not-assessed"' in row
    assert '<option value="not-addressed">' in matrix  # the filter offers it once some cell has it

    entry = next(t for t in json.loads(render_json(catalogue))["technologies"] if t["id"] == tech.id)
    assert entry["horizons"]["mars"]["not_addressed"] is True
    assert entry["horizons"]["moon"]["not_addressed"] is False
    rows = [r for r in csv.DictReader(io.StringIO(render_csv(catalogue))) if r["id"] == tech.id]
    mars = next(r for r in rows if r["horizon"] == "mars")
    assert (mars["stated_in_source"], mars["addressed_by_source"], mars["statement"]) == ("no", "no", words)
    empty = [r for r in csv.DictReader(io.StringIO(render_csv(catalogue))) if r["statement"] == NOT_STATED]
    assert empty and all(r["addressed_by_source"] == "yes" for r in empty)


@pytest.mark.parametrize("field", ["not_stated", "statement"])
def test_not_addressed_excludes_the_other_two(valid_project: Path, field: str) -> None:
    leave_mars_unaddressed(valid_project)
    path = valid_project / BATTERIES
    value = "true" if field == "not_stated" else "Test words"
    text = path.read_text(encoding="utf-8").replace(
        "    not_addressed: true\n", f"    not_addressed: true\n    {field}: {value}\n"
    )
    path.write_text(text, encoding="utf-8")
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert [f.message for f in result.findings] == [
        f"'mars' has both '{field}' and 'not_addressed'; only one is allowed"
    ]


def test_a_statement_that_changes_source_warns_unless_the_old_words_are_kept(valid_project: Path) -> None:
    from gap_tracker.history import read_history
    from tests.test_datadiff import git

    git(valid_project, "init", "-q", "-b", "main")
    git(valid_project, "add", "-A")
    git(valid_project, "commit", "-q", "-m", "base")
    sources = valid_project / "technologies" / "sources.yaml"
    add_entries(sources, MOON_REPORT)
    path = valid_project / BATTERIES
    original = path.read_text(encoding="utf-8")
    start = original.index("  moon:\n")
    end = original.index("  mars:\n")
    replaced = (
        "  moon:\n    statement: Test words of another document\n    source:\n      source: test-moon-report\n"
        "      locator: Test locator\n"
    )
    path.write_text(original[:start] + replaced + original[end:], encoding="utf-8")

    def warnings() -> list[str]:
        history = read_history(valid_project, "technologies")
        result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY, history=history)
        assert result.ok
        return [f"{f.location}: {f.message}" for f in result.findings if f.rule == "statement-source-change"]

    line = 1 + original[:start].count("\n") + 3
    expected = (
        f"{BATTERIES}:{line}:15: the 'moon' statement now cites 'test-moon-report' instead of 'ger-2024', and the "
        "statement 'Lunar night temperatures and duration' from 'ger-2024' is not kept under earlier"
    )
    assert warnings() == [expected]  # not committed yet: compared with the committed file
    git(valid_project, "commit", "-q", "-am", "another source")
    assert warnings() == [expected]  # committed: compared with the version before that commit
    old_block = original[start:end].splitlines()
    kept = replaced + "    earlier:\n      - statement: Lunar night temperatures and duration\n        source:\n"
    kept += "\n".join("    " + row for row in old_block[3:5]) + "\n"
    path.write_text(original[:start] + kept + original[end:], encoding="utf-8")
    assert warnings() == []
