"""One run from Python: ``simulate(scenario, seed, steps, overrides) -> Result``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from diplomesa.model import DiplomacyModel
from diplomesa.scenario import Scenario, load
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
    spec = load(scenario, overrides)
    model = DiplomacyModel(
        spec,
        rng=int(seed),
        steps=steps,
        record_decisions=record_decisions,
        collect_agents=collect_agents,
    )
    model.run()
    metrics = model.datacollector.get_model_vars_dataframe()
    metrics.index.name = "step"
    return Result(
        scenario=str(scenario or "istanbul_2025"),
        seed=int(seed),
        steps=model.steps,
        metrics=metrics,
        signals=list(model.signals),
        outcome=model.outcome(),
        model=model,
    )
