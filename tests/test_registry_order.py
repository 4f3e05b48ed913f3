"""Registries in alphabetical order of key: the check's advice, ``gap-tracker sort``, and the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gap_tracker.cli import main
from gap_tracker.load import load_project
from gap_tracker.registry_order import SortError, misplaced_keys, sort_registry_text
from gap_tracker.report import format_text
from tests.conftest import SCHEMA_DIR, TODAY

UNSORTED = """\
# yaml-language-server: $schema=../schema/sources.schema.json
# About the whole file: stays at the top.
mars-report:
  title: Mars
  publisher: Test
# About zeta: moves with it.
zeta-report:
  title: Zeta
  publisher: Test

alpha-report:
  title: Alpha
  publisher: Test
"""


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["a", "b", "c"], []),
        (["a", "c", "e", "b"], [("b", "'b' should come before 'c'")]),
        (["z", "a", "b", "c"], [("z", "'z' should come after 'c'")]),
        (["b", "a"], [("b", "'b' should come after 'a'")]),
        ([], []),
    ],
)
def test_the_advice_names_the_fewest_entries_to_move(keys: list[str], expected: list[tuple[str, str]]) -> None:
    assert misplaced_keys(keys) == expected


def test_sorting_moves_each_entry_with_its_comment_and_keeps_the_header() -> None:
    ordered = sort_registry_text(UNSORTED)
    assert ordered.splitlines()[:3] == [
        "# yaml-language-server: $schema=../schema/sources.schema.json",
        "# About the whole file: stays at the top.",
        "alpha-report:",
    ]
    assert "# About zeta: moves with it.\nzeta-report:\n" in ordered
    assert yaml.safe_load(ordered) == yaml.safe_load(UNSORTED)
    assert list(yaml.safe_load(ordered)) == ["alpha-report", "mars-report", "zeta-report"]
    assert sort_registry_text(ordered) == ordered


def test_sorting_refuses_what_it_cannot_reorder_line_by_line() -> None:
    with pytest.raises(SortError, match="document marker"):
        sort_registry_text("---\nb: 1\na: 2\n")
    with pytest.raises(SortError, match="by hand"):
        sort_registry_text("b: &x\n  k: 1\na: *x\n")  # the anchor would follow its alias


def test_gap_tracker_sort_fixes_what_validate_reports(valid_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = valid_project / "technologies" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "esa-test-report:\n  title: Test report\n  publisher: Test publisher\n  grade: agency-document\n",
        encoding="utf-8",
    )
    before = [format_text(f) for f in load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY).findings]
    assert len(before) == 1 and "keys must be in alphabetical order: 'esa-test-report' should come before" in before[0]
    assert main(["sort", "--root", str(valid_project)]) == 0
    assert "Sorted technologies/sources.yaml." in capsys.readouterr().out
    after = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert [format_text(f) for f in after.findings] == []
