"""What ``mkdocs serve`` keeps between builds (gap_tracker.servecache, LoadCache): only what changed is redone."""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from gap_tracker import plugin, rules
from gap_tracker.documents import Document
from gap_tracker.findings import Finding
from gap_tracker.history import History, HistoryCache, read_history
from gap_tracker.load import LoadCache, load_project
from gap_tracker.model import Technology
from gap_tracker.render import area, organisations, quantities
from gap_tracker.render import technology as technology_pages
from gap_tracker.render.overview import COVERAGE_MARKER
from gap_tracker.report import format_text
from gap_tracker.servecache import ChangedPages, FactsCache, PageCache, linked_files
from tests.conftest import SCHEMA_DIR, TODAY
from tests.gitrepo import git
from tests.sitebuild import build_site, pick_technology


def _load(project: Path, cache: LoadCache) -> list[str]:
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY, cache=cache)
    assert result.catalogue is not None
    return [format_text(f) for f in result.sorted_findings()]


def _touch(path: Path, text: str) -> None:
    """Rewrite ``path`` and move its modification time on, as an editor's save does."""
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_an_unchanged_file_is_not_parsed_again_and_an_edited_one_is(valid_project: Path) -> None:
    cache = LoadCache()
    assert _load(valid_project, cache) == []
    files = sorted((valid_project / "technologies").glob("*/*.yaml"))
    edited, kept = files[0], files[1]
    rel = lambda path: path.relative_to(valid_project).as_posix()  # noqa: E731
    before = {rel(p): cache.read.parsed[rel(p)][1] for p in (edited, kept)}
    _touch(edited, edited.read_text(encoding="utf-8").replace("last_reviewed:", "last_reviewed_typo:", 1))
    findings = _load(valid_project, cache)
    assert cache.read.parsed[rel(kept)][1] is before[rel(kept)]
    assert cache.read.parsed[rel(edited)][1] is not before[rel(edited)]
    # The edited file's problem is found, with its line, as in a build without the cache.
    assert findings == _load(valid_project, LoadCache())
    assert any(rel(edited) in line and "last_reviewed_typo" in line for line in findings)


def _fresh(project: Path, history: History | None = None) -> list[tuple[str, int, int, str, str, str]]:
    """The findings of a full check without any cache, as validate makes them."""
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY, history=history, catalogue=False)
    return _facts(result.sorted_findings())


def _served(
    project: Path, cache: LoadCache, history: History | None = None
) -> list[tuple[str, int, int, str, str, str]]:
    result = load_project(project, schema_dir=str(SCHEMA_DIR), today=TODAY, history=history, cache=cache)
    return _facts(result.sorted_findings())


def _facts(findings: list[Finding]) -> list[tuple[str, int, int, str, str, str]]:
    return [(f.path, f.line, f.column, f.severity.value, f.rule, f.message) for f in findings]


def _named_organisation(project: Path, but: Path) -> tuple[Path, str]:
    """A technology file that names an organisation, and the organisation's key."""
    for path in sorted((project / "technologies").glob("*/*.yaml")):
        match = re.search(r"(?m)^ +organisations:\n +- (\S+)$", path.read_text(encoding="utf-8"))
        if match and path != but:
            return path, match.group(1)
    raise AssertionError("no technology of the fixture names an organisation")


def _without_entry(registry: str, key: str) -> str:
    """A registry's text without the top-level entry ``key`` (its key line and the indented lines under it)."""
    kept, skipping = [], False
    for line in registry.splitlines(keepends=True):
        if line[:1] not in (" ", "\n", "#", ""):
            skipping = line.startswith(f"{key}:")
        if not skipping:
            kept.append(line)
    return "".join(kept)


def test_served_findings_equal_a_fresh_check_after_every_kind_of_edit(valid_project: Path) -> None:
    """The per-document rules' kept findings (LoadCache.rules) never differ from a check without a cache.

    Each step changes the findings: a problem introduced in one file and fixed again, a registry edit
    that makes another, unchanged file invalid, a new file with a duplicate id, a removed file that an
    unchanged file names; and the review-age warning, kept the same way.
    """
    cache = LoadCache()
    picked = pick_technology(valid_project)
    edited, original = picked.path, picked.path.read_text(encoding="utf-8")
    named, organisation = _named_organisation(valid_project, but=edited)
    copy = next(p for p in named.parent.parent.iterdir() if p.is_dir() and p != named.parent) / named.name
    picked.set_statement("Pasted\u00a0text")
    pasted = edited.read_text(encoding="utf-8")
    steps: list[tuple[str, Callable[[], None]]] = [
        ("a pasted no-break space in a statement", lambda: _touch(edited, pasted)),
        ("the no-break space removed again", lambda: _touch(edited, original)),
        (
            "a review two years old",
            lambda: _touch(
                edited, re.sub(r"(?m)^last_reviewed: .*$", f"last_reviewed: {TODAY.year - 2}-01-05", original)
            ),
        ),
        (
            "an organisation removed from its registry",
            lambda: _touch(
                valid_project / "technologies" / "organisations.yaml",
                _without_entry(
                    (valid_project / "technologies" / "organisations.yaml").read_text(encoding="utf-8"), organisation
                ),
            ),
        ),
        (
            "a related technology named",
            lambda: _touch(edited, original.replace("\nhorizons:", f"\nrelated:\n  - {named.stem}\nhorizons:", 1)),
        ),
        ("a copy with the same id in another folder", lambda: _touch(copy, named.read_text(encoding="utf-8"))),
        ("the copy removed", copy.unlink),
        ("the named technology's file removed", named.unlink),
    ]
    _touch(edited, original)
    seen = {"": _served(valid_project, cache)}
    assert seen[""] == _fresh(valid_project) == []
    for what, step in steps:
        step()
        served = _served(valid_project, cache)
        assert served == _fresh(valid_project), what
        assert served != list(seen.values())[-1], f"{what}: the findings did not change"
        seen[what] = served
        assert all(line for _, line, *_ in served), what  # every finding of these steps has a line
    assert seen["the no-break space removed again"] == []
    rules = lambda step: {rule for _, _, _, _, rule, _ in seen[step]}  # noqa: E731
    assert rules("a pasted no-break space in a statement") == {"pasted-text"}
    assert rules("a review two years old") == {"stale-review"}
    named_path = named.relative_to(valid_project).as_posix()
    assert (named_path, "known-organisation") in {
        (path, rule) for path, _, _, _, rule, _ in seen["an organisation removed from its registry"]
    }
    assert "unique-id" in rules("a copy with the same id in another folder")
    assert "known-technology" in rules("the named technology's file removed")


def test_an_unchanged_file_is_not_checked_again_by_the_per_document_rules(
    valid_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = rules.DOCUMENT_RULES["known-source"]

    def counting(ctx: rules.Shared, doc: Document) -> Iterable[Finding]:
        checked.append(doc.path)
        return real(ctx, doc)

    monkeypatch.setitem(rules.DOCUMENT_RULES, "known-source", counting)
    cache = LoadCache()
    _served(valid_project, cache)
    every = sorted(checked)
    assert len(every) > 5 and any(path.endswith("sources.yaml") for path in every)
    picked = pick_technology(valid_project)
    picked.set_statement("An edited statement.")
    _touch(picked.path, picked.path.read_text(encoding="utf-8"))
    checked.clear()
    _served(valid_project, cache)
    assert checked == [picked.rel]
    # A registry edit changes what every document is checked against: all of them are checked again.
    sources = valid_project / "technologies" / "sources.yaml"
    _touch(sources, sources.read_text(encoding="utf-8") + "\n")
    checked.clear()
    _served(valid_project, cache)
    assert sorted(checked) == every


def test_a_kept_finding_is_handed_out_as_a_copy(valid_project: Path) -> None:
    """What a caller does with the findings of one build does not change those of the next."""
    cache = LoadCache()
    load = lambda: load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY, stale_after_days=1, cache=cache)  # noqa: E731
    first = load().findings
    assert first and all(f.line for f in first)
    for finding in first:
        finding.line, finding.message = 0, "changed by a caller"
    fresh = load_project(valid_project, schema_dir=str(SCHEMA_DIR), today=TODAY, stale_after_days=1, catalogue=False)
    assert _facts(sorted(load().findings, key=Finding.sort_key)) == _facts(fresh.sorted_findings())


def test_served_history_findings_equal_a_fresh_check_and_are_kept_per_file(
    valid_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """statement-source-change reads the committed version of a file: kept per file and commit, like the others."""
    git(valid_project, "init", "-q", "-b", "main")
    git(valid_project, "add", "-A")
    git(valid_project, "commit", "-q", "-m", "Add the data")
    picked = pick_technology(valid_project)
    text = picked.path.read_text(encoding="utf-8")
    current = re.search(r"(?m)^    source:\n      source: (\S+)$", text)
    assert current is not None
    other = next(
        k
        for k in re.findall(
            r"(?m)^([a-z0-9-]+):$", (valid_project / "technologies" / "sources.yaml").read_text(encoding="utf-8")
        )
        if k != current.group(1)
    )
    history_cache, cache = HistoryCache(), LoadCache()
    history = lambda: read_history(valid_project, "technologies", history_cache)  # noqa: E731
    assert _served(valid_project, cache, history()) == _fresh(valid_project, history()) == []
    read: list[str] = []
    real = History.read_versions

    def counting(self: History, blobs: Iterable[str]) -> dict[str, bytes]:
        wanted = list(blobs)
        read.extend(wanted)
        return real(self, wanted)

    monkeypatch.setattr(History, "read_versions", counting)
    start, end = current.span(1)
    _touch(picked.path, text[:start] + other + text[end:])
    served = _served(valid_project, cache, history())
    assert served == _fresh(valid_project, history())
    assert [(path, rule) for path, _, _, _, rule, _ in served if rule == "statement-source-change"] == [
        (picked.rel, "statement-source-change")
    ]
    read.clear()
    assert _served(valid_project, cache, history()) == served  # nothing changed: no old version read again
    assert read == []


def test_a_page_is_rendered_again_only_when_its_key_changes() -> None:
    cache, calls = PageCache(), []

    def render(text: str) -> str:
        calls.append(text)
        return text

    assert cache.get("a.md", ("k", 1), lambda: render("one")) == "one"
    assert cache.get("a.md", ("k", 1), lambda: render("two")) == "one"
    assert cache.get("a.md", ("k", 2), lambda: render("three")) == "three"
    assert calls == ["one", "three"]


def _files(config: MkDocsConfig, pages: dict[str, str], hand_written: dict[str, str]) -> Files:
    # Technology pages are out of the navigation, as the plugin adds them; the matrix is in it.
    files = [
        File.generated(
            config,
            uri,
            content=content,
            inclusion=InclusionLevel.INCLUDED if uri == "matrix.md" else InclusionLevel.NOT_IN_NAV,
        )
        for uri, content in pages.items()
    ]
    for uri, text in hand_written.items():
        (Path(config.docs_dir) / uri).write_text(text, encoding="utf-8")
        files.append(File(uri, config.docs_dir, config.site_dir, True))
    return Files(files)


def test_a_dirty_build_hands_mkdocs_only_the_generated_files_that_changed(tmp_path: Path) -> None:
    """Unchanged generated pages and downloads are left out of ``files`` (their old output stays in the
    site folder); MkDocs still gets the ones in the navigation or linked from a hand-written page."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"), plugins=[])
    config.plugins._current_plugin = "gap-tracker"  # as while a plugin's on_files runs (File.generated reads it)
    changed = ChangedPages()
    pages = {
        "technologies/a.md": "<p>a</p>",
        "technologies/b.md": "<p>b</p>",
        "technologies/linked.md": "<p>l</p>",
        "matrix.md": "<p>a b</p>",
        "data.json": "[1]",
    }
    home = {"index.md": "# Home\n\nSee [one technology](technologies/linked.md#top).\n"}

    def build(pages: dict[str, str]) -> dict[str, bool]:
        files = _files(config, pages, home)
        titles = {"matrix.md": "Matrix"}
        changed.select(files, config.config_file_path, dict(pages), titles, linked_files(files, config.nav))
        for f in files:  # what MkDocs writes for the files it is given
            Path(f.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            Path(f.abs_dest_path).write_text("built", encoding="utf-8")
        return {f.src_uri: f.is_modified() for f in files if f.src_uri in pages or f.src_uri in home}

    every = dict.fromkeys([*pages, *home], True)
    assert build(pages) == every
    # Nothing changed: only the page in the navigation, the linked page and the hand-written page are
    # handed over, and only the hand-written one is built again.
    assert build(pages) == {"technologies/linked.md": False, "matrix.md": False, "index.md": True}
    # An edit changes its page, the matrix (in the navigation, same title) and the download.
    pages["technologies/b.md"], pages["matrix.md"], pages["data.json"] = "<p>b, ed</p>", "<p>a b, ed</p>", "[2]"
    assert build(pages) == {
        "technologies/b.md": True,
        "technologies/linked.md": False,
        "matrix.md": True,
        "data.json": True,
        "index.md": True,
    }
    # A new page changes the site (navigation, links): everything is handed over and built again.
    pages["technologies/c.md"] = "<p>c</p>"
    assert build(pages) == every | {"technologies/c.md": True}


def test_linked_files_reads_every_kind_of_link_of_hand_written_pages(tmp_path: Path) -> None:
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nnav:\n  - Home: index.md\n  - Matrix: matrix.md\n")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"), plugins=[])
    config.plugins._current_plugin = "gap-tracker"
    text = (
        "[a](../technologies/a.md) [b](</technologies/b%20x.md>)\n"
        "[ref]: ../areas/power.md\n"
        '<a href="../gap-tracker.json?x=1">json</a> <img src="https://example.org/x.png">\n'
    )
    files = _files(config, {"technologies/c.md": "[c](technologies/d.md)"}, {"guide/page.md": text})
    assert linked_files(files, config.nav) >= {
        "technologies/a.md",
        "technologies/b x.md",
        "areas/power.md",
        "gap-tracker.json",
        "index.md",
        "matrix.md",
    }
    assert "technologies/d.md" not in linked_files(files, config.nav)  # generated pages' links are not read


def _site_pages(site: Path) -> dict[str, str]:
    pages = [p for p in sorted(site.rglob("*")) if p.suffix in {".html", ".csv", ".json"}]
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in pages}


def _serve_project(project: Path, history: bool = False) -> None:
    """A site of the fixture data, in a git repository if ``history``; its hand-written home page has the
    coverage figures and the charts of the gap (both made from facts)."""
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(
        f"# Home\n\nHand-written.\n\n{COVERAGE_MARKER}\n\n{quantities.MARKER}\n", encoding="utf-8"
    )
    (project / "mkdocs.yml").write_text(
        "site_name: Serve test\ntheme:\n  name: material\nplugins:\n  - gap-tracker:\n"
        f"      schema_dir: {SCHEMA_DIR}\n      history: {str(history).lower()}\n      search: false\n"
        "      stale_after_days: 0\n",
        encoding="utf-8",
    )
    if history:
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "Add the data")


def test_the_first_save_in_a_git_checkout_renders_only_the_edited_technology_page(
    valid_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save makes the data "plus uncommitted changes"; the other technologies' pages still say
    which commit they are from, so they come from the cache instead of being rendered again."""
    _serve_project(valid_project, history=True)
    rendered: list[str] = []
    render = technology_pages.render_technology_page

    def counting(catalogue: Any, tech: Any, *args: Any) -> Any:
        rendered.append(tech.id)
        return render(catalogue, tech, *args)

    monkeypatch.setattr(technology_pages, "render_technology_page", counting)
    with _serving(valid_project, tmp_path / "served") as rebuild:
        assert len(rendered) == len(list((valid_project / "technologies").glob("*/*.yaml"))) > 1
        rendered.clear()
        picked = pick_technology(valid_project)
        picked.set_statement("A statement edited after the last commit.")
        _touch(picked.path, picked.path.read_text(encoding="utf-8"))
        rebuild()
    assert rendered == [picked.tech_id]


@contextmanager
def _serving(project: Path, site: Path) -> Iterator[Callable[[], None]]:
    """A ``mkdocs serve --dirty`` session: its first build, then each call of what it gives rebuilds (a save)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        yield lambda: build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)), dirty=True)
    finally:
        config.plugins.on_shutdown()


@pytest.mark.parametrize("history", [False, True], ids=["no-history", "git-history"])
def test_a_served_rebuild_after_an_edit_equals_a_fresh_build(
    valid_project: Path, tmp_path: Path, history: bool
) -> None:
    """Every page of a ``serve --dirty`` rebuild (cached pages, rows, records, history) is what a full build makes.

    In a git repository, the first save makes the data dirty: only the pages that show the edited file
    (or all the data) say "plus uncommitted changes"; the other technology pages are not rebuilt.
    """
    _serve_project(valid_project, history)
    served, fresh = tmp_path / "served", tmp_path / "fresh"
    with _serving(valid_project, served) as rebuild:
        before = _site_pages(served)
        picked = pick_technology(valid_project)
        picked.set_statement("An edited statement, seen on its page, its area's table and the matrix.")
        _touch(picked.path, picked.path.read_text(encoding="utf-8"))
        rebuild()
    fresh_config = load_config(str(valid_project / "mkdocs.yml"), site_dir=str(fresh))
    fresh_config.plugins.on_startup(command="build", dirty=False)
    build(fresh_config)
    after, expected = _site_pages(served), _site_pages(fresh)
    assert after == expected
    changed = {page for page in after if after[page] != before.get(page)}
    tech_page, area_page = f"technologies/{picked.tech_id}/index.html", f"areas/{picked.area}/index.html"
    assert {tech_page, area_page, "matrix/index.html"} <= changed
    assert all("An edited statement" in after[page] for page in (tech_page, area_page, "matrix/index.html"))
    untouched = next(p for p in after if p.startswith("technologies/") and p != tech_page and p.count("/") == 2)
    assert after[untouched] == before[untouched] and "uncommitted" not in after[untouched]
    assert ("plus uncommitted changes" in after[tech_page]) is history
    assert ("plus uncommitted changes" in after["matrix/index.html"]) is history


# --------------------------------------------------------------------------- pages made from facts (render/pagefacts.py)


def _technology_files(project: Path) -> list[tuple[Path, dict[str, Any]]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(project.glob("technologies/*/*.yaml"))]


def _write(path: Path, data: dict[str, Any]) -> None:
    copied = json.loads(json.dumps(data))  # no shared objects: YAML would write them as aliases (not allowed)
    _touch(path, yaml.safe_dump(copied, sort_keys=False, allow_unicode=True))


def _with_organisation(project: Path) -> tuple[Path, dict[str, Any], str]:
    """A technology whose demonstration names an organisation, and that organisation's key."""
    for path, data in _technology_files(project):
        tech = Technology.from_data(data, path.name)
        if tech.organisations():
            return path, data, tech.organisations()[0]
    raise AssertionError("no technology of the fixture names an organisation")


def _rename(project: Path) -> dict[str, str]:
    path, data, org = _with_organisation(project)
    data["name"] = "Renamed Technology Zeta"
    _write(path, data)
    return {f"organisations/{org}/index.html": "Renamed Technology Zeta", f"areas/{data['area']}/index.html": "Zeta"}


def _move_area(project: Path) -> dict[str, str]:
    """The technology without an area gets the area of another one (its file moves to that folder)."""
    path, data = next((p, d) for p, d in _technology_files(project) if not d.get("area"))
    target = next(d["area"] for _, d in _technology_files(project) if d.get("area"))
    data["area"] = target
    path.unlink()
    _write(project / "technologies" / target / path.name, data)
    return {f"areas/{target}/index.html": data["name"]}


def _add_organisation(project: Path) -> dict[str, str]:
    """A demonstration names an organisation of the registry that had no data."""
    named = {org for _, d in _technology_files(project) for org in Technology.from_data(d, "").organisations()}
    registry = yaml.safe_load((project / "technologies" / "organisations.yaml").read_text(encoding="utf-8"))
    org = next(key for key in registry if key not in named)
    path, data, _ = _with_organisation(project)
    demo = dict(data["demonstrations"][0], organisations=[org], name="A newly recorded demonstration")
    data["demonstrations"] = [*data["demonstrations"], demo]
    _write(path, data)
    return {f"organisations/{org}/index.html": "A newly recorded demonstration", "matrix/index.html": f'value="{org}"'}


def _assess_status(project: Path) -> dict[str, str]:
    path, data, _ = _with_organisation(project)
    moon = data["horizons"]["moon"]
    moon.update(status="open", status_source=moon["source"])
    _write(path, data)
    return {"matrix/index.html": "Open"}


def _add_quantities(project: Path) -> dict[str, str]:
    """Two comparable targets: the technology gets a chart of the gap."""
    path, data, _ = _with_organisation(project)
    today, mars = data["horizons"]["today"], data["horizons"]["mars"]
    today["statement"], mars["statement"] = "MMRTG of 110 W", "Fission reactor (10s of kW)"
    today["targets"] = [{"quote": "110 W", "value": 110, "unit": "W", "measures": "electric power"}]
    mars["targets"] = [{"quote": "10s of kW", "min": 10, "unit": "kW", "measures": "electric power"}]
    _write(path, data)
    return {"quantities/index.html": data["name"], "index.html": "110 W"}


def _rename_organisation(project: Path) -> dict[str, str]:
    """A registry edit: an organisation with data gets another name."""
    _, _, org = _with_organisation(project)
    registry = project / "technologies" / "organisations.yaml"
    data = yaml.safe_load(registry.read_text(encoding="utf-8"))
    data[org]["name"] = "Renamed Agency Omega"
    _write(registry, data)
    return {f"organisations/{org}/index.html": "Renamed Agency Omega", "matrix/index.html": "Renamed Agency Omega"}


def _rename_area(project: Path) -> dict[str, str]:
    """A registry edit that changes the technologies' facts: the organisation pages name each technology's area."""
    _, tech, org = _with_organisation(project)
    registry = project / "technologies" / "areas.yaml"
    data = yaml.safe_load(registry.read_text(encoding="utf-8"))
    data[tech["area"]]["name"] = "Renamed Area Sigma"
    _write(registry, data)
    return {f"organisations/{org}/index.html": "Renamed Area Sigma", "matrix/index.html": "Renamed Area Sigma"}


@pytest.mark.parametrize(
    "edit",
    [_rename, _move_area, _add_organisation, _assess_status, _add_quantities, _rename_organisation, _rename_area],
)
def test_an_edit_of_what_the_pages_of_all_technologies_show_reaches_the_served_pages(
    valid_project: Path, tmp_path: Path, edit: Callable[[Path], dict[str, str]]
) -> None:
    """The organisation pages, matrix filters, area pages, coverage figures and charts are made from facts kept
    between builds: each kind of edit that changes what they show is served as a fresh build makes it."""
    _serve_project(valid_project)
    served, fresh = tmp_path / "served", tmp_path / "fresh"
    with _serving(valid_project, served) as rebuild:
        before = _site_pages(served)
        expected_text = edit(valid_project)
        rebuild()
    build_site(valid_project, fresh)
    after, expected = _site_pages(served), _site_pages(fresh)
    # A dirty build leaves the page of an area that lost its last technology on disk (MkDocs deletes nothing).
    assert {page: after.get(page) for page in expected} == expected
    for page, text in expected_text.items():
        assert text in html.unescape(after[page]) and after[page] != before.get(page), page


def test_a_page_whose_facts_are_unchanged_is_not_rendered_again(
    valid_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited statement's words change none of the facts of the organisation pages, the matrix filters,
    the coverage figures or the charts: a served rebuild renders none of them, and only the edited
    technology's area page. A rename changes the organisation pages' facts: those are rendered again."""
    calls: Counter[str] = Counter()

    def counting(module: object, name: str) -> None:
        original = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    renderers = [
        (organisations, "_organisation_page"),
        (organisations, "_index_page"),
        (plugin, "matrix_form"),
        (plugin, "coverage_section"),
        (quantities, "render_quantities_pages"),
        (quantities, "home_section"),
        (area, "render_area_page"),
    ]
    for module, name in renderers:
        counting(module, name)
    _serve_project(valid_project)
    with _serving(valid_project, tmp_path / "served") as rebuild:
        assert set(calls) == {name for _, name in renderers}, calls  # the first build renders every one
        calls.clear()
        picked = pick_technology(valid_project)
        picked.set_statement("An edited statement: its words are no fact of the pages of all technologies.")
        _touch(picked.path, picked.path.read_text(encoding="utf-8"))
        rebuild()
        assert dict(calls) == {"render_area_page": 1}
        calls.clear()
        _rename(valid_project)
        rebuild()
        assert calls["_organisation_page"] >= 1 and calls["_index_page"] == 1 and calls["matrix_form"] == 0


@dataclass(frozen=True)
class _Record:
    """A technology as FactsCache sees it: an object with the path of its file."""

    text: str
    path: str


def test_facts_are_made_again_only_for_a_changed_technology_or_registry() -> None:
    cache, made = FactsCache(), []

    def make(record: _Record) -> tuple[str]:
        made.append(record)
        return (record.text,)

    first, second = _Record("a", "a.yaml"), _Record("b", "b.yaml")
    kept = cache.facts("kind", [first, second], ("registries", 1), make)
    edited = _Record("b", "b.yaml")  # an edited file: a new object (equal or not)
    again = cache.facts("kind", [first, edited], ("registries", 1), make)
    assert again[0] is kept[0] and again == kept and made == [first, second, edited]
    moved = cache.facts("kind", [edited, first], ("registries", 1), make)  # a rename moves a technology in the order
    assert moved[1] is kept[0] and len(made) == 3
    cache.facts("kind", [first, edited], ("registries", 2), make)  # a registry changed: every fact is made again
    assert made[3:] == [first, edited]


def test_an_edited_theme_template_makes_every_page_again(valid_project: Path, tmp_path: Path) -> None:
    """The caches key pages by their data; a saved template (here the site's custom_dir) is in every page."""
    _serve_project(valid_project)
    overrides = valid_project / "overrides"
    overrides.mkdir()
    main = overrides / "main.html"
    main.write_text('{% extends "base.html" %}{% block footer %}footer-one{% endblock %}', encoding="utf-8")
    config_file = valid_project / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    served = tmp_path / "served"
    with _serving(valid_project, served) as rebuild:
        pages = [p for p in _site_pages(served) if p.endswith("index.html")]
        assert len(pages) > 3 and all("footer-one" in (served / p).read_text(encoding="utf-8") for p in pages)
        _touch(main, main.read_text(encoding="utf-8").replace("footer-one", "footer-two"))
        rebuild()
    assert [p for p in pages if "footer-two" not in (served / p).read_text(encoding="utf-8")] == []
