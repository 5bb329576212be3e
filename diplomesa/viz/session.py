"""One run per browser session: what Mesa's SolaraViz controls step, play and reset.

:class:`AppModel` wraps a :class:`~diplomesa.DiplomacyModel` for Mesa's ``ModelController``:
it takes the sidebar's values as keywords (``scenario``, ``rng``, the levers), exposes ``step``,
``running`` and ``time``, and keeps what the panels need between steps (the decisions of each
actor, the error of a failed step). Why a wrapper and not the model itself: the sidebar's
values must never crash the page — a bad seed or a scenario that does not validate becomes a
message, and the wrapper keeps the last good run — which a model constructor cannot do.
(``DiplomacyModel`` leaves Mesa's ``model.scenario`` slot empty, so Mesa's Reset passes the
sidebar's values through unchanged either way.)

Nothing here raises for a user's input: a bad seed, an unknown scenario or an error in a step
becomes a message in :attr:`AppModel.messages` and the page keeps running.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from diplomesa.choice import Decision
from diplomesa.model import DiplomacyModel
from diplomesa.scenario import ScenarioError
from diplomesa.viz.controls import Settings, baseline_choice, settings_from

log = logging.getLogger(__name__)


class AppModel:
    """A run of the picked scenario with the sidebar's settings, safe to step from the page."""

    def __init__(self, scenario: Any = None, rng: Any = "0", **levers: Any) -> None:
        self.messages: list[str] = []
        settings, problems = settings_from(scenario, rng, levers)
        self.messages.extend(problems)
        try:
            model = DiplomacyModel(settings.spec(), rng=settings.seed, record_decisions=True)
        except ScenarioError as exc:
            self.messages.append("these settings do not make a valid scenario:\n" + exc.render())
            settings = Settings(baseline_choice(), settings.seed, {})
            model = DiplomacyModel(settings.spec(), rng=settings.seed, record_decisions=True)
        self.settings = settings
        self.model = model
        self.failed = False
        self.last_decisions: dict[str, list[Decision]] = {}

    # ------------------------------------------------------------------ what Mesa's controls use

    @property
    def running(self) -> bool:
        return self.model.running and not self.failed

    @property
    def time(self) -> float:
        return self.model.time

    @property
    def steps(self) -> int:
        return self.model.steps

    def step(self) -> None:
        """Advance one day; an exception stops the run and becomes a message, not a crash."""
        if not self.running:
            return
        try:
            self.model.step()
        except Exception as exc:  # shown in the page; the session and server live on
            self.failed = True
            self.messages.append(
                f"the run stopped on day {self.model.steps}: {type(exc).__name__}: {exc}"
            )
            log.error("step failed\n%s", traceback.format_exc())
            return
        for actor in self.model.actors.values():
            if actor.decisions:
                self.last_decisions[actor.key] = list(actor.decisions)

    # ------------------------------------------------------------------ helpers for the panels

    def series(self, name: str) -> list[float]:
        """A model metric so far, straight from the DataCollector's lists (no DataFrame)."""
        return self.model.datacollector.model_vars[name]

    def date(self) -> str:
        return self.model.spec.date_of(max(self.model.steps, 1)).isoformat()
