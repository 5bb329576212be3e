"""The roles the rules refer to, as a registry: who may play each, and how many.

A rule never names an actor: it names a role (``"russia"``, ``"coalition"``), and the
scenario's ``[roles]`` table says which actor (or actors) plays it. An actor added to a
role that several actors play (a fifth coalition member, a third backer) needs nothing but
TOML. A new role is one :func:`role` call, and the rules that use it.

The state a role carries is what the rules declare for it (``State(owner=role)``);
:func:`role_state` lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Role:
    """One role: its name, who may play it, whether one actor or several.

    ``joint``: the role's actors act together (one decision, sent by every member), so the
    evidence of a joint act counts once. ``distinct_from``: roles its actors may not also play.
    ``principal``: the role this one speaks for (a delegation → its leader): the audience
    weighs its cheap talk by its trust in the principal.
    """

    name: str
    doc: str
    types: tuple[str, ...]
    many: bool = False
    required: bool = True
    joint: bool = False
    distinct_from: tuple[str, ...] = ()
    principal: str | None = None


ROLES: dict[str, Role] = {}


def role(
    name: str,
    doc: str,
    types: tuple[str, ...],
    *,
    many: bool = False,
    required: bool = True,
    joint: bool = False,
    distinct_from: tuple[str, ...] = (),
    principal: str | None = None,
) -> Role:
    """Register a role (or return the one registered under that name, if identical)."""
    new = Role(name, doc, types, many, required, joint, distinct_from, principal)
    known = ROLES.setdefault(name, new)
    if known != new:
        raise ValueError(f"role {name!r} is registered twice, differently")
    return known


def role_state(name: str) -> dict[str, Any]:
    """The state the rules add to the actors of a role: ``{field: (rule id, State)}``."""
    from diplomesa.rules import REGISTRY

    return {
        field: (rid, st)
        for rid, cls in sorted(REGISTRY.items())
        for field, st in cls.state.items()
        if st.owner == name
    }


role("russia", "the leader whose war it is and who answers the demand", ("Leader",))
role(
    "ukraine",
    "the leader asked to accept a cease-fire first",
    ("Leader",),
    distinct_from=("russia",),
)
role("mediator", "the audience of every performance, who demands and sanctions", ("Mediator",))
role(
    "mediator_envoy",
    "the mediator's envoy at the talks",
    ("Delegation",),
    required=False,
    principal="mediator",
)
role(
    "coalition",
    "leaders who act jointly, bound by the least willing",
    ("Leader",),
    many=True,
    joint=True,
    distinct_from=("russia", "ukraine"),
)
role("backers", "third parties who may back the offer", ("ThirdParty",), many=True, required=False)
role("host", "the state that hosts the talks", ("ThirdParty",), required=False)
role("eu", "the institution that drafts and adopts sanctions", ("Institution",), required=False)
role(
    "russia_delegation",
    "the delegation russia sends to the talks",
    ("Delegation",),
    principal="russia",
)
role(
    "ukraine_delegation",
    "the delegation ukraine sends to the talks",
    ("Delegation",),
    distinct_from=("russia_delegation",),
    principal="ukraine",
)
