"""Global sensitivity analysis with SALib: Sobol and Morris, through the batch runner.

The pipeline is SALib's, one stage at a time, each callable alone::

    spec = load_sensitivity_spec("configs/sensitivity/sanctions_sobol.toml")
    batch.run(spec, out)                 # SALib sample → runs (any executor, e.g. Dask)
    y = outputs_frame(spec, out)         # outcomes → one value per sample point and output
    results = analyze(spec, y)           # SALib analyze → indices with bootstrap CIs
    write(results, out); plot(results, out)

or all at once: ``run(spec, out)`` (what ``diplomesa sensitivity`` calls).

A spec is a batch spec with ``design = "sobol"`` or ``"morris"``, ranges for its
parameters and an ``[outputs.NAME]`` table per output: an outcome ``field`` and a
``stat`` over a point's replications (``mean``, ``median``, or ``share`` of runs where the
field is set, e.g. the share with US energy sanctions).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from diplomesa.batch import (
    Prepared,
    Progress,
    Spec,
    SpecError,
    prepare,
    read_outcomes,
    read_runs,
)
from diplomesa.batch import run as run_batch
from diplomesa.batch.design import column_name, problem
from diplomesa.batch.spec import parse, read_toml

FOLDER = "sensitivity"


class SensitivityError(Exception):
    """The runs cannot be analysed (e.g. a sample point has no successful run)."""


@dataclass
class Results:
    """Indices per output: ``indices`` (long table) and, for Sobol, ``second_order``."""

    method: str
    indices: pd.DataFrame
    second_order: pd.DataFrame = field(default_factory=pd.DataFrame)
    confidence: float = 0.95
    files: list[Path] = field(default_factory=list)  # what :func:`run` wrote


def load_sensitivity_spec(path: str | Path) -> Spec:
    """Read a sensitivity spec (no per-step metrics kept unless ``[keep]`` says so)."""
    data = read_toml(path)
    data.setdefault("keep", {"metrics": []})
    return check_spec(parse(data, str(path)))


def check_spec(spec: Spec) -> Spec:
    """A sensitivity spec: a Sobol or Morris design with outputs (their fields were checked
    with the rest of the spec, when it was parsed)."""
    problems = []
    if spec.design not in ("sobol", "morris"):
        problems.append(("design", f"expected 'sobol' or 'morris', got {spec.design!r}"))
    if not spec.outputs:
        problems.append(("outputs", "expected at least one [outputs.NAME] with a field"))
    if problems:
        raise SpecError(spec.source, problems)
    return spec


def _is_set(value: Any) -> bool:
    """A day, a true flag or a non-zero count is set; null, false and zero are not."""
    return not (value is None or value is pd.NA or value is False or value == 0 or value != value)


def _horizon(spec: Spec) -> int | None:
    if spec.steps is not None:
        return spec.steps
    base = spec.base_scenario()
    return base.steps if base is not None else None


def outputs_frame(spec: Spec, out: str | Path) -> pd.DataFrame:
    """One row per sample point, in sample order: the point's parameters and outputs."""
    outcomes = read_outcomes(out)
    n_points = int(read_runs(out)["point"].max()) + 1
    ok = outcomes[outcomes["status"] == "ok"]
    missing_points = sorted(set(range(n_points)) - set(ok["point"]))
    if missing_points:
        shown = ", ".join(map(str, missing_points[:10]))
        raise SensitivityError(
            f"{len(missing_points)} of {n_points} sample points have no successful run "
            f"(points {shown}); the analysis needs every point. See the error column of "
            f"{Path(out) / 'outcomes'}."
        )
    params = [column_name(n) for n in spec.parameters]
    frame = ok.groupby("point", sort=True)[params].first()
    for name, o in spec.outputs.items():
        if o.field not in ok:
            raise SensitivityError(f"outputs.{name}: no outcome column {o.field!r} in {out}")
        values = ok[o.field]
        if o.stat == "share":
            is_set = [float(_is_set(v)) for v in values]
            frame[name] = pd.Series(is_set, index=values.index).groupby(ok["point"]).mean()
            continue
        fill = o.missing
        if fill is None and o.field.endswith("_day"):
            fill = float((_horizon(spec) or 0) + 1)  # "not within the horizon"
        numeric = pd.to_numeric(values.astype("object"), errors="coerce").astype(float)
        if numeric.isna().any():
            if fill is None:
                raise SensitivityError(
                    f"outputs.{name}: {o.field} is missing in some runs; set missing = VALUE"
                )
            numeric = numeric.fillna(fill)
        grouped = numeric.groupby(ok["point"])
        frame[name] = grouped.mean() if o.stat == "mean" else grouped.median()
    return frame.sort_index()


def _index_rows(
    output: str, names: list[str], si: Any, keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """One row per parameter with SALib's indices ``keys`` for it."""
    return [
        {"output": output, "parameter": p, **{k: si[k][i] for k in keys}}
        for i, p in enumerate(names)
    ]


def analyze(spec: Spec, frame: pd.DataFrame) -> Results:
    """SALib's analysis of each output, in sample order, with bootstrap confidence intervals."""
    prob = problem(spec)
    rows, pairs = [], []
    x = frame[[column_name(n) for n in spec.parameters]].to_numpy(dtype=float)
    for name in spec.outputs:
        y = frame[name].to_numpy(dtype=float)
        if spec.design == "sobol":
            from SALib.analyze import sobol

            si = sobol.analyze(
                prob,
                y,
                calc_second_order=spec.second_order,
                num_resamples=spec.resamples,
                conf_level=spec.confidence,
                seed=spec.seed,
            )
            rows += _index_rows(name, prob["names"], si, ("S1", "S1_conf", "ST", "ST_conf"))
            if spec.second_order:
                for i, p in enumerate(prob["names"]):
                    for j in range(i + 1, len(prob["names"])):
                        pairs.append(
                            {
                                "output": name,
                                "parameter_1": p,
                                "parameter_2": prob["names"][j],
                                "S2": si["S2"][i, j],
                                "S2_conf": si["S2_conf"][i, j],
                            }
                        )
        else:
            from SALib.analyze import morris

            si = morris.analyze(
                prob,
                x,
                y,
                num_resamples=spec.resamples,
                conf_level=spec.confidence,
                num_levels=spec.levels,
                seed=spec.seed,
            )
            rows += _index_rows(name, prob["names"], si, ("mu", "mu_star", "sigma", "mu_star_conf"))
    return Results(spec.design, pd.DataFrame(rows), pd.DataFrame(pairs), spec.confidence)


def rank_key(method: str) -> str:
    return "ST" if method == "sobol" else "mu_star"


def write(results: Results, out: str | Path) -> list[Path]:
    """``sensitivity/indices.csv`` (and ``second_order.csv``); returns the paths."""
    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "indices.csv"]
    results.indices.to_csv(paths[0], index=False)
    if len(results.second_order):
        paths.append(folder / "second_order.csv")
        results.second_order.to_csv(paths[1], index=False)
    return paths


def plot(results: Results, out: str | Path) -> list[Path]:
    """One bar chart PNG per output: S1 and ST (Sobol) or μ* (Morris), with CIs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    key = rank_key(results.method)
    for name, table in results.indices.groupby("output", sort=False):
        table = table.sort_values(key, ascending=False)
        fig, ax = plt.subplots(figsize=(max(5.0, 0.9 * len(table) + 2), 4), dpi=110)
        pos = np.arange(len(table))
        if results.method == "sobol":
            ax.bar(
                pos - 0.2,
                table["S1"],
                0.4,
                yerr=table["S1_conf"],
                label="first order S1",
                capsize=3,
            )
            ax.bar(pos + 0.2, table["ST"], 0.4, yerr=table["ST_conf"], label="total ST", capsize=3)
            ax.set_ylabel("Sobol index")
            ax.axhline(0, color="black", linewidth=0.5)
        else:
            ax.bar(pos, table["mu_star"], 0.6, yerr=table["mu_star_conf"], label="μ*", capsize=3)
            ax.set_ylabel("Morris μ* (mean |elementary effect|)")
        ax.set_xticks(pos, [column_name(p) for p in table["parameter"]], rotation=30, ha="right")
        ax.set_title(f"{name}: {results.method} indices (bars: {results.confidence:.0%} CI)")
        ax.legend()
        fig.tight_layout()
        path = folder / f"{name}.png"
        fig.savefig(path)
        plt.close(fig)
        paths.append(path)
    return paths


def tables(results: Results) -> list[Any]:
    """Rich tables, one per output, parameters ranked by ST (Sobol) or μ* (Morris)."""
    from rich.table import Table

    key = rank_key(results.method)
    cols = (
        ["S1", "S1_conf", "ST", "ST_conf"]
        if results.method == "sobol"
        else ["mu_star", "mu_star_conf", "mu", "sigma"]
    )
    out = []
    for name, table in results.indices.groupby("output", sort=False):
        t = Table(title=f"{name} — {results.method}, ranked by {key}")
        t.add_column("#", justify="right")
        t.add_column("parameter")
        for c in cols:
            t.add_column(c.replace("_conf", " ±"), justify="right")
        for rank, (_, row) in enumerate(table.sort_values(key, ascending=False).iterrows(), 1):
            t.add_row(str(rank), row["parameter"], *(f"{row[c]:.3f}" for c in cols))
        out.append(t)
    return out


def run(
    spec: Spec | str | Path | Prepared,
    out: str | Path | None = None,
    executor: Executor | None = None,
    *,
    workers: int | None = None,
    resume: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
) -> Results:
    """Sample, run (through :func:`diplomesa.batch.run`), analyse, write CSV and plots.

    ``spec``: a spec file (read by :func:`load_sensitivity_spec`), a :class:`Spec` (checked
    here by :func:`check_spec`), or a batch prepared from a checked one
    (:func:`diplomesa.batch.prepare`, as the command line does). ``Results.files`` lists
    the files written.
    """
    if not isinstance(spec, Prepared):
        checked = check_spec(spec) if isinstance(spec, Spec) else load_sensitivity_spec(spec)
        spec = prepare(checked, out, resume=resume)  # type: ignore[arg-type]
    run_batch(spec, out, executor, workers=workers, on_progress=on_progress)
    results = analyze(spec.spec, outputs_frame(spec.spec, spec.out))
    results.files = write(results, spec.out) + plot(results, spec.out)
    return results
