"""Stage 4: what each perceiving actor makes of the day's signals — one pipeline.

For each signal an actor did not send itself:

1. **gates** (the rules of its role, in order): does it take the signal in at all (R25: is
   it seen; R01: is it a repeat within the window);
2. a joint act (sent once by every member of a joint role) counts once: only its first
   copy is ``first``;
3. **evidence**, for the first copy: the base likelihood ratio of the signal's kind (R18),
   modifiers in order (R24, R19, R04), the scenario's perception noise (a log-normal factor,
   drawn only for evidence that is not 1, from the stream of this day, receiver, sender and
   kind), then the update (R18);
4. **effects** (the rules of its role, in order): what the signal does to its trust,
   irritation and pressure.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from diplomesa.rules.hooks import REFUSAL

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.dispatch import Dispatcher
    from diplomesa.model import DiplomacyModel
    from diplomesa.signals import Kind


class Pipeline:
    """One actor's perception: the gates, evidence steps and effects of its roles."""

    def __init__(self, dispatcher: Dispatcher, roles: tuple[str, ...]) -> None:
        def gather(table: dict, keys: list) -> tuple:
            return tuple(fn for k in keys for fn in table.get(k, ()))

        self.gates = gather(dispatcher.gates, list(roles))
        self.base = gather(dispatcher.evidence, [("base", r) for r in roles])
        self.modify = gather(dispatcher.evidence, [("modify", r) for r in roles])
        self.update = gather(dispatcher.evidence, [("update", r) for r in roles])
        self.effects = gather(dispatcher.effects, list(roles))  # (kinds or None, method)
        self._by_kind: dict[str, tuple] = {}

    def effects_of(self, kind: Kind) -> tuple:
        """The effect hooks that react to a kind of signal, in their order (kept per kind)."""
        found = self._by_kind.get(kind.name)
        if found is None:
            found = tuple(
                fn
                for kinds, fn in self.effects
                if kinds is None or kind.name in kinds or (kind.refusal and REFUSAL in kinds)
            )
            self._by_kind[kind.name] = found
        return found

    def perceive(self, model: DiplomacyModel, me: Actor) -> None:
        noise = model.spec.perception.noise
        joint_of = model.joint_role_of
        gates, evidence = self.gates, bool(self.base)
        seen: set[tuple[str, str]] = set()
        copies: dict[tuple[str, str], int] = {}
        for signal in model.today:
            if signal.sender == me.key:
                continue
            effects = self.effects_of(signal.kind)
            if not (effects or evidence):
                continue  # nothing of this actor's reacts to this kind of signal
            addressed = me.key in signal.receivers
            if not all(gate(model, me, signal, addressed) for gate in gates):
                continue
            joint = joint_of.get(signal.sender)
            first = True
            if joint is not None:
                mark = (joint, signal.kind.name)
                first = mark not in seen
                seen.add(mark)
            if first and evidence:
                mark = (signal.sender, signal.kind.name)
                copy = copies[mark] = copies.get(mark, 0) + 1
                self._evidence(model, me, signal, noise, copy)
            for effect in effects:
                effect(model, me, signal, addressed, first)

    def _evidence(self, model: DiplomacyModel, me: Actor, signal, noise: float, copy: int) -> None:
        lr = 1.0
        for base in self.base:
            lr = base(model, me, signal, lr)
        for modify in self.modify:
            lr = modify(model, me, signal, lr)
        if lr == 1.0:
            return
        if noise > 0:
            draw = model.stream("noise", model.steps, me.key, signal.sender, signal.kind.name, copy)
            lr *= math.exp(noise * draw.gauss(0.0, 1.0))
        for update in self.update:
            update(model, me, signal, lr)
