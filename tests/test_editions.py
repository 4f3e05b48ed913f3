"""Earlier statements (editions as data) on the technology page, in the JSON and in the edition comparison.

The real data records no earlier statement (the 2019 report's per-technology pages were not
readable), so these tests add one, clearly marked as test text, to a copy of the valid fixtures.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from markupsafe import escape

from gap_tracker.load import load_project
from gap_tracker.model import Catalogue
from gap_tracker.render import editions
from gap_tracker.render.downloads import render_json
from gap_tracker.render.pagefacts import split
from gap_tracker.render.technology import render_technology_page
from tests.conftest import SCHEMA_DIR, TODAY
from tests.registrykit import add_entries

BATTERIES = "technologies/power/low-temperature-and-long-life-batteries.yaml"
EARLIER = "Test text standing for an earlier edition's words"


def with_earlier_statement(project: Path) -> Catalogue:
    path = project / BATTERIES
    text = path.read_text(encoding="utf-8")
    anchor = "  mars:\n"
    earlier = (
        "    earlier:\n"
        f"      - statement: {EARLIER} <i>\n"
        "        source:\n"
        "          source: isecg-ctn-2019\n"
        "          locator: Test locator\n"
    )
    path.write_text(text.replace(anchor, earlier + anchor, 1), encoding="utf-8")
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.ok, [f.message for f in result.findings]
    assert result.catalogue is not None
    return result.catalogue


def test_existing_files_need_no_migration(valid_project: Path) -> None:
    """Schema 1.1.0 only adds optional fields: every file of the 1.0.0 data is still valid."""
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.ok and result.catalogue is not None
    assert result.catalogue.schema_version == "1.1.0"


def test_earlier_statement_is_shown_beneath_the_current_one(valid_project: Path) -> None:
    catalogue = with_earlier_statement(valid_project)
    tech = catalogue.get("low-temperature-and-long-life-batteries")
    assert tech is not None
    page = str(render_technology_page(catalogue, tech).html)
    moon = page[page.index("gt-horizon-moon") : page.index("gt-horizon-mars")]
    assert moon.index("Lunar night temperatures and duration") < moon.index("Earlier editions said")
    assert str(escape(f"{EARLIER} <i>")) + "</span> (2019-12-13)" in moon
    assert "Test locator" in moon
    assert "Earlier editions said" not in page[page.index("gt-horizon-today") : page.index("gt-horizon-moon")]
    data = json.loads(render_json(catalogue))
    entry = next(t for t in data["technologies"] if t["id"] == tech.id)
    assert entry["horizons"]["moon"]["earlier"] == [
        {
            "statement": f"{EARLIER} <i>",
            "source": {"source": "isecg-ctn-2019", "locator": "Test locator"},
            "not_addressed": False,
        }
    ]


def test_comparison_shows_recorded_statements_as_reworded(valid_project: Path) -> None:
    catalogue = with_earlier_statement(valid_project)
    comparison = editions.compare(catalogue, "isecg-ctn-2019", "ger-2024")
    assert [t.id for t, _ in comparison.both] == ["low-temperature-and-long-life-batteries"]
    assert [t.id for t, _ in comparison.only_older] == ["lox-liquid-methane-cryogenic-propulsion-system"]
    assert {t.id for t in comparison.only_newer} == {"nuclear-power-for-surface-missions", "implicit-typing-stays-text"}
    assert comparison.earlier_statements() == [(comparison.both[0][0], "moon")]
    page = html.unescape(re.sub(r"<[^>]+>", " ", str(editions.render_comparison(catalogue, comparison).html)))
    words = " ".join(page.split())
    assert "Statements of GER Critical Technology Needs 2019 are recorded for 1 horizons" in words
    assert f"Moon: {EARLIER} <i> Moon: Lunar night temperatures and duration reworded" in words
    assert "No statement of" not in words
    # what moved, in words: the earlier statement's removed words struck, the current one's added words marked
    markup = str(editions.render_comparison(catalogue, comparison).html)
    removed = re.findall(r"<del>(.*?)</del>", markup)
    added = re.findall(r"<ins>(.*?)</ins>", markup)
    assert removed and added
    assert "&lt;i&gt;" in " ".join(removed)  # the data's text stays escaped inside the marks
    assert "Lunar night temperatures" in " ".join(added) and "Test text standing" in " ".join(removed)


def test_without_earlier_statements_the_comparison_says_so(valid_project: Path) -> None:
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.catalogue is not None
    comparison = editions.compare(result.catalogue, "isecg-ctn-2019", "ger-2024")
    page = str(editions.render_comparison(result.catalogue, comparison).html)
    assert "No statement of GER Critical Technology Needs 2019 is recorded, so no statement is compared" in page
    assert "reworded" not in page


FICTIONAL_EDITION = """test-ger-2027:
  title: Test edition standing for a newer roadmap (undated, so that no date is in the future)
  short_title: Test GER 2027
  edition: test edition
  publisher: Test publisher
  grade: agency-document
"""
NEWER_WORDS = "Test words standing for a newer edition's statement"


def with_newer_edition(project: Path) -> None:
    """What a contributor does for a new edition: one source entry, one statement moved under earlier."""
    sources = project / "technologies" / "sources.yaml"
    add_entries(sources, FICTIONAL_EDITION)
    path = project / BATTERIES
    text = path.read_text(encoding="utf-8")
    start = text.index("  moon:\n")
    end = text.index("  mars:\n")
    old = text[start:end]
    new = (
        f"  moon:\n    statement: {NEWER_WORDS}\n    source:\n      source: test-ger-2027\n"
        "      locator: Test locator in the newer edition\n    earlier:\n"
        "      - statement: Lunar night temperatures and duration\n        source:\n"
        + "\n".join("    " + line for line in old.splitlines()[3:5])
        + "\n"
    )
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")


def test_a_new_edition_in_the_data_shows_on_the_page_the_editions_page_and_the_diff(valid_project: Path) -> None:
    from gap_tracker.datadiff import diff_refs, to_markdown
    from gap_tracker.history import History
    from gap_tracker.timeline import Timeline
    from tests.test_datadiff import git

    git(valid_project, "init", "-q", "-b", "main")
    git(valid_project, "add", "-A")
    git(valid_project, "commit", "-q", "-m", "base")
    with_newer_edition(valid_project)
    result = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.ok, [f"{f.location}: {f.message}" for f in result.findings]
    catalogue = result.catalogue
    assert catalogue is not None
    tech = catalogue.get("low-temperature-and-long-life-batteries")
    assert tech is not None

    page = html.unescape(str(render_technology_page(catalogue, tech).html))
    moon = page[page.index("gt-horizon-moon") : page.index("gt-horizon-mars")]
    assert moon.index(NEWER_WORDS) < moon.index("Earlier editions said") < moon.index("Lunar night temperatures")
    assert "Test GER 2027" in moon and "(2024-08)" in moon

    pairs = Timeline(catalogue, History.unavailable("not read in this test")).edition_pairs
    registries, facts = split(catalogue, editions.edition_facts(pairs))
    files = {path: page for path, page, _ in editions.pages(registries, pairs, facts)}
    assert "GER 2024 and Test GER 2027" in html.unescape(str(files[editions.INDEX].html))
    found = files["editions/ger-2024-vs-test-ger-2027.md"]
    comparison = html.unescape(re.sub(r"<[^>]+>", " ", str(found.html)))
    words = " ".join(comparison.split())
    assert f"Moon: Lunar night temperatures and duration Moon: {NEWER_WORDS} reworded" in words

    git(valid_project, "commit", "-q", "-am", "newer edition")
    report = to_markdown(diff_refs(valid_project, "HEAD~1"))
    assert f"| Moon: statement | ~~Lunar night temperatures and duration~~ | **{NEWER_WORDS}** |" in report
    assert "| Moon: earlier statements | — | “Lunar night temperatures and duration” (ger-2024: Ch. 8" in report
    assert "- `technologies/sources.yaml`: added `test-ger-2027`" in report
    assert (
        "  - added `test-ger-2027`: Test edition standing for a newer roadmap (undated, so that no date is in the future); test edition; Test publisher"
        in report
    )
