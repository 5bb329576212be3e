"""Function targets for the batch tests (importable by worker processes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def flaky(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """y = x + seed/1000, but raises for x above 0.5 on odd seeds."""
    x = float(params["x"])
    if x > 0.5 and seed % 2:
        raise ValueError(f"flaky: x={x} on odd seed {seed}")
    return {"y": x + seed / 1000}


def young_threshold(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """The garbage collector's young-generation threshold while the run runs."""
    import gc

    return {"threshold": gc.get_threshold()[0]}
