"""The GitHub Actions workflows: actionlint-clean, pinned, and running the commands the issue asks for."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from gap_tracker.cli import build_parser
from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
SCRIPTS = Path(sys.executable).parent
"""The virtual environment's scripts: actionlint and shellcheck come from the test extra."""


def actionlint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    tool = SCRIPTS / "actionlint"
    assert tool.exists(), "actionlint is missing: run python3 build_tools/dev.py test (it installs the test extra)"
    return subprocess.run(
        [str(tool), "-no-color", "-shellcheck", str(SCRIPTS / "shellcheck"), "-pyflakes=", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def runs(workflow: dict[Any, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def test_workflows_are_actionlint_clean() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["deploy.yml", "pull-request.yml", "release.yml"]
    completed = actionlint(*(str(f) for f in files))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == ""


def test_actionlint_does_catch_mistakes() -> None:
    broken = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v7\n        with:\n          fetch-dept: 2\n"
        "      - run: echo $FOO\n"
    )
    completed = actionlint("-", stdin=broken)
    assert completed.returncode == 1
    assert 'input "fetch-dept" is not defined' in completed.stdout
    assert "SC2086" in completed.stdout, "shellcheck runs on the run: scripts"


def test_every_action_is_pinned_to_a_release() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for step in steps(load(path.name)):
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+(\.\d+){0,2}", step["uses"]), (path.name, step["uses"])


def test_pull_request_workflow_validates_summarises_builds_and_uploads() -> None:
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key 'on' as true
    commands = runs(workflow)
    assert "gap-tracker validate --format github" in commands
    assert any(c.startswith("gap-tracker diff ") and c.endswith('>> "$GITHUB_STEP_SUMMARY"') for c in commands)
    assert "mkdocs build --strict --site-dir site" in commands
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert workflow["permissions"] == {"contents": "read"}


def test_pull_request_checks_also_run_in_the_merge_queue() -> None:
    """Two pull requests valid one by one can merge into an invalid main: the queue checks them merged."""
    workflow = load("pull-request.yml")
    assert workflow[True]["merge_group"] == {"types": ["checks_requested"]}
    assert "github.ref" in workflow["concurrency"]["group"], "a queue run has no pull request number"
    summary = next(s for s in steps(workflow) if s.get("run", "").startswith("gap-tracker diff "))
    assert "merge_group.base_sha" in summary["env"]["BASE"] and '"$BASE" HEAD' in summary["run"]


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml"])
def test_every_checkout_fetches_the_whole_history(name: str) -> None:
    """The site's history is read from git: a shallow checkout would date every technology to the newest commit."""
    checkouts = [s for s in steps(load(name)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts)


def test_deploy_workflow_publishes_with_the_official_pages_actions() -> None:
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    used = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(used)
    assert "mkdocs build --strict --site-dir site" in runs(workflow)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_release_workflow_checks_the_version_builds_and_attaches_the_downloads() -> None:
    workflow = load("release.yml")
    assert workflow[True] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["release"]
    assert job["permissions"] == {"contents": "write"}, "only the release job may write, and only contents"
    commands = runs(workflow)
    order = [
        'python -m pip install ".[site]"',
        'python -m gap_tracker.release check-version "$TAG"',
        "gap-tracker validate --format github",
        "mkdocs build --strict --site-dir site",
        'python -m gap_tracker.release archive "$TAG" site dist',
    ]
    assert [c for c in commands if c in order] == order
    assert commands[-1].startswith('gh release create "$TAG" dist/* --verify-tag')
    assert job["env"]["TAG"] == "${{ github.ref_name }}"
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the site's history needs every commit"


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml", "release.yml"])
def test_gap_tracker_commands_in_workflows_exist(name: str) -> None:
    """Every `gap-tracker ...` line parses with today's command line, so renaming an option breaks here first."""
    parser = build_parser()
    found = 0
    for command in runs(load(name)):
        words = shlex.split(command.split(">>")[0])
        if words[0] == "gap-tracker":
            parser.parse_args(words[1:])
            found += 1
    assert found
