"""The cease-fire's pieces that several rules share: the kinds of accepting and rejecting it,
and the truce coming into force (R16 at the talks, R27 when both sides accept the demand).

These are not rules: a rule may use them, and none of them has a switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
)  # a promise until a truce is in force: cheap talk that favours its sender
REJECT_CEASEFIRE = Kind(
    "REJECT_CEASEFIRE",
    "1246",
    "rejects the cease-fire",
    "rejects the 30-day cease-fire",
    refusal=True,
    direction="against",
)


def start_truce(model: DiplomacyModel, rule: Any, sender: str) -> None:
    """A truce both sides agreed comes into force today (once), announced by ``sender``."""
    w = model.world
    if w.ceasefire:
        return
    w.ceasefire_day = model.steps
    model.emit(
        rule,
        model.actors[sender],
        (model.key("russia"), model.key("ukraine")),
        CEASEFIRE_IN_FORCE,
    )
