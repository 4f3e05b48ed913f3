"""Hostile text in every field of every data file, and in a commit: the whole site, opened in a real browser.

The data is tests/fixtures/valid with a payload in every free-text field the JSON Schemas define
(tests/hostilekit.py): script and event-handler HTML, attribute breakers, Markdown links and images
(also ``javascript:``), attr_list ``{: onclick=... }``, Jinja ``{{ 7*7 }}``, ``]]>``, GitHub
mentions and references, workflow commands. Its last commit has a hostile subject and author. One
build of it, then every HTML page the build wrote is opened in headless Chromium: no script of the
data runs, nothing is requested from another origin, and the payload is shown as the text it is.
The same build's feeds, downloads and the ``diff`` and ``validate`` output are checked too.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import pytest

from gap_tracker.cli import main as cli_main
from tests.browserkit import DESKTOP, serve
from tests.conftest import ROOT
from tests.gitrepo import commit_as_given, git
from tests.hostilekit import TEXT, TITLE, URL, HostileData, complete_fixture, make_hostile
from tests.sitebuild import build_site

pytestmark = pytest.mark.browser

SUBJECT = "Edit HXC " + TITLE + " \x1e" + "f" * 40 + "\x1f2099-01-01\x1fForged\n\n::error::forged body <script>"
AUTHOR = "Mallory <script>window.__hx=30</script> \u202e\x1b[2J ::error::x"
CHECK_PAGE = """() => {
  const found = {onAttributes: [], scriptUrls: [], foreign: [], attributes: [], evilElements: []};
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase(), value = attribute.value;
      if (name.startsWith('on')) found.onAttributes.push(`${element.tagName} ${name}=${value}`);
      const inert = /^javascript:void\\(0\\);?$/.test(value); // Pagefind's own search form
      if (/^\\s*(javascript|data|vbscript):/i.test(value) && !inert && /^(href|src|action|formaction|xlink:href|srcdoc)$/.test(name))
        found.scriptUrls.push(`${element.tagName} ${name}=${value}`);
      if (/HX\\d/.test(value)) found.attributes.push(value);
    }
    const loads = /^(IMG|IFRAME|FRAME|OBJECT|EMBED|SVG|IMAGE|USE|VIDEO|AUDIO|SOURCE|TRACK|BASE|FORM|LINK|META|SCRIPT|STYLE)$/i;
    // A <meta> without http-equiv (a page description) only holds text: it loads and runs nothing.
    const inertMeta = element.tagName === 'META' && !element.hasAttribute('http-equiv');
    if (loads.test(element.tagName) && !inertMeta) {
      const attributes = [...element.attributes].map(a => a.value).join(' ');
      const own = element.tagName.match(/^(SCRIPT|STYLE)$/i) ? element.textContent : '';
      if (/evil\\.example|__hx|alert\\(/.test(attributes + own)) found.evilElements.push(element.outerHTML.slice(0, 200));
    }
  }
  return {...found, hx: String(window.__hx), text: document.body.innerText, title: document.title};
}"""


@dataclass(frozen=True)
class HostileSite:
    project: Path
    site: Path
    data: HostileData
    base: str
    """The commit before the hostile one."""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    project = tmp_path_factory.mktemp("hostile-site") / "project"
    complete_fixture(project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for part in ("docs", "schema"):
        shutil.copytree(ROOT / part, project / part)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Add the data")
    base = git(project, "rev-parse", "HEAD").strip()
    data = make_hostile(project)
    commit_as_given(project, SUBJECT, AUTHOR)
    build_site(project, project / "site")
    return HostileSite(project, project / "site", data, base)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _marked(text: str) -> Iterator[tuple[str, int]]:
    """(the text after each ``HX<n> `` marker, n)."""
    for match in re.finditer(r"HX(\d+) ", text):
        yield text[match.end() :], int(match.group(1))


def _html_pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "pagefind"
    )


def test_every_page_shows_hostile_text_as_text_and_runs_none_of_it(hostile_site: HostileSite, browser: Any) -> None:
    pages = _html_pages(hostile_site.site)
    assert len(pages) > 20, pages
    context = browser.new_context(viewport=DESKTOP)
    dialogs: list[str] = []
    leaving: list[str] = []
    problems: list[str] = []
    shown: set[int] = set()
    subject_shown = False

    def route(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            leaving.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    with serve(hostile_site.site) as url:
        for path in pages:
            page.goto(url + path, wait_until="load")
            found = page.evaluate(CHECK_PAGE)
            problems += _page_problems(path, found, hostile_site.data, shown)
            subject_shown |= _normal("Edit HXC " + TITLE) in _normal(found["text"])
    context.close()
    assert not dialogs, dialogs
    assert not leaving, leaving
    assert not problems, "\n".join(problems[:40])
    assert subject_shown, "the hostile commit subject is shown as text on the history pages"
    # Names, text and links of every kind of data file reach the pages (the check above is not vacuous).
    files = {hostile_site.data.fields[n].split(":", 1)[0] for n in shown}
    registries = {f"technologies/{name}.yaml" for name in ("sources", "areas", "organisations", "missions", "horizons")}
    assert registries <= files and any(f.count("/") == 2 for f in files), files


def test_search_results_and_matrix_filters_run_none_of_it(hostile_site: HostileSite, browser: Any) -> None:
    """The search shows titles and excerpts of pages full of payloads; the matrix filters read the address."""
    context = browser.new_context(viewport=DESKTOP)
    dialogs: list[str] = []
    leaving: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlparse(route.request.url).hostname == "127.0.0.1"
            else (leaving.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(hostile_site.site) as url:
        page.goto(url, wait_until="networkidle")
        page.wait_for_function("document.readyState === 'complete'")
        page.keyboard.press("/")
        search = page.locator("#gt-search input")
        search.wait_for(timeout=60000)  # Pagefind's interface loads on first use
        for query in ("onerror", "script", "javascript", "tada"):
            search.fill(query)
            page.locator("#gt-search .pagefind-ui__result-link").first.wait_for(timeout=10000)
            results = page.locator("#gt-search .pagefind-ui__results").inner_text()
            assert "END" in results, results[:300]
            found = page.evaluate(CHECK_PAGE)
            assert not found["onAttributes"] and not found["scriptUrls"] and not found["evilElements"], found
        page.keyboard.press("Escape")
        hostile = "<img src=x onerror=alert(1)>{{7*7}}"
        page.goto(f"{url}matrix/?text={quote(hostile)}&area={quote(hostile)}#{quote(hostile)}", wait_until="load")
        for box in page.locator("article input[type='search'], article input[type='text']").all():
            box.fill(TITLE)  # every text filter the matrix has, whatever the page calls it
        page.wait_for_timeout(500)
        assert page.evaluate("String(window.__hx)") == "undefined"
    context.close()
    assert not dialogs, dialogs
    assert not leaving, leaving


def _page_problems(path: str, found: dict[str, Any], data: HostileData, shown: set[int]) -> list[str]:
    problems = [
        f"{path}: {kind}: {item}" for kind in ("onAttributes", "scriptUrls", "evilElements") for item in found[kind]
    ]
    if found["hx"] != "undefined":
        problems.append(f"{path}: a script of the data ran (window.__hx = {found['hx']})")
    text = _normal(found["text"])
    for after, number in _marked(text):
        payload = data.values.get(number)
        if payload is None:
            continue
        shown.add(number)
        if not _shown_as(after, _normal(payload)):
            problems.append(f"{path}: HX{number} ({data.fields[number]}) is shown as {after[:120]!r}")
    for after, number in _marked(_normal(found["title"])):
        if not _shown_as(after, _normal(TITLE)):
            problems.append(f"{path}: the tab title shows HX{number} as {after[:120]!r}")
    url_tail = URL.split("/a", 1)[1]
    for value in found["attributes"] + re.findall(r"https://evil\.example/HX\d+\S*", found["text"]):
        for match in re.finditer(r"https://evil\.example/HX(\d+)", value):
            shown.add(int(match.group(1)))
            if not value[match.end() :].startswith(url_tail[:40]):
                problems.append(f"{path}: the address HX{match.group(1)} is cut or changed: {value[:160]!r}")
    return problems


def _shown_as(shown: str, payload: str) -> bool:
    """The payload as text, or its start cut with an ellipsis (a chart's label)."""
    if shown.startswith(payload):
        return True
    cut = shown.find("\u2026")
    return cut >= 0 and payload.startswith(shown[:cut])


def test_feeds_downloads_and_sitemaps_parse_and_keep_the_text(hostile_site: HostileSite) -> None:
    site = hostile_site.site
    xml_files = sorted(site.rglob("*.xml"))
    assert any("feeds" in p.parts for p in xml_files), xml_files
    for path in xml_files:
        ET.parse(path)  # raises on anything that is not well-formed XML
    feed_text = " ".join("".join(ET.parse(p).getroot().itertext()) for p in xml_files if "feeds" in p.parts)
    assert "Edit HXC " + TITLE in _normal(feed_text)
    assert "\x1b" not in feed_text and "\u202e" not in feed_text
    strings: list[str] = []
    for path in site.rglob("*.json"):
        if "pagefind" not in path.relative_to(site).parts:
            _strings(json.loads(path.read_text(encoding="utf-8")), strings)
    assert TEXT in strings or any(value.endswith(" " + TEXT) for value in strings)
    assert any(URL.split("/a", 1)[1] in value for value in strings)
    csv_files = sorted(site.rglob("*.csv"))
    assert csv_files
    for csv_path in csv_files:
        rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
        assert all(len(row) == len(rows[0]) for row in rows), csv_path
        cells = [cell for row in rows[1:] for cell in row]
        formulas = [c for c in cells if c[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-?[0-9.]+", c)]
        assert not formulas, (csv_path, formulas[:3])
        assert not cells or any(TITLE in cell for cell in cells), csv_path  # a CSV with rows shows the text


def _strings(value: Any, into: list[str]) -> None:
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = cli_main(list(argv))
    return status, capsys.readouterr().out


def test_diff_report_of_the_hostile_commit_changes_nothing_around_it(
    hostile_site: HostileSite, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = _run(capsys, "diff", hostile_site.base, "HEAD", "--root", str(hostile_site.project))
    assert status == 0, report
    assert "HX" in report and "HXC" not in report  # the data, not the commit subject
    lines = report.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")]
    assert "\r" not in report and "\x0b" not in report and "\x1b" not in report
    prose = CODE_SPAN.sub("", report)  # GitHub shows a code span as it is: no HTML, link or mention in it
    assert not re.findall(r"<(?!br>)[a-z!/?]", prose, re.IGNORECASE), "raw HTML reaches GitHub"
    for linked in (r"(?<![\w&])@o\b", r"(?<![\w&])#1\b", r":tada:", r"https?://", r"javascript:"):
        assert not re.search(linked, prose), f"{linked} reaches GitHub outside a code span"
    tables: list[list[str]] = [[]]
    for line in lines:
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    for table in filter(None, tables):  # every row of a table has as many cells as its header
        cells = {len(re.findall(r"(?<!\\)\|", row)) for row in table}
        assert len(cells) == 1, table


CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")


@pytest.mark.parametrize("form", ["text", "github"])
def test_validate_output_of_hostile_findings_forges_no_workflow_command(
    hostile_site: HostileSite, form: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(hostile_site.project / "technologies", project / "technologies")
    # Findings that quote what was written: a name on two lines, and an unknown field whose name holds line breaks.
    with (project / "technologies" / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write("hx-source:\n  title: x\n  publisher: y\n  grade: other\n  short_title: |\n")
        registry.write("    GER\n    ::error::forged title\n    ##[error]forged too\n")
        registry.write("? |\n  key\n  ::error file=x::forged key\n: 1\n")
    status, out = _run(
        capsys, "validate", "--root", str(project), "--schema-dir", str(ROOT / "schema"), "--format", form
    )
    assert status == 1, out
    assert out.count("forged") >= 3, out
    for line in re.split(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", out):
        if form == "github":  # one annotation per finding, each on its own line, none forged
            assert not line.startswith("::") or re.match(r"::error file=technologies/sources\.yaml,line=\d+", line), (
                line
            )
        else:
            assert not line.startswith("::"), line
        assert "##[" not in line, line
