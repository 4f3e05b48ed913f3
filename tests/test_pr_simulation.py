"""The three typical data pull requests, made on a copy of the repository, pass every check that reads the data.

tests/pr_simulation.py makes them on a git clone of this checkout, each one commit: a technology
added with ``gap-tracker new`` and filled in, a statement of every technology reworded, a file
renamed with its old id under ``former_ids``. The copy is then checked as CI checks a pull
request: ``gap-tracker validate``, the diff report, and this suite's own test modules that read the
bundled data (the strict site builds, every statement on its page, history, feeds, downloads, ...),
run on the copy. A test that pins the live data (a count, a name, a statement, a date) fails here.
The browser tests are left to the maintainers' full run (``.venv/bin/python tests/pr_simulation.py``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.pr_simulation import (
    NEW_NAME,
    SIMULATION_ENV,
    PullRequest,
    code_env,
    copy_repository,
    gap_tracker,
    git,
    simulate,
)

pytestmark = pytest.mark.site
READS_THE_DATA = re.compile(r"\bROOT\b|tests\.gitrepo|tests\.sitebuild|copy_project|horizon_keys\(\)")
"""A test module that names the project's root, or copies it, reads the bundled data."""


@dataclass(frozen=True)
class Simulation:
    root: Path
    base: str
    """The commit before the pull requests."""
    pull_requests: dict[str, PullRequest]


@pytest.fixture(scope="module")
def simulation(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
    if os.environ.get(SIMULATION_ENV):
        pytest.skip("this run is the simulation's own copy: it does not start another one")
    root = copy_repository(ROOT, tmp_path_factory.mktemp("pr-simulation") / "copy")
    base = git(root, "rev-parse", "HEAD").strip()
    return Simulation(root, base, {pr.kind: pr for pr in simulate(root)})


def data_facing_modules(tests: Path) -> list[str]:
    return sorted(
        path.name
        for path in tests.glob("test_*.py")
        if path.name != Path(__file__).name and READS_THE_DATA.search(path.read_text(encoding="utf-8"))
    )


def pytest_in(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=root, env=code_env(root), capture_output=True, text=True, check=False)


def test_each_pull_request_is_one_commit_and_the_result_validates(simulation: Simulation) -> None:
    subjects = git(simulation.root, "log", "--format=%s", f"{simulation.base}..HEAD").splitlines()
    assert len(subjects) == 3 and subjects[-1] == f"Add {NEW_NAME}"
    done = gap_tracker(simulation.root, "validate")
    assert done.returncode == 0 and ": error:" not in done.stdout, done.stdout + done.stderr


def test_the_diff_report_tells_each_change(simulation: Simulation) -> None:
    done = gap_tracker(simulation.root, "diff", simulation.base, "HEAD")
    assert done.returncode == 0, done.stderr
    added, edited, renamed = (simulation.pull_requests[k] for k in ("add", "edit", "rename"))
    changed = len(set(edited.technologies) - set(added.technologies) - {renamed.former_id})
    assert f"1 added, 1 renamed, {changed} changed" in done.stdout
    assert NEW_NAME in done.stdout
    assert f"`{renamed.former_id}` → `{renamed.technologies[0]}`" in done.stdout


def test_the_tests_that_read_the_data_pass_on_the_copy(simulation: Simulation) -> None:
    modules = data_facing_modules(simulation.root / "tests")
    assert {"test_cli.py", "test_site.py", "test_timeline_site.py"} <= set(modules)
    done = pytest_in(simulation.root, "-m", "not browser", *(f"tests/{m}" for m in modules))
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_a_test_pinning_the_live_data_fails_on_the_copy(simulation: Simulation) -> None:
    """The check above can fail: a test that pins what a pull request changes does fail on the copy."""
    probe = simulation.root / "tests" / "test_pinned_probe.py"
    renamed = simulation.pull_requests["rename"].former_id
    probe.write_text(
        "from tests.conftest import ROOT\n\n\n"
        "def test_pinned() -> None:\n"
        f"    assert list(ROOT.glob('technologies/*/{renamed}.yaml'))\n",
        encoding="utf-8",
    )
    try:
        assert probe.name in data_facing_modules(probe.parent)
        done = pytest_in(simulation.root, f"tests/{probe.name}")
    finally:
        probe.unlink()
    assert done.returncode == 1 and "1 failed" in done.stdout, done.stdout


def test_the_pull_request_workflow_steps_pass_on_the_copy(simulation: Simulation, tmp_path: Path) -> None:
    """The data job's own commands (validate, diff, strict build), read from the workflow, run on the copy."""
    workflow = yaml.safe_load((simulation.root / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    commands = [
        step["run"]
        for step in workflow["jobs"]["data"]["steps"]
        if step.get("run", "").startswith(("gap-tracker ", "mkdocs "))
    ]
    assert len(commands) >= 3
    summary = tmp_path / "summary.md"
    env = {
        **code_env(simulation.root),
        "PATH": os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", ""))),
        "BASE": simulation.base,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "true",
    }
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command], cwd=simulation.root, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (command, done.stdout[-4000:], done.stderr[-4000:])
    assert NEW_NAME in summary.read_text(encoding="utf-8")
    assert (simulation.root / "site" / "index.html").is_file()
