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
    from diplomesa.scenario import Scenario


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
    out.update(spec.event_summaries)
    return out


def summarise(
    outcomes: list[dict[str, Any]], spec: CalibrationSpec, rows: list[dict[str, Any]] | None = None
) -> dict[str, float]:
    """The summaries of a particle's runs (their outcome records; ``rows``, their flat
    outcome rows, where a fact is observed), as plain floats."""
    from diplomesa.calibration.spec import RECORD_FACTS

    n = len(outcomes)
    out: dict[str, float] = {}
    for name, value in spec.observed.items():
        if name in RECORD_FACTS:
            from diplomesa.facts import FACTS

            fact = FACTS[int(name.removeprefix("fact"))]
            out[name] = sum(bool(fact(r)) for r in rows or ()) / n
            continue
        values = [o.get(name) for o in outcomes]
        if name.endswith("_day"):
            missing = spec.missing
            out[name] = sum(missing if v is None else v for v in values) / n
        elif name == "talks_level":
            out[name] = sum(v == value for v in values) / n
        else:
            out[name] = sum(v is value for v in values) / n  # null (no talks) is not ``value``
    return out


class Simulator:
    """``simulator(parameters) -> summaries``: picklable, so workers can hold one."""

    def __init__(self, spec: CalibrationSpec) -> None:
        self.path = str(spec.scenario_path)
        self.seed = spec.seed
        self.replications = spec.replications
        self.steps = spec.steps
        self.integer = {name: b[2] for name, b in spec.bounds.items()}
        self.spec = spec
        self._scenarios: dict[tuple, Scenario] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_scenarios"] = {}  # rebuilt where it runs
        return state

    def values(self, parameters: dict[str, float]) -> dict[str, float | int]:
        """A particle's parameters as scenario values (an integer field rounded)."""
        return {
            name: round(float(parameters[name])) if integer else float(parameters[name])
            for name, integer in self.integer.items()
        }

    def seeds(self, values: dict[str, float | int]) -> list[int]:
        """The seeds of a particle's runs: from the spec's seed and the particle's values."""
        base = seed_of(self.seed, *(f"{k}={values[k]!r}" for k in sorted(values)))
        return [seed_of(base, i) & (2**63 - 1) for i in range(self.replications)]

    def runs(self, parameters: dict[str, float]) -> list[Any]:
        """A particle's finished runs."""
        from diplomesa.ensemble import run_one
        from diplomesa.scenario import load

        values = self.values(parameters)
        key = tuple(sorted(values.items()))
        scenario = self._scenarios.get(key)
        if scenario is None:
            if len(self._scenarios) > 256:
                self._scenarios.clear()
            scenario = self._scenarios[key] = load(self.path, values)
        return [run_one(scenario, s, self.steps) for s in self.seeds(values)]

    def outcomes(self, parameters: dict[str, float]) -> list[dict[str, Any]]:
        """The outcome records of a particle's runs."""
        return [m.outcome() for m in self.runs(parameters)]

    def __call__(self, parameters: dict[str, float]) -> dict[str, float]:
        from diplomesa.calibration.spec import RECORD_FACTS
        from diplomesa.ensemble import outcome_row

        runs = self.runs(parameters)
        facts = set(RECORD_FACTS) & set(self.spec.observed)
        rows = [outcome_row(m) for m in runs] if facts else None
        out = summarise([m.outcome() for m in runs], self.spec, rows)
        obs = self.spec.observed_events
        if obs is not None:
            from diplomesa.calibration import eventstats as es

            span = es.window(obs, self.spec.base)
            countries = es.cast_countries(self.spec.base)
            per_run = [es.summaries(es.run_events(m), obs, countries, span) for m in runs]
            for name in per_run[0]:
                out[name] = sum(r[name] for r in per_run) / len(per_run)
        return out
