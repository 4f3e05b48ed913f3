"""The files around a contribution: pre-commit hooks, issue forms, CODEOWNERS, editor settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from gap_tracker.documents import OPTIONAL_REGISTRIES, REGISTRIES
from gap_tracker.model import UNASSIGNED
from tests.conftest import FIXTURES, ROOT

SCRIPTS = Path(sys.executable).parent
GITHUB = ROOT / ".github"
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))


def tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    path = SCRIPTS / name
    assert path.exists(), f"{name} is missing: run python3 build_tools/dev.py test (it installs the test extra)"
    return subprocess.run([str(path), *args], cwd=cwd, capture_output=True, text=True, check=False)


def areas() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "technologies" / "areas.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- pre-commit ---------------------------------------------------------------------------------


def test_pre_commit_files_are_valid() -> None:
    manifest = tool("pre-commit", "validate-manifest", ".pre-commit-hooks.yaml")
    config = tool("pre-commit", "validate-config", ".pre-commit-config.yaml")
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    assert config.returncode == 0, config.stdout + config.stderr


def test_pre_commit_validation_does_catch_a_broken_manifest(tmp_path: Path) -> None:
    broken = tmp_path / ".pre-commit-hooks.yaml"
    broken.write_text("- id: x\n  name: x\n  entry: x\n  language: pythn\n", encoding="utf-8")
    completed = tool("pre-commit", "validate-manifest", str(broken))
    assert completed.returncode == 1
    assert "pythn" in completed.stdout + completed.stderr


def test_the_hook_other_repositories_use_runs_our_validator() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "gap-tracker-validate")
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("gap-tracker validate", "python", False)
    scripts = re.search(r'(?m)^gap-tracker = "(.+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert scripts is not None and scripts.group(1) == "gap_tracker.cli:main", "the entry is our console script"
    assert re.match(hook["files"], "technologies/power/nuclear-power-for-surface-missions.yaml")
    assert re.match(hook["files"], "schema/technology.schema.json")
    assert not re.match(hook["files"], "docs/index.md")


def test_the_hook_installs_and_reports_a_problem_in_another_repository(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs the hook as a user's repository would (base dependencies only) and runs it."""
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "valid" / "technologies", other / "technologies")
    shutil.copytree(ROOT / "schema", other / "schema")
    broken = other / "technologies" / "power" / "nuclear-power-for-surface-missions.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("area: power", "area: powr", 1), encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=other, check=True)
    completed = tool("pre-commit", "try-repo", str(ROOT), "gap-tracker-validate", "--all-files", cwd=other)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "gap-tracker validate" in output and "Failed" in output
    assert "technologies/power/nuclear-power-for-surface-missions.yaml:4:7: error: unknown area 'powr'" in output


def test_this_repositorys_hooks_run_what_the_test_command_runs() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {h["id"]: h["entry"] for repo in config["repos"] for h in repo["hooks"]}
    assert entries["gap-tracker-validate"] == ".venv/bin/gap-tracker validate"
    for entry in entries.values():
        assert (ROOT / entry.split()[0]).name in {"gap-tracker", "ruff", "actionlint"}


# --- GitHub templates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-issue-forms", [f for f in FORMS if f.name != "config.yml"]),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
        ("vendor.github-workflows", sorted((GITHUB / "workflows").glob("*.yml"))),
    ],
    ids=["issue-forms", "issue-config", "dependabot", "workflows"],
)
def test_github_files_match_githubs_schemas(schema: str, files: list[Path]) -> None:
    assert files
    completed = tool("check-jsonschema", "--builtin-schema", schema, *(str(f) for f in files))
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_there_are_three_issue_forms_and_each_asks_for_the_source_and_locator() -> None:
    forms = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) for f in FORMS if f.name != "config.yml"}
    assert set(forms) == {"new-technology", "update-statement", "report-error"}
    for name, form in forms.items():
        fields = {item.get("id"): item for item in form["body"]}
        for wanted in ("source", "locator"):
            assert wanted in fields, (name, wanted)
            assert fields[wanted]["validations"]["required"] is True, (name, wanted)


def test_new_technology_form_offers_exactly_the_areas_of_the_data() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "new-technology.yml").read_text(encoding="utf-8"))
    area = next(item for item in form["body"] if item.get("id") == "area")
    names = [entry["name"] for entry in areas().values()]
    assert area["attributes"]["options"] == [*names, "The source places it in no area"]


def test_pull_request_template_asks_for_sources_and_locators() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Sources" in text and "locator" in text
    assert "`gap-tracker validate` passes" in text


def test_codeowners_names_owners_for_every_area_folder() -> None:
    lines = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    patterns = {parts[0]: parts[1:] for parts in lines}
    for key in [*areas(), UNASSIGNED]:
        owners = patterns.get(f"/technologies/{key}/")
        assert owners, f"CODEOWNERS has no line for technologies/{key}/"
    for pattern, owners in patterns.items():
        assert owners and all(re.fullmatch(r"@critical-tech-gap-tracker/[a-z-]+", o) for o in owners), pattern
        folder = re.fullmatch(r"/technologies/([a-z0-9-]+)/", pattern)
        assert folder is None or folder.group(1) in [*areas(), UNASSIGNED], f"stale CODEOWNERS line {pattern}"
    assert "PLACEHOLDERS" in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8")


def test_contributing_points_to_the_one_contributor_guide() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if not target.startswith("https://"):
            assert (ROOT / target).is_file(), target
    assert "](docs/contribute.md)" in text
    guide = (ROOT / "docs" / "contribute.md").read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.:])\s", " ".join(text.split())) if len(s.strip()) > 40]
    assert not [s for s in sentences if s in " ".join(guide.split())], (
        "the guide's prose lives in docs/contribute.md only"
    )


# --- editors ----------------------------------------------------------------------------------------


def test_vscode_maps_every_data_file_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    data_files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "technologies").rglob("*.yaml"))
    assert len(data_files) > 30
    for rel in data_files:
        matches = [s for s, globs in mapping.items() if any(PurePosixPath(rel).match(g) for g in globs)]
        stem = PurePosixPath(rel).stem
        expected = (
            f"./schema/{stem}.schema.json"
            if stem in REGISTRIES + OPTIONAL_REGISTRIES and rel.count("/") == 1
            else ("./schema/technology.schema.json")
        )
        assert matches == [expected], rel
    for kind in (*REGISTRIES, *OPTIONAL_REGISTRIES):  # also registries the data does not have yet (removed.yaml)
        assert mapping.get(f"./schema/{kind}.schema.json") == [f"technologies/{kind}.yaml"], kind


def test_tracked_text_files_follow_editorconfig() -> None:
    """UTF-8, LF line ends, a final newline, no trailing spaces, no tabs in YAML (broken fixtures excepted)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode:
        pytest.skip("not a git checkout")
    problems = []
    for rel in listed.stdout.decode().split("\0"):
        path = ROOT / rel
        if not rel or rel.startswith("tests/fixtures/invalid/") or not path.is_file():
            continue
        raw = path.read_bytes()
        if b"\0" in raw:
            continue  # binary
        text = raw.decode("utf-8", errors="replace")
        if "\ufffd" in text:
            problems.append(f"{rel}: not UTF-8")
        if b"\r" in raw:
            problems.append(f"{rel}: CR line ends")
        if raw and not raw.endswith(b"\n"):
            problems.append(f"{rel}: no newline at the end")
        problems += [
            f"{rel}:{n}: trailing spaces" for n, line in enumerate(text.split("\n"), 1) if line != line.rstrip()
        ]
        if rel.endswith((".yaml", ".yml")):
            problems += [
                f"{rel}:{n}: tab indent" for n, line in enumerate(text.split("\n"), 1) if line.startswith("\t")
            ]
    assert problems == []
