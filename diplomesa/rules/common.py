"""What several rules share without calling each other: waiting, the truce, role shortcuts.

These are helpers, not rules: a rule may use them, and none of them has a switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diplomesa.choice import Option
from diplomesa.signals import Kind

if TYPE_CHECKING:
    from diplomesa.model import DiplomacyModel

CEASEFIRE_IN_FORCE = Kind(
    "CEASEFIRE_IN_FORCE",
    "0871",
    "declares a cease-fire in force",
    "a 30-day cease-fire is in force",
)
ACCEPT_CEASEFIRE = Kind(
    "ACCEPT_CEASEFIRE",
    "0356",
    "accepts the 30-day cease-fire",
    "accepts the 30-day cease-fire",
    costly=True,
)
REJECT_CEASEFIRE = Kind(
    "REJECT_CEASEFIRE",
    "1246",
    "rejects the cease-fire",
    "rejects the 30-day cease-fire",
    refusal=True,
)
ANNOUNCE_DELEGATION = Kind(
    "ANNOUNCE_DELEGATION", "036", "announces its delegation", "announces a {level}-level delegation"
)


def wait() -> Option:
    """Doing nothing: worth 0 throughout."""
    return Option("wait")


def key(model: DiplomacyModel, role: str) -> str:
    """The id of the actor playing a single role."""
    return model.actor(role).key  # type: ignore[union-attr]


def start_truce(model: DiplomacyModel, rule: Any, sender: str) -> None:
    """A truce both sides agreed comes into force today (once), announced by ``sender``."""
    w = model.world
    if w.ceasefire:
        return
    w.ceasefire_day = model.steps
    model.emit(
        rule,
        model.actors[sender],
        (key(model, "russia"), key(model, "ukraine")),
        CEASEFIRE_IN_FORCE,
    )
