"""Adding entries to a registry in a test as a contributor should: each where it belongs alphabetically."""

from __future__ import annotations

from pathlib import Path

from gap_tracker.registry_order import sort_registry_text


def add_entries(registry: Path, entries: str) -> None:
    """Add the YAML ``entries`` (top-level keys with their lines) to ``registry``, keeping key order."""
    text = registry.read_text(encoding="utf-8")
    registry.write_text(sort_registry_text(text.rstrip("\n") + "\n" + entries.lstrip("\n")), encoding="utf-8")
