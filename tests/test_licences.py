"""The licences are stated wherever the data goes: files, citation metadata, downloads and the site footer."""

from __future__ import annotations

import json
import tomllib

import yaml

from gap_tracker.licences import CODE_LICENCE, DATA_LICENCE
from gap_tracker.load import load_project
from gap_tracker.render.downloads import render_datapackage, render_json
from tests.conftest import FIXTURES, ROOT, SCHEMA_DIR, TODAY


def test_the_licence_files_hold_the_licence_texts_and_say_what_they_cover() -> None:
    code = (ROOT / CODE_LICENCE.file).read_text(encoding="utf-8")
    assert code.lstrip().startswith("Apache License\n") and "Version 2.0, January 2004" in code
    data = (ROOT / DATA_LICENCE.file).read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in data
    notice = data.split("Creative Commons Attribution 4.0 International Public License")[0]
    assert "Quoted text is not ours to license" in notice
    assert "remains the International Space Exploration Coordination Group's (ISECG)" in notice
    assert "carries no copyright or licence notice" in notice, "says what the roadmap's own notice says"


def test_citation_metadata_and_package_name_the_licences() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["type"] == "dataset" and citation["license"] == DATA_LICENCE.spdx
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == CODE_LICENCE.spdx


def test_the_site_footer_links_both_licence_files() -> None:
    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    footer = mkdocs["copyright"]
    for licence, label in ((DATA_LICENCE, "CC BY 4.0"), (CODE_LICENCE, "Apache-2.0")):
        assert f'<a href="{mkdocs["repo_url"]}/blob/main/{licence.file}">{label}</a>' in footer
    assert "remain the text of the documents they cite" in footer


def test_the_downloads_carry_the_data_licence() -> None:
    result = load_project(FIXTURES / "valid", schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.catalogue is not None
    licence = json.loads(render_json(result.catalogue))["license"]
    assert (licence["id"], licence["url"]) == (DATA_LICENCE.spdx, DATA_LICENCE.url)
    assert "remains that document's publisher's text" in licence["quoted_text"]
    package = json.loads(render_datapackage(result.catalogue, "https://example.org/", {"commit": "abc"}))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": DATA_LICENCE.url, "title": DATA_LICENCE.title}]
