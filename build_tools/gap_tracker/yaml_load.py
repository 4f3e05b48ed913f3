"""Read one data file safely: bytes -> text -> YAML -> plain Python data, or findings.

The input policy (also on the site's contributor pages):

* UTF-8 only. A UTF-8 byte-order mark is accepted and ignored; UTF-16/32, invalid UTF-8, NUL bytes,
  control characters, bidirectional-override characters ("Trojan Source"), zero-width characters and
  Unicode line separators are rejected (:data:`gap_tracker.textsafe.HIDDEN`), in the file's text and
  in every decoded value, key or value: ``"\\u202e"`` or ``"\\x07"`` written as an escape is refused
  at the value's line and column as well.
* Only regular files are read (a FIFO, device or socket is refused without being opened), and the
  size limit is checked before reading (``stat``), then enforced while reading.
* One YAML document per file; an empty file or one with only comments is rejected.
* Only plain decimal numbers (``12``, ``0.55``), ``true``/``false`` and ``null``/``~``/nothing get a
  type. Every other scalar stays exactly the text the author wrote: ``no``, ``on``, ``1e3``,
  ``0o17``, ``12:30`` and ``2024-08-01`` are strings, never ``False``, numbers or dates.
* Duplicate keys, anchors and aliases (``&a``/``*a``), merge keys (``<<``) and explicit tags
  (``!!binary``) are rejected: a technology file is written out in full.
* At most ``MAX_FILE_BYTES`` per file and ``MAX_DEPTH`` levels of nesting, checked before
  parsing (libyaml's composer is recursive and crashes the process on very deep input).

Parsing uses libyaml (PyYAML's C parser), about nine times faster than the pure-Python one.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from gap_tracker.indentation import explain_duplicate, explain_syntax_error
from gap_tracker.textsafe import BIDI_RANGES, HIDDEN, PASTED_INVISIBLE, describe_character

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32

_BIDI = re.compile(f"[{BIDI_RANGES}]")
_RAW_HIDDEN = re.compile(f"(?![{PASTED_INVISIBLE}]){HIDDEN.pattern}")
"""Refused in a file's text; the zero-width characters a paste brings get a warning instead (rules_text)."""
_DECODED_HIDDEN = re.compile(f"\r|{HIDDEN.pattern}")
"""In a decoded value a carriage return can only come from an escape (YAML turns line breaks into \\n)."""
_ASCII_HIDDEN = re.compile("[" + "".join(re.escape(chr(c)) for c in range(128) if _DECODED_HIDDEN.match(chr(c))) + "]")
"""The ASCII part of ``_DECODED_HIDDEN``: for ASCII text the same answer, about ten times faster (one small class)."""
# A line whose indentation and block indicators ("- ", "? ") are this long may nest deeply.
_DEEP_LINE = re.compile(r"^[ \t?-]{48}", re.MULTILINE)
_FLOW_LIMIT = 48

try:  # libyaml is a hard requirement for speed, but keep a working fallback for odd platforms.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


@dataclass
class Problem:
    """A problem found while reading, with its 1-based position."""

    message: str
    fix: str
    rule: str
    line: int = 0
    column: int = 0


@dataclass
class ParsedFile:
    """The outcome of reading one file: its text, its data (None if unreadable) and problems."""

    text: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _StrictResolver(BaseResolver):
    """Types only plain decimal numbers, true/false and null; everything else stays text."""


_StrictResolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$"),
    list("-+0123456789"),
)
_StrictResolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])


class _AliasFound(Exception):
    """Raised at the first alias: constructing on could expand an alias bomb."""


class _StrictConstructor(SafeConstructor):
    """SafeConstructor that records duplicate keys, merge keys and aliases instead of hiding them."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {
        tag: SafeConstructor.yaml_constructors[tag]
        for tag in (
            "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:seq",
            "tag:yaml.org,2002:map",
        )
    }
    # Any other tag (!!binary, !!timestamp, !custom) is an error, never a silent conversion.
    yaml_constructors[None] = SafeConstructor.construct_undefined

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []
        self.raw_text = ""
        self.text = ""
        """The file's text, for messages that look at its lines."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasFound()
        return super().construct_object(node, deep=deep)

    def construct_scalar(self, node: ScalarNode | MappingNode) -> Any:
        """Every scalar, key or value, after YAML decoded its escapes: the input policy holds for what it says."""
        value = super().construct_scalar(node)
        hidden = next(
            (
                m.group()
                for m in _DECODED_HIDDEN.finditer(value if isinstance(value, str) else "")
                if not (m.group() in PASTED_INVISIBLE and m.group() in self.raw_text)  # pasted: a warning
            ),
            None,
        )
        if hidden:
            char = hidden
            self._problem(
                node,
                f"{describe_character(char)} in this text, written as an escape (such as {_yaml_escape(char)}); "
                "it can hide, reorder or break the text where it is shown",
                "delete the escape: write only visible text",
                "hidden-character",
            )
        return value

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[Any, Any] = {}
        key_nodes: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                self._problem(
                    key_node,
                    "merge keys (<<) are not allowed",
                    "write the fields out in full instead of merging them in",
                    "yaml-merge-key",
                )
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                self._problem(
                    key_node,
                    f"a key must be a word, found {_describe_key(key_node)}",
                    "use a field name such as 'statement' as the key",
                    "yaml-key-type",
                )
                key = str(key_node.value) if isinstance(key_node, ScalarNode) else repr(key)
            if key in key_nodes:
                first = key_nodes[key].start_mark.line + 1
                unindented = explain_duplicate(self.text, first, key_node.start_mark.line + 1, key)
                if unindented:
                    self._problem(key_node, *unindented, "yaml-indentation")
                    continue
                self._problem(
                    key_node,
                    f"duplicate key '{key}': it is already on line {first}, and only one would be kept",
                    f"remove one of the two '{key}' entries, or merge them into one",
                    "duplicate-key",
                )
                continue
            key_nodes[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def _problem(self, node: Node, message: str, fix: str, rule: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(message, fix, rule, mark.line + 1, mark.column + 1))


def _describe_key(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a group of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the value {node.value!r}"


class _Loader(_Parser, _StrictConstructor, _StrictResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _StrictConstructor.__init__(self)
        _StrictResolver.__init__(self)
        self.raw_text = stream

    # Speed (about half of a file's parse time): libyaml calls these three methods from C for every
    # node. The strict resolver has no path resolvers, so the first two do nothing, and ``resolve``
    # gives the same tags as _StrictResolver's regular expressions in one direct test per scalar.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                if value in _PLAIN_TAGS:
                    return _PLAIN_TAGS[value]
                if value[:1] in _NUMBER_START:
                    if _INT.match(value):
                        return _TAG_INT
                    if _FLOAT.match(value):
                        return _TAG_FLOAT
            return _TAG_STR
        return _TAG_SEQ if kind is SequenceNode else _TAG_MAP


_TAG_STR, _TAG_INT, _TAG_FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_TAG_BOOL, _TAG_NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_TAG_SEQ, _TAG_MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_PLAIN_TAGS = {"true": _TAG_BOOL, "false": _TAG_BOOL, "": _TAG_NULL, "~": _TAG_NULL, "null": _TAG_NULL}
_NUMBER_START = frozenset("-+0123456789")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")


class _NeedsFullConstruction(Exception):
    """The fast path met something only the full constructor reports well (a tag, a duplicate, a merge key)."""


def _construct_plain(node: Node, check_values: bool = True) -> Any:
    """Build the data of a node tree that uses only plain scalars, lists and string-keyed mappings.

    The common case, and about four times faster than PyYAML's general constructor. Anything else
    raises :class:`_NeedsFullConstruction` and the file goes through :class:`_StrictConstructor`,
    which reports the problem with its position. Only called on text without ``*`` (no alias), so
    every node is visited once. ``check_values=False`` skips the search of each key and value for
    hidden characters, for text where none can be (see :func:`_may_hide_text`).
    """
    kind = type(node)
    if kind is ScalarNode:
        tag = node.tag
        if tag == _TAG_STR:
            # A hidden character: the strict constructor reports it, or warns if pasted.
            if check_values and _DECODED_HIDDEN.search(node.value):
                raise _NeedsFullConstruction
            return node.value
        if tag == _TAG_INT:
            return int(node.value)
        if tag == _TAG_FLOAT:
            return float(node.value)
        if tag == _TAG_BOOL:
            return node.value == "true"
        if tag == _TAG_NULL:
            return None
    elif kind is MappingNode and node.tag == _TAG_MAP:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != _TAG_STR:
                raise _NeedsFullConstruction
            key = key_node.value
            if key in mapping or (key == "<<" and not key_node.style) or (check_values and _DECODED_HIDDEN.search(key)):
                raise _NeedsFullConstruction
            mapping[key] = _construct_plain(value_node, check_values)
        return mapping
    elif kind is SequenceNode and node.tag == _TAG_SEQ:
        return [_construct_plain(item, check_values) for item in node.value]
    raise _NeedsFullConstruction


def parse_text(text: str) -> ParsedFile:
    """Parse decoded text (see the module docstring for the policy)."""
    result = ParsedFile(text)
    hidden = _may_hide_text(text)
    problem = (_check_text(text) if hidden else None) or _check_depth(text)
    if problem:
        result.problems.append(problem)
        return result
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        loader.text = text
        node = loader.get_single_node()
        if node is None:
            result.problems.append(
                Problem(
                    "the file has no data (it is empty or holds only comments)",
                    "fill in the fields, starting from a copy of an existing file",
                    "empty-file",
                    1,
                    1,
                )
            )
            return result
        result.data = _construct(loader, node, text, check_values=hidden or "\\" in text)
    except _AliasFound:
        result.problems.extend(_alias_problems(text))
    except yaml.MarkedYAMLError as exc:
        result.problems.append(_syntax_problem(exc, text))
    finally:
        if loader is not None:
            loader.dispose()
    if loader is not None:
        result.problems.extend(loader.problems)
    if result.problems:
        result.data = None
    return result


def _may_hide_text(text: str) -> bool:
    """Whether ``text`` has any character that a decoded value may not hold (one quick scan of the whole file).

    Without one, and without a backslash (the only way YAML writes a character that is not in the
    text: a double-quoted escape), no key or value can hold one either, so they need no check one by one.
    """
    return (_ASCII_HIDDEN if text.isascii() else _DECODED_HIDDEN).search(text) is not None


def _construct(loader: _Loader, node: Node, text: str, check_values: bool = True) -> Any:
    if "*" not in text:  # no alias anywhere: the fast path cannot be fooled into building a node twice
        try:
            return _construct_plain(node, check_values)
        except _NeedsFullConstruction:
            pass
    return loader.construct_document(node)


def parse_bytes(raw: bytes) -> ParsedFile:
    """Decode and parse the bytes of one file."""
    if len(raw) > MAX_FILE_BYTES:
        return ParsedFile("", None, [_too_large(len(raw))])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _failed(
            "",
            "the file is encoded as UTF-16",
            "save it as UTF-8 (in most editors: 'Save with encoding' > UTF-8)",
            "encoding",
            1,
            1,
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: accepted and ignored
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _position(raw, nul)
        return _failed(
            "",
            "the file contains a NUL byte, so it is binary or not UTF-8",
            "save it as UTF-8 text",
            "encoding",
            line,
            column,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        return _failed(
            "",
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} cannot start a character)",
            "save it as UTF-8; retype any accented letter or symbol near this position",
            "encoding",
            line,
            column,
        )
    return parse_text(text)


def _failed(text: str, message: str, fix: str, rule: str, line: int = 0, column: int = 0) -> ParsedFile:
    return ParsedFile(text, None, [Problem(message, fix, rule, line, column)])


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _text_position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_text(text: str) -> Problem | None:
    """Reject control characters and characters that hide or reorder text, with their position."""
    match = _RAW_HIDDEN.search(text)
    if not match:
        return None
    line, column = _text_position(text, match.start())
    found = f"{describe_character(match.group())} found"
    if _BIDI.fullmatch(match.group()):
        found += "; it can make text display in a different order than it is stored"
    return Problem(found, "delete it (retype the text around this position)", "hidden-character", line, column)


def _check_depth(text: str) -> Problem | None:
    """Reject nesting deeper than MAX_DEPTH, without recursion.

    A cheap bound (bracket count and leading indicators) clears normal files; only suspicious ones
    walk the parser's event stream, which libyaml produces iteratively.
    """
    if text.count("[") + text.count("{") <= _FLOW_LIMIT and not _DEEP_LINE.search(text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader if _has_libyaml() else yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    mark = event.start_mark
                    return Problem(
                        f"the data is nested more than {MAX_DEPTH} levels deep",
                        "flatten it: a technology file needs about eight levels at most",
                        "too-deep",
                        mark.line + 1,
                        mark.column + 1,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the real parse reports the syntax error with its position
    return None


def _has_libyaml() -> bool:
    return bool(getattr(yaml, "__with_libyaml__", False))


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: max(column, 1)]:
        tab = lines[line - 1].index("\t") + 1
        return Problem(
            "a tab character is used for indentation",
            "replace the tab with spaces: YAML indents with spaces only",
            "yaml-syntax",
            line,
            tab,
        )
    unclosed = _unclosed_quote(lines[: max(line - 1, 0)])
    if unclosed:
        quote_line, quote_column = unclosed
        return Problem(
            f"a quote opened here is not closed on the same line, so YAML reads on and fails at line {line}",
            "add the closing quote at the end of the value",
            "yaml-syntax",
            quote_line,
            quote_column,
        )
    problem = (exc.problem or "invalid YAML").strip()
    context = f" {exc.context.strip()}" if exc.context else ""
    if "expected a single document" in (exc.context or "") + problem:
        return Problem(
            "the file holds more than one YAML document (a second '---' line)",
            "keep one document per file: remove the extra '---' and what follows, or move it to its own file",
            "multiple-documents",
            line,
            column,
        )
    if "could not determine a constructor" in problem:
        tag = problem.split("tag ", 1)[-1].replace("tag:yaml.org,2002:", "!!")
        return Problem(
            f"YAML tags such as {tag} are not allowed",
            "remove the tag (the word starting with !); write the value as plain text",
            "yaml-tag",
            line,
            column,
        )
    indentation = explain_syntax_error(text, line) if "not allowed" in problem or "expected" in problem else None
    if indentation:
        message, fix, key_column = indentation
        return Problem(message, fix, "yaml-indentation", line, key_column)
    fix = _syntax_fix(problem + context)
    return Problem(f"invalid YAML:{context} {problem}".replace(":  ", ": "), fix, "yaml-syntax", line, column)


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+|-\s+)?(["'])""")


def _unclosed_quote(lines: list[str]) -> tuple[int, int] | None:
    """Find a value that opens a quote and does not close it on its line (the usual cause of a late error)."""
    for number, line in enumerate(lines, start=1):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote = match.group(1)
        rest = line[match.end() :]
        body = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in body:
            return number, match.start(1) + 1
    return None


_SYNTAX_FIXES = (
    ("found character '\\t'", "replace the tab with spaces: YAML indents with spaces only"),
    ("quoted scalar", "close the quote: every opening \" or ' needs a matching one on the same value"),
    ("mapping values are not allowed", "put quotes around a value that contains ': ', or fix the indentation above"),
    ("expected <block end>", "line this entry up with the other fields at the same level (check the indentation)"),
    ("could not find expected ':'", "add ':' after the field name, or put quotes around the value"),
    ("found undefined alias", "anchors and aliases are not allowed: write the value out in full"),
    ("expected ',' or ']'", "close the list with ']' or separate its items with ','"),
    ("expected ',' or '}'", "close the group with '}' or separate its fields with ','"),
)


def _syntax_fix(text: str) -> str:
    for needle, fix in _SYNTAX_FIXES:
        if needle in text:
            return fix
    return "check the YAML at this position: indentation, quotes and ':' after each field name"


def _alias_problems(text: str) -> list[Problem]:
    """Locate the first alias use (``*name``) for the report; only called when one was found."""
    aliases: list[yaml.AliasToken] = []
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader if _has_libyaml() else yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                aliases.append(token)
    except yaml.YAMLError:
        pass
    if not aliases:
        return [Problem("aliases and anchors are not allowed", "write every value out in full", "yaml-alias", 1, 1)]
    first = aliases[0]
    more = f" (and {len(aliases) - 1} more in this file)" if len(aliases) > 1 else ""
    return [
        Problem(
            f"aliases (*{first.value}) and anchors (&) are not allowed{more}",
            "write the value out in full where the alias stands, and remove the '&' anchor",
            "yaml-alias",
            first.start_mark.line + 1,
            first.start_mark.column + 1,
        )
    ]


class Locator:
    """Line and column of values in one file: the file is composed once, however many values are looked up.

    Only files with findings are composed (the happy path never composes a file twice), and each
    mapping's keys are indexed the first time a pointer passes through it, so N findings in one file
    cost one parse and N dictionary walks, not N parses.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: Node | None = None
        self._composed = False
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def __call__(self, pointer: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of the value at ``pointer``, or of its key with ``at_key``.

        Stops at the deepest node that exists (a missing field is reported where its parent starts).
        """
        root = self._compose()
        if root is None:
            return (0, 0)
        target = root
        for index, step in enumerate(pointer):
            last = index == len(pointer) - 1
            child: Node | None = None
            if isinstance(target, MappingNode) and isinstance(step, str):
                pair = self._index(target).get(step)
                if pair is not None:
                    child = pair[0] if (last and at_key) else pair[1]
            elif isinstance(target, SequenceNode) and isinstance(step, int) and 0 <= step < len(target.value):
                child = target.value[step]
            if child is None:
                break
            target = child
        mark = target.start_mark
        return mark.line + 1, mark.column + 1

    def _compose(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_ComposeLoader)  # type: ignore[arg-type]
            except yaml.YAMLError:
                self._root = None
        return self._root

    def _index(self, mapping: MappingNode) -> dict[str, tuple[Node, Node]]:
        keys = self._keys.get(id(mapping))
        if keys is None:
            keys = {}
            for key_node, value_node in mapping.value:
                if isinstance(key_node, ScalarNode):
                    keys.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(mapping)] = keys
        return keys


def locate(text: str, pointer: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
    """Return the 1-based (line, column) of the value at ``pointer`` in ``text`` (one look-up; see :class:`Locator`)."""
    return Locator(text)(pointer, at_key)


def read_file(path: Path) -> ParsedFile:
    """Read and parse one data file, refusing what is not a regular file or too large before reading it.

    ``lstat`` first: a FIFO, socket or device (which could block or never end) and a symbolic link
    are refused without being opened, and so is a file larger than ``MAX_FILE_BYTES``. The file is
    then opened without following links and without blocking, checked again on the open descriptor
    (it may have been swapped), and read to at most ``MAX_FILE_BYTES + 1`` bytes.
    """
    try:
        info = os.lstat(path)
        problem = _not_readable_as_data(info)
        if problem:
            return ParsedFile("", None, [problem])
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
        try:
            problem = _not_readable_as_data(os.fstat(descriptor))
            if problem:
                return ParsedFile("", None, [problem])
            raw = _read_at_most(descriptor, MAX_FILE_BYTES + 1)
        finally:
            os.close(descriptor)
    except OSError as exc:
        return ParsedFile(
            "", None, [Problem(f"the file cannot be read: {exc.strerror}", "check its permissions", "unreadable")]
        )
    return parse_bytes(raw)


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Read to the end or to ``limit`` bytes, straight from the descriptor (no buffered file object per file)."""
    chunks = []
    while limit > 0:
        chunk = os.read(descriptor, limit)
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _not_readable_as_data(info: os.stat_result) -> Problem | None:
    if stat.S_ISLNK(info.st_mode):
        return Problem(
            "symbolic links are not allowed in the data folder", "replace the link with the file itself", "data-folder"
        )
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )
        return Problem(
            f"this is {kind}, not a file; it was not read",
            "replace it with a regular text file, or delete it",
            "data-folder",
        )
    if info.st_size > MAX_FILE_BYTES:
        return _too_large(info.st_size)
    return None


def _too_large(size: int) -> Problem:
    return Problem(
        f"the file is {size:,} bytes; at most {MAX_FILE_BYTES:,} are allowed",
        "split it or shorten the text: a technology file is normally a few kilobytes",
        "file-too-large",
        1,
        1,
    )


class _ComposeLoader(_Parser, _StrictResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _StrictResolver.__init__(self)


def _yaml_escape(char: str) -> str:
    """How YAML writes ``char`` as an escape: ``\\u200b``, or ``\\U000e0041`` beyond U+FFFF."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
