"""Build a copy of the project with MkDocs, as `mkdocs build --strict` does, for the site tests."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import ROOT
from tests.pr_simulation import ONE_LINE_STATEMENT

PROJECT_PARTS = ("mkdocs.yml", "docs", "technologies", "schema")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy(source, target / part)
    return target


def build_site(project: Path, site_dir: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@dataclass(frozen=True)
class Picked:
    """A technology file of a project copy that a test rewrites, chosen from the data (never named in a test)."""

    path: Path
    rel: str
    """The path relative to the project, as findings give it."""
    tech_id: str
    area: str

    def set_statement(self, value: str) -> None:
        """Replace its first one-line horizon statement with ``value`` (written as a JSON string, which YAML reads)."""
        text = self.path.read_text(encoding="utf-8")
        found = ONE_LINE_STATEMENT.search(text)
        assert found, self.rel
        self.path.write_text(text[: found.start(1)] + json.dumps(value) + text[found.end(1) :], encoding="utf-8")

    def set_name(self, value: str) -> None:
        text = self.path.read_text(encoding="utf-8")
        renamed = re.sub(r"(?m)^name: .*$", lambda _: f"name: {json.dumps(value)}", text, count=1)
        self.path.write_text(renamed, encoding="utf-8")


def pick_technology(project: Path) -> Picked:
    """The first technology (by path) of an area folder with a one-line statement of a horizon."""
    data = project / "technologies"
    for path in sorted(data.glob("*/*.yaml")):
        if path.parent.name != "unassigned" and ONE_LINE_STATEMENT.search(path.read_text(encoding="utf-8")):
            return Picked(path, path.relative_to(project).as_posix(), path.stem, path.parent.name)
    raise AssertionError(f"no technology of {data} has a one-line statement to rewrite")
