"""What each role may do, and what its choices do: the decide and deliver stages.

For every role a ``*_problems`` function lists the decision problems open to an actor
now (each a list of :class:`~diplomesa.choice.Option` whose utility terms come from the
rules), and a ``*_act`` function turns the chosen option into signals and one-shot
facts of the world. Utilities read the state as it was at the end of the previous step;
only delivery changes it. The utility of doing nothing (``wait``) is 0 throughout.

One module per role: ``russia``, ``ukraine``, ``coalition``, ``mediator``, ``others``
(envoy, backers, EU) and ``talks`` (the delegations and the round itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from diplomesa.behaviour.coalition import coalition_act, coalition_problems, joint_terms
from diplomesa.behaviour.common import WAIT, Problems, with_repeat
from diplomesa.behaviour.mediator import mediator_act, mediator_problems
from diplomesa.behaviour.others import (
    backer_act,
    backer_problems,
    envoy_act,
    envoy_problems,
    eu_act,
    eu_problems,
)
from diplomesa.behaviour.russia import (
    diplomatic_pressure,
    russia_accept_terms,
    russia_act,
    russia_problems,
)
from diplomesa.behaviour.talks import delegation_act, delegation_problems, hold_talks, start_truce
from diplomesa.behaviour.ukraine import perceive_leader, ukraine_act, ukraine_problems
from diplomesa.choice import choose

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.model import DiplomacyModel


def decide(agent: Actor) -> None:
    """Stage 2 for one agent: choose in every open problem of every role it plays."""
    model = agent.model
    agent.decisions = []
    agent.actions = []
    for role in agent.role_order:
        for problem, options in PROBLEMS[role](model, agent):
            decision = choose(
                options, model.precision, model.random, model.steps, agent.key, problem
            )
            agent.decisions.append(decision)
            agent.actions.append((role, decision.chosen))
            if model.decision_log is not None:
                model.decision_log.append(decision)


def deliver(model: DiplomacyModel) -> None:
    """Stage 3: every chosen action becomes signals and facts, in a fixed actor order."""
    for agent in model.actors.values():
        for role, action in agent.actions:
            if action != "wait":
                ACTS[role](model, agent, action)
                agent.last_action = action
    w = model.world
    if w.talks_set_for == model.steps and w.talks_day is None:
        hold_talks(model)
    if w.russia_accepted_day is not None and w.ukraine_accepted_day is not None:
        start_truce(model, rule="R27", sender=model.mediator.key)


PROBLEMS: dict[str, Callable[..., Problems]] = {
    "russia": russia_problems,
    "ukraine": ukraine_problems,
    "coalition": coalition_problems,
    "mediator": mediator_problems,
    "mediator_envoy": envoy_problems,
    "backer": backer_problems,
    "host": lambda model, me: [],
    "eu": eu_problems,
    "russia_delegation": delegation_problems,
    "ukraine_delegation": delegation_problems,
}

ACTS: dict[str, Callable[..., None]] = {
    "russia": russia_act,
    "ukraine": ukraine_act,
    "coalition": coalition_act,
    "mediator": mediator_act,
    "mediator_envoy": envoy_act,
    "backer": backer_act,
    "host": lambda model, me, action: None,
    "eu": eu_act,
    "russia_delegation": delegation_act,
    "ukraine_delegation": delegation_act,
}


__all__ = [
    "ACTS",
    "PROBLEMS",
    "WAIT",
    "Problems",
    "decide",
    "deliver",
    "diplomatic_pressure",
    "joint_terms",
    "perceive_leader",
    "russia_accept_terms",
    "with_repeat",
]
