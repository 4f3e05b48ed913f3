"""Indentation mistakes, said as columns: which field a line belongs to and where it must start.

A YAML parser reports a misplaced line as "mapping values are not allowed in this context" or
"did not find expected key"; the schema then sees a field in the wrong group ("unknown field
'source'") and a required field missing from the right one. Both are the same mistake: a line
indented too little or too much. These functions look at the lines (and, for the schema, at the
parsed nodes) and say what the indentation should be, naming the fields by their words and columns.
Columns are 1-based, as editors show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_KEY_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[^\s#'\"\-][^:#]*?|'[^']*'|\"[^\"]*\"):(?:[ \t]+(?P<value>\S.*)?)?$"
)


@dataclass(frozen=True)
class KeyLine:
    number: int
    """1-based line number."""
    column: int
    """1-based column of the key."""
    key: str
    has_value: bool
    """The key has a value on its own line (``statement: words``), so nothing can nest under it."""
    item: bool
    """The line starts a list item (``- source: ...``)."""


def key_lines(lines: list[str]) -> dict[int, KeyLine]:
    """Every line that holds a ``key:``, by line number (comments and blank lines are skipped)."""
    found = {}
    for number, line in enumerate(lines, start=1):
        match = _KEY_LINE.match(line.rstrip())
        if not match:
            continue
        value = (match.group("value") or "").strip()
        has_value = bool(value) and not value.startswith(("#", "|", ">"))
        column = len(match.group("indent")) + len(match.group("dash")) + 1
        found[number] = KeyLine(number, column, match.group("key").strip("'\""), has_value, bool(match.group("dash")))
    return found


def _enclosing(keys: dict[int, KeyLine], before: int) -> list[KeyLine]:
    """The keys above line ``before`` that are still open there: the nearest one, its parent, and so on."""
    chain: list[KeyLine] = []
    for number in sorted((n for n in keys if n < before), reverse=True):
        line = keys[number]
        if not chain or line.column < chain[-1].column:
            chain.append(line)
    return chain


def explain_syntax_error(text: str, line: int) -> tuple[str, str, int] | None:
    """(message, fix, column of the key) when the parser's error at ``line`` is an indentation mistake."""
    lines = text.split("\n")
    keys = key_lines(lines)
    here = keys.get(line)
    if here is None:
        return None
    chain = _enclosing(keys, line)
    if not chain:
        return None
    previous = chain[0]
    if here.column > previous.column and previous.has_value:
        return (
            f"'{here.key}' is at column {here.column}, deeper than '{previous.key}' (line {previous.number}, "
            f"column {previous.column}), but '{previous.key}' already has a value, so nothing can go under it",
            f"start '{here.key}' at column {previous.column}, level with '{previous.key}'",
            here.column,
        )
    if here.column in {k.column for k in chain}:
        return None  # it lines up with an open field: the problem is something else
    deeper = [k for k in chain if k.column > here.column]
    shallower = [k for k in chain if k.column < here.column]
    if not deeper:
        return None
    sibling = deeper[-1]  # the shallowest open field that is deeper than this line
    message = (
        f"'{here.key}' is at column {here.column}, which lines up with no field above it: "
        f"'{sibling.key}' (line {sibling.number}) is at column {sibling.column}"
    )
    if shallower:
        parent = shallower[0]
        dedented = _dedented_block(keys, parent, here)
        if dedented is not None:
            return dedented
        message += f" and '{parent.key}' (line {parent.number}) at column {parent.column}"
        fix = (
            f"start '{here.key}' at column {sibling.column} to put it beside '{sibling.key}', "
            f"or at column {parent.column} to put it beside '{parent.key}'"
        )
    else:
        fix = f"start '{here.key}' at column {sibling.column}, level with '{sibling.key}'"
    return message, fix, here.column


def _dedented_block(keys: dict[int, KeyLine], parent: KeyLine, here: KeyLine) -> tuple[str, str, int] | None:
    """The usual cause when a line below ``parent`` fits nowhere: ``parent`` itself was written too far left.

    ``source:`` level with ``today:`` instead of under it leaves the fields after its block (at the
    column of today's fields) with no field to belong to. That is the case when the field just
    before ``parent`` at its own column had fields at this line's column.
    """
    above = [k for n, k in keys.items() if n < parent.number]
    before = next((k for k in reversed(above) if k.column <= parent.column), None)
    if before is None or before.column != parent.column or before.has_value:
        return None
    children = [k for k in above if k.number > before.number and k.column == here.column]
    if not children:
        return None
    child = children[0]
    return (
        f"'{here.key}' is at column {here.column}, but no field above it is open there: '{parent.key}' "
        f"(line {parent.number}) is at column {parent.column}, level with '{before.key}' (line {before.number}), "
        f"so it ended the fields of '{before.key}' (at column {here.column}, like '{child.key}' on line {child.number})",
        f"if '{parent.key}' belongs to '{before.key}', indent lines {parent.number}-{here.number - 1} by "
        f"{here.column - parent.column} spaces so that '{parent.key}' starts at column {here.column}; otherwise "
        f"start '{here.key}' at column {parent.column}",
        here.column,
    )


def explain_duplicate(text: str, first_line: int, second_line: int, key: str) -> tuple[str, str] | None:
    """A ``key:`` with nothing after it, followed by the same key at the same column: its content is not indented."""
    lines = text.split("\n")
    keys = key_lines(lines)
    first, second = keys.get(first_line), keys.get(second_line)
    if first is None or second is None or first.has_value or first.column != second.column:
        return None
    if any(keys[n].column <= first.column for n in keys if first_line < n < second_line):
        return None
    inner = first.column + 2
    return (
        f"'{key}' on line {first_line} has nothing under it: the next lines are at its own column "
        f"({first.column}), so line {second_line} is read as a second '{key}' beside it",
        f"indent the lines that belong under '{key}:' (from line {second_line}) to column {inner}",
    )


@dataclass(frozen=True)
class Misplaced:
    """A field that the schema finds in the wrong group, and the group that misses it."""

    pointer: tuple[str | int, ...]
    """Where the field is now (the key the finding points at)."""
    belongs_to: tuple[str | int, ...]
    """The group (mapping) it belongs to."""
    message: str
    fix: str


def find_misplaced(text: str, missing: list[tuple[tuple[str | int, ...], str]]) -> list[Misplaced]:
    """For each (group, field) that misses a required field: the same field just after the group, less indented.

    That is the mark of a line indented too little: ``source:`` written level with ``today:`` (or at
    the start of the line) right after the block of ``today``, which then misses its ``source``.
    """
    if not missing:
        return []
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    found = []
    for group, name in missing:
        target = _node_at(root, group)
        if not isinstance(target, MappingNode) or not target.value:
            continue
        for depth in range(len(group) - 1, -1, -1):
            holder = _node_at(root, group[:depth])
            if not isinstance(holder, MappingNode):
                continue
            keys = [k.value if isinstance(k, ScalarNode) else None for k, _ in holder.value]
            if group[depth] not in keys:
                continue
            after = keys.index(group[depth]) + 1
            if after < len(keys) and keys[after] == name:
                key_node = holder.value[after][0]
                column = target.value[0][0].start_mark.column + 1
                owner = group[-1] if group else "the file"
                where = _node_at(root, group[:-1])
                line = _key_line(where, group[-1]) if group else 1
                found.append(
                    Misplaced(
                        (*group[:depth], name),
                        group,
                        f"'{name}' is at column {key_node.start_mark.column + 1}, but it belongs to '{owner}' "
                        f"(line {line}), whose fields are at column {column}",
                        f"indent '{name}' (and the lines under it) to column {column}",
                    )
                )
                break
    return found


def _node_at(root: Node | None, pointer: tuple[str | int, ...]) -> Node | None:
    node = root
    for step in pointer:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node


def _key_line(holder: Node | None, key: str | int) -> int:
    if isinstance(holder, MappingNode):
        for k, _ in holder.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return int(k.start_mark.line) + 1
    if isinstance(holder, SequenceNode) and isinstance(key, int) and 0 <= key < len(holder.value):
        return int(holder.value[key].start_mark.line) + 1
    return 0


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
