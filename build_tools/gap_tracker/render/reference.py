"""The data-format reference page, generated from the JSON Schemas (the one source of truth)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gap_tracker.render.templating import RenderedPage, page

PAGE = "reference/data-format.md"
_KINDS = (
    ("technology", "Technology file", "technologies/<area>/<id>.yaml"),
    ("horizons", "Horizons", "technologies/horizons.yaml"),
    ("areas", "Areas", "technologies/areas.yaml"),
    ("sources", "Sources", "technologies/sources.yaml"),
    ("organisations", "Organisations", "technologies/organisations.yaml"),
    ("gap-assessments", "Gap assessments", "technologies/gap-assessments.yaml"),
    ("removed", "Removed technologies (optional)", "technologies/removed.yaml"),
    ("missions", "Missions and programmes (optional)", "technologies/missions.yaml"),
)
_SHARED = (
    "horizon",
    "earlier_statement",
    "citation",
    "quoted_citation",
    "target",
    "evidence_item",
    "quantity",
    "demonstration",
    "external_id",
)


@dataclass(frozen=True)
class TypeOf:
    """A field's type in words: ``text``, plus code values (``codes``), a link to a shared part (``ref``), or an inner type."""

    text: str
    codes: tuple[str, ...] = ()
    ref: str | None = None
    inner: TypeOf | None = None


@dataclass(frozen=True)
class FieldDoc:
    name: str
    required: bool
    kind: TypeOf
    description: str
    default: str | None
    example: str | None


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    description: str
    where: str = ""
    fields: list[FieldDoc] = field(default_factory=list)


def render_reference_page(schemas: dict[str, dict[str, Any]]) -> RenderedPage:
    defs = schemas["technology"].get("$defs", {})
    kinds = []
    for kind, title, where in _KINDS:
        schema = schemas.get(kind)
        if not schema:
            continue
        entry = schema if kind == "technology" else schema.get("additionalProperties", {})
        kinds.append(Part(kind, title, schema.get("description", ""), where, _fields(entry, defs)))
    shared = [
        Part(name, defs[name].get("title", name), defs[name].get("description", ""), fields=_fields(defs[name], defs))
        for name in _SHARED
        if name in defs
    ]
    shared += _registry_parts(schemas, defs)
    return page("reference.html", "Data format", kinds=kinds, shared=shared)


def _registry_parts(schemas: dict[str, dict[str, Any]], defs: dict[str, Any]) -> list[Part]:
    """The parts a registry defines for itself: its own $defs (a mission's claim) and list items (an area's need)."""
    parts = []
    for kind, _, _ in _KINDS[1:]:
        schema = schemas.get(kind, {})
        for name, part in schema.get("$defs", {}).items():
            parts.append(
                Part(f"{kind}-{name}", part.get("title", name), part.get("description", ""), fields=_fields(part, defs))
            )
        for name, prop in schema.get("additionalProperties", {}).get("properties", {}).items():
            items = prop.get("items", {})
            if prop.get("type") == "array" and "properties" in items:
                title = items.get("title", name)
                parts.append(Part(f"{kind}-{name}", title, prop.get("description", ""), fields=_fields(items, defs)))
    return parts


def _fields(schema: dict[str, Any], defs: dict[str, Any]) -> list[FieldDoc]:
    required = set(schema.get("required", ()))
    found = []
    for name, prop in schema.get("properties", {}).items():
        example = prop.get("examples", [None])[0]
        found.append(
            FieldDoc(
                name,
                name in required,
                _type_of(prop, defs),
                prop.get("description", ""),
                str(prop["default"]) if "default" in prop else None,
                None if example is None else json.dumps(example, ensure_ascii=False)[:160],
            )
        )
    return found


def _type_of(prop: dict[str, Any], defs: dict[str, Any]) -> TypeOf:
    ref = prop.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        title = defs.get(name, {}).get("title", name)
        return TypeOf(title, ref=name) if name in _SHARED else TypeOf(title.lower())
    if "enum" in prop:
        return TypeOf("one of ", codes=tuple(str(v) for v in prop["enum"]))
    if "const" in prop:
        return TypeOf("", codes=(json.dumps(prop["const"]),))
    if prop.get("type") == "array":
        return TypeOf("list of ", inner=_type_of(prop.get("items", {}), defs))
    if prop.get("type") == "object":
        return TypeOf("group of fields")
    return TypeOf(str(prop.get("type", "value")))
