"""The ``gap-tracker`` command line: ``gap-tracker validate`` checks the data as CI does.

``new`` and ``diff`` (the contributor commands) are defined in :mod:`gap_tracker.commands`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gap_tracker import __version__
from gap_tracker import commands as contributor_commands
from gap_tracker.history import read_history
from gap_tracker.load import DATA_DIR, SCHEMA_DIR, load_project
from gap_tracker.report import FORMATS, render
from gap_tracker.schemas import SchemaError
from gap_tracker.staleness import DEFAULT_STALE_AFTER_DAYS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gap-tracker", description="Critical Technology Gap Tracker tools.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every data file and report all problems")
    validate.add_argument("--root", type=Path, default=Path(), help="project folder (default: current folder)")
    validate.add_argument("--data-dir", default=DATA_DIR, help=f"data folder inside the project (default: {DATA_DIR})")
    validate.add_argument(
        "--schema-dir", default=SCHEMA_DIR, help=f"schema folder inside the project (default: {SCHEMA_DIR})"
    )
    validate.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    validate.add_argument(
        "--stale-after-days",
        type=_days,
        default=DEFAULT_STALE_AFTER_DAYS,
        metavar="DAYS",
        help=f"warn about technologies last reviewed more than DAYS days ago; 0 turns it off (default: {DEFAULT_STALE_AFTER_DAYS})",
    )
    validate.add_argument(
        "--max-findings",
        type=_count,
        metavar="N",
        help="list at most N findings in text and github output, then say how many more (0: all; "
        "default: 1000 for text, 50 for github); json lists all",
    )
    contributor_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = _run(args)
        sys.stdout.flush()  # inside the try: a reader that went away is noticed here, not at exit
    except BrokenPipeError:
        # The output was piped into a reader that stopped early (`gap-tracker validate | head`):
        # stop quietly instead of printing a traceback; later writes go nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return status


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args)
    if hasattr(args, "handler"):
        return int(args.handler(args))
    return 2  # pragma: no cover - argparse rejects unknown commands


def _validate(args: argparse.Namespace) -> int:
    try:
        history = read_history(args.root, args.data_dir)  # checks that no id vanished undeclared
        result = load_project(
            args.root,
            args.data_dir,
            args.schema_dir,
            history=history,
            stale_after_days=args.stale_after_days,
            catalogue=False,  # validate reports findings only: the model is for the site
        )
    except SchemaError as exc:
        print(f"gap-tracker: the project's schema is broken: {exc}", file=sys.stderr)
        return 2
    print(render(result, args.format, args.max_findings))
    return 0 if result.ok else 1


def _days(text: str) -> int:
    return contributor_commands.whole_number(text, "a number of days")


def _count(text: str) -> int:
    return contributor_commands.whole_number(text, "a number of findings")
