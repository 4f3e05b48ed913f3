"""A data set with hostile text in every free-text field, for the hostile-input property tests.

The fields are not listed by hand: every string of every data file is tried against the JSON Schema
that governs it (``schema/``), and each one that accepts one of the payloads below gets it. A field
added to a schema later is covered without touching this module; if no data file holds it, the
test that uses :func:`hostile_project` fails and names it, so the fixture can be extended.

Every value keeps its original text followed by ``HX<n>`` (a marker unique to that field, to trace
a leak back to it) and the payload of its kind. A field whose rule says it must copy words of
another field (a target's or a need's quote, a claim's date) gets the bare payload: the payloads
nest (the title payload is part of the text payload), so that rule still holds.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource

from gap_tracker.findings import Severity
from gap_tracker.load import load_project
from gap_tracker.yaml_load import parse_text
from tests.conftest import FIXTURES, SCHEMA_DIR, TODAY

# Every script in the payloads sets ``window.__hx`` or calls ``alert``: neither may ever happen.
TITLE = "\"'&amp; [x](javascript:alert(1)) ![y](//evil.example/t.png) &lt;i&gt; @o #1 :tada: *e* | `t` \\ $x$ ::x END"
"""For names (title_text): no line break, no < > { } (the schema refuses them), at most 200 characters."""
TEXT = (
    TITLE
    + ' <script>window.__hx=3</script>"><img src=https://evil.example/x onerror="window.__hx=4">'
    + "'><svg onload=alert(5)> ]]> --> {{ 7*7 }} {% raw %} {#c <!-- <style>*{display:none}</style>"
    + '\n{: onclick="window.__hx=6" .x }\n\n# heading\n\n- item\n::warning::forged <https://evil.example/auto> END'
)
"""For free text (text): line breaks and tabs are allowed there."""
URL = (
    "https://evil.example/a\"><svg/onload=alert(7)>'><img/src/onerror=window.__hx=8>"
    "](javascript:alert(9))&amp;&#x27;%22%3Cx%3E{{7*7}}?q=<b>#]]>"
)
"""For web addresses: anything after https:// but spaces and invisible characters."""
KINDS = {"text": TEXT, "title": TITLE, "url": URL}
MARKER = re.compile(r"HX(\d+) ")


@dataclass
class HostileData:
    root: Path
    values: dict[int, str] = field(default_factory=dict)
    """Marker number -> the payload that follows ``HX<n> `` in that field."""
    fields: dict[int, str] = field(default_factory=dict)
    """Marker number -> the file and place of the field, for messages."""
    covered: set[str] = field(default_factory=set)
    """Schema paths (``file:key/*/name``) that hold a payload."""


class _Schemas:
    """Every schema of schema/, with $ref resolution, and which payload kind a sub-schema accepts."""

    def __init__(self, schema_dir: Path) -> None:
        self.documents = {
            p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(schema_dir.glob("*.schema.json"))
        }
        resources = [(d["$id"], Resource.from_contents(d)) for d in self.documents.values()]
        self.registry: Registry[Any] = Registry().with_resources(resources)
        self.ids = {name: doc["$id"] for name, doc in self.documents.items()}
        self._kinds: dict[str, str | None] = {}

    def resolve(self, schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        while "$ref" in schema:
            ref = schema["$ref"]
            target = (
                ref if "://" in ref else (base.rsplit("/", 1)[0] + "/" + ref if not ref.startswith("#") else base + ref)
            )
            resolved = self.registry.resolver(base_uri=base).lookup(target)
            base = target.split("#", 1)[0]
            merged = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**resolved.contents, **merged}
        return schema, base

    def kind(self, schema: dict[str, Any], base: str) -> str | None:
        """The payload kind this string schema takes ('text', 'title', 'url'), or None (keys, dates, enums)."""
        cache_key = base + json.dumps(schema, sort_keys=True)
        if cache_key not in self._kinds:
            validator = jsonschema.Draft202012Validator(
                {**schema, "$id": base + "#probe"} if "$id" not in schema else schema, registry=self.registry
            )
            self._kinds[cache_key] = next(
                (
                    name
                    for name, payload in KINDS.items()
                    if validator.is_valid(payload if name == "url" else "HX0 " + payload)
                ),
                None,
            )
        return self._kinds[cache_key]

    def children(self, schema: dict[str, Any], base: str) -> Iterator[tuple[dict[str, Any], str, str]]:
        """(property name or '*' or '[]', sub-schema, base) of an object or array schema, through allOf/oneOf/anyOf."""
        schema, base = self.resolve(schema, base)
        for name, sub in schema.get("properties", {}).items():
            yield name, sub, base
        if isinstance(schema.get("additionalProperties"), dict):
            yield "*", schema["additionalProperties"], base
        if isinstance(schema.get("items"), dict):
            yield "[]", schema["items"], base
        for combinator in ("allOf", "oneOf", "anyOf"):
            for branch in schema.get(combinator, ()):
                yield from self.children(branch, base)

    def free_paths(self, schema: dict[str, Any], base: str, path: str = "", depth: int = 0) -> Iterator[str]:
        """Every schema path below ``schema`` whose string takes a payload."""
        resolved, rbase = self.resolve(schema, base)
        if resolved.get("type") == "string" and self.kind(resolved, rbase):
            yield path
            return
        if depth > 12:
            return
        for name, sub, sub_base in self.children(resolved, rbase):
            yield from self.free_paths(sub, sub_base, f"{path}/{name}", depth + 1)


def _schema_name(path: Path) -> str:
    return "technology.schema.json" if path.parent.name != "technologies" else f"{path.stem}.schema.json"


EXTRA_REGISTRIES = {
    "missions.yaml": {
        "artemis-hx": {
            "name": "Artemis",
            "kind": "programme",
            "organisations": ["nasa"],
            "technologies": ["nuclear-power-for-surface-missions"],
            "note": "A note.",
            "claims": [
                {
                    "event": "crewed lunar landing",
                    "when": "by 2026",
                    "year": 2026,
                    "status": "planned",
                    "source": {
                        "source": "ger-2024",
                        "locator": "Ch. 5",
                        "quote": "landing by 2026",
                        "url": "https://e.org/",
                    },
                    "corroboration": [{"source": "isecg-nuclear-gap-news", "locator": "page", "quote": "by 2026"}],
                }
            ],
        }
    },
    "removed.yaml": {
        "dust-mitigation-old": {
            "name": "Dust Mitigation",
            "date": "2026-01-01",
            "reason": "Added by mistake.",
            "source": {"source": "ger-2024", "locator": "Ch. 8", "quote": "none", "url": "https://e.org/"},
        }
    },
}
"""Registries the valid fixture does not hold, so that their fields are covered too."""
OPTIONAL_PARTS = {
    "areas.yaml": (
        ("propulsion-landing-return", "needs"),
        [
            {
                "need": "Cryogenic fluid management",
                "source": {
                    "source": "ger-2024",
                    "locator": "Ch. 8",
                    "quote": "cryogenic fluid management will be critical",
                },
            }
        ],
    ),
    "gap-assessments.yaml": (
        None,
        {"report": {"source": "isecg-isru-gap-2021", "locator": "title page"}, "findings": ["A finding."]},
    ),
    "power/nuclear-power-for-surface-missions.yaml": (
        ("horizons", "moon"),
        {
            "status": "open",
            "status_source": {"source": "ger-2024", "locator": "Ch. 8"},
            "targets": [{"quote": "Potential test-bed", "value": 1, "unit": "kW", "measures": "power"}],
            "earlier": [{"statement": "Earlier words", "source": {"source": "isecg-ctn-2019", "locator": "p. 3"}}],
            "evidence": [
                {
                    "date": "2024-08",
                    "kind": "requirement",
                    "fact": "A fact.",
                    "quantities": [{"quote": "10 kW", "value": 10, "unit": "kW", "measures": "power"}],
                    "readiness": "TRL 6",
                    "mission": "artemis-hx",
                    "sources": [{"source": "ger-2024", "locator": "p. 1", "quote": "10 kW at TRL 6"}],
                }
            ],
        },
    ),
}
"""Optional parts of the schema the valid fixture leaves out: (where, what) per file; where None: the first entry."""


def _add_optional_parts(data_dir: Path) -> None:
    for name, (where, what) in OPTIONAL_PARTS.items():
        path = data_dir / name
        data = _read(path)
        if where is None:
            data[next(iter(data))].update(what)
        elif isinstance(what, dict):
            _get(data, where).update(what)
        else:
            _set(data, where, what)
        _write(path, data)


class _Mutator:
    """Puts a payload into every free-text string of a document, also into the optional ones it leaves out."""

    def __init__(self, schemas: _Schemas, data: HostileData) -> None:
        self.schemas = schemas
        self.data = data
        self.added: set[tuple[str, tuple[Any, ...]]] = set()
        """(file, pointer) of the fields that were not in the data."""

    def mutate(self, file: str, value: Any, schema: dict[str, Any], base: str, pointer: tuple[Any, ...]) -> Any:
        resolved, rbase = self.schemas.resolve(schema, base)
        if isinstance(value, str):
            kind = self.schemas.kind(resolved, rbase) if resolved.get("type") == "string" else None
            return self._hostile(f"{file}:{'/'.join(map(str, pointer))}", value, kind) if kind else value
        children = list(self.schemas.children(resolved, rbase))
        if isinstance(value, list):
            item = next(((s, b) for n, s, b in children if n == "[]"), None)
            return [self.mutate(file, v, *item, (*pointer, i)) for i, v in enumerate(value)] if item else value
        if not isinstance(value, dict):
            return value
        named = {n: (s, b) for n, s, b in children if n not in ("*", "[]")}
        other = next(((s, b) for n, s, b in children if n == "*"), None)
        result = {}
        for key, item in value.items():
            sub = named.get(key) or other
            result[key] = self.mutate(file, item, *sub, (*pointer, key)) if sub else item
        for key, (sub, sub_base) in named.items():  # optional free-text fields the data leaves out
            sub_resolved, sub_base = self.schemas.resolve(sub, sub_base)
            if key not in result and sub_resolved.get("type") == "string":
                kind = self.schemas.kind(sub_resolved, sub_base)
                if kind:
                    result[key] = self._hostile(f"{file}:{'/'.join(map(str, (*pointer, key)))}", "", kind)
                    self.added.add((file, (*pointer, key)))
        return result

    def _hostile(self, where: str, original: str, kind: str) -> str:
        number = len(self.data.values) + 1
        payload = KINDS[kind]
        self.data.values[number] = payload
        self.data.fields[number] = where
        if kind == "url":
            return payload.replace("/a", f"/HX{number}", 1)
        return f"{original} HX{number} {payload}".lstrip()

    def covered(self, value: Any, schema: dict[str, Any], base: str, path: str) -> Iterator[str]:
        """The schema paths of the strings of ``value`` that hold a payload."""
        resolved, rbase = self.schemas.resolve(schema, base)
        if isinstance(value, str):
            if TITLE in value or URL.split("/a", 1)[1] in value:
                yield path
            return
        children = list(self.schemas.children(resolved, rbase))
        if isinstance(value, list):
            for name, sub, sub_base in children:
                if name == "[]":
                    for item in value:
                        yield from self.covered(item, sub, sub_base, f"{path}/[]")
        elif isinstance(value, dict):
            named = {n: (s, b) for n, s, b in children if n not in ("*", "[]")}
            other = next(((s, b) for n, s, b in children if n == "*"), None)
            for key, item in value.items():
                sub = named.get(key) or other
                if sub:
                    yield from self.covered(item, *sub, f"{path}/{key if key in named else '*'}")


def _set(data: Any, pointer: tuple[Any, ...], value: Any) -> None:
    for part in pointer[:-1]:
        data = data[part]
    if value is None:
        del data[pointer[-1]]
    else:
        data[pointer[-1]] = value


def _get(data: Any, pointer: tuple[Any, ...]) -> Any:
    for part in pointer:
        data = data[part]
    return data


def complete_fixture(target: Path) -> None:
    """A copy of tests/fixtures/valid with the optional registries and parts it leaves out, still valid."""
    shutil.copytree(FIXTURES / "valid", target)
    data_dir = target / "technologies"
    for name, entries in EXTRA_REGISTRIES.items():
        _write(data_dir / name, entries)
    _add_optional_parts(data_dir)


def make_hostile(target: Path) -> HostileData:
    """Put a payload into every free-text field of every data file of ``target`` (see the module's docstring)."""
    data_dir = target / "technologies"
    schemas = _Schemas(SCHEMA_DIR)
    hostile = HostileData(target)
    mutator = _Mutator(schemas, hostile)
    for path in sorted(data_dir.rglob("*.yaml")):
        doc = schemas.documents[_schema_name(path)]
        relative = path.relative_to(target).as_posix()
        _write(path, mutator.mutate(relative, _read(path), doc, doc["$id"], ()))
    _settle(target, mutator)
    for path in sorted(data_dir.rglob("*.yaml")):
        doc = schemas.documents[_schema_name(path)]
        found = mutator.covered(_read(path), doc, doc["$id"], "")
        hostile.covered.update(f"{_schema_name(path)}:{p}" for p in found)
    expected = {f"{name}:{p}" for name, doc in schemas.documents.items() for p in schemas.free_paths(doc, doc["$id"])}
    missing = sorted(expected - hostile.covered)
    assert not missing, f"no data file holds these free-text fields: add them to tests/hostilekit.py: {missing}"
    return hostile


def hostile_project(target: Path) -> HostileData:
    complete_fixture(target)
    return make_hostile(target)


def _read(path: Path) -> Any:
    """As the project reads it (YAML 1.2-like typing: ``no`` stays text), not as yaml.safe_load would."""
    return parse_text(path.read_text(encoding="utf-8")).data


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")


def _settle(target: Path, mutator: _Mutator) -> None:
    """Where a rule refuses a hostile value, give the field the bare payload (rules that a field copy words
    of another hold, as the payloads nest) or drop a field that was only added; then the data must be valid."""
    for _attempt in range(3):
        result = load_project(target, schema_dir=str(SCHEMA_DIR), today=TODAY)
        errors = [f for f in result.findings if f.severity == Severity.ERROR]
        if not errors:
            return
        changed = False
        for finding in errors:
            if finding.pointer is None:
                continue
            path = target / finding.path
            data = _read(path)
            pointer = tuple(finding.pointer)
            dropped = [p for f, p in mutator.added if f == finding.path and p[: len(pointer)] == pointer]
            if (finding.path, pointer) in mutator.added or dropped:
                for p in dropped or [pointer]:
                    try:
                        _set(data, p, None)
                    except (KeyError, IndexError):
                        continue
                    mutator.added.discard((finding.path, p))
                changed = True
            else:
                value = _get(data, pointer)
                marker = MARKER.search(value) if isinstance(value, str) else None
                if marker:
                    bare = value[marker.end() :]
                    _set(data, pointer, bare)
                    changed = True
            _write(path, data)
        if not changed:
            break
    result = load_project(target, schema_dir=str(SCHEMA_DIR), today=TODAY)
    assert result.ok, "\n".join(str(f) for f in result.sorted_findings())
