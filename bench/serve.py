"""``mkdocs serve`` at N technologies: seconds from saving one technology file to the updated page.

    .venv/bin/python bench/serve.py -n 5000 [--edits 3] [--git] [--out bench/out]

Writes a synthetic project (bench/synth.py, without its bare twin), starts ``mkdocs serve --dirty --livereload`` on
127.0.0.1 (what ``dev.py serve`` runs), waits for the first build, then ``--edits`` times: appends a
word to one technology's Mars statement (a different file each time), and polls that technology's
page until the word is there. Prints each edit's time, their median and the target (under 3 s). A
report: exits 0 either way. ``--git`` commits the project into a git repository first, as a clone of
the tracker is: the site then shows history sections, versions "plus uncommitted changes" once a file
is edited, and the rules compare an edited statement with its committed version.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TARGET_S = 3.0
sys.path.insert(0, str(HERE))
from history import git  # noqa: E402
from synth import SOURCE_DATE_EPOCH, write_project  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def wait_for(url: str, needle: str, timeout: float) -> float | None:
    """Seconds until ``url`` serves a page containing ``needle`` (None on timeout)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc; None elsewhere).

    The rebuild's CPU time does not depend on how busy the machine is, unlike the seconds until the page
    updates; children (the background Pagefind run) are not counted.
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def editable(project: Path, count: int) -> list[tuple[Path, str]]:
    """Technology files whose Mars statement has no target (so appending a word keeps them valid), with ids."""
    found = []
    for path in sorted((project / "technologies").glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        mars = text.split("\n  mars:\n", 1)[-1]
        if "\n  mars:\n" in text and "    statement: " in mars and "targets:" not in mars:
            found.append((path, path.stem))
        if len(found) == count:
            break
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for the first build")
    parser.add_argument("--git", action="store_true", help="commit the project into a git repository first")
    args = parser.parse_args()
    project = args.out.resolve() / f"serve-{args.n}{'-git' if args.git else ''}"
    print(f"mkdocs serve benchmark, N={args.n}: {' '.join([sys.executable, *sys.argv])}", flush=True)
    write_project(project, args.n)  # the plugin site only: no bare twin needed here
    if args.git:  # rewritten as committed above: the earlier run's edits are undone, the work tree is clean
        if not (project / ".git").exists():
            git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-q", "--allow-empty", "-m", "The synthetic data")
    port = free_port()
    # mkdocs serve mounts the site at the path of site_url (e.g. /tracker/).
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url") or "/"
    base = f"http://127.0.0.1:{port}{urlsplit(site_url).path or '/'}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    log_path = project.with_suffix(".serve.log")
    command = [str(BIN / "mkdocs"), "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(project / "mkdocs.yml")]
    targets = editable(project, args.edits)
    times: list[float] = []
    cpus: list[float] = []
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=project)
        try:
            start = time.perf_counter()
            first = wait_for(base + f"technologies/{targets[0][1]}/", "</html>", args.timeout)
            if first is None:
                print(f"the first build did not finish in {args.timeout:.0f} s (log: {log_path})")
                return 0
            print(f"first build served after {time.perf_counter() - start:.1f} s", flush=True)
            time.sleep(2)  # let the watcher settle
            for number, (path, tech_id) in enumerate(targets, start=1):
                word = f"benchedit{number}x{int(time.time())}"
                text = path.read_text(encoding="utf-8")
                edited = re.sub(r"(\n  mars:\n(?:    .*\n)*?    statement: )(.*)", rf"\g<1>\g<2> {word}", text, count=1)
                cpu_before = cpu_seconds(server.pid)
                path.write_text(edited, encoding="utf-8")
                seconds = wait_for(base + f"technologies/{tech_id}/", word, 600)
                cpu_after = cpu_seconds(server.pid)
                shown = "timeout" if seconds is None else f"{seconds:.2f} s"
                if cpu_before is not None and cpu_after is not None:
                    cpu = cpu_after - cpu_before
                    cpus.append(cpu)
                    shown += f" (serve process CPU {cpu:.2f} s; load avg {os.getloadavg()[0]:.1f})"
                print(f"edit {number}: {path.relative_to(project)} -> page updated after {shown}", flush=True)
                if seconds is not None:
                    times.append(seconds)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    if times:
        median = statistics.median(times)
        verdict = "PASS" if median < TARGET_S else "FAIL"
        print(
            f"\nedit to updated page, N={args.n}: median {median:.2f} s (range {min(times):.2f}-{max(times):.2f} s, "
            f"{len(times)} edits); target < {TARGET_S:.0f} s: {verdict}"
        )
    if cpus:
        print(
            f"CPU time of the serve process per edit (rebuild; polling included): median {statistics.median(cpus):.2f} s "
            f"(range {min(cpus):.2f}-{max(cpus):.2f} s): what the wait would be on an idle core"
        )
    print(f"serve log: {log_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
