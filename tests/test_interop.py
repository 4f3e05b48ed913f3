"""Any JSON Schema tool agrees with ours: check-jsonschema, given our published schemas, on our data.

check-jsonschema (python-jsonschema with ruamel.yaml) judges the same files:

* the bundled data and the valid fixtures pass, except for the one fixture that exists to show our
  YAML policy: unquoted ``1e3`` and ``0o17`` stay text for us, while a YAML 1.2 parser reads numbers;
* every invalid fixture that our schema check rejects fails it too, at the same place or its parent;
* every invalid fixture that our schema check accepts (we reject it through a cross-file rule:
  unknown area, future date, related to itself, a TODO placeholder, ...) passes it: those rules go
  beyond what one schema can say, and none of them is a schema rule in disguise.

Fixtures rejected while reading (aliases, tags, merge keys, encodings, control characters) are
outside this comparison: that policy is ours on purpose (see the input policy page).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gap_tracker.findings import JsonPath
from gap_tracker.load import load_project
from gap_tracker.schemas import SchemaSet
from gap_tracker.yaml_load import parse_bytes
from tests.conftest import FIXTURES, ROOT, SCHEMA_DIR, TODAY

REGISTRY_KINDS = ("horizons", "areas", "sources", "organisations", "gap-assessments")
IMPLICIT_TYPING = "implicit-typing-stays-text.yaml"


def check_jsonschema(kind: str, files: list[Path]) -> dict[str, list[str]]:
    """Run check-jsonschema once; return the JSON paths of the errors in each file ('parse' if unreadable)."""
    schema = SCHEMA_DIR / f"{kind}.schema.json"
    command = [
        str(Path(sys.executable).parent / "check-jsonschema"),
        "--schemafile",
        str(schema),
        # Resolve the schemas' references to each other from schema/, not from the published site.
        "--base-uri",
        schema.resolve().as_uri(),
        "--output-format",
        "json",
        *(str(f) for f in files),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    report = json.loads(completed.stdout)
    found: dict[str, list[str]] = {str(f): [] for f in files}
    for error in report["errors"]:
        found[error["filename"]].append(error["path"])
    for error in report.get("parse_errors", []):
        found[error["filename"]].append("parse")
    assert (completed.returncode == 0) == (report["status"] == "ok")
    return found


def json_path(pointer: JsonPath) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in pointer)


def test_bundled_data_passes() -> None:
    technologies = sorted((ROOT / "technologies").glob("*/*.yaml"))
    assert len(technologies) > 30
    assert check_jsonschema("technology", technologies) == {str(f): [] for f in technologies}
    for kind in REGISTRY_KINDS:
        registry = ROOT / "technologies" / f"{kind}.yaml"
        assert check_jsonschema(kind, [registry]) == {str(registry): []}


def test_valid_fixtures_pass_but_for_yaml_12_implicit_numbers() -> None:
    files = sorted((FIXTURES / "valid" / "technologies").glob("*/*.yaml"))
    found = check_jsonschema("technology", files)
    expected = {str(f): [] for f in files}
    typing_fixture = next(str(f) for f in files if f.name == IMPLICIT_TYPING)
    # We keep `locator: 1e3` and `statement: 0o17` as the text written; YAML 1.2 reads numbers there.
    expected[typing_fixture] = ["$.horizons.today.source.locator", "$.horizons.moon.statement"]
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}


def test_invalid_fixtures_are_judged_alike(valid_project: Path) -> None:
    schemas = SchemaSet.load(SCHEMA_DIR)
    # Fixtures we reject while reading follow our YAML policy, not the schema; they are left out
    # (one of them is an alias bomb that a YAML parser without that policy spends seconds expanding).
    parsed = {case: parse_bytes(case.read_bytes()) for case in sorted((FIXTURES / "invalid").glob("*.yaml"))}
    cases = [case for case, result in parsed.items() if result.ok]
    theirs = check_jsonschema("technology", cases)
    schema_cases, rule_cases = [], []
    for case in cases:
        problems = schemas.check("technology", parsed[case].data)
        paths = theirs[str(case)]
        if problems:
            schema_cases.append(case.name)
            assert paths and "parse" not in paths, f"{case.name}: our schema rejects it, check-jsonschema accepts it"
            for problem in problems:
                ours = json_path(problem.pointer)
                assert any(ours == p or ours.startswith((p + ".", p + "[")) for p in paths), (case.name, ours, paths)
        else:
            rule_cases.append(case.name)
            assert paths == [], f"{case.name}: our schema accepts it, check-jsonschema rejects it: {paths}"
            shutil.copy(case, valid_project / "technologies" / "power" / case.name)
            result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
            (valid_project / "technologies" / "power" / case.name).unlink()
            assert not result.ok, f"{case.name} is an invalid fixture: a cross-file rule must reject it"
    # Enough of both kinds for the comparison to mean something.
    assert len(schema_cases) >= 12 and len(rule_cases) >= 6, (schema_cases, rule_cases)


@pytest.mark.parametrize("kind", REGISTRY_KINDS)
def test_a_broken_registry_fails_in_both(kind: str, valid_project: Path) -> None:
    registry = valid_project / "technologies" / f"{kind}.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text + "Bad Key:\n  unexpected: field\n", encoding="utf-8")
    ours = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert any(f.rule == "schema" and f.path.endswith(f"{kind}.yaml") for f in ours.findings)
    assert check_jsonschema(kind, [registry])[str(registry)]
