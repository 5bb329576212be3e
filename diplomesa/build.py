"""What a model takes from its scenario that does not depend on the seed, made once per scenario.

A batch builds thousands of models from one validated scenario. Everything here is the same
for all of them: the rule instances (rules hold their parameters, never a run's state), the
dispatcher's resolved hooks, each actor's initial state, roles, problems in draw order and
perception pipeline, the names the signal texts are filled with. :func:`blueprint` makes it
once per (scenario, registered rules) and keeps the last few.
"""

from __future__ import annotations

import copy
import string
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from diplomesa.dispatch import Dispatcher
from diplomesa.metrics import SIDES
from diplomesa.perception import Pipeline
from diplomesa.roles import ROLES
from diplomesa.rules import REGISTRY
from diplomesa.scenario import Scenario, ScenarioError
from diplomesa.scenario.schema import registry_key


class Name:
    """An actor as a signal text names it: ``{russia}`` → ``Putin``; ``{russia.country_name}``
    → ``Russia``; ``{russia.adjective}`` → ``Russian``."""

    __slots__ = ("adjective", "country_name", "short")

    def __init__(self, spec: Any) -> None:
        self.short = spec.short_name or spec.name.split()[-1]
        self.country_name = spec.country_name or spec.name
        self.adjective = spec.adjective or self.country_name

    def __str__(self) -> str:
        return self.short


@dataclass(frozen=True)
class Blueprint:
    """The seed-independent part of a model of ``spec`` (see the module docstring)."""

    spec: Scenario
    registry: tuple[tuple[str, int], ...]
    rules: SimpleNamespace
    dispatcher: Dispatcher
    world: dict[str, Any]
    actor_state: dict[str, dict[str, Any]]
    containers: dict[str, tuple[str, ...]]
    """Per actor, the fields of its state holding a dict, list or set (each model copies)."""
    role_ids: dict[str, list[str]]
    role_order: dict[str, tuple[str, ...]]
    plans: dict[str, tuple]
    pipelines: dict[str, Pipeline]
    joint_role_of: dict[str, str]
    principals: dict[str, tuple[str, ...]]
    side_of: dict[str, str]
    side_labels: dict[str, str]
    names: dict[str, Any]
    event_steps: list[tuple[Any, int, int | None]]
    events_on: dict[int, list[tuple[Any, int, int | None]]]
    """Day → the ``event_steps`` that start or end on it, in order (the day looks up its own)."""
    texts: dict[str, str]
    """Signal texts already filled from ``names`` (those with nothing else to fill)."""


_CACHE: OrderedDict[tuple[int, tuple], Blueprint] = OrderedDict()
_KEEP = 16


def blueprint(spec: Scenario) -> Blueprint:
    """The blueprint of ``spec`` for the rules registered now (made once, then reused)."""
    key = (id(spec), registry_key())
    found = _CACHE.get(key)
    if found is not None and found.spec is spec:
        _CACHE.move_to_end(key)
        return found
    made = _make(spec, key[1])
    _CACHE[key] = made
    while len(_CACHE) > _KEEP:
        _CACHE.popitem(last=False)
    return made


def _make(spec: Scenario, registry: tuple[tuple[str, int], ...]) -> Blueprint:
    rules = SimpleNamespace(
        **{rid: cls(**spec.rule_values(rid)) for rid, cls in sorted(REGISTRY.items())}
    )
    joint = frozenset(name for name, role in ROLES.items() if role.joint)
    dispatcher = Dispatcher(vars(rules), joint)
    world: dict[str, Any] = {}
    declared: dict[str, Any] = {}
    for cls in REGISTRY.values():
        for field, st in cls.state.items():
            if st.owner == "world":
                world[field] = st.default
            else:
                declared[field] = st
    actor_state = {
        key: {
            field: getattr(a, field) if st.settable else copy.copy(st.default)
            for field, st in declared.items()
        }
        for key, a in spec.actors.items()
    }
    role_ids = {name: spec.members(name) for name in ROLES}
    roles_of: dict[str, set[str]] = {key: set() for key in spec.actors}
    for name, ids in role_ids.items():
        for i in ids:
            roles_of[i].add(name)
    role_order = {key: tuple(sorted(r)) for key, r in roles_of.items()}
    plans, pipelines = {}, {}
    for key, order in role_order.items():
        speaks_for = frozenset(r for r, ids in role_ids.items() if ids and ids[0] == key)
        plans[key] = dispatcher.plan(order, speaks_for)
        if dispatcher.perceives(order):
            pipelines[key] = Pipeline(dispatcher, order)
    single = {n: ids[0] for n, ids in role_ids.items() if ids and not ROLES[n].many}
    side_of = {n: spec.actors[i].side for n, i in single.items()}
    side_labels: dict[str, str] = {}
    for role in SIDES:
        if role_ids.get(role):
            side_labels.setdefault(spec.actors[role_ids[role][0]].side, role)
    names: dict[str, Any] = {**spec.setting}
    names.update({n: Name(spec.actors[i]) for n, i in single.items()})
    _check_templates(spec, registry, tuple(sorted(names)))
    start = spec.start_date
    event_steps = [  # (event, first step, step to restore on)
        (e, (e.date - start).days + 1, None if e.end is None else (e.end - start).days + 2)
        for e in spec.events
        if e.enabled
    ]
    events_on: dict[int, list[tuple[Any, int, int | None]]] = {}
    for item in event_steps:
        for day in dict.fromkeys(item[1:]):  # its first day, then its restore day (if any)
            if day is not None:
                events_on.setdefault(day, []).append(item)
    return Blueprint(
        spec=spec,
        registry=registry,
        rules=rules,
        dispatcher=dispatcher,
        world=world,
        actor_state=actor_state,
        containers={
            key: tuple(n for n, v in state.items() if isinstance(v, dict | list | set))
            for key, state in actor_state.items()
        },
        role_ids=role_ids,
        role_order=role_order,
        plans=plans,
        pipelines=pipelines,
        joint_role_of={i: n for n, ids in role_ids.items() if ROLES[n].joint for i in ids},
        principals=_principals(spec, role_ids, roles_of),
        side_of=side_of,
        side_labels=side_labels,
        names=names,
        event_steps=event_steps,
        events_on=events_on,
        texts={},
    )


def _principals(
    spec: Scenario, role_ids: dict[str, list[str]], roles_of: dict[str, set[str]]
) -> dict[str, tuple[str, ...]]:
    """Whom each actor's cheap talk is weighed by: a delegation → its leader; a member of a
    joint role → every member (the least trusted counts, as in R06); else itself."""
    found: dict[str, tuple[str, ...]] = {}
    for key in spec.actors:
        roles = sorted(roles_of[key])
        lead = [ROLES[r].principal for r in roles if ROLES[r].principal]
        joint = [r for r in roles if ROLES[r].joint]
        if lead and role_ids.get(lead[0]):
            found[key] = (role_ids[lead[0]][0],)
        elif joint:
            found[key] = tuple(role_ids[joint[0]])
        else:
            found[key] = (key,)
    return found


def _check_templates(
    spec: Scenario, registry: tuple[tuple[str, int], ...], names: tuple[str, ...]
) -> None:
    """Every signal text can be filled from this scenario, or a clear error says what's missing."""
    problems = _template_problems(registry, names)
    if problems:
        raise ScenarioError(spec.title, list(problems))


@lru_cache(maxsize=64)
def _template_problems(
    registry: tuple[tuple[str, int], ...], names: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """What the templates of the registered rules' signals need that ``names`` lacks."""
    problems = set()
    kinds = {k.name: k for cls in REGISTRY.values() for k in cls.sends}
    for kind in kinds.values():
        for _, field, _, _ in string.Formatter().parse(kind.template):
            if field is None:
                continue
            root = field.split(".")[0].split("[")[0]
            if root in names or root == "level" or root in kind.fills:
                continue
            if root in ROLES:
                problems.add((f"roles.{root}", f"expected an actor: signal {kind.name} names it"))
            else:
                problems.add(
                    (f"setting.{root}", f"expected a text for signal {kind.name}'s {{{root}}}")
                )
    return tuple(sorted(problems))
