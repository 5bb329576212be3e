"""The record among many runs: the comparison of :mod:`~diplomesa.eventdata.compare` for
every run of a folder, and where the record's statistics fall among the runs' (percentiles).

A batch keeps no event logs, so the runs are a folder of event files, one ``*.csv`` per run,
as ``diplomesa run --events`` writes them (:func:`read_runs`). Every run is compared with the
record in one window, between the same actors and over the same dyads, so that each row
holds one statistic across all runs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from diplomesa.eventdata.compare import (
    COMPARATIVE,
    CompareError,
    EventsLike,
    as_frame,
    compare_in,
    dyads_of,
    select,
    setup_for,
)
from diplomesa.eventdata.readers import read_event_data

ENSEMBLE_COLUMNS = (
    "statistic",
    "dyad",
    "category",
    "real",
    "runs",
    "median",
    "low",
    "high",
    "percentile",
    "note",
)
"""The columns of :func:`compare_ensemble`'s table: ``median``, ``low`` and ``high`` (5% and
95%) of the runs' values; ``percentile`` of ``real`` among them."""


def read_runs(folder: str | Path) -> list[pd.DataFrame]:
    """The event files of a folder of runs: every ``*.csv`` in it, one per run (in name order),
    as ``diplomesa run --events`` writes them; at least two."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CompareError(f"{folder}: not a folder; expected a folder of event files, one per run")
    files = sorted(folder.glob("*.csv"))
    if len(files) < 2:
        raise CompareError(
            f"{folder}: {len(files)} event file(s) (*.csv); expected one per run, at least 2"
        )
    return [read_event_data(f) for f in files]


def compare_ensemble(
    runs: Sequence[EventsLike] | str | Path,
    real: EventsLike,
    *,
    actors: Sequence[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    domestic: bool = False,
) -> pd.DataFrame:
    """Where the record's statistics fall among many runs' (:data:`ENSEMBLE_COLUMNS`).

    ``runs`` is a folder (:func:`read_runs`) or a list of files or frames. Every run is
    compared with ``real`` in one window, between the same actors and over the same dyads
    (those of any run or of the record). For each descriptive statistic (shares, events, net
    Goldstein, each week's net Goldstein) the row gives the runs' median and 5–95% range and
    the record's percentile among them; for each comparative one (Jensen–Shannon, Pearson,
    Spearman, Wasserstein) the runs' median and range of their distance to the record.
    """
    frames = read_runs(runs) if isinstance(runs, str | Path) else [as_frame(r) for r in runs]
    if not frames:
        raise CompareError("no runs to compare")
    real_frame = as_frame(real)
    setup = setup_for(frames, real_frame, actors, start, end, domestic)
    setup.dyads = dyads_of(*(select(f, setup) for f in [*frames, real_frame]))
    tables = [compare_in(f, real_frame, setup) for f in frames]
    keys = tables[0][["statistic", "dyad", "category", "real"]]
    rows = []
    for i, key in enumerate(keys.itertuples(index=False)):
        comparative = key.statistic in COMPARATIVE
        column = "value" if comparative else "simulated"
        values = np.array([t[column].iat[i] for t in tables], dtype=float)
        finite = values[~np.isnan(values)]
        real_value = math.nan if comparative else float(key.real)
        note = ""
        if len(finite) < len(values):
            reasons = {_reason(t["note"].iat[i]) for t in tables if t["note"].iat[i]}
            note = f"undefined in {len(values) - len(finite)} of {len(values)} runs"
            note += f" ({'; '.join(sorted(reasons))})" if reasons else ""
        low, median, high = np.percentile(finite, [5, 50, 95]) if len(finite) else (math.nan,) * 3
        rows.append(
            {
                "statistic": key.statistic,
                "dyad": key.dyad,
                "category": key.category,
                "real": real_value,
                "runs": len(finite),
                "median": float(median),
                "low": float(low),
                "high": float(high),
                "percentile": _percentile(finite, real_value),
                "note": note,
            }
        )
    table = pd.DataFrame(rows, columns=list(ENSEMBLE_COLUMNS))
    table.attrs.update(tables[0].attrs)
    table.attrs["simulated"] = {
        "runs": len(frames),
        "paths": [f.attrs.get("path", "") for f in frames],
        "events": sum(t.attrs["simulated"]["events"] for t in tables),
        "kept": sum(t.attrs["simulated"]["kept"] for t in tables),
    }
    return table


def _reason(note: str) -> str:
    """One run's note as a reason that holds across runs (the real series is the same in all)."""
    if "real" in note:
        return "the real series is constant"
    return note


def _percentile(values: np.ndarray, value: float) -> float:
    """The percentile of ``value`` among ``values`` (ties count half), NaN if undefined."""
    if math.isnan(value) or not len(values):
        return math.nan
    from scipy.stats import percentileofscore

    return float(percentileofscore(values, value, kind="mean"))
