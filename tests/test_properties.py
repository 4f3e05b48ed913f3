"""Property-based tests: valid entries pass, broken files give findings (never exceptions),
and whatever text an accepted entry holds, the rendered page has only the markup our templates write.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import html5lib
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from gap_tracker.load import load_project
from gap_tracker.model import Catalogue
from gap_tracker.render.matrix import render_matrix_page
from gap_tracker.render.technology import render_technology_page
from gap_tracker.schemas import SchemaSet
from gap_tracker.textsafe import HIDDEN
from gap_tracker.yaml_load import parse_bytes, parse_text
from tests.conftest import FIXTURES, SCHEMA_DIR, TODAY

SCHEMA = json.loads((SCHEMA_DIR / "technology.schema.json").read_text(encoding="utf-8"))
SCHEMAS = SchemaSet.load(SCHEMA_DIR)
VALID_TEXT = (FIXTURES / "valid/technologies/power/low-temperature-and-long-life-batteries.yaml").read_text()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
DEFS = SCHEMA["$defs"]


PARTS = {
    name: from_schema({**DEFS[name], "$defs": DEFS})
    for name in ("key", "date", "title_text", "text", "citation", "target", "demonstration", "external_id")
}
"""Values of each definition of the schema, built once (generating the whole schema at once is far too slow)."""


def _part(name: str) -> st.SearchStrategy[Any]:
    return PARTS[name]


def _one(name: str) -> st.SearchStrategy[list[Any]]:
    return st.lists(PARTS[name], max_size=1)


@st.composite
def _horizons(draw: st.DrawFn) -> dict[str, Any]:
    horizon: dict[str, Any] = {"source": draw(_part("citation"))}
    if draw(st.booleans()):
        horizon["statement"] = draw(_part("text"))
    else:
        horizon["not_stated"] = True
    for key, values in (("targets", _one("target")), ("demonstrations", _one("demonstration"))):
        found = draw(values)
        if found:
            horizon[key] = found
    return horizon


ENTRIES = st.fixed_dictionaries(
    {
        "id": _part("key"),
        "name": _part("title_text"),
        "horizons": st.fixed_dictionaries({"today": _horizons(), "moon": _horizons(), "mars": _horizons()}),
        "sources": st.lists(_part("citation"), min_size=1, max_size=2, unique_by=json.dumps),
        "last_reviewed": _part("date"),
    },
    optional={
        "description": _part("text"),
        "demonstrations": _one("demonstration"),
        "external_ids": _one("external_id"),
    },
).filter(lambda entry: not HIDDEN.search(json.dumps(entry, ensure_ascii=False)))
"""Technology entries built from the schema's own definitions; each is checked against the schema.

The schema's text patterns cannot name characters beyond U+FFFF portably (editors read them as
ECMA-262 patterns without the u flag), so the tag characters U+E0000-U+E007F that the input policy
refuses (``textsafe.HIDDEN``, golden case tag-character) are left out of the generated text here."""

# Everything the templates themselves write; anything else in a page came from the data.
ALLOWED_TAGS = {
    "html", "head", "body", "h1", "h2", "h3", "p", "div", "section", "span", "strong", "em", "q", "cite",
    "a", "ul", "li", "dl", "dt", "dd", "code", "time", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "blockquote", "footer", "br", "details", "summary",
    "ol",  # the evidence timeline (templates/pages/evidence.html)
    # the matrix filters (render/matrix_filters.py)
    "form", "fieldset", "legend", "label", "input", "select", "optgroup", "option", "button",
    # suggested views (render/matrix_views.py) and the "Cite this" box (render/citing.py)
    "nav", "aside", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "href", "class", "id", "rel", "scope", "colspan", "data-area", "title", "aria-labelledby", "aria-hidden", "datetime",
    # what the matrix rows carry for the filters, and the filter controls' own attributes
    "data-today", "data-moon", "data-mars", "data-orgs", "data-label", "data-table", "data-horizons", "aria-colspan",
    "role", "aria-label", "aria-live", "hidden", "type", "name", "for", "value", "label",
    "autocomplete", "spellcheck", "placeholder",
    "data-grades",  # the evidence layer: each row's source grades, for the grade filter
    "aria-expanded", "aria-controls",  # the matrix's "More filters" button (a phone folds the filters)
    "data-pagefind-ignore",  # labels left out of the search index (search.py)
    "data-total", "data-rows",  # a large matrix: its technology count, and where its other rows are (render/matrix.py)
}  # fmt: skip


def _normalise(entry: dict[str, Any]) -> dict[str, Any]:
    """Make a schema-valid entry satisfy the cross-file rules (known keys, id = file name, past date)."""
    entry = json.loads(json.dumps(entry))
    entry["id"] = "generated-entry"
    entry["area"] = "power"
    entry["last_reviewed"] = "2026-01-01"
    for key in ("related", "gap_assessments"):
        entry.pop(key, None)

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if "locator" in node and "source" in node:
                node["source"] = "ger-2024"
            node.pop("organisations", None)
            if "targets" in node:
                node.pop("targets")
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)
            unique = {json.dumps(value, sort_keys=True): value for value in node}  # sources all became ger-2024
            node[:] = unique.values()

    fix(entry)
    return entry


def _write(project: Path, entry: dict[str, Any]) -> None:
    path = project / "technologies" / "power" / "generated-entry.yaml"
    path.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")


def _fresh_project(tmp_path_factory: Any) -> Path:
    project = Path(tmp_path_factory.mktemp("prop")) / "project"
    shutil.copytree(FIXTURES / "valid", project)
    return project


@SETTINGS
@given(entry=ENTRIES)
def test_schema_valid_entries_always_pass(tmp_path_factory: Any, entry: dict[str, Any]) -> None:
    assert SCHEMAS.check("technology", entry) == []  # the strategy stays inside the schema
    project = _fresh_project(tmp_path_factory)
    _write(project, _normalise(entry))
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY, schemas=SCHEMAS)
    assert [f.message for f in result.errors] == []  # warnings (pasted-looking text) may well come


@SETTINGS
@given(entry=ENTRIES)
def test_rendered_pages_hold_only_template_markup(tmp_path_factory: Any, entry: dict[str, Any]) -> None:
    project = _fresh_project(tmp_path_factory)
    _write(project, _normalise(entry))
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY, schemas=SCHEMAS)
    assert [f.message for f in result.errors] == []
    assert result.catalogue is not None
    catalogue: Catalogue = result.catalogue
    tech = catalogue.get("generated-entry")
    assert tech is not None
    for page in (render_technology_page(catalogue, tech), render_matrix_page(catalogue)):
        _assert_only_template_markup(str(page.html))


def _assert_only_template_markup(page: str) -> None:
    """The page as MkDocs publishes it: final HTML, no Markdown pass."""
    document = html5lib.parse(page, namespaceHTMLElements=False)
    for element in document.iter():
        assert element.tag in ALLOWED_TAGS, element.tag
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES, element.attrib
        href = element.get("href", "")
        assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), href


_MUTATION_ALPHABET = st.sampled_from([*list(":-[]{}&*!|>'\"#%@`\t\n ~?,"), "\u202e", "\x00", "\ufeff", "é"])


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = VALID_TEXT
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "indent"]))
        if action == "insert":
            text = text[:position] + draw(st.text(_MUTATION_ALPHABET, min_size=1, max_size=4)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)) :]
        elif action == "duplicate-line":
            lines = text.splitlines(keepends=True)
            index = min(position, len(lines) - 1) if lines else 0
            text = "".join(lines[: index + 1] + lines[index:])
        else:
            lines = text.splitlines(keepends=True)
            index = position % max(len(lines), 1)
            if lines:
                lines[index] = "  " + lines[index]
            text = "".join(lines)
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=_mutated())
def test_mutated_files_give_findings_never_exceptions(tmp_path_factory: Any, text: str) -> None:
    project = _fresh_project(tmp_path_factory)
    path = project / "technologies" / "power" / "low-temperature-and-long-life-batteries.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY, schemas=SCHEMAS)
    for finding in result.findings:
        assert finding.line >= 1 and finding.message and finding.fix


@settings(max_examples=400, deadline=None)
@given(raw=st.binary(max_size=3000))
def test_loader_fuzz_arbitrary_bytes(raw: bytes) -> None:
    parsed = parse_bytes(raw)
    assert parsed.data is None or not parsed.problems
    for problem in parsed.problems:
        assert problem.message and problem.fix


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400))
def test_loader_fuzz_arbitrary_text(text: str) -> None:
    parsed = parse_text(text)
    for problem in parsed.problems:
        assert problem.line >= 1 and problem.message
