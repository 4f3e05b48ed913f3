"""A small catalogue built in memory for the tests of the gap charts and the organisation pages."""

from __future__ import annotations

from typing import Any

from gap_tracker.model import Area, Catalogue, HorizonDefinition, Mission, Organisation, SourceDocument, Technology

CITE = {"source": "doc", "locator": "table 1"}
HORIZONS = ("today", "moon", "mars")


def horizon(statement: str | None = None, **extra: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"source": CITE, **extra}
    if statement is not None:
        cell["statement"] = statement
    return cell


def technology(
    tech_id: str, area: str = "power", demonstrations: list[dict[str, Any]] | None = None, **horizons: dict[str, Any]
) -> dict[str, Any]:
    return {
        "demonstrations": demonstrations or [],
        "id": tech_id,
        "name": tech_id.replace("-", " ").title(),
        "area": area,
        "horizons": {h: horizons.get(h, horizon()) for h in HORIZONS},
        "sources": [CITE],
        "last_reviewed": "2026-01-01",
    }


def target(quote: str, unit: str, measures: str = "duration", **amount: float) -> dict[str, Any]:
    return {"quote": quote, "unit": unit, "measures": measures, **amount}


def demo(name: str, *orgs: str) -> dict[str, Any]:
    return {
        "name": name,
        "showed": "it works",
        "link_basis": "named-in-table",
        "sources": [CITE],
        "organisations": list(orgs),
    }


def catalogue(
    *technologies: dict[str, Any],
    missions: dict[str, dict[str, Any]] | None = None,
    graded: dict[str, str] | None = None,
) -> Catalogue:
    """The catalogue of ``technologies``; their sources are ``doc`` (an agency document) and the keys of
    ``graded`` (source key -> grade)."""
    cite = {"source": "doc", "locator": "p. 1"}
    areas = {
        key: Area.from_data(key, {"name": key.title(), "description": "d", "source": cite, "order": order})
        for order, key in enumerate(("power", "comms"))
    }
    orgs = {
        key: Organisation.from_data(key, {"name": f"{key.upper()} agency", "acronym": key.upper(), "source": cite})
        for key in ("nasa", "esa", "jaxa", "idle")
    }
    return Catalogue(
        [Technology.from_data(t, f"technologies/{t['area']}/{t['id']}.yaml") for t in technologies],
        areas,
        {
            key: SourceDocument.from_data(key, {"title": key.title(), "publisher": "P", "grade": grade})
            for key, grade in {"doc": "agency-document", **(graded or {})}.items()
        },
        orgs,
        {},
        [
            HorizonDefinition.from_data(key, {"label": key.title(), "column": key, "source": cite, "order": i})
            for i, key in enumerate(HORIZONS)
        ],
        missions={k: Mission.from_data(k, v) for k, v in (missions or {}).items()},
    )
