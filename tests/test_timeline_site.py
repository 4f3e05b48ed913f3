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
import yaml

from gap_tracker.load import load_project
from gap_tracker.render import editions
from gap_tracker.render.feeds import FEED_ENTRIES, feed_links
from gap_tracker.render.templating import source_label
from tests.conftest import ROOT
from tests.gitrepo import CAST, DATES, EDITED, REMOVED_ID, RENAMED_FROM, RENAMED_TO, full_history_repo, git
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
    assert f"Last changed on 2026-02-10: Reword the Moon statement of {EDITED}" in text
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
    assert text.index(f"{CAST.removed_name}: removed") < text.index(f"renamed from {RENAMED_FROM}")
    assert "History is unavailable" not in text


def test_feeds_are_atom_with_the_changes(site: Path, repo: Path) -> None:
    feed = feedparser.parse(read(site, "feeds/changes.xml"))
    assert feed.version == "atom10" and not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles[0] == f"{CAST.removed_name}: removed"
    assert titles[1].endswith(f"renamed from {RENAMED_FROM}")
    assert titles[2] == f"{CAST.edited_name}: changed horizons: Moon"
    assert feed.entries[2].link == f"{SITE_URL}technologies/{EDITED}/"
    assert feed.entries[2].updated == DATES[1]
    added = len(list((repo / "technologies").glob("*/*.yaml"))) + 1  # the first commit also had the removed file
    # Every technology added in the first commit, an edit, a rename, a removal (at most FEED_ENTRIES of them).
    assert len({e.id for e in feed.entries}) == len(feed.entries) == min(FEED_ENTRIES, added + 3)
    assert feed.feed.updated == DATES[3]
    head = git(repo, "rev-parse", "HEAD")[:10]
    assert head in feed.entries[0].summary

    other_area = next(p.name for p in sorted((repo / "technologies").iterdir()) if p.is_dir() and p.name != CAST.area)
    other = feedparser.parse(read(site, f"feeds/areas/{other_area}.xml"))
    assert other.version == "atom10" and not other.bozo
    assert other.entries and all("/technologies/" in e.link for e in other.entries)
    assert not any(EDITED in e.link or RENAMED_TO in e.link for e in other.entries)
    own = feedparser.parse(read(site, f"feeds/areas/{CAST.area}.xml"))
    assert [e.title for e in own.entries][:3] == titles[:3]


def test_pages_link_their_feeds(site: Path) -> None:
    page = read(site, f"technologies/{EDITED}/index.html")
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page)
    assert links == ["../../feeds/changes.xml", f"../../feeds/areas/{CAST.area}.xml"]
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
    assert data["former_ids"][RENAMED_FROM] == RENAMED_TO  # besides those the bundled data already lists
    assert next(t for t in data["technologies"] if t["id"] == RENAMED_TO)["former_ids"] == [RENAMED_FROM]
    assert REMOVED_ID in data["removed"]


def test_edition_comparisons_show_what_the_data_records(site: Path, repo: Path) -> None:
    """Each compared pair of editions has its page, with its counts and every technology in its group.

    How technologies are matched is tested on fixtures (test_editions.py); here, that the pages built
    from the bundled data say what that data records, whatever technologies it holds.
    """
    catalogue = load_project(repo).catalogue
    assert catalogue is not None
    plugins = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    configured = next(p["gap-tracker"] for p in plugins if isinstance(p, dict) and "gap-tracker" in p)
    pairs = editions.all_pairs(catalogue, [(a, b) for a, b in configured.get("compare_editions", [])])
    assert pairs, "mkdocs.yml configures at least one pair of editions"
    index = read(site, "editions/index.html")
    for older, newer in pairs:
        comparison = editions.compare(catalogue, older, newer)
        assert f'href="{comparison.slug}/"' in index
        text = text_of(read(site, f"editions/{comparison.slug}/index.html"))
        old, new = source_label(catalogue, older), source_label(catalogue, newer)
        assert f"{len(comparison.both)} technologies appear in both" in text
        assert f"the name differs for {len(comparison.renamed())} of them" in text
        if not comparison.earlier_statements():
            assert f"No statement of {old} is recorded, so no statement is compared" in text
        both = text[text.index(f"In both: {old} and {new}") : text.index(f"Only in {old}:")]
        only_older = text[text.index(f"Only in {old}:") : text.index(f"Only in {new}:")]
        only_newer = text[text.index(f"Only in {new}:") :]
        for tech, ext in comparison.both:
            assert tech.name in both and (ext is None or ext.id in both), tech.id
        for tech, ext in comparison.only_older:
            assert tech.name in only_older and (ext is None or ext.id in only_older), tech.id
        for tech in comparison.only_newer:
            assert tech.name in only_newer, tech.id


def test_build_without_git_passes_and_says_history_is_unavailable(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "tarball")
    assert not (project / ".git").exists()
    site = tmp_path / "site"
    build_site(project, site)
    note = "History is unavailable: the files are not in a git repository (no .git folder)."
    assert note in text_of(read(site, "changes/index.html"))
    assert note in text_of(read(site, f"technologies/{EDITED}/index.html"))
    feed = feedparser.parse(read(site, "feeds/changes.xml"))
    assert feed.version == "atom10" and not feed.bozo and feed.entries == []
    data = json.loads(read(site, "api/technologies.json"))
    assert data["data_version"]["history"].startswith("unavailable")


def test_build_from_a_depth_1_clone_says_history_is_partial_and_dates_nothing(repo: Path, tmp_path: Path) -> None:
    """CI's default checkout is one commit deep: git then shows that commit adding every file. The site must
    not print that as history (every technology "added" by the newest commit), but say history is partial."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    site = tmp_path / "site"
    build_site(clone, site)
    partial = "history is partial (shallow clone)"
    changes = text_of(read(site, "changes/index.html"))
    assert partial in changes and "No change in the commits this shallow clone holds." in changes
    assert "No committed change yet" not in changes
    catalogue = load_project(clone).catalogue
    assert catalogue is not None
    for tech in catalogue.technologies:
        text = text_of(read(site, f"technologies/{tech.id}/index.html"))
        history = text[text.rindex("History") :]
        assert partial in history and "No change to this file in the commits this shallow clone holds." in history
        assert " added " not in history and "Last changed on" not in history, tech.id
    for _, feed_path in feed_links(catalogue):
        feed = feedparser.parse(read(site, feed_path))
        assert feed.version == "atom10" and not feed.bozo and feed.entries == [], feed_path
        assert feed.feed.subtitle == "History is partial (shallow clone): older changes are missing."
    data = json.loads(read(site, "api/technologies.json"))
    assert data["data_version"]["history"].startswith("partial")


def test_bundled_data_declares_every_vanished_id() -> None:
    """The repository's own history passes the vanished-id check (when run from a git checkout)."""
    from gap_tracker.history import read_history

    history = read_history(ROOT, "technologies")
    result = load_project(ROOT, history=history)
    assert [f for f in result.findings if f.rule == "vanished-id"] == []
