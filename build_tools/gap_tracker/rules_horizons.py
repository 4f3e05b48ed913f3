"""Rules about horizons: every technology gives exactly the horizons of technologies/horizons.yaml.

The horizons (the columns of the source table) are data, not code: a new roadmap edition with
another column is a change to horizons.yaml, and this rule then says which technology files lack it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from gap_tracker.findings import Finding

if TYPE_CHECKING:
    from gap_tracker.rules import Context

HORIZONS_FILE = "technologies/horizons.yaml"


def known_horizons(ctx: Context) -> Iterator[Finding]:
    """A technology's horizons are exactly the keys of horizons.yaml (none missing, none unknown)."""
    registry = ctx.registries.get("horizons")
    if registry is None:
        return  # missing or invalid: its own finding says so
    keys = list(registry.data)
    listed = ", ".join(keys)
    for doc in ctx.technologies:
        given = doc.data["horizons"]
        for key in given:
            if key in keys:
                continue
            close = difflib.get_close_matches(str(key), keys, n=1, cutoff=0.6)
            fix = (
                f"did you mean '{close[0]}'? Rename the key"
                if close
                else f"use one of the horizons of {HORIZONS_FILE} ({listed}), or add the horizon there"
            )
            yield Finding(
                doc.path, f"unknown horizon '{key}'", fix, "known-horizon", pointer=("horizons", key), at_key=True
            )
        unknown = [k for k in given if k not in keys]
        for key in keys:
            if key in given:
                continue
            if any(difflib.get_close_matches(str(u), [key], n=1, cutoff=0.6) for u in unknown):
                continue  # reported as a misspelt key above
            label = registry.data[key].get("label", key)
            yield Finding(
                doc.path,
                f"the horizon '{key}' ({label}) is missing",
                f"add '{key}:' under horizons with its statement and source, or 'not_stated: true' when the "
                f"source leaves the cell empty, or 'not_addressed: true' when the source does not cover it",
                "known-horizon",
                pointer=("horizons",),
                at_key=True,
            )


HORIZON_RULES: dict[str, Callable[[Context], Iterable[Finding]]] = {
    "known-horizon": known_horizons,
}
