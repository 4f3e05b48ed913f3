"""`gap-tracker new`: a file that fails validation until every placeholder is filled, never an overwrite."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from gap_tracker.load import load_project
from gap_tracker.placeholders import RULE
from gap_tracker.scaffold import ScaffoldError, scaffold, slugify
from tests.conftest import FIXTURES, ROOT, SCHEMA_DIR, TODAY
from tests.test_cli import run

NAME = "Regenerative Fuel Cells"
NEW_FILE = "technologies/power/regenerative-fuel-cells.yaml"


def new(project: Path, name: str = NAME, area: str = "power", tech_id: str | None = None) -> Path:
    return scaffold(project, name, area, "technologies", str(SCHEMA_DIR), tech_id, today=TODAY).path


def fill(path: Path, *, mars_not_stated: bool = False) -> None:
    """Replace every placeholder the way a contributor would (test words, an existing source key)."""
    text = path.read_text(encoding="utf-8")
    if mars_not_stated:
        text = re.sub(r'(?m)^    statement: "TODO: copy the mars .*$', "    not_stated: true", text)
    text = re.sub(r'(?m)^(\s+statement:) "TODO: copy the (\w+) .*$', r'\1 "Words of the \2 cell"', text)
    text = re.sub(r'(?m)^(\s+(?:- )?source:) "TODO: .*$', r"\1 ger-2024", text)
    text = re.sub(r'(?m)^(\s+locator:) "TODO: .*$', r'\1 "Ch. 8, Critical Technologies (Summary Table)"', text)
    path.write_text(text, encoding="utf-8")


def findings(project: Path) -> list[tuple[str, int, int, str]]:
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    return [(f.path, f.line, f.column, f.rule) for f in result.sorted_findings()]


def test_new_file_fails_once_per_placeholder_on_its_line(valid_project: Path) -> None:
    path = new(valid_project)
    lines = path.read_text(encoding="utf-8").splitlines()
    placeholders = [(number, line.index('"TODO') + 1) for number, line in enumerate(lines, 1) if '"TODO' in line]
    assert len(placeholders) == 11  # statement, source key and locator per horizon; source key and locator
    found = findings(valid_project)
    assert found == [(NEW_FILE, line, column, RULE) for line, column in placeholders]


def test_filled_file_passes(valid_project: Path) -> None:
    path = new(valid_project)
    fill(path)
    assert findings(valid_project) == []
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.catalogue is not None
    tech = result.catalogue.get("regenerative-fuel-cells")
    assert tech is not None and tech.name == NAME and tech.area == "power"
    assert tech.horizons["moon"].statement == "Words of the moon cell"


def test_a_horizon_the_source_leaves_empty_is_written_not_stated(valid_project: Path) -> None:
    fill(new(valid_project), mars_not_stated=True)
    assert findings(valid_project) == []


def test_one_placeholder_left_is_one_error(valid_project: Path) -> None:
    path = new(valid_project)
    fill(path)
    path.write_text(
        path.read_text(encoding="utf-8").replace('"Words of the moon cell"', '"TODO: ask the author"'), encoding="utf-8"
    )
    assert findings(valid_project) == [(NEW_FILE, 16, 16, RULE)]


def test_refuses_to_overwrite_and_suggests_a_free_id(valid_project: Path) -> None:
    path = new(valid_project)
    before = path.read_bytes()
    with pytest.raises(ScaffoldError, match=r"--id regenerative-fuel-cells-2\b"):
        new(valid_project)
    assert path.read_bytes() == before
    other = new(valid_project, tech_id="regenerative-fuel-cells-2")
    assert other.name == "regenerative-fuel-cells-2.yaml"
    with pytest.raises(ScaffoldError, match="regenerative-fuel-cells-3"):
        new(valid_project)


def test_ids_are_unique_across_areas(valid_project: Path) -> None:
    with pytest.raises(
        ScaffoldError, match=r"technologies/unassigned/lox-liquid-methane-cryogenic-propulsion-system\.yaml exists"
    ):
        new(valid_project, "LOX / Liquid Methane Cryogenic Propulsion System", area="power")


def test_unknown_area_is_refused_with_a_suggestion(valid_project: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"unknown area 'powr' \(did you mean 'power'\?\)"):
        new(valid_project, area="powr")
    assert not list((valid_project / "technologies").glob("*/regenerative-fuel-cells.yaml"))


def test_unassigned_technology_has_no_area_and_passes_when_filled(valid_project: Path) -> None:
    path = new(valid_project, area="unassigned")
    assert path.parent.name == "unassigned"
    assert "\narea:" not in path.read_text(encoding="utf-8")
    fill(path)
    assert findings(valid_project) == []


def test_schema_line_matches_the_bundled_files(valid_project: Path) -> None:
    shutil.copytree(SCHEMA_DIR, valid_project / "schema")
    path = scaffold(valid_project, NAME, "power", "technologies", "schema", today=TODAY).path
    first_lines = Counter(
        p.read_text(encoding="utf-8").split("\n", 1)[0] for p in (ROOT / "technologies").glob("*/*.yaml")
    )
    assert path.read_text(encoding="utf-8").splitlines()[0] == first_lines.most_common(1)[0][0]


def test_an_area_without_a_folder_gets_one(valid_project: Path) -> None:
    path = new(valid_project, area="crew-health-performance")
    assert path == valid_project / "technologies/crew-health-performance/regenerative-fuel-cells.yaml"


def test_names_with_markup_are_refused(valid_project: Path) -> None:
    with pytest.raises(ScaffoldError, match=re.escape("without < > { }")):
        new(valid_project, name="<b>Cells</b>")


def test_slugs_are_the_ids_the_data_uses() -> None:
    """The fixtures' file names, and two GER 2024 row names with the ids their files were given.

    Not the bundled files themselves: an id is the contributor's choice (validate does not require the
    slug of the name), and a renamed technology keeps its name under a new id.
    """
    for path in (FIXTURES / "valid" / "technologies").glob("*/*.yaml"):
        name = re.search(r'(?m)^name: "?(.*?)"?$', path.read_text(encoding="utf-8"))
        assert name is not None
        assert slugify(name.group(1)) == path.stem
    assert slugify("High Data-Rate Forward Link (Flight) Communications") == (
        "high-data-rate-forward-link-flight-communications"
    )
    assert slugify("Positioning, Navigation, and Timing (PNT) on Cislunar Service and Beyond") == (
        "positioning-navigation-and-timing-pnt-on-cislunar-service-and-beyond"
    )
    assert slugify("Système de propulsion – Ø 2 m") == "systeme-de-propulsion-2-m"
    long = slugify(" ".join(["word"] * 40))
    assert len(long) <= 80 and not long.endswith("-") and long.endswith("word")


def test_cli_new_prints_what_to_do_and_refuses_without_traceback(valid_project: Path) -> None:
    args = ("new", NAME, "--area", "power", "--root", str(valid_project), "--schema-dir", str(SCHEMA_DIR))
    first = run(*args)
    assert first.returncode == 0, first.stderr
    assert f"Wrote {NEW_FILE}" in first.stdout and "11 TODO placeholders" in first.stdout
    second = run(*args)
    assert second.returncode == 1
    assert second.stderr.startswith("gap-tracker new: the id 'regenerative-fuel-cells' is taken")
    assert "Traceback" not in second.stderr
    validate = run("validate", "--root", str(valid_project), "--schema-dir", str(SCHEMA_DIR))
    assert validate.returncode == 1
    assert validate.stdout.count(": error: 'statement' still holds the placeholder") == 3
