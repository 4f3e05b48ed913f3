"""The data-format reference page, generated from the JSON Schemas (the one source of truth)."""

from __future__ import annotations

import json
from typing import Any

from gap_tracker.render.html import esc, front_matter

PAGE = "reference/data-format.md"
_KINDS = (
    ("technology", "Technology file", "technologies/&lt;area&gt;/&lt;id&gt;.yaml"),
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


def render_reference_page(schemas: dict[str, dict[str, Any]]) -> str:
    technology = schemas["technology"]
    defs = technology.get("$defs", {})
    parts = [
        front_matter(title="Data format"),
        "# Data format\n",
        "<p>Generated from the JSON Schemas in <code>schema/</code>: this page and the validator read the same "
        "files, so they cannot disagree. Editors that understand the <code># yaml-language-server: $schema=…</code> "
        "first line check and complete fields as you type.</p>\n",
    ]
    for kind, title, where in _KINDS:
        schema = schemas.get(kind)
        if not schema:
            continue
        parts.append(f"## {title}\n")
        parts.append(
            f"<p><code>{where}</code> — {esc(schema.get('description', ''))} "
            f'Schema: <a href="../../schema/{kind}.schema.json"><code>{kind}.schema.json</code></a>.</p>\n'
        )
        entry = schema if kind == "technology" else schema.get("additionalProperties", {})
        parts.append(_fields_table(entry, defs) + "\n")
        for name, part in (schema.get("$defs", {}) if kind != "technology" else {}).items():
            parts.append(f'<h3 id="{esc(kind)}-{esc(name)}">{esc(part.get("title", name))}</h3>')
            parts.append(f"<p>{esc(part.get('description', ''))}</p>")
            parts.append(_fields_table(part, defs) + "\n")
        for name, prop in entry.get("properties", {}).items():
            items = prop.get("items", {})
            if prop.get("type") == "array" and "properties" in items:
                parts.append(f'<h3 id="{esc(kind)}-{esc(name)}">{esc(items.get("title", name))}</h3>')
                parts.append(_fields_table(items, defs) + "\n")
    parts.append("## Shared parts\n")
    for name in _SHARED:
        if name in defs:
            parts.append(f'<h3 id="{name}">{esc(defs[name].get("title", name))}</h3>')
            parts.append(f"<p>{esc(defs[name].get('description', ''))}</p>")
            parts.append(_fields_table(defs[name], defs) + "\n")
    return "\n".join(parts)


def _fields_table(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        kind = _type_of(prop, defs)
        example = prop.get("examples", [None])[0]
        shown = "" if example is None else f"<code>{esc(json.dumps(example, ensure_ascii=False)[:160])}</code>"
        default = f" Default: <code>{esc(prop['default'])}</code>." if "default" in prop else ""
        rows.append(
            f"<tr><td><code>{esc(name)}</code></td><td>{'required' if name in required else 'optional'}</td>"
            f"<td>{kind}</td><td>{esc(prop.get('description', ''))}{default}</td><td>{shown}</td></tr>"
        )
    return (
        '<table class="gt-reference"><thead><tr><th scope="col">Field</th><th scope="col">Required</th>'
        '<th scope="col">Type</th><th scope="col">Meaning</th><th scope="col">Example</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _type_of(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    ref = prop.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name in _SHARED:
            return f'<a href="#{name}">{esc(defs.get(name, {}).get("title", name))}</a>'
        return esc(defs.get(name, {}).get("title", name).lower())
    if "enum" in prop:
        return "one of " + ", ".join(f"<code>{esc(v)}</code>" for v in prop["enum"])
    if "const" in prop:
        return f"<code>{esc(json.dumps(prop['const']))}</code>"
    if prop.get("type") == "array":
        return "list of " + _type_of(prop.get("items", {}), defs)
    if prop.get("type") == "object":
        return "group of fields"
    return esc(prop.get("type", "value"))
