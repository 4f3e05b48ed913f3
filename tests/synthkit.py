"""The benchmark's synthetic data generator (bench/synth.py), loaded as a module for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from gap_tracker.load import load_project
from gap_tracker.model import Catalogue

SYNTH = Path(__file__).resolve().parent.parent / "bench" / "synth.py"


def load_synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synth", SYNTH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def synthetic_catalogue(project: Path, count: int) -> Catalogue:
    """Write ``count`` synthetic technologies into ``project`` and return their checked catalogue."""
    load_synth().write_project(project, count)
    return checked_catalogue(project)


def checked_catalogue(project: Path) -> Catalogue:
    """The catalogue of a synthetic project, which must have no error (review dates as the generator sets them)."""
    result = load_project(project, stale_after_days=load_synth().STALE_AFTER_DAYS)
    assert result.ok and result.catalogue is not None, [f.message for f in result.findings]
    return result.catalogue
