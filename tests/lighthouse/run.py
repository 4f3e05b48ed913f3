"""Lighthouse on the home page, the matrix and a technology page of a built site (issue 12, item 10).

    python3 build_tools/dev.py build                 # the site, into site/
    npm ci --prefix tests/lighthouse                 # Lighthouse, pinned in package-lock.json
    CHROME_PATH=/usr/bin/chromium .venv/bin/python tests/lighthouse/run.py [site] [--desktop]

Lighthouse cannot download a browser here, so it drives Debian's Chromium (CHROME_PATH). Passes when
every page scores 100 in accessibility and best practices and its cumulative layout shift is under
0.1; prints each page's scores and every failed audit. Not part of the test command: one page takes
about a minute on a busy machine. The performance score is printed but not judged (a local static
server without compression or caching says little about it).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tests" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
JUDGED = ("accessibility", "best-practices")
MAX_CLS = 0.1


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The static server, without a log line per request (the report is what matters)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def first_technology(site: Path) -> str:
    pages = sorted(
        p.parent.name for p in (site / "technologies").glob("*/index.html") if "noindex" not in p.read_text()
    )
    return f"technologies/{pages[0]}/"


def audit(url: str, desktop: bool, out: Path) -> dict[str, object]:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        "--only-categories=accessibility,best-practices,performance",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(
        command, check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    )
    report: dict[str, object] = json.loads(out.read_text())
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset (default: its phone)")
    args = parser.parse_args()
    site = Path(args.site)
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: npm ci --prefix tests/lighthouse")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in (("home", ""), ("matrix", "matrix/"), ("technology", first_technology(site))):
            report = audit(base + path, args.desktop, Path(tmp) / f"{name}.json")
            categories = report["categories"]  # type: ignore[index]
            audits = report["audits"]  # type: ignore[index]
            scores = {key: categories[key]["score"] for key in (*JUDGED, "performance")}
            cls = audits["cumulative-layout-shift"]["numericValue"]
            print(
                f"{name:<11} /{path}: "
                + ", ".join(f"{k} {round(100 * v)}" for k, v in scores.items())
                + f", CLS {cls:.3f}"
            )
            failed = [
                f"  - {a['id']}: {a['title']}"
                for a in audits.values()
                if a.get("score") is not None
                and a["score"] < 1
                and any(a["id"] in [r["id"] for r in categories[c]["auditRefs"]] for c in JUDGED)
                and a["scoreDisplayMode"] in ("binary", "numeric")
            ]
            print("\n".join(failed) or "  (no failed accessibility or best-practices audit)")
            ok = ok and all(scores[k] == 1 for k in JUDGED) and cls < MAX_CLS
    server.shutdown()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
