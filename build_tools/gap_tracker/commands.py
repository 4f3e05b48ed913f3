"""The contributor commands of ``gap-tracker``: ``new`` (start a technology file), ``diff`` and ``sort``.

Each command prints what it did or one plain sentence saying what went wrong and what to do, on
standard error with exit status 1 (a refused request) or 2 (a missing tool or git ref), never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gap_tracker.datadiff import MAX_BYTES, DiffError, diff_refs, finish, to_markdown
from gap_tracker.load import DATA_DIR, SCHEMA_DIR
from gap_tracker.registry_order import SORTED_REGISTRIES, SortError, sort_registry_text
from gap_tracker.scaffold import ScaffoldError, scaffold


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser(
        "new",
        help="start a technology file with every required field as a TODO placeholder",
        description=(
            "Write technologies/<area>/<id>.yaml with the schema line, every required field and a TODO "
            "placeholder for each fact a source must give. 'gap-tracker validate' fails until every TODO "
            "is replaced. Never overwrites a file."
        ),
    )
    new.add_argument("name", help="the technology's name exactly as the source writes it (quote it)")
    new.add_argument("--area", required=True, help="key of its area in technologies/areas.yaml, or 'unassigned'")
    new.add_argument("--id", dest="tech_id", help="the id (file name) to use instead of the one made from the name")
    _project_options(new)
    new.set_defaults(handler=_new)

    diff = commands.add_parser(
        "diff",
        help="summarise the data change between two git refs, as Markdown",
        description=(
            "Compare the technology data at two git refs: technologies added, removed or renamed; per horizon "
            "the statement before and after with the changed words marked; status, target and source changes. "
            "Prints GitHub-flavoured Markdown, fit for a pull-request comment or a job summary."
        ),
    )
    diff.add_argument("base", help="the ref to compare from, e.g. origin/main or a commit id")
    diff.add_argument("head", nargs="?", default="HEAD", help="the ref to compare to (default: HEAD)")
    diff.add_argument(
        "--fetch", action="store_true", help="fetch a ref this (shallow) clone lacks from --remote, instead of stopping"
    )
    diff.add_argument("--remote", default="origin", help="the remote to fetch from (default: origin)")
    diff.add_argument(
        "--fetch-depth", type=int, default=1, metavar="N", help="how many commits to fetch per ref (default: 1)"
    )
    diff.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=MAX_BYTES,
        metavar="N",
        help=f"cut the report at a line end to at most N bytes of UTF-8, saying so (default: {MAX_BYTES:,}, "
        "what a GitHub comment holds; a job summary holds 1 MiB; 0: no limit)",
    )
    diff.add_argument(
        "--max-chars",
        type=_byte_count,
        metavar="N",
        help="also cut the report to at most N characters (counted as bytes)",
    )
    diff.add_argument("--root", type=Path, default=Path(), help="project folder (default: current folder)")
    diff.add_argument("--data-dir", default=DATA_DIR, help=f"data folder inside the project (default: {DATA_DIR})")
    diff.set_defaults(handler=_diff)

    order = commands.add_parser(
        "sort",
        help="put the entries of the registries in alphabetical order of key",
        description=(
            "Rewrite " + ", ".join(f"{name}.yaml" for name in SORTED_REGISTRIES) + " of the data folder with their "
            "entries in alphabetical order of key, as 'gap-tracker validate' requires. Each entry keeps its lines "
            "and the comment lines right above it; the lines before the first entry stay at the top."
        ),
    )
    order.add_argument("--root", type=Path, default=Path(), help="project folder (default: current folder)")
    order.add_argument("--data-dir", default=DATA_DIR, help=f"data folder inside the project (default: {DATA_DIR})")
    order.set_defaults(handler=_sort)


def whole_number(text: str, what: str) -> int:
    """An argparse value that must be a whole number, 0 or more; ``what`` names it in the error."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not {what} (write a whole number, 0 or more)")
    return number


def _byte_count(text: str) -> int:
    return whole_number(text, "a number of bytes")


def _project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="project folder (default: current folder)")
    parser.add_argument("--data-dir", default=DATA_DIR, help=f"data folder inside the project (default: {DATA_DIR})")
    parser.add_argument(
        "--schema-dir", default=SCHEMA_DIR, help=f"schema folder inside the project (default: {SCHEMA_DIR})"
    )


def _new(args: argparse.Namespace) -> int:
    try:
        made = scaffold(args.root, args.name, args.area, args.data_dir, args.schema_dir, args.tech_id)
    except ScaffoldError as exc:
        print(f"gap-tracker new: {exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {made.rel} (id '{made.tech_id}', page /technologies/{made.tech_id}/).\n"
        f"Replace its {made.placeholders} TODO placeholders with the source's words and where it says them,\n"
        "then run 'gap-tracker validate': it lists every TODO left, with its line."
    )
    return 0


def _diff(args: argparse.Namespace) -> int:
    try:
        result = diff_refs(
            args.root,
            args.base,
            args.head,
            args.data_dir,
            fetch=args.fetch,
            remote=args.remote,
            depth=max(1, args.fetch_depth),
        )
    except DiffError as exc:
        print(f"gap-tracker diff: {exc}", file=sys.stderr)
        return 2
    report = finish(to_markdown(result), args.max_chars or None, args.max_bytes or None)
    sys.stdout.buffer.write(report.encode("utf-8"))  # bytes as counted, whatever the terminal's encoding
    sys.stdout.flush()
    return 0


def _sort(args: argparse.Namespace) -> int:
    refused = 0
    for name in SORTED_REGISTRIES:
        path = args.root / args.data_dir / f"{name}.yaml"
        if not path.is_file():
            continue
        rel = f"{args.data_dir}/{name}.yaml"
        text = path.read_text(encoding="utf-8")
        try:
            ordered = sort_registry_text(text)
        except SortError as exc:
            print(f"gap-tracker sort: {rel} left as it was: {exc}", file=sys.stderr)
            refused += 1
            continue
        if ordered != text:
            path.write_text(ordered, encoding="utf-8")
            print(f"Sorted {rel}.")
        else:
            print(f"{rel} is already in order.")
    return 1 if refused else 0
