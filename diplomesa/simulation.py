"""One run from Python: ``simulate(scenario, seed, steps, overrides) -> Result``.

``Result.write(folder)`` writes the run's files (what ``diplomesa run --out`` writes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from diplomesa.model import DiplomacyModel
from diplomesa.scenario import Scenario, load
from diplomesa.seeds import as_seed
from diplomesa.signals import Signal


@dataclass
class Result:
    """A finished run: per-step metrics, the signal log and the outcome record."""

    scenario: str
    seed: int
    steps: int
    metrics: pd.DataFrame
    signals: list[Signal]
    outcome: dict[str, Any]
    model: DiplomacyModel = field(repr=False)

    def signals_frame(self) -> pd.DataFrame:
        """The signal log as a table, one row per signal, with calendar dates."""
        rows = [s.as_row() for s in self.signals]
        frame = pd.DataFrame(rows, columns=list(Signal.__slots__) if not rows else None)
        if rows:
            frame.insert(
                1, "date", [self.model.spec.date_of(s.step).isoformat() for s in self.signals]
            )
        return frame

    def write(self, out: str | Path) -> list[Path]:
        """Write the run's files into the folder ``out`` (created if need be); return them.

        ``metrics.parquet``/``.csv`` (one row per day, ``step`` first), ``signals.parquet``/
        ``.csv`` (the signal log) and ``outcome.json`` (``scenario``, ``seed``, ``steps`` and
        the ``outcome`` record). Raises :class:`OSError` if the folder cannot be written.
        """
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        metrics, signals = self.metrics.reset_index(), self.signals_frame()
        paths = []
        for name, frame in (("metrics", metrics), ("signals", signals)):
            frame.to_parquet(out / f"{name}.parquet", index=False)
            frame.to_csv(out / f"{name}.csv", index=False)
            paths += [out / f"{name}.parquet", out / f"{name}.csv"]
        meta = {"scenario": self.scenario, "seed": self.seed, "steps": self.steps}
        paths.append(out / "outcome.json")
        paths[-1].write_text(
            json.dumps({**meta, "outcome": self.outcome}, indent=2) + "\n", encoding="utf-8"
        )
        return paths


def simulate(
    scenario: str | Path | Scenario | None = None,
    seed: int = 0,
    steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    record_decisions: bool = False,
    collect_agents: bool = False,
) -> Result:
    """Run one scenario with one seed; ``overrides`` set values by dotted path."""
    seed = as_seed(seed)
    spec = load(scenario, overrides)
    model = DiplomacyModel(
        spec,
        rng=seed,
        steps=steps,
        record_decisions=record_decisions,
        collect_agents=collect_agents,
    )
    model.run()
    metrics = model.datacollector.get_model_vars_dataframe()
    metrics.index.name = "step"
    return Result(
        scenario=str(scenario or "istanbul_2025"),
        seed=seed,
        steps=model.steps,
        metrics=metrics,
        signals=list(model.signals),
        outcome=model.outcome(),
        model=model,
    )
