"""The shared state of the world: what has happened so far, as the rules declared it.

Every field belongs to the rule that declares it (``State(owner="world")`` in the rule's
``state``); a rule publishes a quantity here for others to read (R06's ``credibility``) and
never calls another rule. Days are step numbers (step 1 is the scenario's start date) or
``None`` while the event has not happened. The truce itself (``ceasefire_day``) is the one
field of the world no rule owns: several rules can bring it about.
"""

from __future__ import annotations

import copy
from typing import Any


class World:
    """What has happened so far, as the rules and the outcome record read it."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self._ceasefire_day: int | None = None
        self.ceasefire = False
        """Whether a truce is in force: kept with ``ceasefire_day`` by its setter (a plain
        attribute, as most of the rules' hooks read it every day)."""
        for name, default in fields.items():
            setattr(self, name, copy.copy(default))

    @property
    def ceasefire_day(self) -> int | None:
        """The day the truce began (``None`` while there is none)."""
        return self._ceasefire_day

    @ceasefire_day.setter
    def ceasefire_day(self, day: int | None) -> None:
        self._ceasefire_day = day
        self.ceasefire = day is not None

    @property
    def demand_pending(self) -> bool:
        """A cease-fire demand is on the table and no truce is in force."""
        return self.demand_day is not None and not self.ceasefire

    @property
    def ultimatum_active(self) -> bool:
        return self.ultimatum_day is not None and not self.ceasefire
