"""How much the git history costs the build at N technologies.

    .venv/bin/python bench/history.py -n 5000 --edits 3

Makes a repository (in a temporary folder) with N synthetic technology files (bench/synth.py's
data), commits them, then makes ``--edits`` further commits that each change one horizon of every
file; then times, as the build does, reading the history (one
``git log`` pass) and comparing horizons for the changes the site shows (one ``git cat-file``
call), and the whole site-side timeline (history sections, /changes/, feeds).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    from gap_tracker.history import read_history
    from gap_tracker.load import load_project
    from gap_tracker.timeline import Timeline

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "synth.py"), str(root), "-n", str(args.n), "--yaml-only"], check=True
        )
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "add")
        files = sorted((root / "technologies").glob("*/*.yaml"))
        for edit in range(args.edits):
            for path in files:
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace("    statement: ", f"    statement: e{edit} ", 1), encoding="utf-8")
            git(root, "commit", "-q", "-am", f"edit {edit}")

        started = time.perf_counter()
        history = read_history(root, "technologies")
        read = time.perf_counter() - started
        result = load_project(root, history=history)
        assert result.catalogue is not None
        started = time.perf_counter()
        timeline = Timeline(result.catalogue, history)
        compare = time.perf_counter() - started
        sections = [timeline.technology_section(t) for t in result.catalogue.technologies]
        generated = list(timeline.files())
        site_side = time.perf_counter() - started - compare
        compared = sum(1 for c in history.changes if c.horizons is not None)
        feeds = sum(g.src_uri.endswith(".xml") for g in generated)
        print(
            f"N={args.n} technologies, {args.edits + 1} commits, {len(history.changes)} file changes: "
            f"read history (git log) {read:.2f} s; horizons compared for {compared} changes {compare:.2f} s; "
            f"{len(sections)} history sections, /changes/ and {feeds} feeds {site_side:.2f} s"
        )


if __name__ == "__main__":
    main()
