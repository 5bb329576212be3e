"""Compare two scenarios as paired, seeded ensembles: ``compare(base, other, runs, seed)``.

Common random numbers: run ``i`` of both scenarios uses seed ``seed + i``, so a pair of
runs differs only by the scenarios' difference (as far as the draws stay aligned). For
each outcome field the table gives both ensembles' statistic — the share of runs in which
an event happened, the median day on which it happened, the mean of a continuous field —
and the difference ``other − base`` with a 95% interval from a **paired percentile
bootstrap**: runs are resampled with replacement, the same indices for both scenarios,
``boot`` times, with a generator seeded by ``seed``. The pipeline is data flowing one way
(in the manner of SALib): ``run_ensemble`` → ``paired_differences`` → ``plot_bands``,
each callable alone. The ensembles are :func:`diplomesa.ensemble.run_many`'s tables, so
the fields are its columns (``trust_mediator_russia_end``, ...).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from diplomesa.ensemble import RUN_COLUMNS, Ensemble, run_many
from diplomesa.metrics import OUTCOME_FIELDS
from diplomesa.scenario import Scenario
from diplomesa.signals import LEVELS

DAY_FIELDS = tuple(f for f in OUTCOME_FIELDS if f.endswith("_day"))
FLAG_FIELDS = ("putin_attended", "mediator_attended")
CEASEFIRE_AFTER_TALKS = 7
"""Days after the talks within which a cease-fire counts as coming out of them (fact 5)."""

KEY_METRICS = (
    ("blame_russia", "mediator's blame of Russia"),
    ("trust_mediator_russia", "mediator's trust in Russia"),
    ("irritation_mediator_russia", "mediator's irritation with Russia"),
    ("pressure_russia_economic", "economic pressure on Russia"),
    ("ceasefire", "share of runs with a cease-fire in force"),
    ("us_energy_sanctions", "share of runs with US energy sanctions"),
)
"""The metrics ``plot_bands`` draws over time: (DataCollector column, label)."""

COLUMNS = ("field", "statistic", "base", "other", "diff", "ci_low", "ci_high", "significant")


def run_ensemble(
    scenario: str | Path | Scenario | None,
    runs: int = 100,
    seed: int = 0,
    steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    metrics: bool = False,
) -> Ensemble:
    """Run ``scenario`` with seeds ``seed, seed + 1, …, seed + runs − 1`` (see :func:`run_many`)."""
    return run_many(scenario, range(seed, seed + runs), steps, overrides, metrics=metrics)


def _values(frame: pd.DataFrame, field: str) -> np.ndarray:
    """A column as floats, NaN where it is null (a day on which nothing happened)."""
    return frame[field].to_numpy(dtype=float, na_value=np.nan)


def statistics(frame: pd.DataFrame) -> list[tuple[str, str, np.ndarray, Callable]]:
    """What to compare: (field, statistic, per-run values, reducer over runs)."""
    mean, median = np.mean, _nanmedian
    stats: list[tuple[str, str, np.ndarray, Callable]] = []
    for field in DAY_FIELDS:
        days = _values(frame, field)
        stats.append((field, "share", (~np.isnan(days)).astype(float), mean))
        stats.append((field, "median day", days, median))
        if field == "ceasefire_day":
            talks = _values(frame, "talks_day")
            within = (days <= talks + CEASEFIRE_AFTER_TALKS) & ~np.isnan(talks)
            stats.append(
                (
                    f"ceasefire_day <= talks_day + {CEASEFIRE_AFTER_TALKS}",
                    "share",
                    within * 1.0,
                    mean,
                )
            )
    for level in LEVELS:
        stats.append(
            (f"talks_level == {level}", "share", (frame["talks_level"] == level) * 1.0, mean)
        )
    for field in FLAG_FIELDS:
        flags = frame[field].fillna(False).to_numpy(dtype=float)
        stats.append((field, "share", flags, mean))
    skip = {*DAY_FIELDS, *FLAG_FIELDS, "talks_level", "talks_days", *RUN_COLUMNS}
    for column in frame.columns:
        if column not in skip:  # a state not measured in a run (``*_at_talks``, no talks): left out
            stats.append((column, "mean", _values(frame, column), _nanmean))
    return [(f, s, np.asarray(v, dtype=float), r) for f, s, v, r in stats]


def _nanmean(values: np.ndarray, axis: int | None = None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # measured in no run: NaN
        return np.nanmean(values, axis=axis)


def _nanmedian(values: np.ndarray, axis: int | None = None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no run had the event: NaN
        return np.nanmedian(values, axis=axis)


def _seeds(seeds: Any) -> str:
    seeds = list(seeds)
    return f"seeds {seeds[0]}..{seeds[-1]}" if len(seeds) > 3 else f"seeds {seeds}"


def paired_differences(
    base: Ensemble, other: Ensemble, *, boot: int = 2000, seed: int | None = None
) -> pd.DataFrame:
    """Per statistic: both values, ``other − base`` and its paired-bootstrap 95% interval."""
    if base.runs != other.runs or base.runs < 2:
        raise ValueError("paired comparison needs two ensembles of the same size (>= 2 runs)")
    if list(base.seeds) != list(other.seeds):  # pairs are runs of one seed, else not paired
        raise ValueError(
            f"paired comparison needs the same seeds in both ensembles, run for run; got "
            f"{_seeds(base.seeds)} and {_seeds(other.seeds)}"
        )
    if boot < 1:
        raise ValueError(f"boot: expected a whole number of resamples >= 1, got {boot!r}")
    rng = np.random.default_rng(base.seed if seed is None else seed)
    idx = rng.integers(0, base.runs, size=(boot, base.runs))
    rows = []
    other_stats = {(f, s): v for f, s, v, _ in statistics(other.outcomes)}
    for field, stat, a, reduce in statistics(base.outcomes):
        b = other_stats.get((field, stat))
        if b is None:
            continue
        point_a, point_b = float(reduce(a)), float(reduce(b))
        diffs = reduce(b[idx], axis=1) - reduce(a[idx], axis=1)
        diffs = diffs[~np.isnan(diffs)]
        if len(diffs) >= 0.95 * boot:  # else too many resamples without the event
            low, high = np.percentile(diffs, [2.5, 97.5])
        else:
            low = high = np.nan
        rows.append(
            {
                "field": field,
                "statistic": stat,
                "base": point_a,
                "other": point_b,
                "diff": point_b - point_a,
                "ci_low": float(low),
                "ci_high": float(high),
                "significant": bool(low > 0 or high < 0),
            }
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table.attrs.update(
        base=base.name,
        other=other.name,
        base_title=base.title,
        other_title=other.title,
        runs=base.runs,
        seed=base.seed,
        interval=f"95% paired percentile bootstrap, {boot} resamples, seeded",
    )
    return table


def compare(
    base: str | Path | Scenario | None,
    other: str | Path | Scenario,
    runs: int = 100,
    seed: int = 0,
    steps: int | None = None,
    *,
    boot: int = 2000,
) -> pd.DataFrame:
    """Run both scenarios with seeds ``seed + i`` and tabulate the paired differences.

    Returns one row per (field, statistic) with columns ``base``, ``other``, ``diff``
    (other − base), ``ci_low``, ``ci_high`` (95%, paired bootstrap) and ``significant``
    (the interval excludes zero); ``DataFrame.attrs`` holds names, runs, seed and method.
    """
    a = run_ensemble(base, runs, seed, steps)
    b = run_ensemble(other, runs, seed, steps)
    return paired_differences(a, b, boot=boot)


def plot_bands(base: Ensemble, other: Ensemble, path: Path | str) -> Path:
    """Draw the key metrics over time for both ensembles, with bands, into ``path``.

    Continuous metrics: the median and the 10–90% band across runs. Shares (cease-fire,
    US sanctions): the share of runs and its 95% normal band.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if base.metrics is None or other.metrics is None:
        raise ValueError("plot_bands needs ensembles run with metrics=True")
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"path {path}: is a folder; expected a picture's file name")
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise ValueError(f"path {path}: expected a file name ending in .png, .svg or .pdf")
    fig, axes = plt.subplots(2, 3, figsize=(13, 7), sharex=True)
    for ax, (column, label) in zip(axes.flat, KEY_METRICS, strict=True):
        for ens, colour in ((base, "tab:blue"), (other, "tab:orange")):
            grouped = ens.metrics.groupby("step")[column]
            steps = np.asarray(sorted(ens.metrics["step"].unique()))
            if column in ("ceasefire", "us_energy_sanctions"):
                mid = grouped.mean().to_numpy()
                half = 1.96 * np.sqrt(mid * (1 - mid) / ens.runs)
                low, high = mid - half, mid + half
            else:
                mid = grouped.median().to_numpy()
                low, high = grouped.quantile(0.1).to_numpy(), grouped.quantile(0.9).to_numpy()
            ax.plot(steps, mid, color=colour, label=ens.title)
            ax.fill_between(steps, low, high, color=colour, alpha=0.2, linewidth=0)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("day")
    axes.flat[0].legend(fontsize=8, loc="best")
    fig.suptitle(
        f"{base.title} vs {other.title}: {base.runs} paired runs, seeds {base.seed}.."
        f"{base.seed + base.runs - 1}\nlines: median (shares: share of runs); "
        "bands: 10–90% of runs (shares: 95% interval)",
        fontsize=10,
    )
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)
    return path
