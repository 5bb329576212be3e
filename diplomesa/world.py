"""The shared state of the world: the cease-fire, the ultimatum, the talks, sanctions.

Days are step numbers (step 1 is the scenario's start date) or ``None`` while the event
has not happened. One-shot acts are recorded once, on the day they first happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class World:
    """What has happened so far, as the rules and the outcome record read it."""

    demand_day: int | None = None
    last_demand_day: int | None = None
    russia_answered_day: int | None = None
    ukraine_accepted_day: int | None = None
    russia_accepted_day: int | None = None
    relayed_day: int | None = None
    ultimatum_day: int | None = None
    deadline_day: int | None = None
    ultimatum_lapsed_day: int | None = None
    talks_proposed_day: int | None = None
    talks_accepted_day: int | None = None
    talks_set_for: int | None = None
    ranks: dict[str, str] = field(default_factory=dict)
    mediator_will_attend: bool | None = None
    talks_day: int | None = None
    talks_level: str | None = None
    putin_attended: bool | None = None
    mediator_attended: bool | None = None
    ceasefire_day: int | None = None
    troops_massed_day: int | None = None
    eu_package_drafted_day: int | None = None
    eu_draft_since: int | None = None
    eu_packages: int = 0
    eu_adopted_today: int = 0
    bluff_called: bool = False
    us_energy_sanctions_day: int | None = None
    territory_gain: float = 0.0
    credibility_factor: float = 1.0
    refusals: int = 0
    refusals_unanswered: int = 0
    backers: int = 0

    @property
    def ceasefire(self) -> bool:
        return self.ceasefire_day is not None

    @property
    def demand_pending(self) -> bool:
        """A cease-fire demand is on the table and no truce is in force."""
        return self.demand_day is not None and not self.ceasefire

    @property
    def ultimatum_active(self) -> bool:
        return self.ultimatum_day is not None and not self.ceasefire
