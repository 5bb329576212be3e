"""What a calibration found: the posterior as a table, a Parquet file, plots, a posterior
predictive check and a calibrated scenario.

- ``posterior.parquet``: every generation's particles, one row each (``generation``,
  ``weight``, then one column per parameter);
- ``posterior.md`` / ``posterior.csv``: each parameter's prior range, posterior median and
  90% interval (weighted quantiles of the last generation), and how far the interval has
  narrowed against the prior's width;
- ``marginals.png``, ``pairs.png`` (the most constrained parameters), ``generations.png``
  (ε and acceptance per generation);
- ``predictive.md``: the calendar and the stylized facts from posterior draws against prior
  draws, the hand-set scenario and the record;
- ``<name>.toml``: a scenario that ``extends`` the calibrated one with the posterior
  medians, each value commented with its interval.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path
from statistics import median_high
from typing import TYPE_CHECKING, Any

from diplomesa.streams import seed_of

if TYPE_CHECKING:
    import pandas as pd

    from diplomesa.calibration.spec import CalibrationSpec
    from diplomesa.scenario import Scenario

CALENDAR = ("relayed_day", "ultimatum_day", "talks_proposed_day", "talks_day")
"""The dated events of the record a predictive check reports (days)."""


def weighted_quantile(values: list[float], weights: list[float], q: float) -> float:
    """The ``q`` quantile of a weighted sample (the smallest value whose cumulative weight
    reaches ``q`` of the total)."""
    pairs = sorted(zip(values, weights, strict=True))
    total = sum(w for _, w in pairs)
    acc = 0.0
    for v, w in pairs:
        acc += w
        if acc >= q * total - 1e-12:
            return float(v)
    return float(pairs[-1][0])


def particles(history: Any) -> pd.DataFrame:
    """Every generation's particles: generation, weight, then the parameters."""
    import pandas as pd

    frames = []
    for t in range(history.max_t + 1):
        df, w = history.get_distribution(m=0, t=t)
        df = df.reset_index(drop=True)
        df.insert(0, "weight", list(w))
        df.insert(0, "generation", t)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out.columns.name = None
    return out


@dataclass(frozen=True)
class Marginal:
    name: str
    low: float
    high: float
    median: float
    q05: float
    q95: float
    integer: bool

    @property
    def narrowing(self) -> float:
        """The 90% interval's width as a share of the prior's."""
        return (self.q95 - self.q05) / (self.high - self.low)


def marginals(spec: CalibrationSpec, last: pd.DataFrame) -> list[Marginal]:
    """Each parameter's posterior summary from the last generation's particles."""
    w = last["weight"].tolist()
    out = []
    for name, (low, high, integer) in spec.bounds.items():
        v = last[name].astype(float).tolist()
        out.append(
            Marginal(
                name,
                low,
                high,
                weighted_quantile(v, w, 0.5),
                weighted_quantile(v, w, 0.05),
                weighted_quantile(v, w, 0.95),
                integer,
            )
        )
    return out


def _fmt(x: float, integer: bool = False) -> str:
    return str(round(x)) if integer else f"{x:.3g}"


def posterior_table(ms: list[Marginal]) -> str:
    lines = [
        "| parameter | prior | posterior median | 90% interval | width / prior's |",
        "|---|---|---|---|---|",
    ]
    for m in ms:
        lines.append(
            f"| `{m.name}` | [{_fmt(m.low)}, {_fmt(m.high)}] | {_fmt(m.median, m.integer)} | "
            f"[{_fmt(m.q05)}, {_fmt(m.q95)}] | {m.narrowing:.0%} |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- scenario


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def calibrated_scenario(spec: CalibrationSpec, ms: list[Marginal], name: str) -> str:
    """A scenario file that extends the calibrated one with the posterior medians."""
    from diplomesa.scenario import scenario_files

    known = {p.stem for p in scenario_files()}
    parent = spec.scenario if spec.scenario in known else str(spec.scenario_path)
    tables: dict[str, list[str]] = {}
    for m in ms:
        table, _, key = m.name.rpartition(".")
        value = round(m.median) if m.integer else round(m.median, 6)
        tables.setdefault(table, []).append(
            f"{key} = {_toml_value(value)}  # posterior median; 90% interval "
            f"[{_fmt(m.q05)}, {_fmt(m.q95)}], prior [{_fmt(m.low)}, {_fmt(m.high)}]"
        )
    observed = ", ".join(f"{k} = {_toml_value(v) if not isinstance(v, str) else repr(v)}"
                         for k, v in spec.observed.items())  # fmt: skip
    lines = [
        f"# {name}: {parent} calibrated by `diplomesa calibrate` (ABC-SMC, pyabc) to",
        f"# {observed}.",
        f"# population {spec.population}, {spec.replications} runs per particle, seed {spec.seed}.",
        f'extends = "{parent}"',
        f'title = "{name} (calibrated)"',
        'description = """',
        f"The scenario {parent} with the posterior medians of a calibration to the record.",
        '"""',
        "",
    ]
    for table, rows in tables.items():
        lines.append(f"[{table}]")
        lines.extend(rows)
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- predictive


def _draws(spec: CalibrationSpec, last: pd.DataFrame | None, k: int, tag: str) -> list[dict]:
    """``k`` parameter sets: resampled from the posterior by weight, or from the prior."""
    rng = random.Random(seed_of(spec.seed, "predictive", tag))
    if last is None:
        return [
            {n: rng.uniform(lo, hi) for n, (lo, hi, _) in spec.bounds.items()} for _ in range(k)
        ]
    rows = last.to_dict("records")
    picked = rng.choices(rows, weights=[r["weight"] for r in rows], k=k)
    return [{n: r[n] for n in spec.bounds} for r in picked]


def _rows(spec: CalibrationSpec, scenarios: list[Scenario], tag: str) -> list[dict[str, Any]]:
    """One run of each scenario, its seed from the spec's seed, ``tag`` and its place."""
    from diplomesa.ensemble import outcome_row, run_one

    return [
        outcome_row(run_one(sc, seed_of(spec.seed, tag, i) & (2**63 - 1)))
        for i, sc in enumerate(scenarios)
    ]


def _scenarios(spec: CalibrationSpec, draws: list[dict]) -> list[Scenario]:
    """The scenario with each drawn parameter set."""
    from diplomesa.calibration.simulator import Simulator
    from diplomesa.scenario import load

    sim = Simulator(spec)
    return [load(spec.scenario_path, sim.values(d)) for d in draws]


def _summary(spec: CalibrationSpec, rows: list[dict[str, Any]]) -> dict[str, Any]:
    from diplomesa.facts import check

    out: dict[str, Any] = {}
    for f in CALENDAR:
        out[f] = median_high(spec.missing if r[f] is None else r[f] for r in rows)
    record = {f: spec.observed[f] for f in CALENDAR if f in spec.observed}
    errors = [
        abs((spec.missing if r[f] is None else r[f]) - v) for r in rows for f, v in record.items()
    ]
    out["median_abs_error"] = median_high(errors) if errors else math.nan
    out["junior"] = sum(r["talks_level"] == "junior" for r in rows) / len(rows)
    out["mediator_attended"] = sum(r["mediator_attended"] is True for r in rows) / len(rows)
    shown = [check(r) for r in rows]
    for n in range(1, 11):
        out[f"fact{n}"] = sum(s[n] for s in shown) / len(rows)
    return out


def predictive(spec: CalibrationSpec, last: pd.DataFrame, k: int = 100) -> dict[str, dict]:
    """The record, the hand-set scenario, prior and posterior predictive draws, summarised."""
    prior = _scenarios(spec, _draws(spec, None, k, "prior"))
    posterior = _scenarios(spec, _draws(spec, last, k, "posterior"))
    return {
        "hand-set": _summary(spec, _rows(spec, [spec.base] * k, "baseline")),
        "prior": _summary(spec, _rows(spec, prior, "prior")),
        "posterior": _summary(spec, _rows(spec, posterior, "post")),
    }


def predictive_table(spec: CalibrationSpec, pred: dict[str, dict], k: int) -> str:
    cols = ("hand-set", "prior", "posterior")
    head = f"| quantity | record | hand-set ({k} runs) | prior draws | posterior draws |"
    lines = [head, "|---|---|---|---|---|"]
    for f in CALENDAR:
        rec = spec.observed.get(f, "")
        lines.append(f"| median {f} | {rec} | " + " | ".join(str(pred[c][f]) for c in cols) + " |")
    lines.append(
        "| median absolute error, days (over the record's dated events) | 0 | "
        + " | ".join(f"{pred[c]['median_abs_error']:g}" for c in cols)
        + " |"
    )
    lines.append("| share junior delegation | 100% | "
                 + " | ".join(f"{pred[c]['junior']:.0%}" for c in cols) + " |")  # fmt: skip
    attends = " | ".join(f"{pred[c]['mediator_attended']:.0%}" for c in cols)
    lines.append(f"| share mediator attends | 0% | {attends} |")
    for n in range(1, 11):
        lines.append(f"| fact {n} | {'15–85%' if n == 10 else 'holds (≥ 80%)'} | "
                     + " | ".join(f"{pred[c][f'fact{n}']:.0%}" for c in cols) + " |")  # fmt: skip
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- plots


def plots(spec: CalibrationSpec, parts: pd.DataFrame, pops: pd.DataFrame, out: Path) -> None:
    """marginals.png, pairs.png (most constrained parameters), generations.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(spec.bounds)
    last_t = int(parts["generation"].max())
    last = parts[parts["generation"] == last_t]
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        low, high, _ = spec.bounds[name]
        ax.hist(last[name], bins=20, range=(low, high), weights=last["weight"], density=True,
                color="#4c72b0", alpha=0.8, label="posterior")  # fmt: skip
        ax.axhline(1 / (high - low), color="grey", ls="--", label="prior")
        ax.set_title(name.removeprefix("rules."), fontsize=9)
        ax.set_xlim(low, high)
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"Posterior marginals, generation {last_t}")
    fig.tight_layout()
    fig.savefig(out / "marginals.png", dpi=110)
    plt.close(fig)

    ms = sorted(marginals(spec, last), key=lambda m: m.narrowing)[:4]
    top = [m.name for m in ms]
    n = len(top)
    fig, axes = plt.subplots(n, n, figsize=(2.6 * n, 2.6 * n), squeeze=False)
    for i, a in enumerate(top):
        for j, b in enumerate(top):
            ax = axes[i][j]
            if i == j:
                ax.hist(last[a], bins=15, weights=last["weight"], color="#4c72b0")
            else:
                ax.scatter(last[b], last[a], s=6 + 400 * last["weight"], alpha=0.5)
            if i == n - 1:
                ax.set_xlabel(b.removeprefix("rules."), fontsize=8)
            if j == 0:
                ax.set_ylabel(a.removeprefix("rules."), fontsize=8)
    fig.suptitle("The most constrained parameters")
    fig.tight_layout()
    fig.savefig(out / "pairs.png", dpi=110)
    plt.close(fig)

    pops = pops[pops["t"] >= 0]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.plot(pops["t"], pops["epsilon"], "o-", label="ε")
    ax.set_xlabel("generation")
    ax.set_ylabel("ε")
    ax2 = ax.twinx()
    ax2.plot(pops["t"], pops["particles"] / pops["samples"], "s--", color="#dd8452",
             label="acceptance")  # fmt: skip
    ax2.set_ylabel("acceptance")
    ax2.set_ylim(0, 1.05)
    fig.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "generations.png", dpi=110)
    plt.close(fig)


# --------------------------------------------------------------------------- all


def write_report(
    spec: CalibrationSpec, out: str | Path, *, name: str, draws: int = 100, check: bool = True
) -> dict[str, Any]:
    """Write every output of a finished (or stopped) calibration into ``out``."""
    from diplomesa.calibration.run import open_history

    out = Path(out)
    history = open_history(out)
    parts = particles(history)
    parts.to_parquet(out / "posterior.parquet", index=False)
    last = parts[parts["generation"] == parts["generation"].max()]
    ms = marginals(spec, last)
    table = posterior_table(ms)
    (out / "posterior.md").write_text(table, encoding="utf-8")
    import pandas as pd

    pd.DataFrame(
        [
            {
                "parameter": m.name,
                "prior_low": m.low,
                "prior_high": m.high,
                "median": m.median,
                "q05": m.q05,
                "q95": m.q95,
                "narrowing": m.narrowing,
            }
            for m in ms
        ]
    ).to_csv(out / "posterior.csv", index=False)
    pops = history.get_all_populations()
    plots(spec, parts, pops, out)
    scenario = calibrated_scenario(spec, ms, name)
    (out / f"{name}.toml").write_text(scenario, encoding="utf-8")
    result: dict[str, Any] = {"marginals": ms, "table": table, "scenario": scenario}
    if check:
        pred = predictive(spec, last, draws)
        result["predictive"] = pred
        result["predictive_table"] = predictive_table(spec, pred, draws)
        (out / "predictive.md").write_text(result["predictive_table"], encoding="utf-8")
    return result
