"""DiplomacyModel: builds the cast from a scenario and runs the six-stage day.

A step is one day (step 1 is the scenario's start date):

1. scheduled events (the scenario's exogenous events; an ultimatum's deadline lapsing);
2. decide: every actor chooses, by logit, in each decision problem open to it;
3. deliver: the choices become signals (and the talks are held on their day);
4. perceive: receivers update trust, blame, irritation and pressure;
5. world: the front, the economy and slow-moving beliefs advance;
6. collect: the DataCollector records the metrics.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import mesa
from mesa.experimental.scenarios import Scenario as MesaScenario

from diplomesa.agents import AGENT_TYPES, Actor, Leader, Mediator
from diplomesa.behaviour import deliver, diplomatic_pressure
from diplomesa.choice import Decision
from diplomesa.metrics import goldstein_by_side, make_datacollector, outcome, trust_row
from diplomesa.rules import REGISTRY
from diplomesa.scenario import Scenario, ScenarioError, load
from diplomesa.signals import Signal, SignalKind
from diplomesa.world import World

_RULE_KW = re.compile(r"^(R\d\d)_(\w+)$")


def keyword_path(name: str) -> str:
    """Map a plain keyword to a scenario path.

    ``R22_threshold_mean`` → ``rules.R22.threshold_mean``;
    ``actors__putin__momentum`` → ``actors.putin.momentum``.
    """
    match = _RULE_KW.match(name)
    if match:
        return f"rules.{match.group(1)}.{match.group(2)}"
    return name.replace("__", ".")


class DiplomacyModel(mesa.Model):
    """The diplomacy around the Istanbul talks, from a scenario and a seed.

    Args:
        scenario: a :class:`~diplomesa.scenario.Scenario`, a scenario name
            (``"istanbul_2025"``) or a path; default the baseline.
        rng: the seed (a plain int) or numpy generator, passed to :class:`mesa.Model`.
        steps: days to run (default: the scenario's ``steps``); the model stops after.
        record_decisions: keep every decision of the run in ``decision_log`` (for explain).
        collect_agents: record agent-level metrics too (off for fast batches).
        collect_metrics: run the DataCollector each step (off when only the outcome matters).
        **overrides: plain keywords that set scenario values, e.g.
            ``R22_threshold_mean=0.7`` or ``actors__putin__momentum=0.0`` — so that
            ``mesa.batch_run(DiplomacyModel, parameters={"R22_threshold_mean": [...]})`` works.
    """

    def __init__(
        self,
        scenario: Scenario | str | None = None,
        *,
        rng: Any = None,
        steps: int | None = None,
        record_decisions: bool = False,
        collect_agents: bool = True,
        collect_metrics: bool = True,
        **overrides: Any,
    ) -> None:
        super().__init__(rng=rng)
        self._scenario = None  # see `spec`
        if isinstance(scenario, MesaScenario):
            scenario = None  # Mesa's SolaraViz may hand one back on reset
        paths = {keyword_path(k): v for k, v in overrides.items()}
        self.scenario_spec = load(scenario, paths)
        spec = self.scenario_spec
        self.max_steps = spec.steps if steps is None else steps
        if not isinstance(self.max_steps, int) or self.max_steps < 1:
            raise ScenarioError(
                "steps", [("steps", f"expected a whole number >= 1, got {steps!r}")]
            )
        self.precision = spec.choice.precision
        self.rules = SimpleNamespace(
            **{rid: cls(**spec.rule_values(rid)) for rid, cls in REGISTRY.items()}
        )
        self.world = World()
        self.signals: list[Signal] = []
        self.today: list[Signal] = []
        self.goldstein_today: dict[str, float] = {}
        self.talk_votes: dict[str, str] = {}
        self.decision_log: list[Decision] | None = [] if record_decisions else None
        self._last_seen: dict[tuple[str, SignalKind], int] = {}
        self._events_original: dict[str, Any] = {}
        start = spec.start_date
        self._event_steps = [  # (event, first step, step to restore on), fixed per run
            (
                e,
                (e.date - start).days + 1,
                None if e.end is None else (e.end - start).days + 2,
            )
            for e in spec.events
            if e.enabled
        ]

        self.actors: dict[str, Actor] = {}
        for key, actor_spec in spec.actors.items():
            self.actors[key] = AGENT_TYPES[actor_spec.type](self, key, actor_spec)
        keys = list(self.actors)
        for key, actor in self.actors.items():
            actor.init_trust(keys, spec.actors[key])
        self._assign_roles()
        self._initial_conditions()
        self.collect_metrics = collect_metrics
        self.datacollector = make_datacollector(collect_agents)
        if collect_metrics:
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ set-up

    @property
    def spec(self) -> Scenario:
        """The validated diplomesa scenario this model was built from.

        (``model.scenario`` is Mesa's own experimental Scenario slot; this model leaves it
        empty, so Mesa's SolaraViz passes our keyword parameters through unchanged.)
        """
        return self.scenario_spec

    def _assign_roles(self) -> None:
        roles = self.spec.roles
        singles = {
            "russia": roles.russia,
            "ukraine": roles.ukraine,
            "mediator": roles.mediator,
            "mediator_envoy": roles.mediator_envoy,
            "host": roles.host,
            "eu": roles.eu,
            "russia_delegation": roles.russia_delegation,
            "ukraine_delegation": roles.ukraine_delegation,
        }
        self._role_of: dict[str, Actor | None] = {}
        for role, key in singles.items():
            self._role_of[role] = self.actors[key] if key else None
            if key:
                self.actors[key].roles.add(role)
        for key in roles.coalition:
            self.actors[key].roles.add("coalition")
        for key in roles.backers:
            self.actors[key].roles.add("backer")
        for actor in self.actors.values():
            actor.role_order = tuple(sorted(actor.roles))
        self.russia: Leader = self._role_of["russia"]  # type: ignore[assignment]
        self.ukraine: Leader = self._role_of["ukraine"]  # type: ignore[assignment]
        self.mediator: Mediator = self._role_of["mediator"]  # type: ignore[assignment]
        self.coalition: list[Leader] = [self.actors[k] for k in roles.coalition]  # type: ignore[misc]
        self.side_labels = {
            self.russia.side: "russia",
            self.ukraine.side: "ukraine",
            self.coalition[0].side: "coalition",
            self.mediator.side: "mediator",
        }

    def _initial_conditions(self) -> None:
        r, med = self.rules, self.mediator
        if r.R23.enabled:
            med.trust[self.ukraine.key] = r.R23.p.initial_trust
        med.irritation = {self.russia.key: med.initial_irritation}
        med.sanctions_threshold = r.R22.draw_threshold(self.random.gauss(0.0, 1.0))
        self._update_pressures()
        self.start_state = {
            "blame": med.blame,
            "trust": trust_row(self),
            "irritation": med.irritation[self.russia.key],
        }

    def actor(self, role: str) -> Actor | None:
        """The actor playing a single role (``"host"``, ``"russia_delegation"`` ...), if any."""
        return self._role_of.get(role)

    def credibility(self) -> float:
        """The coalition's threat credibility: its least willing member's willingness (R06)."""
        values = [m.sanctions_willingness for m in self.coalition]
        return self.rules.R06.combine(values) * self.world.credibility_factor

    # ------------------------------------------------------------------ signals

    def emit(
        self,
        sender: Actor,
        receivers: tuple[str, ...],
        kind: SignalKind,
        rule: str,
        text: str,
        *,
        public: bool = True,
        level: str = "leader",
        costly: bool = False,
        about: str | None = None,
    ) -> Signal:
        """Send a signal: it joins today's signals (perceived in stage 4) and the log."""
        signal = Signal(
            self.steps, sender.key, receivers, kind, rule, text, public, level, costly, about
        )
        self.today.append(signal)
        self.signals.append(signal)
        return signal

    def days_since_same(self, signal: Signal) -> int | None:
        """Days since the sender last sent a signal of this kind before today (R01)."""
        last = self._last_seen.get((signal.sender, signal.kind))
        return None if last is None else signal.step - last

    def last_sent(self, sender: str, kind: SignalKind) -> int | None:
        """The last day before today on which ``sender`` sent a signal of ``kind``."""
        return self._last_seen.get((sender, kind))

    # ------------------------------------------------------------------ the day

    def step(self) -> None:
        """One day, in six stages (see the module docstring)."""
        self.today = []
        self.talk_votes = {}
        self._scheduled_events()
        self.agents.shuffle_do("decide")
        deliver(self)
        self.agents.do("perceive")
        self._advance_world()
        if self.collect_metrics:
            self.datacollector.collect(self)
        if self.steps >= self.max_steps:
            self.running = False

    def _scheduled_events(self) -> None:
        for event, first, restore in self._event_steps:
            actor = self.actors[event.actor]
            if self.steps == first:
                self._events_original[event.id] = getattr(actor, event.attribute)
                setattr(actor, event.attribute, event.value)
            elif self.steps == restore and event.id in self._events_original:
                setattr(actor, event.attribute, self._events_original.pop(event.id))
        w = self.world
        if w.deadline_day == self.steps and not w.ceasefire and w.russia_accepted_day is None:
            w.ultimatum_lapsed_day = self.steps
            members = tuple(m.key for m in self.coalition)
            self.emit(
                self.russia,
                members,
                SignalKind.DEADLINE_LAPSED,
                "R05",
                "lets the ultimatum's deadline lapse",
            )

    def _advance_world(self) -> None:
        r, w, med, rus = self.rules, self.world, self.mediator, self.russia
        for signal in self.today:
            self._last_seen[(signal.sender, signal.kind)] = signal.step
        med.irritation[rus.key] = r.R11.decayed(med.irritation[rus.key])
        med.domestic_pressure = r.R12.drifted(med.domestic_pressure, med.irritation[rus.key])
        energy = w.us_energy_sanctions_day is not None
        rus.economic_pressure = r.R27.grown(rus.economic_pressure, energy, w.eu_adopted_today)
        w.eu_adopted_today = 0
        gained, rus.momentum = r.R26.advance(rus.momentum, w.ceasefire)
        w.territory_gain += gained
        self._update_pressures()
        self.goldstein_today = goldstein_by_side(self)

    def _update_pressures(self) -> None:
        rus, med = self.russia, self.mediator
        rus.pressure = {"economic": rus.economic_pressure, "diplomatic": diplomatic_pressure(self)}
        med.pressure = {"domestic": med.domestic_pressure}
        self.ukraine.pressure = {"battlefield": rus.momentum}

    # ------------------------------------------------------------------ results

    def run(self) -> DiplomacyModel:
        """Run to the end of the horizon; return self for chaining."""
        while self.running:
            self.step()
        return self

    def outcome(self) -> dict[str, Any]:
        """The outcome record (see :data:`diplomesa.metrics.OUTCOME_FIELDS`)."""
        return outcome(self)
