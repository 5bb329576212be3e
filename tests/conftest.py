"""Shared fixtures: small seeded ensembles, cached so each configuration runs once; Debian's
chromium under Playwright for the browser tests (which skip where it is not installed)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pytest

from diplomesa import DiplomacyModel
from diplomesa.ensemble import runs
from diplomesa.model import keyword_path


@lru_cache(maxsize=128)
def _ensemble(n: int, seed0: int, items: tuple[tuple[str, Any], ...]) -> tuple[DiplomacyModel, ...]:
    overrides = {keyword_path(k): v for k, v in items}
    return tuple(runs(None, range(seed0, seed0 + n), overrides=overrides, metrics=True))


def ensemble(n: int = 40, seed0: int = 0, **overrides: Any) -> tuple[DiplomacyModel, ...]:
    """``n`` finished baseline runs (seeds ``seed0 ..``), with keyword overrides."""
    return _ensemble(n, seed0, tuple(sorted(overrides.items())))


def mean(values: Any) -> float:
    values = list(values)
    return sum(values) / len(values)


def share(flags: Any) -> float:
    flags = list(flags)
    return sum(bool(f) for f in flags) / len(flags)


def count_kind(models: Any, kind_name: str) -> int:
    return sum(1 for m in models for s in m.signals if s.kind.name == kind_name)


@pytest.fixture(scope="session")
def baseline() -> tuple[DiplomacyModel, ...]:
    return ensemble()


def paired_interval(d: Any, boot: int = 2000) -> tuple[float, float]:
    """The 95% paired-bootstrap interval of the mean of per-seed differences ``d`` (seeded)."""
    import numpy as np

    d = np.asarray(d, dtype=float)
    rng = np.random.default_rng(0)
    means = d[rng.integers(0, len(d), size=(boot, len(d)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, one per test module (the modules skip without it)."""
    from playwright.sync_api import sync_playwright

    from diplomesa.viz.server import CHROMIUM_ARGS, find_chromium

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=find_chromium(), args=list(CHROMIUM_ARGS))
        yield b
        b.close()
