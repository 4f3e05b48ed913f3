"""The schemas as the site publishes them: the project's own, plus the keys the data defines.

Editors that read a published schema (by its ``$id`` address, or a SchemaStore entry) then offer
the real source keys for every ``source:`` and the horizons of ``technologies/horizons.yaml`` under
``horizons:``, with their titles on hover. Keys go in ``examples`` (completions), never in an
``enum``: a pull request that adds a source must not turn its own editor red. The files in
``schema/`` stay generic; validation uses them and ``known-source`` / ``known-horizon`` check the keys.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from gap_tracker.model import Catalogue

SUFFIX = ".schema.json"


def published_schemas(
    schemas: dict[str, dict[str, Any]], texts: dict[str, str], catalogue: Catalogue
) -> dict[str, str]:
    """File name -> text of every schema; the technology schema completed from the data, the rest as written."""
    out = {f"{kind}{SUFFIX}": texts[kind] for kind in schemas}
    if "technology" in schemas:
        completed = with_data_keys(schemas["technology"], catalogue)
        out[f"technology{SUFFIX}"] = json.dumps(completed, indent=2, ensure_ascii=False) + "\n"
    return out


def with_data_keys(schema: dict[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """A copy of the technology schema whose source keys, area keys and horizons come from the data."""
    result = copy.deepcopy(schema)
    defs = result.get("$defs", {})
    source = defs.get("citation", {}).get("properties", {}).get("source")
    if isinstance(source, dict) and catalogue.sources:
        source["examples"] = list(catalogue.sources)
        listed = "; ".join(f"{key} ({doc.short_label})" for key, doc in catalogue.sources.items())
        source["description"] = f"{source.get('description', '')} One of: {listed}.".strip()
    area = result.get("properties", {}).get("area")
    if isinstance(area, dict) and catalogue.areas:
        area["examples"] = list(catalogue.areas)
    horizons = result.get("properties", {}).get("horizons")
    if isinstance(horizons, dict) and catalogue.horizons:
        horizons["properties"] = {
            h.key: {"title": h.label, "description": f"Column '{h.heading}'.", "$ref": "#/$defs/horizon"}
            for h in catalogue.horizons
        }
    return result
