"""Print a :class:`~gap_tracker.findings.Result` for people (text), machines (json) or CI (github).

Findings quote what a contributor wrote (keys, values, file names) and what git holds (commit
subjects), so every format escapes for where it is printed. No output line can start a GitHub
workflow command (``::error::``, or the older ``##[error]``) unless this module wrote it: in text,
every line break and invisible character is written as an escape (``\\n``, ``\\u2028``) and a line
that would start with ``::`` gets a backslash; in annotations, GitHub's own escapes apply (``%25``,
``%0D``, ``%0A``, and in properties ``%3A``, ``%2C``); in json, the same characters are ``\\u``
escapes (the data is unchanged). Text and annotations list at most
``max_findings`` findings and then say how many more there are; json always lists all of them.
"""

from __future__ import annotations

import json
import re

from gap_tracker.findings import Finding, Result
from gap_tracker.textsafe import HIDDEN, LINE_BREAKS

FORMATS = ("text", "json", "github")
MAX_FINDINGS = {"text": 1000, "github": 50}
"""Default caps: GitHub shows at most 10 error and 10 warning annotations per step and 50 per job."""

_UNPRINTABLE = re.compile(f"\r\n|[{LINE_BREAKS}]|{HIDDEN.pattern}")
_JSON_UNSAFE = re.compile(HIDDEN.pattern)
"""json.dumps already escapes every character below U+0020 (line feeds in the layout stay)."""
_LEGACY_COMMAND = re.compile(r"##\[")


def _visible(char: str) -> str:
    if char in ("\n", "\r\n"):
        return "\\n"
    if char == "\r":
        return "\\r"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    """A JSON ``\\u`` escape (a surrogate pair beyond U+FFFF): same data, nothing a terminal obeys."""
    encoded = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(encoded[i : i + 2], 'big'):04x}" for i in range(0, len(encoded), 2))


def terminal_safe(text: str) -> str:
    """One line of text that a terminal or a CI log shows as it is: nothing hidden, nothing it obeys."""
    text = _UNPRINTABLE.sub(lambda m: _visible(m.group()), text)
    text = _LEGACY_COMMAND.sub("##\\\\[", text)
    return "\\" + text if text.lstrip().startswith("::") else text


def format_text(finding: Finding) -> str:
    """``path:line:column: error: what is wrong; how to fix it`` on one line."""
    return terminal_safe(f"{finding.location}: {finding.severity.value}: {finding.message}; {finding.fix}")


def format_github(finding: Finding) -> str:
    """A GitHub Actions workflow command: an annotation on the file and line of the pull request."""
    level = "error" if finding.severity.value == "error" else "warning"
    props = [f"file={_escape_property(finding.path)}"]
    if finding.line:
        props += [f"line={finding.line}", f"col={finding.column or 1}"]
    props.append(f"title={_escape_property(finding.rule)}")
    return f"::{level} {','.join(props)}::{_escape_data(finding.message + '; ' + finding.fix)}"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a command's data; other line breaks and invisible characters made visible."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _LEGACY_COMMAND.sub("##\\\\[", _UNPRINTABLE.sub(lambda m: _visible(m.group()), text))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, fmt: str = "text", max_findings: int | None = None) -> str:
    """The whole report; ``max_findings`` (default :data:`MAX_FINDINGS`, 0 for no cap) bounds text and github."""
    findings = result.sorted_findings()
    if fmt == "json":
        payload = {
            "ok": result.ok,
            "files_checked": result.files_checked,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [f.as_dict() for f in findings],
        }
        return _JSON_UNSAFE.sub(_json_escape, json.dumps(payload, indent=2, ensure_ascii=False))
    limit = MAX_FINDINGS[fmt] if max_findings is None else max_findings
    formatter = format_github if fmt == "github" else format_text
    shown = findings[:limit] if limit else findings
    lines = [formatter(f) for f in shown]
    if len(findings) > len(shown):
        more = len(findings) - len(shown)
        lines.append(
            f"... and {more:,} more finding{'s' if more != 1 else ''} not shown "
            "(run 'gap-tracker validate --format json' or '--max-findings 0' to list all)."
        )
    lines.append(result.summary())
    return "\n".join(lines)
