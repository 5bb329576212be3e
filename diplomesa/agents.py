"""The actors as Mesa agents: leaders, the mediator, delegations, the EU, third parties.

An agent holds its own state (trust, pressure, role variables) and, each step, the
decisions it made. What it may do depends on the *roles* the scenario gives it
(``russia``, ``coalition``, ``host`` ...); the behaviour of each role lives in
:mod:`diplomesa.behaviour`, so an agent type is a kind of actor, not a person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from diplomesa.behaviour import decide, perceive_leader
from diplomesa.choice import Decision
from diplomesa.perception import perceive_mediator

if TYPE_CHECKING:
    from diplomesa.model import DiplomacyModel
    from diplomesa.scenario import ActorSpec


class Actor(mesa.Agent):
    """Anything that sends or receives signals. ``key`` is the scenario's id (``"putin"``)."""

    model: DiplomacyModel

    def __init__(self, model: DiplomacyModel, key: str, spec: ActorSpec) -> None:
        super().__init__(model)
        self.key = key
        self.name = spec.name
        self.country = spec.country
        self.side = spec.side
        self.roles: set[str] = set()
        self.role_order: tuple[str, ...] = ()  # the roles, sorted once (decide runs daily)
        self.default_trust = spec.default_trust
        self.trust: dict[str, float] = {}
        self.pressure: dict[str, float] = {}
        self.decisions: list[Decision] = []
        self.actions: list[tuple[str, str]] = []
        self.last_action = ""

    def init_trust(self, others: list[str], spec: ActorSpec) -> None:
        self.trust = {o: spec.trust.get(o, self.default_trust) for o in others if o != self.key}

    def decide(self) -> None:
        """Stage 2: face this step's decision problems and pick one option in each."""
        decide(self)

    def perceive(self) -> None:
        """Stage 4: update beliefs from this step's signals (most actors only act)."""


class Leader(Actor):
    """A head of state or government: Russia's, Ukraine's, or a coalition member."""

    def __init__(self, model: DiplomacyModel, key: str, spec: ActorSpec) -> None:
        super().__init__(model, key, spec)
        self.readiness = spec.readiness
        self.momentum = spec.momentum
        self.economic_pressure = spec.economic_pressure
        self.sanctions_willingness = spec.sanctions_willingness
        self.pinned_rank = spec.delegation_rank

    def perceive(self) -> None:
        perceive_leader(self)


class Mediator(Actor):
    """The mediator, audience of every performance (R25): blame, irritation, pressure."""

    def __init__(self, model: DiplomacyModel, key: str, spec: ActorSpec) -> None:
        super().__init__(model, key, spec)
        self.blame = spec.blame
        self.internalization = spec.internalization
        self.domestic_pressure = spec.domestic_pressure
        self.irritation: dict[str, float] = {}
        self.initial_irritation = spec.irritation
        self.in_region = spec.in_region
        self.sanctions_threshold = 1.0

    def perceive(self) -> None:
        perceive_mediator(self)


class Delegation(Actor):
    """A delegation sent by a principal; its rank caps its mandate (R08)."""

    def __init__(self, model: DiplomacyModel, key: str, spec: ActorSpec) -> None:
        super().__init__(model, key, spec)
        self.principal = spec.principal


class Institution(Actor):
    """An institution that acts by procedure: the EU and its sanctions packages (R21)."""


class ThirdParty(Actor):
    """A state outside the conflict: a host or a backer of the cease-fire offer (R19)."""

    def __init__(self, model: DiplomacyModel, key: str, spec: ActorSpec) -> None:
        super().__init__(model, key, spec)
        self.backed = False


AGENT_TYPES: dict[str, type[Actor]] = {
    "Leader": Leader,
    "Mediator": Mediator,
    "Delegation": Delegation,
    "Institution": Institution,
    "ThirdParty": ThirdParty,
}
