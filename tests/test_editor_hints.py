"""Editors show the same hint as `gap-tracker validate` for every pattern of every schema, never a raw regex."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from gap_tracker.schemas import _hint
from tests.conftest import SCHEMA_DIR

FAILS_EVERY_PATTERN = "<\u0000 {bad}>"
"""Refused by every pattern of the schemas: markup characters, a control character, spaces."""


def patterns() -> Iterator[tuple[str, dict[str, Any]]]:
    def walk(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield where, node
            for key, value in node.items():
                yield from walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{where}/{index}")

    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        yield from walk(json.loads(path.read_text(encoding="utf-8")), path.name)


PATTERNS = list(patterns())


def test_the_schemas_have_patterns() -> None:
    assert len(PATTERNS) >= 8


@pytest.mark.parametrize(("where", "node"), PATTERNS, ids=[where for where, _ in PATTERNS])
def test_every_pattern_has_the_hint_that_validate_prints(where: str, node: dict[str, Any]) -> None:
    message = node.get("patternErrorMessage")
    assert message and "^" not in message and "[" not in message, f"{where}: give it a patternErrorMessage"
    errors = [
        e for e in jsonschema.Draft202012Validator(node).iter_errors(FAILS_EVERY_PATTERN) if e.validator == "pattern"
    ]
    assert errors, f"{where}: the test value should fail this pattern"
    assert _hint(errors[0]) == message
