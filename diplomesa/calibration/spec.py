"""Calibration specs: the TOML that names a scenario, the parameters to fit with their priors,
what was observed, the population, the stopping rule and the seed.

::

    scenario = "istanbul_2025"
    seed = 1
    population = 200            # particles per generation
    replications = 1            # runs per particle (summaries: their means)
    [stop]
    generations = 8             # and/or min_epsilon = 0.05, minutes = 10
    [parameters]
    "rules.R07.propose_cost" = { low = 0, high = 20 }   # uniform prior
    "rules.R05.fixed_cost" = {}                         # uniform over the field's own range
    [observed]
    ultimatum_day = 10          # an outcome field: a day, a flag or a level
    talks_level = "junior"
    mediator_attended = false

A spec is checked before any run: its own fields, every parameter path and prior range
against the scenario (through the batch spec's checks, so the messages are the same), and
every observed field against the outcome record. Problems raise
:class:`~diplomesa.batch.spec.SpecError`: ``file: field: what was expected, got what``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property, partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from diplomesa.batch.spec import Range, SpecError, read_toml
from diplomesa.batch.spec import Spec as BatchSpec
from diplomesa.calibration.eventstats import Event, ObservedEvents
from diplomesa.scenario import BASELINE, STEPS_MAX, Scenario
from diplomesa.scenario.errors import own_problems, problems_of
from diplomesa.scenario.strict import Strict

LEVELS = ("junior", "senior", "leader")
"""The values ``talks_level`` takes (a delegation's rank)."""
RECORD_FACTS = tuple(f"fact{n}" for n in range(1, 10))
"""Stylized facts 1-9 (:mod:`diplomesa.facts`) may be observed (``fact2 = true``: the
ultimatum came after Ukraine's acceptance); fact 10 is an open question, not the record."""


class Prior(Strict):
    """A uniform prior over ``[low, high]``; a missing bound is the field's own."""

    low: float | None = None
    high: float | None = None


class Stop(Strict):
    """When the calibration stops: whichever comes first (at least one is needed)."""

    generations: int | None = Field(None, ge=1, le=1000)
    min_epsilon: float | None = Field(None, ge=0)
    minutes: float | None = Field(None, gt=0, le=100_000)

    @model_validator(mode="after")
    def _one(self) -> Stop:
        if self.generations is None and self.min_epsilon is None and self.minutes is None:
            raise own_problems([("", "give generations, min_epsilon or minutes")])
        return self


class CalibrationSpec(Strict):
    """A validated calibration spec (see ``docs/calibration.md``)."""

    scenario: str = BASELINE
    seed: int = Field(0, ge=0, le=2**63 - 1)
    population: int = Field(100, ge=2, le=1_000_000)
    replications: int = Field(1, ge=1, le=1000)
    """Runs per particle. 1 (the default) compares one run with the one record, which ABC
    needs for an honest posterior; more fit the mean of the model's runs to the record
    (tighter, and overconfident about a single realisation: docs/calibration.md)."""
    steps: int | None = Field(None, ge=1, le=STEPS_MAX)
    stop: Stop
    parameters: dict[str, Prior] = Field(min_length=1)
    observed: dict[str, bool | int | float | str] = Field(default_factory=dict)
    observed_events: ObservedEvents | None = None
    """Statistics of an event file as observed data (:mod:`.eventstats`)."""
    gaps: bool = False
    """Also compare the gaps between successive observed days (in the record's order) as
    summaries of their own: "the talks came five days after the proposal" is what a lead
    time sets, and the distance otherwise sees it only as two days each scaled alone."""
    missing_day: int | None = Field(None, ge=1, le=100_000)
    """The day an event that never happened counts as (default: the horizon + 1)."""
    source: str = Field("spec", exclude=True)

    @model_validator(mode="after")
    def _something_observed(self) -> CalibrationSpec:
        if not self.observed and self.observed_events is None:
            raise own_problems([("observed", "give at least one observed field "
                                 "(or an [observed_events] table)")])  # fmt: skip
        return self

    # ----------------------------------------------------------------- derived

    @cached_property
    def gap_pairs(self) -> tuple[tuple[str, str], ...]:
        """With ``gaps``: successive observed days, ordered by their observed value (then
        name): ``(earlier, later)`` pairs."""
        if not self.gaps:
            return ()
        days = sorted((v, k) for k, v in self.observed.items() if k.endswith("_day"))
        return tuple((a, b) for (_, a), (_, b) in pairwise(days))

    @cached_property
    def event_counter(self) -> Callable[[Iterable[Event]], dict[str, float]]:
        """Events → summaries, with this spec's window and cast (for the file and each run
        alike); requires ``[observed_events]``."""
        from diplomesa.calibration import eventstats as es

        obs = self.observed_events
        if obs is None:
            raise ValueError("the spec observes no event data")
        countries = {a.country for a in self.base.actors.values() if a.country}
        return partial(es.summaries, obs=obs, countries=countries, span=es.window(obs, self.base))

    @cached_property
    def event_summaries(self) -> dict[str, float]:
        """The observed event file's summaries (empty without ``[observed_events]``)."""
        from diplomesa.calibration.eventstats import file_events

        obs = self.observed_events
        return {} if obs is None else self.event_counter(file_events(obs.file))

    @cached_property
    def batch(self) -> BatchSpec:
        """The parameters as a batch spec: its checks (paths, ranges) are this spec's."""
        return BatchSpec(
            scenario=self.scenario,
            design="random",
            samples=1,
            parameters={k: Range(low=p.low, high=p.high) for k, p in self.parameters.items()},
            source=self.source,
        )

    @property
    def base(self) -> Scenario:
        """The scenario, loaded and validated once."""
        return self.batch.base

    @property
    def scenario_path(self) -> Path:
        return self.batch.scenario_path

    @cached_property
    def bounds(self) -> dict[str, tuple[float, float, bool]]:
        """Each parameter's prior (low, high, integer)."""
        from diplomesa.batch.checks import resolved_range

        return {
            name: resolved_range(self.batch, name, Range(low=p.low, high=p.high))
            for name, p in self.parameters.items()
        }

    @property
    def horizon(self) -> int:
        return self.steps if self.steps is not None else self.base.steps

    @property
    def missing(self) -> int:
        """What a day that never came counts as in a summary."""
        return self.missing_day if self.missing_day is not None else self.horizon + 1


def _check_observed(spec: CalibrationSpec) -> list[tuple[str, str]]:
    """Each observed field must be an outcome field of a kind a summary can hold."""
    from diplomesa.metrics import OUTCOME_FIELDS

    problems = []
    for name, value in spec.observed.items():
        where = f"observed.{name}"
        if name in RECORD_FACTS:
            if value is not True:
                problems.append((where, f"a fact of the record is observed as true, got {value!r}"))
            continue
        if name not in OUTCOME_FIELDS:
            days = [f for f in OUTCOME_FIELDS if f.endswith("_day")]
            problems.append((where, f"no such outcome field; expected one of {days}, "
                             "talks_level, putin_attended, mediator_attended, or a fact "
                             "of the record, fact1 ... fact9"))  # fmt: skip
        elif name.endswith("_day"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append((where, f"expected a day (a whole number >= 1), got {value!r}"))
            elif value > spec.horizon and value != spec.missing:
                last, never = spec.horizon, spec.missing
                problems.append((where, f"day {value} is past the runs' last day, {last} "
                                 f"(steps), and is not what a day that never came counts as "
                                 f"({never}): no run could show it"))  # fmt: skip
        elif name in ("putin_attended", "mediator_attended"):
            if not isinstance(value, bool):
                problems.append((where, f"expected true or false, got {value!r}"))
        elif name == "talks_level":
            if value not in LEVELS:
                problems.append((where, f"expected one of {list(LEVELS)}, got {value!r}"))
        else:
            problems.append((where, "a day, a flag or talks_level can be observed; "
                             f"{name} is neither"))  # fmt: skip
    return problems


def parse(data: dict[str, Any], source: str = "spec") -> CalibrationSpec:
    """Validate a calibration spec mapping (as read from TOML) against its scenario."""
    try:
        spec = CalibrationSpec.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise SpecError(source, problems_of(exc, CalibrationSpec)) from None
    from diplomesa.batch.checks import check

    check(spec.batch)
    problems = _check_observed(spec)
    if problems:
        raise SpecError(source, problems)
    spec.bounds  # noqa: B018 - resolves every prior's range now, so a bad one fails here
    if spec.observed_events is not None:
        try:
            spec.event_summaries  # noqa: B018 - reads the event file now
        except (OSError, ValueError) as exc:
            raise SpecError(source, [("observed_events.file", str(exc))]) from None
    return spec


def load_spec(path: str | Path) -> CalibrationSpec:
    """Read and check a calibration spec file; :class:`SpecError` names the file and field."""
    return parse(read_toml(path, "docs/calibration.md"), str(path))
