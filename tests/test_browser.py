"""What a reader clicks, in real headless Chromium (Debian's package, driven by Playwright).

Without Chromium these tests are skipped, except under CI=true, where a missing browser fails.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sitebuild import build_site, copy_project

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("browser"))
    build_site(project, project / "site")
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed (apt-get install chromium); CI=true makes this a failure")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()


def test_reader_opens_a_technology_from_the_matrix(browser: object, base_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(base_url) else None)
    page.goto(base_url + "matrix/")
    page.get_by_role("link", name="Tele-Robotic Control of Partially Autonomous Robot with Time Delay").click()
    page.wait_for_url("**/technologies/tele-robotic-control-of-partially-autonomous-robot-with-time-delay/")
    assert (
        page.locator("h1").inner_text().rstrip("¶")
        == "Tele-Robotic Control of Partially Autonomous Robot with Time Delay"
    )
    assert page.get_by_text("Up to 40 minutes", exact=True).first.is_visible()
    edit = page.locator("a[title='Edit this page']")
    assert edit.get_attribute("href", timeout=2000).endswith(
        "/edit/main/technologies/eva-mobility-robotics/tele-robotic-control-of-partially-autonomous-robot-with-time-delay.yaml"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "technology-page.png"), full_page=True)
    assert outside == []
    page.close()


def test_search_finds_a_technology_by_a_word_of_its_mars_statement(browser: object, base_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base_url)
    page.keyboard.press("/")
    # Real key presses: Material searches on keyboard events, so fill() only worked when it won a race
    # with the search set-up (the test failed about half the time on a busy machine).
    page.locator("input.md-search__input").press_sequentially("minutes", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=10000)
    assert "Tele-Robotic Control" in page.locator(".md-search-result").inner_text()
    page.close()
