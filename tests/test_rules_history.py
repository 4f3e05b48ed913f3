"""The rules on former and removed ids, each on its own (the git-based vanished-id rule: test_history.py)."""

from __future__ import annotations

from pathlib import Path

from gap_tracker.load import load_project
from gap_tracker.report import format_text
from tests.conftest import SCHEMA_DIR, TODAY

BATTERIES = "technologies/power/low-temperature-and-long-life-batteries.yaml"
NUCLEAR = "technologies/power/nuclear-power-for-surface-missions.yaml"


def add_former_id(project: Path, rel: str, old: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("area: power\n", f"area: power\nformer_ids:\n  - {old}\n", 1), encoding="utf-8")


def findings(project: Path) -> list[str]:
    return [format_text(f) for f in load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY).sorted_findings()]


def test_a_former_id_leads_to_one_technology_only(valid_project: Path) -> None:
    add_former_id(valid_project, BATTERIES, "old-batteries")
    assert findings(valid_project) == []
    add_former_id(valid_project, NUCLEAR, "old-batteries")
    assert findings(valid_project) == [
        f"{NUCLEAR}:6:5: error: 'old-batteries' is already a former id of {BATTERIES}; "
        "an old address can send readers to one technology only: keep it in one file"
    ]


def test_removed_ids_have_no_file_no_successor_and_a_past_date(valid_project: Path) -> None:
    add_former_id(valid_project, BATTERIES, "gone")
    (valid_project / "technologies" / "removed.yaml").write_text(
        'gone:\n  name: Gone\n  date: "2026-01-01"\n  reason: test\n'
        'nuclear-power-for-surface-missions:\n  name: N\n  date: "2099-01-01"\n  reason: test\n',
        encoding="utf-8",
    )
    assert findings(valid_project) == [
        f"{BATTERIES}:6:5: error: 'gone' is also listed as removed in technologies/removed.yaml; "
        "a removed id has no successor: remove it from former_ids or from removed.yaml",
        "technologies/removed.yaml:5:1: error: 'nuclear-power-for-surface-missions' is listed as removed, but a "
        "technology file with that id exists; delete the entry 'nuclear-power-for-surface-missions', or delete "
        "the technology's file",
        "technologies/removed.yaml:7:9: error: '2099-01-01' is in the future; use a date on or before 2026-11-22",
    ]


def test_removed_registry_is_optional_and_checked_by_its_schema(valid_project: Path) -> None:
    assert not (valid_project / "technologies" / "removed.yaml").exists()
    (valid_project / "technologies" / "removed.yaml").write_text("gone:\n  name: Gone\n", encoding="utf-8")
    lines = findings(valid_project)
    assert len(lines) == 2 and all(line.startswith("technologies/removed.yaml:2:3: error:") for line in lines)
    assert "'date'" in lines[0] + lines[1] and "'reason'" in lines[0] + lines[1]
