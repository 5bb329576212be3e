"""The weekly net Goldstein series of the main dyads, simulated against real, as a figure.

One panel per dyad — the :data:`MAX_DYADS` with the most events in both files — with the
run's series (or, for a folder of runs, their median and 5–95% band) and the record's. It
draws from the tables of :mod:`diplomesa.eventdata.compare`, so it shows exactly what they say.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

MAX_DYADS = 6


def main_dyads(table: pd.DataFrame, limit: int = MAX_DYADS) -> list[str]:
    """The dyads with the most events, simulated and real together (the table's order)."""
    events = table[(table["statistic"] == "events") & (table["dyad"] != "all")]
    sim = "simulated" if "simulated" in events else "median"
    total = events[sim].fillna(0) + events["real"].fillna(0)
    ranked = events.assign(total=total.to_numpy()).sort_values(
        "total", ascending=False, kind="stable"
    )
    return list(ranked["dyad"].head(limit))


def plot_weekly(table: pd.DataFrame, path: str | Path, limit: int = MAX_DYADS) -> Path:
    """Draw the weekly net Goldstein of the main dyads into ``path`` (PNG, SVG or PDF).

    ``table`` is :func:`~diplomesa.eventdata.compare.compare`'s table or
    :func:`~diplomesa.eventdata.compare.compare_ensemble`'s. Raises :class:`OSError` if the
    file cannot be written.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    dyads = main_dyads(table, limit)
    weekly = table[table["statistic"] == "weekly_net_goldstein"]
    ensemble = "median" in table
    cols = min(3, max(1, len(dyads)))
    rows = max(1, math.ceil(len(dyads) / cols))
    fig, axes = plt.subplots(
        rows, cols, figsize=(4.2 * cols, 2.9 * rows), sharex=True, squeeze=False
    )
    for ax in axes.flat[len(dyads) :]:
        ax.set_visible(False)
    for ax, dyad in zip(axes.flat, dyads, strict=False):
        w = weekly[weekly["dyad"] == dyad]
        x = [c.split("-")[-1] for c in w["category"]]
        if ensemble:
            ax.fill_between(x, w["low"], w["high"], color="tab:blue", alpha=0.2, label="runs 5–95%")
            ax.plot(x, w["median"], color="tab:blue", marker="o", label="runs, median")
        else:
            ax.plot(x, w["simulated"], color="tab:blue", marker="o", label="simulated")
        ax.plot(x, w["real"], color="tab:red", marker="s", label="real")
        ax.axhline(0, color="grey", lw=0.6)
        ax.set_title(dyad, fontsize=10)
        ax.tick_params(axis="x", labelsize=8, rotation=45)
    if dyads:
        axes.flat[0].set_ylabel("net Goldstein / week")
        axes.flat[0].legend(fontsize=8)
    start, end = table.attrs.get("window", ("", ""))
    fig.suptitle(f"Weekly net Goldstein per dyad, simulated vs real ({start} to {end})")
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)
    return path
