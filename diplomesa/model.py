"""DiplomacyModel: builds the cast from a scenario and runs the six-stage day.

A step is one day (step 1 is the scenario's start date):

1. scheduled events (the scenario's exogenous events; the rules' ``events`` hooks);
2. decide: every actor chooses, by logit, in each decision problem its roles open now;
3. deliver: the choices act and become signals (then the ``delivered`` hooks: the talks);
4. perceive: the actors whose roles perceive take in the day's signals;
5. world: each rule advances the state it owns (the front, the economy, slow beliefs); an
   event of the world here (a deadline lapsing) is perceived in stage 4 of the next day;
6. collect: the DataCollector records the metrics.

The model knows no rule: it builds every registered rule from the scenario and hands them
to the :class:`~diplomesa.dispatch.Dispatcher`, which calls their hooks.
"""

from __future__ import annotations

import numbers
import re
from typing import Any

import mesa
import numpy as np
from mesa.agentset import AgentSet
from mesa.experimental.scenarios import Scenario as MesaScenario
from mesa.time import EventGenerator, Priority, Schedule

from diplomesa.agents import AGENT_TYPES, Actor, Seat
from diplomesa.build import Blueprint, blueprint
from diplomesa.choice import Decision, Option
from diplomesa.metrics import (
    StepRecorder,
    goldstein_by_side,
    make_datacollector,
    outcome,
    record_moment,
    snapshot,
    update_pressures,
)
from diplomesa.perception import Evidence
from diplomesa.roles import ROLES
from diplomesa.scenario import STEPS_MAX, Scenario, ScenarioError, load
from diplomesa.seeds import as_seed
from diplomesa.signals import WORLD, Kind, Signal
from diplomesa.streams import Stream, daily_draw, daily_draws, seed_after, seed_of
from diplomesa.world import World

_RULE_KW = re.compile(r"^([A-Z]+\d+)_(\w+)$")
_GENERATORS = (np.random.Generator, np.random.BitGenerator, np.random.SeedSequence)
"""What Mesa takes as ``rng`` besides a seed (a seed is checked by :func:`as_seed`)."""


def keyword_path(name: str) -> str:
    """Map a plain keyword to a scenario path.

    ``R22_reluctance_mean`` → ``rules.R22.reluctance_mean``;
    ``actors__putin__momentum`` → ``actors.putin.momentum``.
    """
    match = _RULE_KW.match(name)
    if match:
        return f"rules.{match.group(1)}.{match.group(2)}"
    return name.replace("__", ".")


class DiplomacyModel(mesa.Model):
    """The diplomacy around the talks, from a scenario and a seed.

    Args:
        scenario: a :class:`~diplomesa.scenario.Scenario`, a scenario name
            (``"istanbul_2025"``) or a path; default the baseline.
        rng: the seed (a plain int) or numpy generator, passed to :class:`mesa.Model`.
        steps: days to run (default: the scenario's ``steps``); the model stops after.
        record_decisions: keep every decision of the run in ``decision_log`` (for explain).
        collect_agents: record agent-level metrics too (off for fast batches).
        collect_metrics: record the metrics each step (off when only the outcome matters).
        recorder: ``"datacollector"`` (Mesa's DataCollector, ``model.datacollector``) or
            ``"rows"``: the model metrics only, as tuples in ``model.recorder``
            (:class:`~diplomesa.metrics.StepRecorder`; the same values, for batches).
        **overrides: plain keywords that set scenario values, e.g.
            ``R22_reluctance_mean=0.7`` or ``actors__putin__momentum=0.0`` — so that
            ``mesa.batch_run(DiplomacyModel, parameters={"R22_reluctance_mean": [...]})`` works.
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
        recorder: str = "datacollector",
        **overrides: Any,
    ) -> None:
        if rng is not None and not isinstance(rng, _GENERATORS):
            rng = as_seed(rng, "rng")  # a plain int: NumPy's and random's errors name nothing
        super().__init__(rng=rng)
        # The day is this model's only event: step it directly (see _wrapped_step).
        self._default_schedule.stop()
        self._event_list.clear()
        self._days_direct = True
        self._scenario = None  # see `spec`
        if isinstance(scenario, MesaScenario):
            scenario = None  # Mesa's SolaraViz may hand one back on reset
        paths = {keyword_path(k): v for k, v in overrides.items()}
        self.scenario_spec = load(scenario, paths)
        spec = self.scenario_spec
        if steps is not None and (
            isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1
            or steps > STEPS_MAX
        ):  # fmt: skip
            raise ScenarioError(
                "DiplomacyModel",
                [("steps", f"expected a whole number from 1 to {STEPS_MAX}, got {steps!r}")],
            )
        self.max_steps = spec.steps if steps is None else int(steps)
        self.precision = spec.choice.precision
        self.run_seed = int(self._seed)  # every stream of the run is seeded from it
        self._stream_heads: dict[str | int, int] = {}  # seed_of(run_seed, first name part)
        self._decision_seeds: dict[tuple[str, str], int] = {}
        self.pause_to_choose = False
        """Stop each day after the decisions (stage 2), for a human to choose (see step)."""
        self.fixed_choices: dict[tuple[int, str, str], str] = {}
        """(day, actor, problem) → the option chosen there from outside the model (a human
        seat, a test); every other decision keeps its own draw."""
        plan = blueprint(spec)
        self.rules = plan.rules
        self.dispatcher = plan.dispatcher
        self._events_hooks = plan.dispatcher.stage_calls["events"]
        self._world_hooks = plan.dispatcher.stage_calls["world"]
        self.world = World(plan.world)
        self.signals: list[Signal] = []
        self.today: list[Signal] = []
        self._tomorrow: list[Signal] = []  # events of the world in stage 5, seen next day
        self._in_world = False
        self.evidence_log: list[Evidence] = []
        """Every piece of evidence any actor took in, term by term (see diplomesa.perception)."""
        self.goldstein_today: dict[str, float] = {}
        self.decision_log: list[Decision] | None = [] if record_decisions else None
        self._last_seen: dict[tuple[str, str], int] = {}
        self._events_original: dict[str, Any] = {}
        self._event_steps = plan.event_steps  # (event, first step, step to restore on)
        self._events_on = plan.events_on  # the same, by the days they start or end on
        self._build_cast(spec, plan)
        self.dispatcher.run_stage("init", self)
        update_pressures(self)
        self.start_state = snapshot(self)
        self.at_talks: dict[str, Any] | None = None  # the state at the article's moment
        self.collect_metrics = collect_metrics
        self.datacollector = make_datacollector(collect_agents and recorder == "datacollector")
        self.recorder: StepRecorder | None = None
        if recorder == "rows":
            if collect_agents and collect_metrics:
                raise ValueError(
                    'recorder="rows" keeps model metrics only: pass collect_agents=False, or '
                    'use recorder="datacollector" for agent-level data'
                )
            self.recorder = StepRecorder()
        elif recorder != "datacollector":
            raise ValueError(f'recorder: expected "datacollector" or "rows", got {recorder!r}')
        self._collect = (self.recorder or self.datacollector).collect if collect_metrics else None
        if self._collect is not None:
            self._collect(self)

    # ------------------------------------------------------------------ set-up

    @property
    def spec(self) -> Scenario:
        """The validated diplomesa scenario this model was built from.

        (``model.scenario`` is Mesa's own experimental Scenario slot; this model leaves it
        empty, so Mesa's SolaraViz passes our keyword parameters through unchanged.)
        """
        return self.scenario_spec

    def _build_cast(self, spec: Scenario, plan: Blueprint) -> None:
        self.actors: dict[str, Actor] = {}
        for key, actor_spec in spec.actors.items():
            actor = AGENT_TYPES[actor_spec.type](
                self, key, actor_spec, plan.actor_state[key], plan.containers[key]
            )
            actor.role_order = plan.role_order[key]
            actor.roles = set(actor.role_order)
            actor.plan = plan.plans[key]
            actor.pipeline = plan.pipelines.get(key)
            self.actors[key] = actor
        self.actor_list: list[Actor] = list(self.actors.values())
        self.seats: tuple[Seat, ...] = tuple(a.seat for a in self.actor_list)
        """Each actor's :class:`~diplomesa.agents.Seat`, in the scenario's order."""
        keys = list(self.actors)
        for key, actor in self.actors.items():
            actor.init_trust(keys, spec.actors[key])
        self._members = {n: [self.actors[i] for i in ids] for n, ids in plan.role_ids.items()}
        self.cast: dict[str, Actor] = {
            n: ms[0] for n, ms in self._members.items() if ms and not ROLES[n].many
        }
        self.joint_role_of = plan.joint_role_of
        self.principals = plan.principals
        self._side_of = plan.side_of
        self.side_labels = plan.side_labels
        self.names = plan.names
        self._texts = plan.texts
        self.perceivers = AgentSet(
            [a for a in self.actor_list if a.pipeline is not None], random=self.random
        )
        # Stage 2's actors: those with decision problems (a plan only shrinks, so the others
        # never have anything to choose), in the scenario's order. The order is immaterial —
        # each decision reads yesterday's state and draws from its own stream — so they are
        # not shuffled daily (a test decides them in reverse and finds the same run).
        self.deciders = AgentSet([a for a in self.actor_list if a.plan], random=self.random)
        # Every decision stream a plan names, drawn for every day of the run in one pass
        # (see decision_draw); a later pick (``name#2``) or a day past the run's end is drawn
        # when asked.
        streams = [(a.key, p.name) for a in self.actor_list for p in a.plan]
        seeds = [self._decision_seed(actor, problem) for actor, problem in streams]
        self._decision_seeds.update(zip(streams, seeds, strict=True))  # past the last day
        self._draw_row = {s: i for i, s in enumerate(streams)}
        self._draw_days = self.max_steps  # the table's last day (the game may run longer)
        # read through a memoryview: [row, day] is a Python float, a third cheaper than
        # the array's .item(row, day)
        self._draw_table = memoryview(daily_draws(seeds, self._draw_days))

    @property
    def deciders(self) -> AgentSet:
        """The actors that decide in stage 2, in the order they do."""
        return self._deciders

    @deciders.setter
    def deciders(self, agents: AgentSet) -> None:
        # The day walks a tuple of the same agents: AgentSet.do costs a weak reference and a
        # getattr per agent per call, some 8% of a run, for a set that never changes.
        self._deciders, self._deciding = agents, tuple(a.seat for a in agents)

    @property
    def perceivers(self) -> AgentSet:
        """The actors whose roles take in signals in stage 4, in the order they do."""
        return self._perceivers

    @perceivers.setter
    def perceivers(self, agents: AgentSet) -> None:
        self._perceivers = agents
        self._perceiving = tuple((a, a.pipeline) for a in agents)

    def actor(self, role: str) -> Actor | None:
        """The actor playing a single role (``"host"``, ``"russia_delegation"`` ...), if any."""
        return self.cast.get(role)

    def key(self, role: str) -> str:
        """The id of the actor playing a single role (one the scenario must assign)."""
        return self.cast[role].key

    def scheduled(self, actor: Actor, attribute: str, step: int) -> Any:
        """What ``attribute`` of ``actor`` will be on day ``step`` by the scenario's schedule
        of events: an actor knows its own itinerary (the mediator's state visits). The
        value of a scheduled event that covers that day; otherwise the value it has outside
        any event (today's, unless an event covers today)."""
        for event, first, restore in self._event_steps:
            if self.actors[event.actor] is not actor or event.attribute != attribute:
                continue
            if first <= step and (restore is None or step < restore):
                return event.value
            if event.id in self._events_original:  # covers today, not that day
                return self._events_original[event.id]
        return getattr(actor, attribute)

    def members(self, role: str) -> list[Actor]:
        """The actors playing a role, in the scenario's order (``"coalition"``)."""
        return self._members.get(role, [])

    def stream(self, *name: int | str) -> Stream:
        """The run's random stream of this name (``("R22", "threshold")``, a day and an actor
        ...): its draws depend on the run's seed and the name only (see diplomesa.streams)."""
        if not name:
            return Stream(seed_of(self.run_seed))
        return Stream(seed_after(self._stream_head(name[0]), *name[1:]))

    def _stream_head(self, first: int | str) -> int:
        """``seed_of(run_seed, first)``, mixed once a run for all the streams named after it."""
        head = self._stream_heads.get(first)
        if head is None:
            head = self._stream_heads[first] = seed_of(self.run_seed, first)
        return head

    def decision_draw(self, actor: str, problem: str) -> float:
        """The uniform draw of one decision, this actor's problem on this day: the first
        number of its own stream, ``Stream(mix(seed ^ day)).random()``, computed directly."""
        row, day = self._draw_row.get((actor, problem)), self.steps
        if row is not None and day <= self._draw_days:
            return self._draw_table[row, day]
        base = self._decision_seeds.get((actor, problem))
        if base is None:
            base = self._decision_seeds[(actor, problem)] = self._decision_seed(actor, problem)
        return daily_draw(base, self.steps)

    def _decision_seed(self, actor: str, problem: str) -> int:
        """``seed_of(run_seed, actor, problem)``: the seed of a decision stream, from the
        actor's stream head (the table of draws at build, and a draw past it, alike)."""
        return seed_after(self._stream_head(actor), problem)

    def foresee(self, role: str, problem: str, *options: str) -> dict[str, Option]:
        """What the named options of ``problem`` would be worth to the actor in ``role`` on
        today's state, term by term (:meth:`Dispatcher.foresee`)."""
        return self.dispatcher.foresee(self, self.cast[role], problem, options)

    def trust_in(self, me: Actor, sender: str) -> float:
        """``me``'s trust in whom ``sender`` speaks for: a delegation's leader; for a member
        of a joint role, the least trusted member; an actor's own envoy is trusted fully."""
        default = me.default_trust
        return min(
            1.0 if k == me.key else me.trust.get(k, default) for k in self.principals[sender]
        )

    def is_side(self, key: str, role: str) -> bool:
        """Whether actor ``key`` is on the side of the actor playing ``role``."""
        actor = self.actors.get(key)
        return actor is not None and actor.side == self._side_of.get(role)

    # ------------------------------------------------------------------ signals

    def emit(
        self,
        rule: Any,
        sender: Actor | None,
        receivers: tuple[str, ...],
        kind: Kind,
        *,
        text: str | None = None,
        public: bool = True,
        level: str = "leader",
        about: str | None = None,
        **fill: Any,
    ) -> Signal:
        """Send a signal for ``rule``: it joins today's signals (perceived in stage 4) and
        the log. Its text is the kind's template (or ``text``) filled from the scenario.
        With no ``sender`` it is an event of the world (sent by :data:`WORLD`); one that
        happens in stage 5 is perceived in stage 4 of the next day (DESIGN, "Evidence")."""
        template = text or kind.template
        words = self._texts.get(template)  # a text with nothing to fill per signal
        if words is None:
            if fill or "{level" in template:
                words = template.format_map({**self.names, **fill, "level": level})
            else:
                words = self._texts[template] = template.format_map(self.names)
        key = WORLD if sender is None else sender.key
        signal = Signal(
            self.steps, key, receivers, kind, rule.id, words, public, level, kind.costly, about
        )
        (self._tomorrow if sender is None and self._in_world else self.today).append(signal)
        self.signals.append(signal)
        return signal

    def days_since_same(self, signal: Signal) -> int | None:
        """Days since the sender last sent a signal of this kind before today."""
        last = self._last_seen.get((signal.sender, signal.kind.name))
        return None if last is None else signal.step - last

    def last_sent(self, sender: str, kind: str) -> int | None:
        """The last day before today on which ``sender`` sent a signal of kind ``kind``."""
        return self._last_seen.get((sender, kind))

    # ------------------------------------------------------------------ the day

    def step(self) -> None:
        """One day, in six stages (see the module docstring). With :attr:`pause_to_choose`
        set, the day stops after stage 2 and :meth:`finish_day` runs the rest."""
        self.today, self._tomorrow = self._tomorrow, []
        self._scheduled_events()
        self._events_hooks(self)
        self.dispatcher.decide(self, self._deciding)  # Actor.decide, in one call a day
        if self.pause_to_choose:
            return
        self.finish_day()

    def _wrapped_step(self) -> None:
        """Mesa's ``model.step()``: one day, and time one unit on.

        Mesa runs the day as an event it schedules on its event list, so that other events
        can fall between days; that costs an Event object, a weak reference and a heap push
        per day, a tenth of this model's run. The model schedules no other event, so while
        the list stays empty the day runs directly, with ``steps`` and ``time`` as Mesa
        advances them. Once anyone schedules an event (``model.schedule_event``), Mesa's
        own loop takes over for the rest of the run.
        """
        if self._days_direct:
            # Mesa's heap of events is an empty list: no event at all, without is_empty()'s
            # generator (1% of a run); a heap of cancelled events only asks is_empty()
            if not self._event_list._events or self._event_list.is_empty():
                self.time += 1.0
                self.steps += 1
                self._user_step()
                return
            self._days_direct = False  # Mesa's schedule of days, from the next one on
            self._default_schedule = EventGenerator(
                self, self._do_step, Schedule(interval=1.0, start=self.time + 1.0),
                priority=Priority.HIGH,
            ).start()  # fmt: skip
        super()._wrapped_step()

    def finish_day(self) -> None:
        """Stages 3 to 6 of the day: what a game (:mod:`diplomesa.play`) runs once a human
        has chosen in place of the day's draws (stage 2 can be redone for one actor in
        between, :meth:`Dispatcher.decide`: deciding reads the state, it changes nothing)."""
        self.dispatcher.deliver(self)
        for agent, pipeline in self._perceiving:
            pipeline.perceive(self, agent)
        self._advance_world()
        record_moment(self)
        if self._collect is not None:
            self._collect(self)
        if self.steps >= self.max_steps:
            self.running = False

    def _scheduled_events(self) -> None:
        for event, first, restore in self._events_on.get(self.steps, ()):
            actor = self.actors[event.actor]
            if self.steps == first:
                self._events_original[event.id] = getattr(actor, event.attribute)
                setattr(actor, event.attribute, event.value)
            elif self.steps == restore and event.id in self._events_original:
                setattr(actor, event.attribute, self._events_original.pop(event.id))

    def _advance_world(self) -> None:
        for signal in self.today:
            self._last_seen[(signal.sender, signal.kind.name)] = signal.step
        self._in_world = True
        self._world_hooks(self)
        self._in_world = False
        update_pressures(self)
        if self.collect_metrics:  # read only by the metrics: a batch without them skips it
            self.goldstein_today = goldstein_by_side(self)

    # ------------------------------------------------------------------ results

    def run(self) -> DiplomacyModel:
        """Run to the end of the horizon; return self for chaining."""
        while self.running:
            self.step()
        return self

    def outcome(self) -> dict[str, Any]:
        """The outcome record (see :data:`diplomesa.metrics.OUTCOME_FIELDS`)."""
        return outcome(self)
