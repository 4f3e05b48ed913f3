"""Full builds of a fixture repository with real commits: history, /changes/, feeds, redirects, editions.

Also a build of the same project without .git, which must pass and say that history is unavailable.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import html5lib
import pytest

from gap_tracker.load import load_project
from tests.conftest import ROOT
from tests.gitrepo import DATES, EDITED, REMOVED_ID, RENAMED_FROM, RENAMED_TO, full_history_repo, git
from tests.sitebuild import build_site, copy_project

pytestmark = pytest.mark.site
SITE_URL = "https://critical-tech-gap-tracker.github.io/tracker/"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return full_history_repo(tmp_path_factory.mktemp("timeline") / "project")


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("timeline-site")
    build_site(repo, site_dir)
    return site_dir


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """The visible words of the page's article, unescaped, whitespace collapsed."""
    article = re.search(r"<article.*?</article>", page, re.S)
    assert article
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article.group(0))).split())
    return re.sub(r" ([:;,.])(?= |$)", r"\1", words)


def test_technology_page_shows_last_change_and_history(site: Path) -> None:
    text = text_of(read(site, f"technologies/{EDITED}/index.html"))
    assert "Last changed on 2026-02-10: Reword the Moon statement of dust mitigation" in text
    assert "2026-02-10 changed horizons: Moon" in text
    assert "2026-01-05 added Add the data" in text
    renamed = text_of(read(site, f"technologies/{RENAMED_TO}/index.html"))
    assert f"2026-03-15 renamed from {RENAMED_FROM}" in renamed


def test_commit_subjects_are_escaped(site: Path) -> None:
    page = read(site, "changes/index.html")
    assert "<b>now</b>" not in page and "&lt;b&gt;now&lt;/b&gt;" in page
    html5lib.HTMLParser(strict=False).parse(page)


def test_changes_page_lists_newest_first(site: Path) -> None:
    text = text_of(read(site, "changes/index.html"))
    days = re.findall(r"\b2026-\d\d-\d\d\b", text)
    assert days == sorted(days, reverse=True)
    assert days[:3] == [DATES[3][:10], DATES[2][:10], DATES[1][:10]]
    assert text.index("Low-Temperature Mechanisms: removed") < text.index(f"renamed from {RENAMED_FROM}")
    assert "History is unavailable" not in text


def test_feeds_are_atom_with_the_changes(site: Path, repo: Path) -> None:
    feed = feedparser.parse(read(site, "feeds/changes.xml"))
    assert feed.version == "atom10" and not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Low-Temperature Mechanisms: removed"
    assert titles[1].endswith(f"renamed from {RENAMED_FROM}")
    assert titles[2] == "Dust Mitigation: changed horizons: Moon"
    assert feed.entries[2].link == f"{SITE_URL}technologies/{EDITED}/"
    assert feed.entries[2].updated == DATES[1]
    assert len({e.id for e in feed.entries}) == len(feed.entries) == 36  # 33 files added, an edit, a rename, a removal
    assert feed.feed.updated == DATES[3]
    head = git(repo, "rev-parse", "HEAD")[:10]
    assert head in feed.entries[0].summary

    power = feedparser.parse(read(site, "feeds/areas/power.xml"))
    assert power.version == "atom10" and not power.bozo
    assert power.entries and all("/technologies/" in e.link for e in power.entries)
    assert not any(EDITED in e.link or RENAMED_TO in e.link for e in power.entries)
    transversal = feedparser.parse(read(site, "feeds/areas/transversal-technologies.xml"))
    assert [e.title for e in transversal.entries][:3] == titles[:3]


def test_pages_link_their_feeds(site: Path) -> None:
    page = read(site, f"technologies/{EDITED}/index.html")
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page)
    assert links == ["../../feeds/changes.xml", "../../feeds/areas/transversal-technologies.xml"]
    home = read(site, "index.html")
    assert re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', home) == [
        "feeds/changes.xml"
    ]


def test_former_id_redirects_to_the_new_page(site: Path) -> None:
    page = read(site, f"technologies/{RENAMED_FROM}/index.html")
    assert f'<meta http-equiv="refresh" content="0; url=../{RENAMED_TO}/">' in page
    assert f'<link rel="canonical" href="{SITE_URL}technologies/{RENAMED_TO}/">' in page
    assert f'<a href="../{RENAMED_TO}/">' in page
    assert "<script" not in page
    assert (site / "technologies" / RENAMED_TO / "index.html").exists()


def test_removed_id_answers_with_why(site: Path) -> None:
    text = text_of(read(site, f"technologies/{REMOVED_ID}/index.html"))
    assert "was removed from the tracker on 2026-04-20" in text
    assert "<script>alert(1)</script>" in text  # shown as text: the raw page has it escaped
    assert "<script>alert" not in read(site, f"technologies/{REMOVED_ID}/index.html")


def test_removed_id_is_not_indexed_and_out_of_the_sitemap(site: Path) -> None:
    assert '<meta name="robots" content="noindex">' in read(site, f"technologies/{REMOVED_ID}/index.html")
    sitemap = read(site, "sitemap.xml")
    assert f"/technologies/{RENAMED_TO}/</loc>" in sitemap
    assert f"/technologies/{REMOVED_ID}/" not in sitemap


def test_json_states_the_data_version_and_former_ids(site: Path, repo: Path) -> None:
    data = json.loads(read(site, "api/technologies.json"))
    assert data["data_version"] == {
        "package_version": "0.1.0",
        "commit": git(repo, "rev-parse", "HEAD").strip(),
        "date": DATES[3],
        "uncommitted_changes": False,
    }
    assert data["former_ids"] == {RENAMED_FROM: RENAMED_TO}
    assert next(t for t in data["technologies"] if t["id"] == RENAMED_TO)["former_ids"] == [RENAMED_FROM]
    assert list(data["removed"]) == [REMOVED_ID]


def test_edition_comparison_shows_what_the_sources_support(site: Path) -> None:
    text = text_of(read(site, "editions/isecg-ctn-2019-vs-ger-2024/index.html"))
    assert "No statement of GER Critical Technology Needs 2019 is recorded, so no statement is compared" in text
    assert (
        "The per-technology pages (area, state of the art, Moon and Mars needs, parameters, TRL, dates) were not readable."
        in text
    )
    assert (
        "GER-019 Telerobotic Control of Robotic Systems with Time Delay "
        "Tele-Robotic Control of Partially Autonomous Robot with Time Delay differs similar name, not identical"
    ) in text
    assert "GER-023 Crew Autonomy Beyond LEO Crew Autonomy Beyond LEO same identical name" in text
    assert "3 technologies appear in both" in text and "the name differs for 2 of them" in text
    only_2019 = text[text.index("Only in GER Critical Technology Needs 2019") : text.index("Only in GER 2024")]
    for ext in ("GER-003", "GER-009", "GER-018", "GER-020", "GER-021", "GER-022"):
        assert ext in only_2019
    only_2024 = text[text.index("Only in GER 2024") :]
    assert "Dust Mitigation" in only_2024 and "Crew Autonomy Beyond LEO" not in only_2024
    index = read(site, "editions/index.html")
    assert 'href="isecg-ctn-2019-vs-ger-2024/"' in index


def test_build_without_git_passes_and_says_history_is_unavailable(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "tarball")
    assert not (project / ".git").exists()
    site = tmp_path / "site"
    build_site(project, site)
    note = "History is unavailable: the files are not in a git repository (no .git folder)."
    assert note in text_of(read(site, "changes/index.html"))
    assert note in text_of(read(site, "technologies/dust-mitigation/index.html"))
    feed = feedparser.parse(read(site, "feeds/changes.xml"))
    assert feed.version == "atom10" and not feed.bozo and feed.entries == []
    data = json.loads(read(site, "api/technologies.json"))
    assert data["data_version"]["history"].startswith("unavailable")


def test_bundled_data_declares_every_vanished_id() -> None:
    """The repository's own history passes the vanished-id check (when run from a git checkout)."""
    from gap_tracker.history import read_history

    history = read_history(ROOT, "technologies")
    result = load_project(ROOT, history=history)
    assert [f for f in result.findings if f.rule == "vanished-id"] == []
