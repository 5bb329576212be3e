"""Test functions with known sensitivity indices, usable as batch targets.

A function target is ``f(params: dict, seed: int) -> {field: value}``; name it in a spec
as ``target = "diplomesa.batch.functions:ishigami"``. Running one through the batch runner
and the sensitivity analysis checks the whole plumbing against known answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1


def ishigami(params: Mapping[str, Any], seed: int = 0) -> dict[str, float]:
    """The Ishigami function (Ishigami & Homma 1990) on x1, x2, x3 in [-π, π].

    Analytic Sobol indices: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
    """
    x1, x2, x3 = float(params["x1"]), float(params["x2"]), float(params["x3"])
    y = math.sin(x1) + ISHIGAMI_A * math.sin(x2) ** 2 + ISHIGAMI_B * x3**4 * math.sin(x1)
    return {"y": y}


def ishigami_indices() -> dict[str, list[float]]:
    """The analytic first-order and total indices of :func:`ishigami`."""
    a, b, pi = ISHIGAMI_A, ISHIGAMI_B, math.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return {"S1": [v1 / v, v2 / v, 0.0], "ST": [(v1 + v13) / v, v2 / v, v13 / v]}
