"""The actors as Mesa agents: leaders, the mediator, delegations, the EU, third parties.

An agent holds its own state: the scenario's fields for it (trust, and the state the rules
declare — momentum, blame, readiness ...) and, each step, the decisions it made. What it
may do depends on the *roles* the scenario gives it (``russia``, ``coalition``, ``host``
...) and on the rules, which the model's dispatcher calls for it; so an agent type is a
kind of actor (Mesa's ``agents_by_type`` picks them), not a person.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import mesa

from diplomesa.choice import Decision

if TYPE_CHECKING:
    from diplomesa.model import DiplomacyModel
    from diplomesa.perception import Pipeline


class Seat:
    """An actor's place in the day's dispatch: its plan, and what it chose today.

    The dispatcher walks seats, all of one class, rather than the actors, of five classes
    (Leader, Mediator ...): CPython specialises an attribute load for one class at a time,
    so a loop over actors of several classes took the generic lookup at nearly every read
    (some 3,600 a run). The actor reads and sets these through properties of the same
    names; the seat is their one home."""

    __slots__ = ("actions", "actor", "decisions", "key", "plan")

    def __init__(self, actor: Actor, key: str) -> None:
        self.actor = actor
        self.key = key
        self.plan: tuple = ()  # the problems of its roles, in draw order (see dispatch)
        self.decisions: list[Decision] = []
        self.actions: list[tuple[str, str]] = []


class Actor(mesa.Agent):
    """Anything that sends or receives signals. ``key`` is the scenario's id."""

    model: DiplomacyModel

    def __init__(
        self,
        model: DiplomacyModel,
        key: str,
        spec: Any,
        state: dict[str, Any],
        containers: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(model)
        self.key = key
        self.seat = Seat(self, key)
        self.name = spec.name
        self.country = spec.country
        self.side = spec.side
        self.principal = spec.principal
        self.roles: set[str] = set()
        self.role_order: tuple[str, ...] = ()  # the roles, sorted once (decide runs daily)
        self.pipeline: Pipeline | None = None
        self.default_trust = spec.default_trust
        self.trust: dict[str, float] = {}
        self.pressure: dict[str, float] = {}
        self.last_action = ""
        # The state the rules declare (see diplomesa.build), with its own copy of each dict,
        # list or set in it (``containers`` names them, if the caller knows).
        own = vars(self)
        own.update(state)
        if containers is None:
            containers = tuple(n for n, v in state.items() if isinstance(v, dict | list | set))
        for name in containers:
            own[name] = copy.copy(own[name])

    @property
    def plan(self) -> tuple:
        """The problems of its roles, in draw order (see :mod:`diplomesa.dispatch`)."""
        return self.seat.plan

    @plan.setter
    def plan(self, problems: tuple) -> None:
        self.seat.plan = problems

    @property
    def decisions(self) -> list[Decision]:
        """The decisions it made today."""
        return self.seat.decisions

    @decisions.setter
    def decisions(self, decisions: list[Decision]) -> None:
        self.seat.decisions = decisions

    @property
    def actions(self) -> list[tuple[str, str]]:
        """Today's ``(problem, option chosen)`` pairs."""
        return self.seat.actions

    @actions.setter
    def actions(self, actions: list[tuple[str, str]]) -> None:
        self.seat.actions = actions

    def init_trust(self, others: list[str], spec: Any) -> None:
        self.trust = {o: spec.trust.get(o, self.default_trust) for o in others if o != self.key}

    def decide(self) -> None:
        """Stage 2: face this step's decision problems and pick one option in each."""
        self.model.dispatcher.decide(self.model, (self.seat,))

    def perceive(self) -> None:
        """Stage 4: take in this step's signals (only actors whose roles perceive do)."""
        if self.pipeline is not None:
            self.pipeline.perceive(self.model, self)


class Leader(Actor):
    """A head of state or government: Russia's, Ukraine's, or a coalition member."""


class Mediator(Actor):
    """The mediator, audience of every performance: blame, trust, irritation, pressure."""


class Delegation(Actor):
    """A delegation sent by a principal; its rank caps its mandate."""


class Institution(Actor):
    """An institution that acts by procedure: the EU and its sanctions packages."""


class ThirdParty(Actor):
    """A state outside the conflict: a host, or a backer of the cease-fire offer."""


AGENT_TYPES: dict[str, type[Actor]] = {
    "Leader": Leader,
    "Mediator": Mediator,
    "Delegation": Delegation,
    "Institution": Institution,
    "ThirdParty": ThirdParty,
}
