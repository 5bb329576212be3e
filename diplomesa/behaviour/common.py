"""What every role's behaviour shares: the problem type, waiting, and R01's repeat cost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplomesa.choice import Option
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.model import DiplomacyModel

Problems = list[tuple[str, list[Option]]]
WAIT = Option("wait")


def with_repeat(
    model: DiplomacyModel, me: Actor, kind: K, terms: dict[str, float]
) -> dict[str, float]:
    """Add R01's repeat cost when ``me`` sent a signal of this kind within the window."""
    r = model.rules.R01
    last = model.last_sent(me.key, kind)
    if r.enabled and last is not None and model.steps - last < r.p.repeat_window:
        terms = {**terms, "R01 repeat within window": -r.p.repeat_cost}
    return terms
