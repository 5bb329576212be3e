"""Ensembles: N seeds of the current settings, as median and 10–90% bands, and outcome shares.

:func:`run_ensemble` is plain Python (no Solara): settings and a count in, an
:class:`EnsembleResult` out, so Compare and the tests use it directly. The runs and their
tables come from :func:`diplomesa.ensemble.run_many`, as for ``compare`` and the batch. The
panel runs it in a thread so the page stays responsive, and keeps the result until the next
run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import pandas as pd
import solara
import solara.lab

from diplomesa.ensemble import run_many
from diplomesa.viz.controls import Settings
from diplomesa.viz.svg import PALETTE, Series, date_ticks, line_chart

MAX_RUNS = 200


def RunsInput(label: str, runs: solara.Reactive[int]) -> None:
    """A whole-number field for how many runs, clamped to 1..MAX_RUNS (never an invalid N)."""
    solara.InputInt(
        f"{label} (1–{MAX_RUNS})",
        value=runs.value,
        on_value=lambda v: runs.set(max(1, min(int(v or 1), MAX_RUNS))),
        continuous_update=False,
        style="max-width: 10em",
    )


BAND_METRICS: tuple[tuple[str, str], ...] = (
    ("blame_russia", "blame of Russia"),
    ("trust_mediator_russia", "trust in Russia's leader"),
    ("trust_mediator_ukraine", "trust in Ukraine's leader"),
    ("irritation_mediator_russia", "irritation"),
    ("pressure_mediator_domestic", "pressure on the mediator"),
    ("pressure_russia_economic", "economic pressure on Russia"),
)

# (label, test on the outcome table's columns): the share of runs reaching each outcome.
OUTCOMES: tuple[tuple[str, Callable[[pd.DataFrame], pd.Series]], ...] = (
    ("Ukraine accepted", lambda o: o["ukraine_accepted_day"].notna()),
    ("Ultimatum", lambda o: o["ultimatum_day"].notna()),
    ("Talks proposed", lambda o: o["talks_proposed_day"].notna()),
    ("Talks held", lambda o: o["talks_day"].notna()),
    ("Talks at junior level", lambda o: o["talks_level"] == "junior"),
    ("Talks at leader level", lambda o: o["talks_level"] == "leader"),
    ("Mediator attended", lambda o: o["mediator_attended"].fillna(False)),
    ("Cease-fire", lambda o: o["ceasefire_day"].notna()),
    ("EU package drafted", lambda o: o["eu_package_drafted_day"].notna()),
    ("EU package adopted", lambda o: o["eu_packages"] > 0),
    ("US energy sanctions", lambda o: o["us_energy_sanctions_day"].notna()),
)


@dataclass(frozen=True)
class EnsembleResult:
    """Quantiles per metric (arrays over steps) and the share of runs reaching each outcome."""

    label: str
    runs: int
    steps: int
    bands: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # metric -> (p10, p50, p90)
    shares: dict[str, float]
    x_labels: dict[int, str]  # a few dates on the x axis


def run_ensemble(
    settings: Settings, runs: int, *, label: str = "", progress: Callable[[int], Any] | None = None
) -> EnsembleResult:
    """Run seeds ``settings.seed .. settings.seed + runs − 1`` and summarise them."""
    runs = max(1, min(int(runs), MAX_RUNS))
    spec = settings.spec()
    seeds = range(settings.seed, settings.seed + runs)
    ens = run_many(spec, seeds, metrics=True, on_run=progress)
    assert ens.metrics is not None
    bands = {}
    for metric, _ in BAND_METRICS:
        arr = ens.metrics[metric].to_numpy(dtype=float).reshape(runs, -1)  # run × step
        p10, p50, p90 = np.quantile(arr, [0.1, 0.5, 0.9], axis=0)
        bands[metric] = (p10, p50, p90)
    shares = {name: float(test(ens.outcomes).mean()) for name, test in OUTCOMES}
    steps = spec.steps
    dates = [spec.date_of(max(i, 1)).isoformat() for i in range(steps + 1)]
    return EnsembleResult(
        label or settings.describe(), runs, steps, bands, shares, date_ticks(dates, steps)
    )


def band_charts(results: list[EnsembleResult], panel: str) -> list[str]:
    """One chart per metric; each result is a median line with its 10–90% band."""
    charts = []
    for metric, title in BAND_METRICS:
        series = []
        for k, res in enumerate(results):
            p10, p50, p90 = res.bands[metric]
            series.append(
                Series(
                    res.label if len(results) > 1 else "median",
                    p50.tolist(),
                    PALETTE[k],
                    low=p10.tolist(),
                    high=p90.tolist(),
                    dash=k > 0,
                )
            )
        longest = max(results, key=lambda r: r.steps)
        charts.append(
            line_chart(
                series,
                longest.steps,
                title=title,
                width=360,
                height=190,
                x_labels=longest.x_labels,
                panel=f"{panel}-{metric}",
            )
        )
    return charts


def shares_table(results: list[EnsembleResult], panel: str) -> str:
    head = "".join(f"<th>{escape(r.label)}<br>({r.runs} runs)</th>" for r in results)
    diff_head = "<th>difference</th>" if len(results) == 2 else ""
    rows = []
    for name, _ in OUTCOMES:
        cells = "".join(f"<td>{r.shares[name]:.0%}</td>" for r in results)
        if len(results) == 2:
            d = results[1].shares[name] - results[0].shares[name]
            cells += f"<td>{d:+.0%}</td>"
        rows.append(f"<tr><td>{escape(name)}</td>{cells}</tr>")
    return (
        f"<table class='dm-table' data-panel='{panel}'><caption>Share of runs reaching each "
        f"outcome</caption><tr><th>outcome</th>{head}{diff_head}</tr>{''.join(rows)}</table>"
    )


def results_html(results: list[EnsembleResult], panel: str) -> str:
    charts = "".join(f"<div>{c}</div>" for c in band_charts(results, panel))
    return (
        f"<div data-panel='{panel}' data-runs='{results[0].runs}'>"
        f"{shares_table(results, panel + '-shares')}"
        "<div style='font-size:12px;color:#666'>Lines: median over runs; shaded: 10–90% of "
        f"runs.</div><div class='dm-charts'>{charts}</div></div>"
    )


@solara.component
def Ensemble(settings: Settings, result: solara.Reactive[EnsembleResult | None]) -> None:
    runs = solara.use_reactive(20)
    done = solara.use_reactive(0)
    error = solara.use_reactive("")

    def work() -> None:
        error.set("")
        done.set(0)
        try:
            result.set(run_ensemble(settings, runs.value, progress=done.set))
        except Exception as exc:  # shown in the page; the app keeps running
            error.set(f"the ensemble failed: {type(exc).__name__}: {exc}")

    task = solara.lab.use_task(work, dependencies=None, prefer_threaded=True)
    solara.Markdown(
        f"Runs the current settings (**{escape(settings.describe())}**) with seeds "
        f"{settings.seed}, {settings.seed + 1}, … — change them in the sidebar and press Reset."
    )
    with solara.Row(style="align-items: center"):
        RunsInput("Runs", runs)
        solara.Button(
            "Run ensemble",
            color="primary",
            on_click=task,
            disabled=task.pending,
            classes=["dm-run"],
        )
        if task.pending:
            solara.Text(f"running… {done.value}/{runs.value}")
    if error.value:
        solara.Error(error.value)
    if result.value is not None:
        solara.HTML(tag="div", unsafe_innerHTML=results_html([result.value], "ensemble"))
