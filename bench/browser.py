"""Browser benchmark: how fast the matrix filters answer a keystroke, how /matrix/ loads, what it transfers.

    .venv/bin/python bench/browser.py [-n 5000] [--keystrokes "thermal power"] [--passes 3] [--out bench/out]
    .venv/bin/python bench/browser.py -n 5000 --trace        # + one traced pass: main-thread time by phase
    .venv/bin/python bench/browser.py -n 5000 --css fix.css  # what-if: a stylesheet added to the N site's page
    .venv/bin/python bench/browser.py -n 5000 --built DIR    # measure a site built beforehand (e.g. by bench/run.py)

Method: bench/synth.py writes a project with N technologies; ``mkdocs build -q`` builds it and the real project.
Each site is served on 127.0.0.1 and opened in headless Chromium (Debian's, via Playwright) in a fresh context.

* Keystrokes (N site), once the form is un-hidden and the network idle: t0 = the ``keydown``'s timeStamp on ``#gt-text``; on the
  table's ``gt:filtered``, ``requestAnimationFrame`` then ``setTimeout`` marks the frame that shows the update as
  produced. Real key presses, each after the last one was measured: each phrase typed, then deleted with
  Backspace (re-showing rows: the expensive direction); then ``#gt-moon`` set to "not-stated" and back (t0 = its
  ``input`` event). The script shows at most 250 matching rows until the reader asks for all (matrix.js, LIMIT), so
  "matches (on page)" gives both counts; the frame measured is the first after the change. One warm-up pass, then ``--passes`` counted ones; the target is on their keystrokes' p95.
  Parts: "to input" = keydown to ``input`` (the editor), "apply" = ``input`` to ``gt:filtered`` (matrix.js),
  "frame" = the rest (the layout the editor forces after ``input``, then the frame's style, layout, paint).
* Page load: the navigation timing entry; observers added before the page's scripts: form un-hidden (script
  initialised), first filtered matrix painted; first contentful paint and time to interactive (the end of the
  last long task before a 5 s quiet window, see ``paint_and_interactive``).
* First page view (N site): home, matrix, an area and a technology page, each in a fresh context: everything
  fetched until the network is idle, gzipped (target: each under 500 KB).
* Transfer: every response of that page load, raw and gzipped (``gzip.compress`` level 6, as a typical server
  would); every request's host.

The command always exits 0: it is a report, not a test. Data goes to ``--out`` (git-ignored).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import math
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import BIN, ENV, _code_fingerprint, _git_head, table  # noqa: E402
from synth import WORDS, write_project  # noqa: E402

LATENCY_MAX_MS, REAL_GZ_MAX_KB = 100.0, 150.0
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FIRST_VIEW_MAX_KB = 500.0
QUIET_MS = 5000
INIT_JS = """(() => {
  const t = (window.__gtLoad = { longTasks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) t.longTasks.push([e.startTime, e.startTime + e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  new MutationObserver((_, observer) => {
    const form = document.getElementById("gt-filters");
    if (form && !form.hidden) { t.formShown = performance.now(); observer.disconnect(); }
  }).observe(document, { attributes: true, attributeFilter: ["hidden"], subtree: true });
  const painted = () => requestAnimationFrame(() => setTimeout(() => { t.painted = performance.now(); }));
  addEventListener("gt:filtered", painted, { capture: true, once: true });
})();"""
PROBE_JS = """() => {
  const g = (window.__gtProbe = { t0: 0, input: 0, arm() {
    g.done = new Promise((resolve) => { g.resolve = resolve; setTimeout(() => resolve(null), 30000); });
  } });
  document.getElementById("gt-text").addEventListener("keydown", (e) => { g.t0 = e.timeStamp; }, true);
  addEventListener("input", (e) => { g.input = performance.now(); if (e.target.tagName === "SELECT") g.t0 = g.input; }, true);
  document.getElementById("gt-matrix").addEventListener("gt:filtered", (e) => {
    const { t0, input } = g, applied = performance.now(), { shown, displayed } = e.detail;
    requestAnimationFrame(() => setTimeout(() => g.resolve(
      { total: performance.now() - t0, toInput: input - t0, apply: applied - input, shown, displayed })));
  });
}"""
TRACE_CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "blink"]
TRACE_PHASES = {"FunctionCall": "script", "EvaluateScript": "script", "UpdateLayoutTree": "style", "Layout": "layout"}
TRACE_PHASES |= {"PrePaint": "pre-paint", "Paint": "paint", "Layerize": "paint", "Commit": "paint"}
Sample = dict[str, float]


def say(text: str = "") -> None:
    print(text, flush=True)


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


# --------------------------------------------------------------------------- sites


def build(config: Path, site: Path) -> str | None:
    """``mkdocs build -q`` into ``site``; return an error message, or None."""
    argv = [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)]
    done = subprocess.run(argv, env=ENV, capture_output=True, text=True, check=False)
    return None if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-800:]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


# --------------------------------------------------------------------------- page load and transfer


def open_matrix(browser: Any, base: str, name: str, rows: int = 0, css: str = "") -> tuple[Any, float, list[str]]:
    """Open /matrix/ in a fresh context, wait for script, idle network and search; print what it fetched and when.

    Returns the page, the gzipped total in KB and the URLs requested from elsewhere than 127.0.0.1.
    """
    context = browser.new_context()
    requests: list[str] = []
    responses: list[Any] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("response", lambda response: responses.append(response))
    page.add_init_script(INIT_JS)
    page.goto(base + "matrix/", wait_until="load", timeout=300_000)
    if css:
        page.add_style_tag(content=css)
    page.wait_for_selector("#gt-filters", state="visible", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=300_000)
    nav, marks = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()"), page.evaluate("__gtLoad")
    timing = {"HTML received": nav["responseEnd"], "DOMContentLoaded": nav["domContentLoadedEventEnd"]}
    timing |= {"load": nav["loadEventStart"], "form un-hidden": marks.get("formShown", math.nan)}
    timing |= {"filtered matrix painted": marks.get("painted", math.nan)}
    timing |= paint_and_interactive(page, nav)
    cells, raw, gz, html = [], 0, 0, (0, 0)
    for r in responses:
        body = response_body(r)
        size = (len(body), len(gzip.compress(body, 6, mtime=0)))
        raw, gz, html = raw + size[0], gz + size[1], size if r.request.resource_type == "document" else html
        cells.append([urlsplit(r.url).path, r.request.resource_type, str(r.status), kb(size[0]), kb(size[1])])
    hosts = [(urlsplit(url).scheme, urlsplit(url).hostname, url) for url in requests]
    outside = [url for scheme, host, url in hosts if scheme not in ("data", "blob") and host != "127.0.0.1"]
    say(f"\n## Transfer and load, {name} /matrix/ ({len(cells)} responses; gz = gzip level 6)")
    say(table(["resource", "type", "status", "raw KB", "gz KB"], [*cells, ["total", "", "", kb(raw), kb(gz)]]))
    say(f"HTML document {kb(html[0])} KB raw, {kb(html[1])} KB gz; all resources {kb(raw)} KB raw, {kb(gz)} KB gz")
    if rows:
        say(f"per technology row: HTML {html[1] / rows:.0f} B gz, {html[0] / rows:.0f} B raw; all {gz / rows:.0f} B gz")
    say(f"requests not to 127.0.0.1: {len(outside)}" + "".join(f"\n  {url}" for url in outside[:20]))
    say("page load, ms after navigation start: " + ", ".join(f"{k} {v:.0f}" for k, v in timing.items()))
    return page, gz / 1024, outside


def response_body(response: Any) -> bytes:
    """A response's body; fetched again from the local server when Chromium no longer holds it.

    Chromium keeps a limited buffer of response bodies: the 10 MB matrix document of the N=5,000 site
    came back empty, so its first view was counted without its HTML. A redirect has no body.
    """
    try:
        return bytes(response.body())
    except Exception:
        if response.request.method != "GET" or not 200 <= response.status < 300:
            return b""
        with urllib.request.urlopen(response.url, timeout=60) as again:
            return bytes(again.read())


def paint_and_interactive(page: Any, nav: dict[str, Any]) -> dict[str, float]:
    """First contentful paint, and time to interactive as Lighthouse bounds it from below.

    TTI here: the end of the last long task (> 50 ms on the main thread) before a quiet window of
    QUIET_MS after first contentful paint, and no earlier than DOMContentLoaded (the network is idle by
    then: the caller waited for it).
    """
    page.wait_for_timeout(QUIET_MS)
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? NaN")
    tasks = sorted(page.evaluate("__gtLoad.longTasks"))
    tti = max(fcp, nav["domContentLoadedEventEnd"])
    for start, end in tasks:
        if start - tti >= QUIET_MS:
            break
        tti = max(tti, end)
    return {"first contentful paint": fcp, "time to interactive": tti, "long tasks": float(len(tasks))}


def first_view(browser: Any, url: str) -> tuple[int, int, int]:
    """A first page view in a fresh context: (responses, raw bytes, gzipped bytes) of everything it fetched."""
    context = browser.new_context()
    responses: list[Any] = []
    page = context.new_page()
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle", timeout=300_000)
    page.wait_for_timeout(1000)  # late fetches (a search worker, say) count too
    raw = gz = 0
    for r in responses:
        body = response_body(r)
        raw, gz = raw + len(body), gz + len(gzip.compress(body, 6, mtime=0))
    context.close()
    return len(responses), raw, gz


def report_first_views(browser: Any, base: str, site: Path, name: str) -> float:
    """First-view transfer of the home page, the matrix, an area page and a technology page; return the largest, KB gz."""
    tech = sorted((site / "technologies").glob("*/index.html"))[0].parent.name
    area = sorted((site / "areas").glob("*/index.html"))[0].parent.name
    pages = {
        "home": "",
        "matrix": "matrix/",
        f"area {area}": f"areas/{area}/",
        f"technology {tech}": f"technologies/{tech}/",
    }
    rows, largest = [], 0.0
    for label, path in pages.items():
        count, raw, gz = first_view(browser, base + path)
        largest = max(largest, gz / 1024)
        rows.append([label, str(count), kb(raw), kb(gz)])
    say(f"\n## First page view, {name} (fresh browser context; everything fetched until the network is idle)")
    say(table(["page", "responses", "raw KB", "gz KB"], rows))
    return largest


# --------------------------------------------------------------------------- keystrokes


Action = tuple[str, str, str]
"""(label, kind: 'type', 'delete' or 'select', key to press or option value to select)."""


def actions(phrases: list[str]) -> list[Action]:
    out: list[Action] = []
    for phrase in phrases:
        out += [(f"type {phrase[: i + 1]!r}", "type", "Space" if c == " " else c) for i, c in enumerate(phrase)]
        out += [(f"Backspace -> {phrase[:i]!r}", "delete", "Backspace") for i in reversed(range(len(phrase)))]
    return [*out, ("#gt-moon = not-stated", "select", "not-stated"), ("#gt-moon = any", "select", "")]


def run_pass(page: Any, steps: list[Action]) -> list[Sample | None]:
    results = []
    for _, kind, key in steps:
        page.evaluate("__gtProbe.arm()")
        if kind == "select":
            page.select_option("#gt-moon", key)
        else:
            page.keyboard.press(key)
        results.append(page.evaluate("__gtProbe.done"))
    return results


def measure_keystrokes(page: Any, steps: list[Action], passes: int, trace: Path | None) -> list[list[Sample]]:
    """One warm-up pass, ``passes`` counted ones, then (with ``trace``) one traced pass that is not counted."""
    page.evaluate(PROBE_JS)
    page.focus("#gt-text")
    run_pass(page, steps)
    samples: list[list[Sample]] = [[] for _ in steps]
    for _ in range(passes):
        for got, result in zip(samples, run_pass(page, steps), strict=True):
            got += [result] if result else []
    if trace:
        page.context.browser.start_tracing(page=page, path=str(trace), categories=TRACE_CATEGORIES)
        traced = run_pass(page, steps)
        page.context.browser.stop_tracing()
        say("traced pass (not counted), ms: " + " ".join(f"{r['total']:.0f}" if r else "-" for r in traced))
    return samples


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def report_keystrokes(steps: list[Action], samples: list[list[Sample]]) -> tuple[float, float]:
    """Print per-action and summary tables; return (p95, max) over all keystrokes."""
    rows = []
    for (label, _, _), got in zip(steps, samples, strict=True):
        if not got:
            rows.append([label, "no gt:filtered event", "", "", "", "", "", ""])
            continue
        med = {k: statistics.median(s[k] for s in got) for k in ("total", "toInput", "apply")}
        shown = "/".join(sorted({f"{int(s['shown'])} ({int(s['displayed'])})" for s in got}))
        times = [med["total"], max(s["total"] for s in got), med["toInput"], med["apply"]]
        frame = med["total"] - med["toInput"] - med["apply"]
        rows.append([label, shown, *(f"{t:.0f}" for t in times), f"{frame:.0f}", str(len(got))])
    say(table(["action", "matches (on page)", "median ms", "max ms", "to input", "apply", "frame", "samples"], rows))
    say("(to input, apply, frame: from the medians of the parts)")
    groups = {"typing": ("type",), "deleting": ("delete",), "all keystrokes": ("type", "delete"), "select": ("select",)}
    rows, result = [], (math.nan, math.nan)
    for name, kinds in groups.items():
        values = [s["total"] for (_, kind, _), got in zip(steps, samples, strict=True) if kind in kinds for s in got]
        if values:
            figures = (statistics.median(values), pct(values, 0.95), max(values))
            rows.append([name, str(len(values)), *(f"{v:.0f}" for v in figures)])
            result = figures[1:] if name == "all keystrokes" else result
    say(table(["actions", "samples", "median ms", "p95 ms", "max ms"], rows))
    return result


def summarise_trace(path: Path) -> list[list[str]]:
    """Main-thread time by phase (self time: a nested phase is taken out of its parent's) and the rest of its tasks."""
    events = json.loads(path.read_text(encoding="utf-8"))["traceEvents"]
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    main = {thread for thread, name in names.items() if name == "CrRendererMain"}
    spans = [e for e in events if e.get("ph") == "X" and "dur" in e and (e["pid"], e["tid"]) in main]
    totals = dict.fromkeys(["script", "style", "layout", "pre-paint", "paint"], 0.0)
    busy, stack = 0.0, []  # stack: (end, phase or "task" or "")
    for e in sorted(spans, key=lambda e: (e["pid"], e["ts"], -e["dur"])):
        while stack and stack[-1][0] <= e["ts"]:
            stack.pop()
        phase, ms = TRACE_PHASES.get(e["name"], ""), e["dur"] / 1000
        if e["name"] == "RunTask" and all(p != "task" for _, p in stack):
            busy, phase = busy + ms, "task"
        elif phase:
            totals[phase] += ms
            parent = next((p for _, p in reversed(stack) if p in totals), None)
            if parent:
                totals[parent] -= ms
        stack.append((e["ts"] + e["dur"], phase))
    totals["other (editing, event dispatch, GC, tasks)"] = busy - sum(totals.values())
    return [[k, f"{v:.0f}", f"{100 * v / busy:.0f}%" if busy else ""] for k, v in totals.items()]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="matrix filters in headless Chromium (a report; always exits 0)")
    parser.add_argument("-n", type=int, default=5000, help="technologies in the synthetic site (default 5000)")
    parser.add_argument("--keystrokes", nargs="+", default=["thermal power"], help="phrases to type, then delete")
    parser.add_argument("--passes", type=int, default=3, help="counted passes after the warm-up (default 3)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where sites are written (default bench/out)")
    parser.add_argument("--trace", action="store_true", help="one more pass under Chrome tracing, summarised by phase")
    parser.add_argument(
        "--built",
        type=Path,
        help="an N-technology site already built (e.g. bench/out/site-5000/site, copied first): skips writing and building one",
    )
    parser.add_argument("--css", type=Path, help="what-if: a stylesheet added to the N site's page before measuring")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if not chromium:
        say("needs Chromium (apt-get install chromium) and Playwright (the test extra): nothing measured")
        return 0
    out = args.out.resolve()
    phrases = [p.lower() for p in args.keystrokes]
    say("gap-tracker browser benchmark: matrix filters, page load, transfer")
    say(f"  command: {' '.join([sys.executable, *sys.argv])}")
    say(f"  date {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; code: {_git_head()}; fingerprint {_code_fingerprint()}")
    say(f"  N={args.n}; phrases {phrases}; {args.passes} counted pass(es) after 1 warm-up; data in {out}")
    unknown = sorted({w for p in phrases for w in p.split() if w not in WORDS})
    if unknown:
        say(f"  note: {unknown} are not in synth.py's vocabulary: their keystrokes may match no row")

    synthetic, real_site = out / f"browser-{args.n}", out / "real-site"
    n_site = args.built.resolve() if args.built else synthetic / "site"
    if args.built:
        errors: dict[str, str | None] = {"N site": None if (n_site / "matrix" / "index.html").exists() else "no site"}
        say(f"  N site as built beforehand: {n_site}")
    else:
        start = time.perf_counter()
        write_project(synthetic, args.n)  # the plugin site only: no bare twin needed here
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        errors = {"N site": build(synthetic / "mkdocs.yml", n_site)}
        say(f"  generated in {seconds:.1f} s, built in {time.perf_counter() - start:.1f} s: {n_site}")
    errors["real site"] = build(HERE.parent / "mkdocs.yml", real_site)
    say(f"  real site: {real_site}")
    for name, error in ((name, error) for name, error in errors.items() if error):
        say(f"  ERROR: {name} build failed: {error}")

    real_kb = p95 = worst = largest_view = math.nan
    outside: list[str] | None = None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        say(f"  Chromium {browser.version}, headless")
        if not errors["real site"]:
            with serve(real_site) as base:
                page, real_kb, outside = open_matrix(browser, base, "real site")
                page.context.close()
        if not errors["N site"]:
            with serve(n_site) as base:
                css = args.css.read_text(encoding="utf-8") if args.css else ""
                largest_view = report_first_views(browser, base, n_site, f"N={args.n} site")
                page, _, elsewhere = open_matrix(browser, base, f"N={args.n} site", args.n, css)
                outside = [*(outside or []), *elsewhere]
                say(f"\n## Keystroke to updated matrix, N={args.n}" + (f", with --css {args.css}" if css else ""))
                trace = out / f"browser-{args.n}-trace.json" if args.trace else None
                steps = actions(phrases)
                p95, worst = report_keystrokes(steps, measure_keystrokes(page, steps, args.passes, trace))
                if trace:
                    say(f"\nMain thread during the traced pass, by phase ({trace}):")
                    say(table(["phase", "ms", "share"], summarise_trace(trace)))
                page.context.close()
        browser.close()

    say("\n## Targets")
    left = math.nan if outside is None else len(outside)
    targets = [
        (f"keystroke to updated matrix, N={args.n}, p95", f"< {LATENCY_MAX_MS:.0f} ms", p95, LATENCY_MAX_MS),
        ("real /matrix/ transfer, all resources, gzipped", f"< {REAL_GZ_MAX_KB:.0f} KB", real_kb, REAL_GZ_MAX_KB),
        (
            f"largest first page view, N={args.n}, gzipped",
            f"< {FIRST_VIEW_MAX_KB:.0f} KB",
            largest_view,
            FIRST_VIEW_MAX_KB,
        ),
        ("requests not to 127.0.0.1", "0", left, 1),
    ]
    shown = [f"{p95:.0f} ms (max {worst:.0f} ms)", f"{real_kb:.0f} KB", f"{largest_view:.0f} KB", f"{left:.0f}"]
    verdicts = ["error" if math.isnan(v) else ("PASS" if v < limit else "FAIL") for _, _, v, limit in targets]
    rows = [[name, limit, m, v] for (name, limit, _, _), m, v in zip(targets, shown, verdicts, strict=True)]
    say(table(["target", "limit", "measured", "result"], rows))
    say(f"{verdicts.count('PASS')} passed, {verdicts.count('FAIL')} failed, {verdicts.count('error')} error(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
