"""The matrix filters' oracle: which rows a filtered view must show, worked out from the model
independently of the page's script, and which rows the browser shows."""

from __future__ import annotations

import unicodedata
from typing import Any

from gap_tracker.model import Catalogue, Technology


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _cell_values(tech: Technology, horizon: str) -> set[str]:
    cell = tech.horizons[horizon]
    if cell.statement is not None:
        return {"stated", cell.status}
    return {"not-addressed" if cell.not_addressed else "not-stated", cell.status}


def expected(
    catalogue: Catalogue, text: str = "", area: str = "", org: str = "", grade: str = "", **horizons: str
) -> list[str]:
    """Ids of the technologies a filtered view must show, in matrix order."""
    terms = fold(text).split()
    ids = []
    for tech in catalogue.technologies:
        searched = fold("\n".join([tech.name, *(tech.horizons[h].statement or "" for h in catalogue.horizon_keys)]))
        if not all(term in searched for term in terms):
            continue
        if area and catalogue.area_of(tech).key != area:
            continue
        if org and org not in catalogue.organisations_of(tech):
            continue
        if grade and grade not in catalogue.grades_cited(tech):
            continue
        if any(value and value not in _cell_values(tech, h) for h, value in horizons.items()):
            continue
        ids.append(tech.id)
    return ids


def shown(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            "#gt-matrix tbody tr[id]", "rows => rows.filter(r => r.checkVisibility()).map(r => r.id)"
        )
    )
