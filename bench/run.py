"""Performance benchmark: the gap-tracker build and validator against their floors, as ratios.

    /tmp/venv/bin/python bench/run.py [--sizes 100 1000 5000] [--validate-size 10000] [--pairs 3] [--out bench/out]
    /tmp/venv/bin/python bench/run.py --quick        # smoke run: sizes 100 1000, validate 2000, 1 pair
    /tmp/venv/bin/python bench/run.py --only validate --validate-size 10000 --pairs 3   # validation alone

Method (see the team's perf-baselines note): every figure is a whole process, started fresh; A and
B run alternately (A B A B ...) after one uncounted warm-up each; times and peak RSS are medians and
the ratio is the median of the per-pair ratios. Peak RSS is the child's maximum resident set, read
from ``/usr/bin/time -f %M`` (or from ``getrusage(RUSAGE_CHILDREN)`` in a small wrapper process when
that is missing). Only ratios from the same run should be compared: absolute times on a shared
machine move by tens of percent between runs.

What is compared:

* Build: ``mkdocs build -q`` of the project site (gap-tracker plugin on: it loads, checks and renders
  N technology files) against its bare twin (the same pages as ready-made Markdown files, Material +
  search only), both written by ``bench/synth.py``. The warm-up is ``mkdocs build --strict`` so a
  warning fails the run instead of hiding behind ``-q``.
* Growth: the plugin build's median time at N=5000 over N=1000 (linear would be 5x).
* Validation: ``gap-tracker validate`` against ``check-jsonschema`` with the technology schema, on
  the same N files.

Both builds get ``SOURCE_DATE_EPOCH`` (feeds without history carry the build time), and the synthetic
sites turn the review-age check off (``stale_after_days: 0``, see ``synth.STALE_AFTER_DAYS``), so the
work measured does not change with the calendar. The header prints a fingerprint of the code under test
and the run warns if it changed while the benchmark ran.

The command always exits 0: it is a report, not a test. Data goes to ``--out`` (git-ignored).
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TIME = Path("/usr/bin/time")
sys.path.insert(0, str(HERE))
from synth import SOURCE_DATE_EPOCH, STALE_AFTER_DAYS  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)

BUILD_RATIO_MAX = 1.15
BUILD_RATIO_SIZES = (1000, 5000)
GROWTH_FROM, GROWTH_TO, GROWTH_MAX = 1000, 5000, 5.0
VALIDATE_RATIO_MIN = 15.0

_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); rc = subprocess.call(sys.argv[2:]); t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'{t} {u.ru_maxrss} {u.ru_utime} {u.ru_stime}\\n'); sys.exit(rc)\n"
)


def say(text: str = "") -> None:
    print(text, flush=True)


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float
    """Seconds, measured around the child by this process."""
    rss_mib: float
    cpu: float
    """User + system CPU seconds of the child: less sensitive than wall time to other load on the machine."""
    rc: int
    stderr: str


def measure(argv: list[str], cwd: Path | None = None) -> Run:
    """Run ``argv`` once in a fresh process; return its wall time, peak RSS and exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rusage"
        if TIME.exists():
            wrapped = [str(TIME), "-f", "%e %M %U %S", "-o", str(report), *argv]
        else:
            wrapped = [sys.executable, "-c", _RUSAGE_WRAPPER, str(report), *argv]
        with (Path(tmp) / "stderr").open("w+", encoding="utf-8", errors="replace") as err:
            start = time.perf_counter()
            rc = subprocess.call(wrapped, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
            wall = time.perf_counter() - start
            err.seek(0)
            stderr = err.read()
        fields = report.read_text(encoding="utf-8").strip().splitlines()[-1].split()
        return Run(wall, int(fields[1]) / 1024, float(fields[2]) + float(fields[3]), rc, stderr)


@dataclass
class PairResult:
    label_a: str
    label_b: str
    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.a) and bool(self.b)

    @property
    def ratios(self) -> list[float]:
        return [a.wall / b.wall for a, b in zip(self.a, self.b, strict=True)]

    def median(self, side: str, attr: str) -> float:
        runs = self.a if side == "a" else self.b
        return float(statistics.median(getattr(r, attr) for r in runs))

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(a.cpu / b.cpu for a, b in zip(self.a, self.b, strict=True))

    @property
    def rss_ratio(self) -> float:
        return statistics.median(a.rss_mib / b.rss_mib for a, b in zip(self.a, self.b, strict=True))


def _load() -> str:
    return f"load avg {os.getloadavg()[0]:.1f}"


def _check(result: PairResult, label: str, run: Run, expect_rc: int = 0) -> bool:
    if run.rc != expect_rc:
        tail = "\n      ".join(run.stderr.strip().splitlines()[-15:])
        result.errors.append(f"{label} exited {run.rc} (expected {expect_rc})")
        say(f"    ERROR: {label} exited {run.rc}:\n      {tail}")
        return False
    return True


def alternate(
    label_a: str,
    cmd_a: list[str],
    label_b: str,
    cmd_b: list[str],
    pairs: int,
    warm_a: list[str] | None = None,
    warm_b: list[str] | None = None,
    cwd: Path | None = None,
) -> PairResult:
    """One uncounted warm-up each, then ``pairs`` alternating A/B runs."""
    result = PairResult(label_a, label_b)
    for label, cmd in ((label_a, warm_a or cmd_a), (label_b, warm_b or cmd_b)):
        run = measure(cmd, cwd)
        if not _check(result, f"{label} warm-up", run):
            return result
        warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
        note = f", {len(warnings)} warning(s)" if warnings else ""
        say(f"    warm-up {label:<16} {run.wall:7.2f} s {run.rss_mib:6.0f} MiB{note} (not counted; {_load()})")
    for i in range(pairs):
        ra = measure(cmd_a, cwd)
        rb = measure(cmd_b, cwd)
        if not (_check(result, label_a, ra) and _check(result, label_b, rb)):
            return result
        result.a.append(ra)
        result.b.append(rb)
        say(
            f"    pair {i + 1}: {label_a} {ra.wall:7.2f} s (cpu {ra.cpu:6.2f}) {ra.rss_mib:4.0f} MiB | "
            f"{label_b} {rb.wall:7.2f} s (cpu {rb.cpu:6.2f}) {rb.rss_mib:4.0f} MiB | "
            f"ratio {ra.wall / rb.wall:6.3f} (cpu {ra.cpu / rb.cpu:6.3f}; {_load()})"
        )
    return result


# --------------------------------------------------------------------------- data


def generate(out: Path, n: int, yaml_only: bool = False) -> float:
    """Write a data set with bench/synth.py in its own process (keeps this process small); return seconds."""
    argv = [sys.executable, str(HERE / "synth.py"), str(out), "-n", str(n)]
    if yaml_only:
        argv.append("--yaml-only")
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


SNAPSHOT_PARTS = ("build_tools/gap_tracker", "schema", "docs", "technologies", "mkdocs.yml")


def take_snapshot(out: Path) -> Path:
    """Copy the code and settings under test to ``out/code`` and point every child process at the copy.

    The work tree may change while a run takes its quarter of an hour (the project is under active
    development); with the copy, every figure of one run is for the same version. ``PYTHONPATH`` puts the
    copied package before the editable install, and ``BENCH_SYNTH_REPO`` tells bench/synth.py to read the
    real mkdocs.yml, docs/, schemas and registries from the copy too.
    """
    repo = HERE.parent
    snap = out / "code"
    if snap.exists():
        shutil.rmtree(snap)
    for part in SNAPSHOT_PARTS:
        source, target = repo / part, snap / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, target)
    ENV["PYTHONPATH"] = os.pathsep.join(p for p in (str(snap / "build_tools"), ENV.get("PYTHONPATH", "")) if p)
    ENV["BENCH_SYNTH_REPO"] = str(snap)
    return snap


def _code_fingerprint(repo: Path = HERE.parent) -> str:
    """A hash of the code and settings under test (package, templates, schemas, mkdocs.yml, docs/, registries)."""
    import hashlib

    digest = hashlib.sha256()
    paths = [repo / "mkdocs.yml"]
    for folder in ("build_tools/gap_tracker", "schema", "docs", "technologies"):
        paths += sorted(p for p in (repo / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in paths:
        digest.update(path.relative_to(repo).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _git_head() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True, check=False).stdout

    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    dirty = git("status", "--porcelain", "--", "build_tools", "schema", "mkdocs.yml").splitlines()
    return f"git HEAD {head}" + (
        f" + {len(dirty)} uncommitted change(s) in build_tools/, schema/, mkdocs.yml" if dirty else ""
    )


def _versions() -> str:
    code = (
        "import importlib.metadata as m\n"
        "print(', '.join(f'{p} {m.version(p)}' for p in "
        "('gap-tracker', 'mkdocs', 'mkdocs-material', 'Markdown', 'PyYAML', 'jsonschema-rs', 'check-jsonschema')))"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False).stdout.strip()


# --------------------------------------------------------------------------- report


def _fmt_row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [_fmt_row(header, widths), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [_fmt_row(r, widths) for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gap-tracker performance benchmark (a report; always exits 0)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="numbers of technologies to build"
    )
    parser.add_argument("--validate-size", type=int, default=10000, help="number of files for the validation benchmark")
    parser.add_argument(
        "--pairs", type=int, default=3, help="measured A/B pairs per comparison (after one warm-up each)"
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "out", help="where the data sets are written (default bench/out)"
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 100 1000, validate-size 2000, 1 pair")
    parser.add_argument(
        "--only",
        choices=["build", "validate"],
        help="run one comparison: the builds (no validation) or the validation (no builds)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.validate_size, args.pairs = [100, 1000], 2000, 1
    sizes = [] if args.only == "validate" else sorted(set(args.sizes))
    mkdocs, gap_tracker, check_jsonschema = (str(BIN / name) for name in ("mkdocs", "gap-tracker", "check-jsonschema"))
    for exe in (mkdocs, gap_tracker, check_jsonschema):
        if not Path(exe).exists():
            say(f"missing {exe}: run this script with the venv's python (e.g. /tmp/venv/bin/python bench/run.py)")
            return 0
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    say("gap-tracker performance benchmark")
    say(f"  command: {' '.join([sys.executable, *sys.argv])}")
    say(
        f"  date {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; {platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}"
    )
    say(f"  {_versions()}")
    say(
        f"  sizes {sizes}, validate-size {args.validate_size}, {args.pairs} pair(s) after 1 warm-up each; data in {args.out}"
    )
    say(f"  peak RSS from {'/usr/bin/time %M' if TIME.exists() else 'getrusage(RUSAGE_CHILDREN)'}")
    snap = take_snapshot(args.out)
    fingerprint = _code_fingerprint(snap)
    loaded = subprocess.run(
        [sys.executable, "-c", "import gap_tracker; print(gap_tracker.__file__)"],
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    say(f"  code under test: {_git_head()}; fingerprint {fingerprint}; snapshot {snap} (children import {loaded})")

    builds: dict[int, PairResult] = {}
    for n in sizes:
        site = args.out / f"site-{n}"
        seconds = generate(site, n)
        bare = site.with_name(site.name + "-bare")
        say(f"\n## Build, N={n} (data generated in {seconds:.1f} s): plugin = {site}, bare = {bare}")
        plugin_cfg, bare_cfg = str(site / "mkdocs.yml"), str(bare / "mkdocs.yml")
        builds[n] = alternate(
            "plugin",
            [mkdocs, "build", "-q", "-f", plugin_cfg],
            "bare",
            [mkdocs, "build", "-q", "-f", bare_cfg],
            args.pairs,
            warm_a=[mkdocs, "build", "--strict", "-f", plugin_cfg],
            warm_b=[mkdocs, "build", "--strict", "-f", bare_cfg],
        )

    validation = None if args.only == "build" else _validation(args, check_jsonschema, gap_tracker)
    _summary(args, sizes, builds, validation, started, snap, fingerprint)
    return 0


def _validation(args: argparse.Namespace, check_jsonschema: str, gap_tracker: str) -> PairResult:
    ydir = args.out / f"yaml-{args.validate_size}"
    seconds = generate(ydir, args.validate_size, yaml_only=True)
    files = sorted(p.relative_to(ydir).as_posix() for p in (ydir / "technologies").glob("*/*.yaml"))
    say(f"\n## Validation, N={args.validate_size} files (generated in {seconds:.1f} s): {ydir}")
    return alternate(
        "check-jsonschema",
        [check_jsonschema, "--schemafile", "schema/technology.schema.json", *files],
        "gap-tracker",
        # --stale-after-days as the synthetic sites' mkdocs.yml (see synth.STALE_AFTER_DAYS): fixed dates must not
        # turn into thousands of "stale" warnings as the calendar moves on.
        [gap_tracker, "validate", "--root", ".", "--stale-after-days", str(STALE_AFTER_DAYS)],
        args.pairs,
        cwd=ydir,
    )


def _build_table(builds: dict[int, PairResult]) -> None:
    rows = []
    for n, r in builds.items():
        if r.ok:
            rows.append(
                [
                    str(n),
                    f"{r.median('a', 'wall'):.2f}",
                    f"{r.median('b', 'wall'):.2f}",
                    f"{r.ratio:.3f}",
                    f"{min(r.ratios):.3f}-{max(r.ratios):.3f}",
                    f"{r.cpu_ratio:.3f}",
                    f"{r.median('a', 'rss_mib'):.0f}",
                    f"{r.median('b', 'rss_mib'):.0f}",
                    f"{r.rss_ratio:.2f}",
                    f"{n / r.median('a', 'wall'):.0f}",
                ]
            )
        else:
            rows.append([str(n), "error", "", "", "", "", "", "", "", ""])
    say(
        table(
            [
                "N",
                "plugin s",
                "bare s",
                "plugin/bare",
                "range",
                "cpu plugin/bare",
                "plugin MiB",
                "bare MiB",
                "RSS ratio",
                "plugin pages/s",
            ],
            rows,
        )
    )


def _summary(
    args: argparse.Namespace,
    sizes: list[int],
    builds: dict[int, PairResult],
    validation: PairResult | None,
    started: float,
    snap: Path,
    fingerprint: str,
) -> None:
    say("\n## Build: mkdocs build -q, plugin site vs bare twin (medians; ratio = median of per-pair ratios)")
    if builds:
        _build_table(builds)
    else:
        say("not measured (--only validate)")

    ok_sizes = [n for n in sizes if builds[n].ok]
    if len(ok_sizes) > 1:
        say("\nGrowth of the median build time between sizes (linear = the size ratio):")
        growth_rows = []
        for lo, hi in itertools.pairwise(ok_sizes):
            growth_rows.append(
                [
                    f"{lo} -> {hi}",
                    f"{hi / lo:.1f}x",
                    f"{builds[hi].median('a', 'wall') / builds[lo].median('a', 'wall'):.2f}x",
                    f"{builds[hi].median('b', 'wall') / builds[lo].median('b', 'wall'):.2f}x",
                    f"{builds[hi].median('a', 'cpu') / builds[lo].median('a', 'cpu'):.2f}x",
                    f"{builds[hi].median('b', 'cpu') / builds[lo].median('b', 'cpu'):.2f}x",
                ]
            )
        say(table(["sizes", "size ratio", "plugin wall", "bare wall", "plugin cpu", "bare cpu"], growth_rows))

    say(f"\n## Validation, N={args.validate_size} files (medians; ratio = median of per-pair ratios)")
    if validation is None:
        say("not measured (--only build)")
    elif validation.ok:
        say(
            table(
                ["command", "wall s", "cpu s", "files/s", "peak MiB"],
                [
                    [
                        "check-jsonschema --schemafile schema/technology.schema.json technologies/*/*.yaml",
                        f"{validation.median('a', 'wall'):.2f}",
                        f"{validation.median('a', 'cpu'):.2f}",
                        f"{args.validate_size / validation.median('a', 'wall'):.0f}",
                        f"{validation.median('a', 'rss_mib'):.0f}",
                    ],
                    [
                        f"gap-tracker validate --root DIR --stale-after-days {STALE_AFTER_DAYS}",
                        f"{validation.median('b', 'wall'):.2f}",
                        f"{validation.median('b', 'cpu'):.2f}",
                        f"{args.validate_size / validation.median('b', 'wall'):.0f}",
                        f"{validation.median('b', 'rss_mib'):.0f}",
                    ],
                ],
            )
        )
        say(
            f"check-jsonschema / gap-tracker: {validation.ratio:.1f}x wall (pairs: "
            f"{', '.join(f'{x:.1f}' for x in validation.ratios)}), {validation.cpu_ratio:.1f}x cpu"
        )
    else:
        say("error: " + "; ".join(validation.errors))

    say("\n## Targets")
    target_rows = []
    for n in BUILD_RATIO_SIZES:
        name = f"build plugin/bare, N={n}"
        build = builds.get(n)
        if build is None:
            target_rows.append([name, "not measured", "", f"<= {BUILD_RATIO_MAX}", "SKIP"])
        elif not build.ok:
            target_rows.append([name, "error", "", f"<= {BUILD_RATIO_MAX}", "FAIL"])
        else:
            verdict = "PASS" if build.ratio <= BUILD_RATIO_MAX else "FAIL"
            target_rows.append([name, f"{build.ratio:.3f}", f"{build.cpu_ratio:.3f}", f"<= {BUILD_RATIO_MAX}", verdict])
    name = f"growth of plugin build, N={GROWTH_FROM} -> {GROWTH_TO}"
    small, large = builds.get(GROWTH_FROM), builds.get(GROWTH_TO)
    if small is None or large is None:
        target_rows.append([name, "not measured", "", f"<= {GROWTH_MAX}x", "SKIP"])
    elif not (small.ok and large.ok):
        target_rows.append([name, "error", "", f"<= {GROWTH_MAX}x", "FAIL"])
    else:
        growth = large.median("a", "wall") / small.median("a", "wall")
        cpu_growth = large.median("a", "cpu") / small.median("a", "cpu")
        verdict = "PASS" if growth <= GROWTH_MAX else "FAIL"
        target_rows.append([name, f"{growth:.2f}x", f"{cpu_growth:.2f}x", f"<= {GROWTH_MAX}x", verdict])
    name = f"check-jsonschema/gap-tracker, N={args.validate_size}"
    if validation is None:
        target_rows.append([name, "not measured", "", f">= {VALIDATE_RATIO_MIN:g}x", "SKIP"])
    elif validation.ok:
        verdict = "PASS" if validation.ratio >= VALIDATE_RATIO_MIN else "FAIL"
        target_rows.append(
            [name, f"{validation.ratio:.1f}x", f"{validation.cpu_ratio:.1f}x", f">= {VALIDATE_RATIO_MIN:g}x", verdict]
        )
    else:
        target_rows.append([name, "error", "", f">= {VALIDATE_RATIO_MIN:g}x", "FAIL"])
    say(table(["target", "measured (wall)", "same in cpu time (info)", "goal", "result"], target_rows))
    say("(Results are judged on wall time; the cpu column is user+sys time, less sensitive to other load.)")
    if _code_fingerprint(snap) != fingerprint:
        say("\nWARNING: the snapshot of the code under test changed during the run; the figures mix two versions.")
    elif _code_fingerprint() != fingerprint:
        say(f"\nNote: the work tree changed during the run; every figure above is for the snapshot {fingerprint}.")
    failed = sum(1 for r in target_rows if r[4] == "FAIL")
    skipped = sum(1 for r in target_rows if r[4] == "SKIP")
    say(
        f"\n{len(target_rows) - failed - skipped} passed, {failed} failed, {skipped} not measured; "
        f"total benchmark time {time.perf_counter() - started:.0f} s. (Exit status is 0 either way: this is a report.)"
    )


if __name__ == "__main__":
    sys.exit(main())
