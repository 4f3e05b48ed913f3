"""CITATION.cff is valid Citation File Format 1.2.0 and names the release it describes.

``tests/fixtures/cff-1.2.0.schema.json`` is the CFF 1.2.0 JSON Schema as published by the Citation
File Format project (CC-BY-4.0), copied from the cffconvert 2.0.0 package (cffconvert itself needs
jsonschema < 4, so it cannot run beside this project's pinned jsonschema).
"""

from __future__ import annotations

import json
import tomllib

import jsonschema
import yaml

from gap_tracker import __version__
from tests.conftest import FIXTURES, ROOT


def test_citation_file_is_valid_cff_1_2_0() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((FIXTURES / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(citation)]
    assert errors == []
    assert citation["cff-version"] == "1.2.0"


def test_citation_names_this_release_and_invents_nothing() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["version"] == project["version"] == __version__
    assert citation["authors"] == [{"name": "Critical Technology Gap Tracker contributors"}]
    assert "doi" not in citation and "identifiers" not in citation
    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert citation["repository-code"] == mkdocs["repo_url"]
    assert citation["url"] == mkdocs["site_url"]
