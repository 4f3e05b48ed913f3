"""The input policy (docs/input-policy.md): files that do not belong, limits, and the policy page itself."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from gap_tracker import yaml_load
from gap_tracker.load import load_project
from gap_tracker.report import format_text
from tests.conftest import FIXTURES, ROOT, SCHEMA_DIR, TODAY

VALID_FILE = FIXTURES / "valid" / "technologies" / "power" / "low-temperature-and-long-life-batteries.yaml"


def findings_for(project: Path) -> list[str]:
    started = time.process_time()
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert time.process_time() - started < 1.0
    return [format_text(f) for f in result.sorted_findings()]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "extra.yml",
            "technologies/power/extra.yml: error: technology files must end in '.yaml' (lower case); rename it to extra.yaml",
        ),
        (
            "extra.YAML",
            "technologies/power/extra.YAML: error: technology files must end in '.yaml' (lower case); rename it to extra.yaml",
        ),
        (
            "extra.yaml~",
            "technologies/power/extra.yaml~: error: this is not a technology file (editor backup or other file?); delete it, or rename it to <id>.yaml",
        ),
        (
            ".extra.yaml.swp",
            "technologies/power/.extra.yaml.swp: error: this is not a technology file (editor backup or other file?); delete it, or rename it to <id>.yaml",
        ),
        (
            "notes.txt",
            "technologies/power/notes.txt: error: this is not a technology file (editor backup or other file?); delete it, or rename it to <id>.yaml",
        ),
    ],
)
def test_files_that_are_not_technology_files(valid_project: Path, name: str, expected: str) -> None:
    (valid_project / "technologies" / "power" / name).write_text("id: x\n", encoding="utf-8")
    assert findings_for(valid_project) == [expected]


def test_a_stray_file_at_the_top_of_the_data_folder(valid_project: Path) -> None:
    shutil.copy(VALID_FILE, valid_project / "technologies" / "batteries.yaml")
    assert findings_for(valid_project) == [
        "technologies/batteries.yaml: error: this file is not a registry and technology files belong in an area "
        "folder; move it into the folder of its area, e.g. technologies/power/, or delete it"
    ]


@pytest.mark.parametrize("outside", [False, True], ids=["inside", "outside"])
def test_symbolic_links_are_reported_not_followed(valid_project: Path, tmp_path: Path, outside: bool) -> None:
    target = tmp_path / "secret.yaml" if outside else valid_project / "technologies" / "power" / "real.txt"
    target.write_text("id: secret\n", encoding="utf-8")
    link = valid_project / "technologies" / "power" / "linked.yaml"
    link.symlink_to(target)
    lines = findings_for(valid_project)
    assert (
        "technologies/power/linked.yaml: error: symbolic links are not allowed in the data folder; replace the link with the file itself"
        in lines
    )


def test_nested_folders_are_reported(valid_project: Path) -> None:
    nested = valid_project / "technologies" / "power" / "old"
    nested.mkdir()
    shutil.copy(VALID_FILE, nested / "low-temperature-and-long-life-batteries.yaml")
    assert findings_for(valid_project) == [
        "technologies/power/old: error: folders inside an area folder are not read; move the files up into the area folder"
    ]


def test_the_same_id_in_two_folders(valid_project: Path) -> None:
    twin = valid_project / "technologies" / "unassigned" / "low-temperature-and-long-life-batteries.yaml"
    twin.write_text(VALID_FILE.read_text(encoding="utf-8").replace("area: power\n", ""), encoding="utf-8")
    lines = findings_for(valid_project)
    assert lines == [
        "technologies/unassigned/low-temperature-and-long-life-batteries.yaml:2:5: error: id "
        "'low-temperature-and-long-life-batteries' is already used by technologies/power/"
        "low-temperature-and-long-life-batteries.yaml; give this technology a different id (and rename the file to match)"
    ]


def test_a_homoglyph_file_name_does_not_pass_as_the_id(valid_project: Path) -> None:
    # 'е' below is CYRILLIC SMALL LETTER IE, not the Latin 'e'.
    name = "low-t\u0435mperature-and-long-life-batteries"
    shutil.copy(VALID_FILE, valid_project / "technologies" / "power" / f"{name}.yaml")
    lines = findings_for(valid_project)
    assert lines == [
        f"technologies/power/{name}.yaml:2:5: error: id 'low-temperature-and-long-life-batteries' does not match "
        f"the file name '{name}.yaml'; rename the file to low-temperature-and-long-life-batteries.yaml, or set id: {name}",
        f"technologies/power/{name}.yaml:2:5: error: id 'low-temperature-and-long-life-batteries' is already used by "
        "technologies/power/low-temperature-and-long-life-batteries.yaml; give this technology a different id (and "
        "rename the file to match)",
    ]


INVISIBLE = {
    "\u17b4": "invisible (zero-width) character U+17B4",  # Khmer inherent vowel: draws as nothing
    "\u180b": "invisible (zero-width) character U+180B",  # Mongolian free variation selector
    "\u206a": "invisible (zero-width) character U+206A",  # deprecated format character
    "\ufff9": "invisible (zero-width) character U+FFF9",  # interlinear annotation anchor
    "\U0001d173": "invisible (zero-width) character U+1D173",  # musical symbol begin beam (a format control)
    "\U0001bca0": "invisible (zero-width) character U+1BCA0",  # shorthand format letter overlap
    "\U000e0100": None,  # a variation selector (ideographs need it): allowed
    "\U0010ffff": "character U+10FFFF, which is not text",  # a non-character of plane 16
    "\U0001fffe": "character U+1FFFE, which is not text",
}


@pytest.mark.parametrize("written", ["escaped", "typed"])
@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_every_invisible_character_and_non_character_is_refused(valid_project: Path, char: str, written: str) -> None:
    """Unicode's default-ignorable characters draw as nothing, whatever their block: all are refused, not a list of
    favourites; so are the non-characters of every plane."""
    path = valid_project / "technologies" / "power" / "low-temperature-and-long-life-batteries.yaml"
    text = path.read_text(encoding="utf-8")
    value = f"\\U{ord(char):08X}" if written == "escaped" else char
    path.write_text(
        text.replace("\nname: Low", f'\nname: "Low{value}', 1).replace("Batteries\n", 'Batteries"\n', 1), "utf-8"
    )
    lines = findings_for(valid_project)
    expected = INVISIBLE[char]
    assert (lines == []) if expected is None else (len(lines) == 1 and expected in lines[0]), lines


@pytest.mark.parametrize("definition", ["text", "title_text", "url"])
def test_the_schema_refuses_every_character_the_loader_refuses(definition: str) -> None:
    """Editors check files against the schema: each character of the Basic Multilingual Plane that the loader
    refuses (gap_tracker.textsafe.HIDDEN), the schema's text, name and URL patterns refuse too. Beyond U+FFFF a
    pattern cannot name a character portably (read without ECMA-262's u flag it splits into surrogates): those
    the loader alone refuses."""
    import json

    from gap_tracker.textsafe import HIDDEN, PASTED_INVISIBLE

    schema = json.loads((SCHEMA_DIR / "technology.schema.json").read_text(encoding="utf-8"))
    pattern = re.compile(schema["$defs"][definition]["pattern"])
    start = "https://example.org/" if definition == "url" else "a"
    accepted = [
        f"U+{code:04X}"
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF
        and chr(code) not in PASTED_INVISIBLE  # typed, only a warning
        and HIDDEN.match(chr(code))
        and pattern.match(f"{start}{chr(code)}a")
    ]
    assert accepted == []


def test_duplicate_list_items(valid_project: Path) -> None:
    text = VALID_FILE.read_text(encoding="utf-8")
    source = text[text.index("sources:\n") + len("sources:\n") :].split("last_reviewed")[0]
    path = valid_project / "technologies" / "power" / "low-temperature-and-long-life-batteries.yaml"
    path.write_text(text.replace("sources:\n" + source, "sources:\n" + source + source), encoding="utf-8")
    lines = findings_for(valid_project)
    assert lines == [
        "technologies/power/low-temperature-and-long-life-batteries.yaml:31:5: error: 'sources' lists a group of "
        "fields twice; remove the repeated item"
    ]


def test_a_very_large_file_is_refused_before_parsing(valid_project: Path) -> None:
    path = valid_project / "technologies" / "power" / "huge.yaml"
    path.write_text("id: huge\nname: " + "x" * (yaml_load.MAX_FILE_BYTES + 10) + "\n", encoding="utf-8")
    assert findings_for(valid_project) == [
        f"technologies/power/huge.yaml:1:1: error: the file is {path.stat().st_size:,} bytes; at most "
        f"{yaml_load.MAX_FILE_BYTES:,} are allowed; split it or shorten the text: a technology file is normally a few kilobytes"
    ]


def test_a_very_long_statement(valid_project: Path) -> None:
    path = valid_project / "technologies" / "power" / "low-temperature-and-long-life-batteries.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("statement: Lunar night temperatures and duration", "statement: " + "word " * 500),
        encoding="utf-8",
    )
    lines = findings_for(valid_project)
    assert lines == [
        "technologies/power/low-temperature-and-long-life-batteries.yaml:12:16: error: 'statement' is 2499 "
        "characters long; at most 2000 are allowed; shorten it"
    ]


def test_a_broken_registry_is_reported_without_cascading(valid_project: Path) -> None:
    areas = valid_project / "technologies" / "areas.yaml"
    areas.write_text(
        areas.read_text(encoding="utf-8").replace("power:\n  name: Power", "power:\n  nam: Power", 1), encoding="utf-8"
    )
    lines = findings_for(valid_project)
    assert lines and all(line.startswith("technologies/areas.yaml:") for line in lines), lines


def test_policy_page_states_the_enforced_limits() -> None:
    page = (ROOT / "docs" / "input-policy.md").read_text(encoding="utf-8")
    assert (
        f"At most {yaml_load.MAX_FILE_BYTES // 1024} KiB per file and {yaml_load.MAX_DEPTH} levels of nesting" in page
    )
    assert re.search(r"byte-order mark is accepted", page)


def test_a_rebuild_recovers_after_a_bad_save(tmp_path: Path) -> None:
    """What `mkdocs serve` relies on: the same plugin object fails on bad data, then succeeds again."""
    from mkdocs.config import load_config

    from tests.sitebuild import copy_project

    project = copy_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["gap-tracker"]
    path = project / "technologies" / "power" / "nuclear-power-for-surface-missions.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("area: power", "area: powr"), encoding="utf-8")
    with pytest.raises(PluginError, match="unknown area 'powr'"):
        plugin.on_config(load_config(str(project / "mkdocs.yml")))
    path.write_text(good, encoding="utf-8")
    assert plugin.on_config(load_config(str(project / "mkdocs.yml"))) is not None
    assert plugin.result is not None and plugin.result.ok
