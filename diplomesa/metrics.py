"""Metrics: the DataCollector's model and agent reporters, and a run's outcome record.

Column names follow roles, not people (``trust_mediator_russia``), so the same metrics
hold for any cast; the outcome's trust keys name the actors (``"trump->putin"``) as the
scenario does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import mesa

from diplomesa.scenario.schema import date_of_step

if TYPE_CHECKING:
    from diplomesa.model import DiplomacyModel

OUTCOME_FIELDS: tuple[str, ...] = (
    "ukraine_accepted_day",
    "relayed_day",
    "ultimatum_day",
    "talks_proposed_day",
    "talks_day",
    "talks_level",
    "putin_attended",
    "mediator_attended",
    "ceasefire_day",
    "eu_package_drafted_day",
    "eu_packages",
    "us_energy_sanctions_day",
    "blame_russia_start",
    "blame_russia_end",
    "trust_start",
    "trust_end",
    "irritation_start",
    "irritation_end",
    "territory_gain",
    "momentum_end",
    "troops_massed_day",
    "momentum_start",
    "blame_russia_at_talks",
    "trust_at_talks",
    "irritation_at_talks",
    "momentum_at_talks",
    "range_open_day",
    "talks_rounds",
    "talks_days",
    "partial_agreements",
)
"""The outcome record's fields, in order; users and other tools script against them."""

LEVEL_CODE = {None: 0, "junior": 1, "senior": 2, "leader": 3}


SIDES = ("russia", "ukraine", "coalition", "mediator")
"""The roles whose side's net Goldstein score is a metric (``goldstein_<role>``)."""


def _russia(m: DiplomacyModel) -> Any:
    return m.cast["russia"]


def _ukraine(m: DiplomacyModel) -> Any:
    return m.cast["ukraine"]


def _mediator(m: DiplomacyModel) -> Any:
    return m.cast["mediator"]


def trust_coalition(model: DiplomacyModel) -> float:
    """The mediator's mean trust in the coalition's members."""
    med, members = _mediator(model), model.members("coalition")
    return sum([med.trust[m.key] for m in members]) / len(members)  # a list: half the time


def pressure_ukraine(model: DiplomacyModel) -> float:
    """Pressure on Ukraine: the mediator's distrust while his demand waits, and the front."""
    w = model.world
    waiting = w.demand_pending and w.ukraine_accepted_day is None
    mediator = (1.0 - _mediator(model).trust[_ukraine(model).key]) if waiting else 0.0
    return 0.5 * (mediator + _russia(model).momentum)


def update_pressures(model: DiplomacyModel) -> None:
    """Each side's pressure, as the agent-level ``pressure`` metric sums it."""
    russia, med = _russia(model), _mediator(model)
    russia.pressure = {
        "economic": russia.economic_pressure,
        "diplomatic": model.world.diplomatic_pressure,
    }
    med.pressure = {"domestic": med.domestic_pressure}
    _ukraine(model).pressure = {"battlefield": russia.momentum}


def side_labels(model: DiplomacyModel) -> dict[str, str]:
    """Side name → the role it is scored under (``"coalition"`` ...)."""
    labels: dict[str, str] = {}
    for role in SIDES:
        members = model.members(role)
        if members:
            labels.setdefault(members[0].side, role)
    return labels


def goldstein_by_side(model: DiplomacyModel) -> dict[str, float]:
    """Net Goldstein score of today's signals, by the sender's role side."""
    sides = model.side_labels
    totals = dict.fromkeys(sides.values(), 0.0)
    actors = model.actors
    for s in model.today:
        actor = actors.get(s.sender)
        label = None if actor is None else sides.get(actor.side)
        if label is not None:
            totals[label] += s.kind.goldstein
    return totals


@lru_cache(maxsize=4096)
def _date_text(start: dt.date, step: int) -> str:
    """Step ``step``'s date as text (the record before step 1 shows step 1's), made once per
    start and step: the same days recur in every step of every run of a batch, and making
    the date each time was a fifth of a step's metrics."""
    return date_of_step(start, max(step, 1)).isoformat()


MODEL_METRICS: dict[str, str] = {
    "date": "_date_text(m.scenario_spec.start_date, m.steps)",
    "pressure_russia_economic": "russia.economic_pressure",
    "pressure_russia_diplomatic": 'russia.pressure.get("diplomatic", 0.0)',
    "pressure_mediator_domestic": "mediator.domestic_pressure",
    "pressure_ukraine": "pressure_ukraine(m)",
    "blame_russia": "mediator.blame",
    "blame_russia_estimate": "russia.blame_estimate",
    "trust_mediator_russia": "mediator.trust[russia.key]",
    "trust_mediator_ukraine": "mediator.trust[ukraine.key]",
    "trust_mediator_coalition": "trust_coalition(m)",
    "irritation_mediator_russia": "mediator.irritation",
    "slack": "world.slack",
    "tabled_gap": "world.tabled_gap",
    "ceasefire": "int(world.ceasefire)",
    "eu_packages": "world.eu_packages",
    "us_energy_sanctions": "int(world.us_energy_sanctions_day is not None)",
    "talks_held": "int(world.talks_day is not None)",
    "talks_level": "LEVEL_CODE[world.talks_level]",
    "territory_gain": "world.territory_gain",
    "momentum": "russia.momentum",
    "goldstein_russia": 'goldstein.get("russia", 0.0)',
    "goldstein_ukraine": 'goldstein.get("ukraine", 0.0)',
    "goldstein_coalition": 'goldstein.get("coalition", 0.0)',
    "goldstein_mediator": 'goldstein.get("mediator", 0.0)',
    "performance_gap": "mediator.trust[ukraine.key] - mediator.trust[russia.key]",
    "signals": "len(m.today)",
}
"""The model-level metrics recorded every step, in order: each a Python expression over the
day's state — ``m`` the model; ``russia``, ``ukraine`` and ``mediator`` the actors playing
those roles; ``world``; ``goldstein``, today's net Goldstein score by side — and the helpers
of this module. One table, made into two kinds of function (:func:`_function`): one per
metric, the reporters Mesa's DataCollector calls; and one for the whole row, which the
batches' lean recorder calls once a step (26 calls a step were 3.5% of a batch's run)."""

_STATE = {
    "russia": 'm.cast["russia"]',
    "ukraine": 'm.cast["ukraine"]',
    "mediator": 'm.cast["mediator"]',
    "world": "m.world",
    "goldstein": "m.goldstein_today",
}
"""What the metrics' expressions may name, and where a step's state keeps it."""


def _function(name: str, expressions: list[str]) -> Any:
    """A function of the model giving the value of one expression of :data:`MODEL_METRICS`,
    or the tuple of several, with the state they name looked up once (as the source of a
    ``namedtuple`` is written and compiled from its fields)."""
    used: set[str] = set()
    for expression in expressions:
        used.update(compile(expression, f"<metric {name}>", "eval").co_names)
    lines = [f"    {local} = {where}\n" for local, where in _STATE.items() if local in used]
    value = expressions[0] if len(expressions) == 1 else "(" + ", ".join(expressions) + ",)"
    source = f"def _report(m):\n{''.join(lines)}    return {value}\n"
    namespace = dict(globals())
    exec(compile(source, f"<metric {name}>", "exec"), namespace)
    report = namespace["_report"]
    report.__name__ = report.__qualname__ = name
    return report


@lru_cache(maxsize=1)
def _reporters() -> dict[str, Any]:
    return {name: _function(name, [e]) for name, e in MODEL_METRICS.items()}


def model_reporters() -> dict[str, Any]:
    """The model-level metrics recorded every step (:data:`MODEL_METRICS`), as Mesa's
    DataCollector takes them: name → function of the model."""
    return dict(_reporters())


@lru_cache(maxsize=1)
def metrics_row() -> Any:
    """One function of the model giving every metric of :data:`MODEL_METRICS`, in order."""
    return _function("metrics_row", list(MODEL_METRICS.values()))


def agent_reporters() -> dict[str, Any]:
    """The agent-level metrics: each actor's trust row, total pressure and last action."""
    return {
        "actor": "key",
        "pressure": lambda a: sum(a.pressure.values()),
        "last_action": "last_action",
        "trust": lambda a: dict(a.trust),
    }


class StepRecorder:
    """The model metrics of every step as a list of tuples: a batch's lean DataCollector.

    Mesa's DataCollector keeps a list per metric and does its own bookkeeping on each
    ``collect`` (some 15 µs a step here, three times the reporters' own cost); a batch that
    keeps only model metrics needs none of it. This computes the row of every metric in one
    call (:func:`metrics_row`), from the same expressions as the DataCollector's reporters,
    in the same order, so both record the same values (a test compares them);
    :meth:`columns` gives them as the DataCollector's
    ``model_vars`` does. The DataCollector stays for the app, agent-level data and
    ``mesa.batch_run``.
    """

    __slots__ = ("names", "row", "rows")

    def __init__(self) -> None:
        self.names: tuple[str, ...] = tuple(MODEL_METRICS)
        self.row = metrics_row()
        self.rows: list[tuple[Any, ...]] = []

    def collect(self, model: DiplomacyModel) -> None:
        self.rows.append(self.row(model))

    def columns(self, keep: Iterable[str] | None = None) -> dict[str, list[Any]]:
        """One list per metric, one value per step (``keep``: which; all if None)."""
        series = zip(*self.rows, strict=True) if self.rows else ([] for _ in self.names)
        cols = dict(zip(self.names, map(list, series), strict=True))
        return cols if keep is None else {k: cols[k] for k in keep}


def make_datacollector(collect_agents: bool = True) -> mesa.DataCollector:
    return mesa.DataCollector(
        model_reporters=model_reporters(),
        agent_reporters=agent_reporters() if collect_agents else None,
    )


def trust_row(model: DiplomacyModel) -> dict[str, float]:
    med, rus, ukr = _mediator(model), _russia(model).key, _ukraine(model).key
    return {
        f"{med.key}->{rus}": med.trust[rus],
        f"{med.key}->{ukr}": med.trust[ukr],
        f"{med.key}->coalition": trust_coalition(model),
    }


def snapshot(model: DiplomacyModel) -> dict[str, Any]:
    """The state the outcome's ``*_start`` and ``*_at_talks`` fields read: the mediator's
    blame of Russia, his trust row and irritation, and Russia's momentum, now."""
    med = _mediator(model)
    return {
        "blame": med.blame,
        "trust": trust_row(model),
        "irritation": med.irritation,
        "momentum": _russia(model).momentum,
    }


AFTER_TALKS = 3
"""The article's moment: the end of day ``talks_day + 3`` (DESIGN, "The outcome record"),
when the facts about states are read (``*_at_talks``)."""


def record_moment(model: DiplomacyModel) -> None:
    """At the end of the article's moment, keep the state for the ``*_at_talks`` fields."""
    talks = model.world.talks_day
    if talks is not None and model.steps == talks + AFTER_TALKS:
        model.at_talks = snapshot(model)


def outcome(model: DiplomacyModel) -> dict[str, Any]:
    """The run's outcome record, with exactly :data:`OUTCOME_FIELDS`."""
    w, start, moment = model.world, model.start_state, model.at_talks or {}
    return {
        "ukraine_accepted_day": w.ukraine_accepted_day,
        "relayed_day": w.relayed_day,
        "ultimatum_day": w.ultimatum_day,
        "talks_proposed_day": w.talks_proposed_day,
        "talks_day": w.talks_day,
        "talks_level": w.talks_level,
        "putin_attended": w.leader_attended,
        "mediator_attended": w.mediator_attended,
        "ceasefire_day": w.ceasefire_day,
        "eu_package_drafted_day": w.eu_package_drafted_day,
        "eu_packages": w.eu_packages,
        "us_energy_sanctions_day": w.us_energy_sanctions_day,
        "blame_russia_start": start["blame"],
        "blame_russia_end": _mediator(model).blame,
        "trust_start": start["trust"],
        "trust_end": trust_row(model),
        "irritation_start": start["irritation"],
        "irritation_end": _mediator(model).irritation,
        "territory_gain": w.territory_gain,
        "momentum_end": _russia(model).momentum,
        "troops_massed_day": w.troops_massed_day,
        "momentum_start": start["momentum"],
        "blame_russia_at_talks": moment.get("blame"),
        "trust_at_talks": moment.get("trust"),
        "irritation_at_talks": moment.get("irritation"),
        "momentum_at_talks": moment.get("momentum"),
        "range_open_day": w.range_open_day,
        "talks_rounds": len(w.talks_days),
        "talks_days": list(w.talks_days),
        "partial_agreements": w.partial_agreements,
    }
