"""What a seed may be: a plain whole number, within the range every seed counted on from it
keeps (a module of its own, without NumPy, so that the command line reads it lightly).

Each stream of a run is seeded from the run's seed (:mod:`diplomesa.streams`); a batch or
an ensemble counts seeds on from a first one (``S + i``), and Parquet and NumPy keep them
as signed 64-bit integers.
"""

from __future__ import annotations

import numbers
from typing import Any

SEED_MAX = 2**62
"""The largest seed a command, a spec or a game record takes: the seeds counted on from
it (seed + i, for up to millions of runs) stay within a signed 64-bit integer, as Parquet
and NumPy keep them."""

RUN_SEED_MAX = 2**63 - 1
"""The largest seed of one run (a signed 64-bit integer, as Parquet keeps it)."""


def as_seed(value: Any, what: str = "seed", high: int = RUN_SEED_MAX) -> int:
    """``value`` as a plain int seed from 0 to ``high`` (a NumPy integer is taken);
    :class:`ValueError` naming ``what`` for anything else: a fraction, text, a bool, a
    negative number (NumPy's own message names none of them), or one past ``high``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{what}: expected a whole number from 0 to {high}, got {value!r}")
    seed = int(value)
    if not 0 <= seed <= high:
        raise ValueError(f"{what}: expected a whole number from 0 to {high}, got {seed}")
    return seed
