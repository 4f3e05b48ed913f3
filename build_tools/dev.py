#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+ (standard library only).

    python3 build_tools/dev.py build   # set up .venv, validate, build the site into site/
    python3 build_tools/dev.py serve   # set up .venv, serve the site with live reload
    python3 build_tools/dev.py test    # set up .venv with test tools, run ruff, mypy and pytest

The virtual environment is (re)installed only when pyproject.toml changes. ``build`` writes into a
temporary folder and swaps it into site/ only when the build succeeds, so a failed build leaves the
previously built site exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".gap-tracker-installed"
BROWSER_JS = ROOT / "tests" / "browser"
"""The JavaScript the browser tests inject (axe-core), pinned in package-lock.json and installed with npm."""


def setup(extras: str = "") -> None:
    """Create .venv and install the project (editable) with ``extras`` when pyproject.toml or they changed.

    The project's base dependencies are only what ``gap-tracker validate`` needs (the pre-commit hook
    installs just those); the site build needs the ``site`` extra, the test command ``site,test``.
    """
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing dependencies into .venv ...", flush=True)
    target = f".[{extras}]" if extras else "."
    run(str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target)
    STAMP.write_text(wanted)


def setup_browser_js() -> None:
    """``npm ci`` in tests/browser when its lock file has changed; without npm, say what is skipped."""
    lock = BROWSER_JS / "package-lock.json"
    stamp = BROWSER_JS / "node_modules" / ".gap-tracker-installed"
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: the accessibility tests (axe-core) will be skipped (apt-get install npm)", flush=True)
        return
    print("Installing the browser tests' JavaScript (npm ci in tests/browser) ...", flush=True)
    run(npm, "ci", "--prefix", str(BROWSER_JS), "--no-audit", "--no-fund", "--loglevel=error")
    stamp.write_text(wanted)


def run(*command: str) -> None:
    completed = subprocess.run(command, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if completed.returncode:
        sys.exit(completed.returncode)


def build() -> None:
    setup("site")
    staging = ROOT / ".site-staging"
    shutil.rmtree(staging, ignore_errors=True)
    run(str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(staging))
    site = ROOT / "site"
    old = ROOT / ".site-old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    # Not "open site/index.html": from disk (file://) the folder links and the search do not work.
    print(f"Site built in {site}/ (serve it: python3 -m http.server -d {site}, or python3 build_tools/dev.py serve)")


def serve() -> None:
    setup("site")
    # --dirty: MkDocs rewrites only the pages whose content changed (the plugin decides which; see
    # gap_tracker/servecache.py), so an edited file shows up in seconds even at thousands of technologies.
    run(str(BIN / "mkdocs"), "serve", "--livereload", "--dirty", *sys.argv[2:])


def test() -> None:
    setup("site,test")
    setup_browser_js()
    run(str(BIN / "ruff"), "check", "build_tools", "tests")
    run(str(BIN / "mypy"))
    run(str(BIN / "python"), "-m", "pytest", *sys.argv[2:])


COMMANDS = {"build": build, "serve": serve, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
