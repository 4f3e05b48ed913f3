"""The benchmark's synthetic data generator (bench/synth.py), loaded as a module for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SYNTH = Path(__file__).resolve().parent.parent / "bench" / "synth.py"


def load_synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synth", SYNTH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module
