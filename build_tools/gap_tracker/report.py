"""Print a :class:`~gap_tracker.findings.Result` for people (text), machines (json) or CI (github)."""

from __future__ import annotations

import json

from gap_tracker.findings import Finding, Result

FORMATS = ("text", "json", "github")


def format_text(finding: Finding) -> str:
    """``path:line:column: error: what is wrong; how to fix it`` on one line."""
    return f"{finding.location}: {finding.severity.value}: {finding.message}; {finding.fix}"


def format_github(finding: Finding) -> str:
    """A GitHub Actions workflow command: an annotation on the file and line of the pull request."""
    level = "error" if finding.severity.value == "error" else "warning"
    props = [f"file={_escape_property(finding.path)}"]
    if finding.line:
        props += [f"line={finding.line}", f"col={finding.column or 1}"]
    props.append(f"title={_escape_property(finding.rule)}")
    return f"::{level} {','.join(props)}::{_escape_data(finding.message + '; ' + finding.fix)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, fmt: str = "text") -> str:
    findings = result.sorted_findings()
    if fmt == "json":
        payload = {
            "ok": result.ok,
            "files_checked": result.files_checked,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [f.as_dict() for f in findings],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)
    formatter = format_github if fmt == "github" else format_text
    lines = [formatter(f) for f in findings]
    lines.append(result.summary())
    return "\n".join(lines)
