"""JSON Schema checks with messages written for people.

Two validators share one schema: jsonschema-rs (compiled, ~50x faster) answers "is this file
valid?" for every file, and python-jsonschema, which exposes each error's keyword, value and
sub-schema, explains the files that are not. Valid files, the vast majority, never pay for the
explanation (python-jsonschema is not even imported). Both implement draft 2020-12 and the schemas
use no ``format`` keyword, so they agree.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    import jsonschema

SCHEMA_SUFFIX = ".schema.json"

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a group of fields (indented 'name: value' lines)",
    "array": "a list (lines starting with '- ')",
    "boolean": "true or false",
    "null": "nothing",
}


_CHECKED: set[str] = set()
"""Schema texts that passed the meta-schema in this process (the tests and `serve` load them again and again)."""


class SchemaError(Exception):
    """A schema file of the project itself is broken (a maintainer's problem, not a contributor's)."""


@dataclass
class SchemaProblem:
    """One schema violation: where (pointer), what, how to fix."""

    pointer: tuple[str | int, ...]
    message: str
    fix: str
    at_key: bool = False
    renames_to: str | None = None
    """For an unknown field that looks like a typo: the field it probably meant."""
    missing: str | None = None
    """For a missing required field: its name."""
    alternatives: tuple[str, ...] = ()
    """For a missing choice of fields (any one of them would do, e.g. statement or not_stated): their names."""


def _drop_consequences(problems: list[SchemaProblem]) -> list[SchemaProblem]:
    """A misspelt field is also 'missing' under its right name (alone or as one of a choice of fields):
    report only the typo, whose fix mends both."""
    typos = {(p.pointer[:-1], p.renames_to) for p in problems if p.renames_to}
    return [p for p in problems if not any((p.pointer, name) in typos for name in _missing_names(p))]


def _missing_names(problem: SchemaProblem) -> tuple[str, ...]:
    return (problem.missing, *problem.alternatives) if problem.missing else problem.alternatives


@dataclass
class SchemaSet:
    """All schemas of ``schema/``, compiled once per run."""

    schemas: dict[str, dict[str, Any]]
    _fast: dict[str, Any] = field(default_factory=dict)
    _slow: dict[str, jsonschema.protocols.Validator] = field(default_factory=dict)
    """python-jsonschema validators, made (and the library imported) only when a file is invalid."""

    @classmethod
    def load(cls, schema_dir: Path) -> SchemaSet:
        schemas: dict[str, dict[str, Any]] = {}
        for path in sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}")):
            try:
                text = path.read_text(encoding="utf-8")
                schema = json.loads(text)
                if text not in _CHECKED:  # once per text (serve rebuilds load the same schemas again)
                    jsonschema_rs.meta.validate(schema)  # against its metaschema (draft 2020-12)
                    _CHECKED.add(text)
            except (OSError, ValueError, jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError) as exc:
                raise SchemaError(f"{path}: not a valid JSON Schema: {exc}") from None
            schemas[path.name[: -len(SCHEMA_SUFFIX)]] = schema
        if "technology" not in schemas:
            raise SchemaError(f"{schema_dir}: technology{SCHEMA_SUFFIX} not found")
        registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
        fast = {
            kind: jsonschema_rs.validator_for(schema, registry=registry, offline=True)
            for kind, schema in schemas.items()
        }
        return cls(schemas, fast)

    @property
    def version(self) -> str:
        return str(self.schemas["technology"].get("x-schema-version", "0"))

    def check(self, kind: str, data: Any) -> list[SchemaProblem]:
        """Return the problems of ``data`` against the schema of ``kind`` (empty when valid)."""
        if self._fast[kind].is_valid(data):
            return []
        errors = self._explainer(kind).iter_errors(data)
        descriptions = self.descriptions  # walked once per file, not once per error
        problems = _drop_consequences([p for error in errors for p in _explain(error, descriptions)])
        if not problems:  # the two validators disagree: never let a file through silently
            problems = [
                SchemaProblem((), "the file does not match the data format", "compare it with the data-format page")
            ]
        return problems

    @property
    def descriptions(self) -> dict[str, str]:
        """Every property's description by name, for fixes raised where the property is not defined."""
        found: dict[str, str] = {}

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for name, prop in node.get("properties", {}).items():
                    if isinstance(prop, dict) and "description" in prop:
                        found.setdefault(name, str(prop["description"]))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.schemas)
        return found

    def _explainer(self, kind: str) -> jsonschema.protocols.Validator:
        if kind not in self._slow:
            import jsonschema
            import referencing

            registry: referencing.Registry[Any] = referencing.Registry().with_resources(
                (s["$id"], referencing.Resource.from_contents(s)) for s in self.schemas.values()
            )
            # python-jsonschema compares the items of a list pairwise when they are groups of fields (quadratic:
            # a file of 50,000 "- {}" lines would take hours); here they are compared by a canonical key.
            explainer = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
                jsonschema.Draft202012Validator, {"uniqueItems": _unique_items}
            )
            self._slow[kind] = explainer(self.schemas[kind], registry=registry)
        return self._slow[kind]


def json_key(value: Any) -> str:
    """A key equal for values JSON Schema calls equal (1 == 1.0; true != 1; key order ignored)."""

    def plain(node: Any) -> Any:
        if isinstance(node, float) and node.is_integer():
            return int(node)
        if isinstance(node, dict):
            return {str(k): plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node

    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False, default=str)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    """``uniqueItems`` in linear time (python-jsonschema's own is quadratic for lists of groups of fields)."""
    import jsonschema

    if unique and validator.is_type(instance, "array") and len({json_key(i) for i in instance}) < len(instance):
        yield jsonschema.ValidationError(f"{instance!r} has non-unique elements")


def describe_value(value: Any) -> str:
    """Say what a YAML value turned out to be, in words."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _quote_fix(value: Any) -> str:
    if value is None:
        return "write the value after the colon (or remove the field if it is optional)"
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return f"put the value in quotes so it stays text: '{text}'"


def _field(error: jsonschema.ValidationError) -> str:
    names = [p for p in error.absolute_path if isinstance(p, str)]
    return f"'{names[-1]}'" if names else "the file"


def _hint(error: jsonschema.ValidationError) -> str:
    """How to fix it, from the schema itself: the same words an editor shows (one source of truth).

    ``patternErrorMessage`` and ``errorMessage`` are the messages VS Code's YAML extension shows
    instead of a raw regular expression; ``x-hint`` is for what editors have no keyword for.
    """
    schema = error.schema if isinstance(error.schema, dict) else {}
    own = schema.get("patternErrorMessage") if error.validator == "pattern" else None
    found = own or schema.get("errorMessage") or schema.get("x-hint") or schema.get("patternErrorMessage")
    return str(found or schema.get("description") or "see the data-format page")


def _property_description(error: jsonschema.ValidationError, name: str, descriptions: dict[str, str]) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    prop = schema.get("properties", {}).get(name, {})
    return str(prop.get("description") or descriptions.get(name, "")).rstrip(".")


def _explain(error: jsonschema.ValidationError, descriptions: dict[str, str]) -> Iterator[SchemaProblem]:
    """Turn one python-jsonschema error into problems a contributor can act on."""
    pointer = tuple(error.absolute_path)
    keyword = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    where = _field(error)
    if keyword == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        name = match.group(1) if match else str(expected)
        description = _property_description(error, name, descriptions)
        fix = f"add '{name}:'" + (f" ({description})" if description else "")
        where = "the file" if not pointer else where
        yield SchemaProblem(pointer, f"{where} is missing the required field '{name}'", fix, missing=name)
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        for extra in instance:
            if extra in allowed:
                continue
            close = difflib.get_close_matches(str(extra), allowed, n=1, cutoff=0.6)
            fix = (
                f"did you mean '{close[0]}'? Rename the field"
                if close
                else f"remove it; the fields allowed here are: {', '.join(allowed)}"
            )
            yield SchemaProblem(
                (*pointer, extra), f"unknown field '{extra}'", fix, at_key=True, renames_to=close[0] if close else None
            )
    elif keyword == "type":
        wanted = expected if isinstance(expected, str) else expected[0]
        message = f"{where} must be {_TYPE_NAMES.get(wanted, wanted)}, found {describe_value(instance)}"
        if not pointer:
            fix = "write the file as 'field: value' lines, like the other files of this folder"
        elif wanted == "string" and not isinstance(instance, (dict, list)):
            fix = _quote_fix(instance)
        else:
            fix = _hint(error)
        yield SchemaProblem(pointer, message, fix)
    elif keyword == "enum":
        options = [str(o) for o in expected]
        close = difflib.get_close_matches(str(instance), options, n=1, cutoff=0.5)
        fix = f"did you mean '{close[0]}'?" if close else "use one of the allowed values"
        yield SchemaProblem(
            pointer, f"{where} is {describe_value(instance)}; allowed values: {', '.join(options)}", fix
        )
    elif keyword == "const":
        yield SchemaProblem(
            pointer, f"{where} must be {json.dumps(expected)}, found {describe_value(instance)}", _hint(error)
        )
    elif keyword in ("pattern", "minLength") and isinstance(instance, str):
        found = "empty text" if not instance.strip() else describe_value(instance)
        yield SchemaProblem(pointer, f"{where} is not valid here: found {found}", _hint(error))
    elif keyword == "maxLength":
        yield SchemaProblem(
            pointer, f"{where} is {len(instance)} characters long; at most {expected} are allowed", "shorten it"
        )
    elif keyword == "minItems":
        yield SchemaProblem(
            pointer, f"{where} is an empty list; at least {expected} item(s) needed", f"add an item ({_hint(error)})"
        )
    elif keyword == "uniqueItems" and isinstance(instance, list):
        seen: set[str] = set()
        for index, item in enumerate(instance):
            key = json_key(item)
            if key in seen:
                yield SchemaProblem(
                    (*pointer, index), f"{where} lists {describe_value(item)} twice", "remove the repeated item"
                )
            seen.add(key)
    elif keyword in ("oneOf", "anyOf"):
        yield _explain_alternatives(error, pointer, where)
    elif keyword in ("minimum", "maximum"):
        bound = "at least" if keyword == "minimum" else "at most"
        yield SchemaProblem(pointer, f"{where} is {instance}; it must be {bound} {expected}", _hint(error))
    elif keyword == "propertyNames":
        yield SchemaProblem((*pointer, str(instance)), f"the key '{instance}' is not valid", _hint(error), at_key=True)
    elif keyword == "minProperties":
        yield SchemaProblem(pointer, f"{where} has no entries", _hint(error))
    else:
        yield SchemaProblem(pointer, f"{where}: {error.message}", _hint(error))


def _explain_alternatives(
    error: jsonschema.ValidationError, pointer: tuple[str | int, ...], where: str
) -> SchemaProblem:
    """oneOf/anyOf over 'required' branches: say which of the alternative fields are there."""
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    keys = [k for branch in branches for k in branch.get("required", ())]
    instance = error.instance if isinstance(error.instance, dict) else {}
    present = [k for k in keys if k in instance]
    if keys and len(present) > 1 and error.validator == "oneOf":
        message = f"{where} has both " + " and ".join(f"'{k}'" for k in present) + "; only one is allowed"
    elif keys and not present:
        message = f"{where} needs " + " or ".join(f"'{k}'" for k in keys)
        return SchemaProblem(pointer, message, _hint(error), alternatives=tuple(keys))
    else:
        message = f"{where} does not have the fields its form needs"
    return SchemaProblem(pointer, message, _hint(error))
