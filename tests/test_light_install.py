"""The pre-commit hook installs light: `gap-tracker validate` needs none of the site's packages.

.pre-commit-hooks.yaml installs the package with its base dependencies only (``pip install .``), so
those must be what validating needs; MkDocs, Material, the feed generator and Pagefind are the
``site`` extra. The command line runs here in a fresh interpreter in which importing any of the
site's packages fails, as it would in the hook's environment.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from tests.conftest import FIXTURES, ROOT

SITE_MODULES = ("mkdocs", "material", "feedgen", "pagefind", "pagefind_bin", "jinja2", "markupsafe", "markdown")
SITE_DISTRIBUTIONS = {"mkdocs", "mkdocs-material", "feedgen", "pagefind", "pagefind-bin"}
BLOCKED_RUN = """
import importlib.abc, sys
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is not installed in the hook's environment")
        return None
sys.meta_path.insert(0, Block())
{code}
leaked = sorted({{m.split(".")[0] for m in sys.modules}} & set(BLOCKED))
assert not leaked, leaked
"""


def run_blocked(code: str) -> subprocess.CompletedProcess[str]:
    program = BLOCKED_RUN.format(blocked=SITE_MODULES, code=code)
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False)


def test_validate_runs_without_the_sites_packages() -> None:
    project = FIXTURES / "valid"
    completed = run_blocked(
        "from gap_tracker.cli import main\n"
        f"status = main(['validate', '--root', {str(project)!r}, '--schema-dir', {str(ROOT / 'schema')!r}, "
        "'--stale-after-days', '0'])\n"
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "checked: no problems found." in completed.stdout


def test_the_block_does_stop_an_import_of_the_site_packages() -> None:
    completed = run_blocked("import gap_tracker.plugin\n")
    assert completed.returncode == 1
    assert "is not installed in the hook's environment" in completed.stderr


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[=<>!~ ;]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


def test_the_site_packages_are_an_extra_not_a_base_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not _names(project["dependencies"]) & SITE_DISTRIBUTIONS
    assert _names(project["optional-dependencies"]["site"]) == SITE_DISTRIBUTIONS
    entry_point = project["entry-points"]["mkdocs.plugins"]["gap-tracker"]
    assert entry_point == "gap_tracker.plugin:GapTrackerPlugin", "the site build finds the plugin by this name"
    dev = (ROOT / "build_tools" / "dev.py").read_text(encoding="utf-8")
    assert 'setup("site")' in dev and 'setup("site,test")' in dev, "build/serve and test install the extras"
    for workflow in ("deploy.yml", "pull-request.yml"):
        text = (ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert 'pip install ".[site]"' in text, workflow
