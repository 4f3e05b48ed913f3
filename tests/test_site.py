"""Full-site builds of the real data: what a reader and a contributor get."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from pathlib import Path

import html5lib
import pytest
from mkdocs.exceptions import Abort, PluginError

from gap_tracker.load import load_project
from gap_tracker.model import NOT_STATED, Catalogue
from tests.conftest import ROOT, SCHEMA_DIR
from tests.sitebuild import build_site, copy_project, pick_technology

pytestmark = pytest.mark.site
REPO_EDIT = "https://github.com/critical-tech-gap-tracker/tracker/edit/main/"
GER_TABLE_ROW = re.compile(r"\(Summary Table\)'?, row '([^']+)'")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = load_project(ROOT)
    assert result.ok, [f.message for f in result.findings]
    assert result.catalogue is not None
    return result.catalogue


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    site_dir = project / "site"
    build_site(project, site_dir)
    return site_dir


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_bundled_data_holds_each_row_of_the_ger_2024_table_once(catalogue: Catalogue) -> None:
    """GER 2024's summary table has 27 rows (a fact of the source), each one technology's entry.

    Counted by the rows the entries cite, so a technology from another source, or one citing another
    part of GER 2024, is no row of the table.
    """
    rows = [
        row.group(1)
        for tech in catalogue.technologies
        for citation in tech.sources
        if citation.source == "ger-2024" and (row := GER_TABLE_ROW.search(citation.locator or ""))
    ]
    assert len(rows) == len(set(rows)) == 27, sorted(rows)
    assert len(catalogue.areas) == 8


def test_matrix_lists_every_technology_with_a_link(site: Path, catalogue: Catalogue) -> None:
    page = read(site, "matrix/index.html")
    for tech in catalogue.technologies:
        assert f'href="../technologies/{tech.id}/"' in page, tech.id
        assert html.escape(tech.name) in page
    cells = html5lib.parse(page, namespaceHTMLElements=False).iter("td")
    not_stated = [td for td in cells if any(s.text == NOT_STATED for s in td.iter("span"))]
    assert len(not_stated) == sum(
        1 for t in catalogue.technologies for h in catalogue.horizon_keys if not t.horizons[h].stated
    )


def test_each_technology_page_shows_its_three_statements_verbatim(site: Path, catalogue: Catalogue) -> None:
    for tech in catalogue.technologies:
        text = html.unescape(read(site, f"technologies/{tech.id}/index.html"))
        for h in catalogue.horizon_keys:
            statement = tech.horizons[h].statement
            assert (statement if statement is not None else NOT_STATED) in text, (tech.id, h)
            assert tech.horizons[h].source.locator in text


def meta_description(page: str) -> str:
    found = [
        m.get("content", "")
        for m in html5lib.parse(page, namespaceHTMLElements=False).iter("meta")
        if m.get("name") == "description"
    ]
    assert len(found) == 1, found
    return str(found[0])


def test_pages_have_their_own_meta_description(site: Path, catalogue: Catalogue) -> None:
    """A search engine's snippet or a share card says what the page holds (issue 12 item 9): a
    technology page its area and first statements, an area page its text, the matrix its size."""
    seen = set()
    for tech in catalogue.technologies:
        described = meta_description(read(site, f"technologies/{tech.id}/index.html"))
        assert described.startswith(f"{tech.name} ({catalogue.area_of(tech).name}). "), tech.id
        definition, first = next(iter(catalogue.cells(tech)))
        said = first.statement if first.statement is not None else catalogue.absence(first)
        assert f"{definition.label}: {' '.join(said.split())}"[:100] in described, tech.id
        assert len(described) <= 300
        seen.add(described)
    assert len(seen) == len(catalogue.technologies)
    for area in catalogue.ordered_areas():
        assert meta_description(read(site, f"areas/{area.key}/index.html")).startswith(f"{area.name}: ")
    assert meta_description(read(site, "matrix/index.html")).startswith(f"{len(catalogue.technologies)} critical")


def test_edit_link_opens_the_yaml_file(site: Path, catalogue: Catalogue) -> None:
    for tech in catalogue.technologies:
        page = read(site, f"technologies/{tech.id}/index.html")
        assert f'href="{REPO_EDIT}{tech.path}"' in page, tech.id


def test_area_pages_say_when_rows_are_missing(site: Path, catalogue: Catalogue) -> None:
    for area in catalogue.areas.values():
        page = html.unescape(read(site, f"areas/{area.key}/index.html"))
        assert area.description in page
        if area.coverage_note:
            assert area.coverage_note in page


def test_home_page_shows_coverage_figures(site: Path, catalogue: Catalogue) -> None:
    page = read(site, "index.html")
    assert "<!-- gap-tracker:coverage -->" not in page
    assert f"<strong>{len(catalogue.technologies)}</strong> technologies" in page
    assert "Coverage of the matrix by area and horizon" in page


def test_downloads(site: Path, catalogue: Catalogue) -> None:
    data = json.loads(read(site, "api/technologies.json"))
    assert data["schema_version"] == json.loads((SCHEMA_DIR / "technology.schema.json").read_text())["x-schema-version"]
    assert [t["id"] for t in data["technologies"]] == [t.id for t in catalogue.technologies]
    rows = list(csv.DictReader(io.StringIO(read(site, "api/technologies.csv"))))
    assert len(rows) == len(catalogue.horizons) * len(catalogue.technologies)
    assert {r["horizon"] for r in rows} == set(catalogue.horizon_keys)
    for kind in ("horizons", "areas", "sources", "organisations", "gap-assessments"):
        published = read(site, f"schema/{kind}.schema.json")
        assert published == (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    technology = json.loads(read(site, "schema/technology.schema.json"))
    source = technology["$defs"]["citation"]["properties"]["source"]
    assert source["examples"] == list(catalogue.sources) and "enum" not in source  # completions, never an enum
    assert list(technology["properties"]["horizons"]["properties"]) == catalogue.horizon_keys
    local = json.loads((SCHEMA_DIR / "technology.schema.json").read_text(encoding="utf-8"))
    del technology["properties"]["horizons"]["properties"]
    for part in (technology["$defs"]["citation"]["properties"]["source"], technology["properties"]["area"]):
        part.pop("examples")
    for part in (local["$defs"]["citation"]["properties"]["source"], local["properties"]["area"]):
        part.pop("examples")
    technology["$defs"]["citation"]["properties"]["source"].pop("description")
    local["$defs"]["citation"]["properties"]["source"].pop("description")
    assert technology == local, "apart from the keys of the data, the published schema is the project's"


def test_data_format_page_is_generated_from_the_schema(site: Path) -> None:
    page = read(site, "reference/data-format/index.html")
    schema = json.loads((SCHEMA_DIR / "technology.schema.json").read_text())
    for name, prop in schema["properties"].items():
        assert f"<code>{name}</code>" in page
        assert prop["description"] in html.unescape(page)
    for name in schema["$defs"]["horizon"]["properties"]:
        assert f"<code>{name}</code>" in page


def test_search_index_covers_every_technology_page(site: Path, catalogue: Catalogue) -> None:
    # Pagefind's index is in compressed chunks; tests/test_browser.py searches it for a statement's word.
    entry = json.loads(read(site, "pagefind/pagefind-entry.json"))
    assert entry["languages"]["en"]["page_count"] >= len(catalogue.technologies) + len(catalogue.areas)
    for asset in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "wasm.en.pagefind"):
        assert (site / "pagefind" / asset).is_file(), asset
    # No index of the whole site for every page view to download (Material's search plugin is off).
    assert not (site / "search" / "search_index.json").exists()


def test_no_third_party_fonts_or_scripts(site: Path) -> None:
    for page in ("index.html", "matrix/index.html"):
        text = read(site, page)
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        assert 'data-md-component="source"' not in text


# What a page loads by itself (link rel=alternate/canonical and plain links are only addresses).
_LOADED = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
}
_LOADED_LINKS = {"stylesheet", "preload", "modulepreload", "icon", "prefetch", "preconnect", "dns-prefetch", "manifest"}


def test_no_page_loads_anything_from_another_origin(site: Path) -> None:
    """Every built page: scripts, styles, fonts, images and frames come from the site itself."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    found = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        document = html5lib.parse(text, namespaceHTMLElements=False)
        for element in document.iter():
            attribute = _LOADED.get(element.tag) if isinstance(element.tag, str) else None
            if element.tag == "link" and _LOADED_LINKS & set((element.get("rel") or "").split()):
                attribute = "href"
            value = element.get(attribute, "") if attribute else ""
            if value.startswith(("http:", "https:", "//")):
                found.append(f"{path.relative_to(site)}: <{element.tag} {attribute}={value!r}>")
        found += [f"{path.relative_to(site)}: url({u})" for u in _css_urls(text) if u.startswith(("http", "//"))]
    for path in site.rglob("*.css"):
        found += [
            f"{path.relative_to(site)}: url({u})"
            for u in _css_urls(path.read_text(encoding="utf-8"))
            if u.startswith(("http", "//"))
        ]
    assert found == []


def _css_urls(text: str) -> list[str]:
    import re

    return [u.strip("'\" ") for u in re.findall(r"url\(([^)]*)\)", text)] + re.findall(
        r"@import\s+['\"]([^'\"]+)", text
    )


MARKDOWN_SYNTAX = (
    '*emphasis* __strong__ [x](https://evil.example/y) ![i](https://evil.example/i.png) {: onclick="alert(5)" } `code`'
)
HOSTILE_NAME = 'Batteries &lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt; *name* & "q"'


def test_hostile_text_is_shown_as_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    tech = pick_technology(project)
    payload = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ 7*7 }} [x](javascript:alert(3)) | =1+1"
    tech.set_statement(payload)
    tech.set_name(HOSTILE_NAME)
    build_site(project, project / "site")
    page = (project / f"site/technologies/{tech.tech_id}/index.html").read_text()
    assert html.escape(payload, quote=False) in page or html.escape(payload) in page
    document = html5lib.parse(page, namespaceHTMLElements=False)
    assert not [s for s in document.iter("script") if "alert" in (s.text or "")]
    assert not [e for e in document.iter() if "onerror" in e.attrib or "onclick" in e.attrib]
    assert not [a for a in document.iter("a") if a.get("href", "").startswith(("javascript:", "https://evil"))]
    assert not [i for i in document.iter("img") if "evil" in i.get("src", "")]
    assert "{{ 7*7 }}" in html.unescape(page) and ">49<" not in page
    # The title in the tab, the header and the h1: the name as text, whatever it holds.
    assert [t.text for t in document.iter("title")] == [f"{HOSTILE_NAME} - Critical Technology Gap Tracker"]
    assert [h.text for h in document.iter("h1")] == [HOSTILE_NAME]
    # The meta description (the theme prints it without escaping: the plugin escapes it) holds the text.
    described = [m.get("content") for m in document.iter("meta") if m.get("name") == "description"]
    assert len(described) == 1 and described[0].startswith(f"{HOSTILE_NAME} ("), described
    topic = next(d for d in document.iter("div") if d.get("data-md-component") == "header-topic")
    assert " ".join("".join(topic.itertext()).split()) == HOSTILE_NAME
    rows = list(csv.reader(io.StringIO((project / "site/api/technologies.csv").read_text())))
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_generated_pages_do_not_pass_through_markdown(tmp_path: Path) -> None:
    """Markdown syntax in data stays literal text on every page that shows it (no Markdown pass)."""
    project = copy_project(tmp_path / "project")
    tech = pick_technology(project)
    tech.set_statement(MARKDOWN_SYNTAX)
    build_site(project, project / "site")
    for page in (
        f"technologies/{tech.tech_id}/index.html",
        "matrix/index.html",
        f"areas/{tech.area}/index.html",
    ):
        source = (project / "site" / page).read_text(encoding="utf-8")
        document = html5lib.parse(source, namespaceHTMLElements=False)
        statements = ["".join(s.itertext()) for s in document.iter("span") if s.get("class") == "gt-statement"]
        assert MARKDOWN_SYNTAX in statements, page
        assert "<em>emphasis</em>" not in source and "<strong>strong</strong>" not in source, page


def test_invalid_data_stops_the_build_and_keeps_the_last_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = copy_project(tmp_path / "project")
    site_dir = project / "site"
    build_site(project, site_dir)
    before = _tree_digest(site_dir)
    broken = pick_technology(project)
    lines = broken.path.read_text(encoding="utf-8").split("\n")
    line = lines.index(f"area: {broken.area}")
    lines[line] = "area: powr"
    broken.path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises((PluginError, Abort)):
        build_site(project, site_dir)
    assert f"{broken.rel}:{line + 1}:7: error: unknown area 'powr'" in caplog.text
    assert "Traceback" not in caplog.text
    assert _tree_digest(site_dir) == before


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_every_page_footer_and_the_json_download_state_the_licence(site: Path) -> None:
    footer = read(site, "index.html").split('<div class="md-copyright__highlight">', 1)[1].split("</div>", 1)[0]
    assert 'LICENSE-data">CC BY 4.0</a>' in footer and 'LICENSE">Apache-2.0</a>' in footer
    assert json.loads(read(site, "api/technologies.json"))["license"]["id"] == "CC-BY-4.0"
    assert json.loads(read(site, "api/datapackage.json"))["licenses"][0]["name"] == "CC-BY-4.0"
