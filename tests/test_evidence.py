"""The evidence layer: graded sources, evidence items, area-level needs, missions, their pages and figures.

Registry cases are golden files too: each ``tests/fixtures/invalid/registries/<case>.yaml`` names on
its first line the registry it replaces (``# replaces: technologies/sources.yaml``); its findings must
equal ``<case>.expected`` (``UPDATE_GOLDEN=1`` rewrites them). Other tests build small data sets on a
copy of the valid fixture tree, so none depends on the bundled data.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from gap_tracker.findings import Severity
from gap_tracker.load import load_project
from gap_tracker.model import Catalogue
from gap_tracker.render import area
from gap_tracker.render.evidence import evidence_coverage, horizon_evidence, render_missions_page
from gap_tracker.render.matrix import render_matrix_page
from gap_tracker.render.pagefacts import split
from gap_tracker.render.technology import render_technology_page
from gap_tracker.report import format_text
from tests.conftest import FIXTURES, SCHEMA_DIR, TODAY
from tests.registrykit import add_entries

REGISTRY_CASES = sorted((FIXTURES / "invalid" / "registries").glob("*.yaml"))
BATTERIES = "technologies/power/low-temperature-and-long-life-batteries.yaml"
MOON = "  moon:\n    statement: Lunar night temperatures and duration\n"


def _load(project: Path) -> tuple[list[str], Catalogue]:
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.catalogue is not None
    return [format_text(f) for f in result.sorted_findings()], result.catalogue


def _add_evidence(project: Path, evidence: str) -> None:
    path = project / BATTERIES
    path.write_text(path.read_text(encoding="utf-8").replace(MOON, MOON + evidence, 1), encoding="utf-8")


def _add_sources(project: Path, text: str) -> None:
    add_entries(project / "technologies" / "sources.yaml", text)


EVIDENCE = """    evidence:
      - date: "2024-01"
        kind: measurement
        fact: A lander kept its batteries warm.
        mission: slim
        quantities:
          - quote: 10 metres
            value: 10
            unit: metres
            measures: landing accuracy
        sources:
          - source: {source}
            locator: page 3
            quote: SLIM landed within 10 metres <script>
"""
NEWS = "daily-news:\n  title: A newspaper article\n  publisher: A Newspaper\n  grade: news\n"
MISSIONS = """slim:
  name: SLIM & co
  kind: mission
  technologies:
    - low-temperature-and-long-life-batteries
  claims:
    - event: landing
      when: January 2024
      source:
        source: ger-2024
        locator: Ch. 5, line 713
        quote: landed in January 2024
    - event: landing
      when: in 2023
      source:
        source: daily-news
        locator: paragraph 2
        quote: the lander is due to land in 2023
"""


@pytest.mark.parametrize("case", REGISTRY_CASES, ids=lambda path: path.stem)
def test_invalid_registry_case(case: Path, valid_project: Path) -> None:
    text = case.read_text(encoding="utf-8")
    target = re.match(r"# replaces: (\S+)\n", text)
    assert target, f"{case.name}: the first line must be '# replaces: technologies/<registry>.yaml'"
    (valid_project / target.group(1)).write_text(text, encoding="utf-8")
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    lines = [format_text(f) for f in result.sorted_findings()]
    expected_file = case.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not result.ok
    assert lines == expected_file.read_text(encoding="utf-8").splitlines()
    assert all(f.line > 0 for f in result.findings), "every finding names a line"


def test_a_fact_resting_only_on_general_news_is_a_warning(valid_project: Path) -> None:
    _add_sources(valid_project, NEWS)
    _add_evidence(valid_project, EVIDENCE.format(source="daily-news").replace("        mission: slim\n", ""))
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.ok
    [warning] = result.findings
    assert warning.severity is Severity.WARNING
    assert warning.rule == "graded-sources"
    assert "only on general news (daily-news)" in warning.message


def test_a_better_source_lifts_the_warning_and_the_refusal(valid_project: Path) -> None:
    evidence = EVIDENCE.format(source="aliensandspace-prime-1").replace("        mission: slim\n", "")
    evidence += "          - source: ger-2024\n            locator: Ch. 5, line 713\n            quote: SLIM landed\n"
    _add_evidence(valid_project, evidence)
    findings, _ = _load(valid_project)
    assert findings == []


def test_a_claim_from_news_is_shown_as_that_sources_claim_without_warning(valid_project: Path) -> None:
    _add_sources(valid_project, NEWS)
    (valid_project / "technologies" / "missions.yaml").write_text(MISSIONS, encoding="utf-8")
    findings, catalogue = _load(valid_project)
    assert findings == []
    page = str(render_missions_page(catalogue).html)
    # Both claims, each with its own source and grade; no merged date.
    assert "<strong>January 2024</strong>" in page and "<strong>in 2023</strong>" in page
    assert "[General news]" in page and "[Agency or intergovernmental document]" in page
    assert "undated source" in page  # daily-news has no date
    assert "SLIM &amp; co" in page


def test_a_claim_from_other_is_kept_only_with_corroboration(valid_project: Path) -> None:
    claim = """x:
  name: X
  kind: mission
  claims:
    - event: launch
      when: in 2028
      source:
        source: aliensandspace-prime-1
        locator: post
        quote: launch in 2028
      corroboration:
        - source: ger-2024
          locator: Ch. 5
          quote: launch windows in 2028
"""
    (valid_project / "technologies" / "missions.yaml").write_text(claim, encoding="utf-8")
    findings, _ = _load(valid_project)
    assert findings == []


def test_technology_page_shows_the_evidence_timeline_with_grades(valid_project: Path) -> None:
    (valid_project / "technologies" / "missions.yaml").write_text(MISSIONS.replace("daily-news", "ger-2024"))
    newer = EVIDENCE.format(source="ger-2024")
    older = newer.replace("    evidence:\n", "").replace('"2024-01"', '"2019"').replace("A lander", "An older lander")
    _add_evidence(valid_project, newer + older)
    findings, catalogue = _load(valid_project)
    assert findings == []
    tech = catalogue.get("low-temperature-and-long-life-batteries")
    assert tech is not None
    page = str(render_technology_page(catalogue, tech).html)
    timeline = page[page.index('<ol class="gt-evidence">') :]
    assert timeline.index("2019") < timeline.index("2024-01"), "oldest first"
    assert "Measured value" in timeline and "10 metres (landing accuracy)" in timeline
    assert "[Agency or intergovernmental document]" in timeline
    assert "&lt;script&gt;" in timeline and "<script>" not in page
    assert "does not set the gap status" in page
    assert 'href="../../missions/#slim"' in page


def test_area_needs_on_the_area_page_and_in_the_matrix(valid_project: Path) -> None:
    areas = valid_project / "technologies" / "areas.yaml"
    text = areas.read_text(encoding="utf-8")
    locator = "    locator: Ch. 8 'Technologies for Space Exploration' (p. 49-59), section 'Critical Technology Areas', heading 'Power'"
    need = (
        "\n  needs:\n    - need: Power standards\n      source:\n        source: ger-2024\n"
        "        locator: Ch. 8, 'Power', GER 2024 text line 1114\n"
        "        quote: interoperable systems and power standards\n"
        "      technologies:\n        - lox-liquid-methane-cryogenic-propulsion-system"
    )
    start = text.index(locator)
    end = text.index("\n", start)
    areas.write_text(text[:end] + need + text[end:], encoding="utf-8")
    findings, catalogue = _load(valid_project)
    assert findings == []
    area_page = str(dict(area.pages(*split(catalogue, area.row_facts)))["areas/power.md"].html)
    assert "Area-level needs" in area_page and "not rows of the summary table" in area_page
    assert "line 1114" in area_page and "<q>interoperable systems and power standards</q>" in area_page
    matrix = str(render_matrix_page(catalogue).html)
    assert "Area-level needs (not table rows):</span> Power standards." in matrix
    unassigned = catalogue.get("lox-liquid-methane-cryogenic-propulsion-system")
    assert unassigned is not None
    page = str(render_technology_page(catalogue, unassigned).html)
    assert "Area text that relates to it" in page and "stays unassigned" in page


def test_matrix_rows_carry_the_grades_of_their_sources(valid_project: Path) -> None:
    _add_sources(valid_project, NEWS)
    evidence = EVIDENCE.format(source="daily-news").replace("        mission: slim\n", "")
    evidence += "          - source: ger-2024\n            locator: Ch. 5\n            quote: SLIM landed\n"
    _add_evidence(valid_project, evidence)
    _, catalogue = _load(valid_project)
    matrix = str(render_matrix_page(catalogue).html)
    row = re.search(r'<tr id="low-temperature-and-long-life-batteries"[^>]*>', matrix)
    assert row and 'data-grades="agency-document news"' in row.group(0)


def test_coverage_figures_count_cells_from_the_data(valid_project: Path) -> None:
    _add_evidence(valid_project, EVIDENCE.format(source="ger-2024").replace("        mission: slim\n", ""))
    _, catalogue = _load(valid_project)
    figures = evidence_coverage(
        catalogue, (horizon_evidence(catalogue, h) for t in catalogue.technologies for h in t.horizons.values())
    )
    cells = [t.horizons[h] for t in catalogue.technologies for h in ("today", "moon", "mars")]
    assert figures.cells == len(cells)
    assert figures.stated == sum(h.stated for h in cells)
    assert figures.with_evidence == 1 and figures.evidence_items == 1
    assert figures.with_quantities == sum(bool(h.targets or any(e.quantities for e in h.evidence)) for h in cells)
    assert figures.by_grade == {"agency-document": 1}
