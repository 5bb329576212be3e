"""The model as pyabc sees it: a particle's parameters in, plain summary numbers out.

One particle runs ``replications`` times; each summary is the mean over its runs: a day
(an event that never came counts as the horizon + 1), a flag as the share of runs where it
holds, ``talks_level`` as the share of runs at the observed level. The observed data are
the same summaries of the record (a day; 1 or 0). So every summary is a number, days and
shares alike, and pyabc's adaptive p-norm weighs each by its spread.

The seeds of a particle's runs are drawn from its parameter values and the spec's seed
(:mod:`diplomesa.streams`), so the same particle gives the same summaries in any process,
and a calibration is reproducible whatever evaluates it. The numbers are plain ``float``s
in a ``dict``: pyabc would spend much of its time converting pandas objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diplomesa.streams import seed_of

if TYPE_CHECKING:
    from diplomesa.calibration.spec import CalibrationSpec


def observed_summaries(spec: CalibrationSpec) -> dict[str, float]:
    """The record as summaries: a day as it is, a flag or a level as 1 (it held)."""
    out: dict[str, float] = {}
    for name, value in spec.observed.items():
        if name.endswith("_day"):
            out[name] = float(value)
        elif name == "talks_level":
            out[name] = 1.0
        else:  # a flag, or a fact of the record
            out[name] = 1.0 if value else 0.0
    for a, b in spec.gap_pairs:
        out[gap_name(a, b)] = float(spec.observed[b]) - float(spec.observed[a])
    out.update(spec.event_summaries)
    return out


def gap_name(earlier: str, later: str) -> str:
    """The summary of the gap between two observed days (``gap:talks_proposed_day→talks_day``)."""
    return f"gap:{earlier}→{later}"


def summarise(rows: list[dict[str, Any]], spec: CalibrationSpec) -> dict[str, float]:
    """The summaries of a particle's runs (their flat outcome rows), as plain floats."""
    from diplomesa.calibration.spec import RECORD_FACTS
    from diplomesa.facts import FACTS

    n = len(rows)
    out: dict[str, float] = {}
    for name, value in spec.observed.items():
        if name in RECORD_FACTS:
            fact = FACTS[int(name.removeprefix("fact"))]
            out[name] = sum(bool(fact(r)) for r in rows) / n
            continue
        values = [r.get(name) for r in rows]
        if name.endswith("_day"):
            missing = spec.missing
            out[name] = sum(missing if v is None else v for v in values) / n
        elif name == "talks_level":
            out[name] = sum(v == value for v in values) / n
        else:
            out[name] = sum(v is value for v in values) / n  # null (no talks) is not ``value``
    missing = spec.missing
    for a, b in spec.gap_pairs:
        gaps = [
            (missing if r.get(b) is None else r[b]) - (missing if r.get(a) is None else r[a])
            for r in rows
        ]
        out[gap_name(a, b)] = sum(gaps) / n
    return out


class Simulator:
    """``simulator(parameters) -> summaries``: picklable, so workers can hold one."""

    def __init__(self, spec: CalibrationSpec) -> None:
        self.spec = spec
        self.integer = {name: b[2] for name, b in spec.bounds.items()}

    def values(self, parameters: dict[str, float]) -> dict[str, float | int]:
        """A particle's parameters as scenario values (an integer field rounded)."""
        return {
            name: round(float(parameters[name])) if integer else float(parameters[name])
            for name, integer in self.integer.items()
        }

    def seeds(self, values: dict[str, float | int]) -> list[int]:
        """The seeds of a particle's runs: from the spec's seed and the particle's values."""
        base = seed_of(self.spec.seed, *(f"{k}={values[k]!r}" for k in sorted(values)))
        return [seed_of(base, i) & (2**63 - 1) for i in range(self.spec.replications)]

    def runs(self, parameters: dict[str, float]) -> list[Any]:
        """A particle's finished runs (the scenario with its values, loaded and checked:
        :func:`~diplomesa.scenario.load` caches it)."""
        from diplomesa.ensemble import run_one
        from diplomesa.scenario import load

        values = self.values(parameters)
        scenario = load(self.spec.scenario_path, values)
        return [run_one(scenario, s, self.spec.steps) for s in self.seeds(values)]

    def __call__(self, parameters: dict[str, float]) -> dict[str, float]:
        from diplomesa.ensemble import outcome_row

        runs = self.runs(parameters)
        out = summarise([outcome_row(m) for m in runs], self.spec)
        if self.spec.observed_events is not None:
            from diplomesa.calibration.eventstats import run_events

            per_run = [self.spec.event_counter(run_events(m)) for m in runs]
            for name in per_run[0]:
                out[name] = sum(r[name] for r in per_run) / len(per_run)
        return out
