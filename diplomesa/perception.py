"""Stage 4: what each perceiving actor makes of the day's signals — one pipeline.

For each signal an actor did not send itself:

1. **gates** (the rules of its role, in order): does it take the signal in at all (R25: is
   it seen; R01: is it a repeat within the window);
2. a joint act (sent once by every member of a joint role) counts once: only its first
   copy is ``first``;
3. **evidence**, for the first copy (DESIGN, "Evidence: one choice, one piece of evidence"):
   the base likelihood ratio ``L`` of the signal's kind (R18; an echo's is 1), modifiers in
   their declared order (R24's reading of a rank, R19's backers, R04's relayed acceptance),
   then the **exponent** ``e`` (R18: ``κ·t`` for cheap talk that favours its sender, ``t``
   the trust in its principal; ``κ`` otherwise; R04 raises it for a relay), then the
   scenario's perception **noise** (a normal draw added to the log-odds step ``e·ln L``,
   drawn only when that step is not zero, from the stream of this day, receiver, sender and
   kind), then the **update** (R18) by that step. Each piece of evidence is kept as an
   :class:`Evidence` record (``model.evidence_log``), term by term, for ``explain``;
4. **effects** (the rules of its role, in order): what the signal does to its trust,
   irritation and pressure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from diplomesa.rules.hooks import REFUSAL

if TYPE_CHECKING:
    from diplomesa.agents import Actor
    from diplomesa.dispatch import Dispatcher
    from diplomesa.model import DiplomacyModel
    from diplomesa.signals import Kind


@dataclass(slots=True)
class Evidence:
    """One piece of evidence an actor took in: each step's value under the rule that set it.

    ``terms`` lists ``(rule id, what, value)`` in pipeline order — ``"likelihood ratio"``
    after each base or modifier step that changed it, ``"exponent"`` after each exponent
    step; ``shift`` is the log-odds step the update applied (``exponent·ln(lr) + noise``).
    """

    step: int
    receiver: str
    sender: str
    kind: str
    lr: float = 1.0
    exponent: float = 0.0
    noise: float = 0.0
    shift: float = 0.0
    terms: list[tuple[str, str, float]] = field(default_factory=list)

    def set_by(self, what: str, sep: str = ", ", fmt: str = "{rule} {value:.3g}") -> str:
        """The values of one step (``"likelihood ratio"`` or ``"exponent"``), each under the
        rule that set it, for a table: ``"R18 2, R19 2.46"``."""
        return sep.join(fmt.format(rule=r, value=v) for r, w, v in self.terms if w == what)


class Pipeline:
    """One actor's perception: the gates, evidence steps and effects of its roles."""

    def __init__(self, dispatcher: Dispatcher, roles: tuple[str, ...]) -> None:
        def gather(table: dict, keys: list) -> tuple:
            return tuple(fn for k in keys for fn in table.get(k, ()))

        self.gates = gather(dispatcher.gates, list(roles))
        self.base = gather(dispatcher.evidence, [("base", r) for r in roles])
        self.modify = gather(dispatcher.evidence, [("modify", r) for r in roles])
        self.exponent = gather(dispatcher.evidence, [("exponent", r) for r in roles])
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
        today = model.today
        if not today:
            return  # a quiet day: nothing to take in
        joint_of, key = model.joint_role_of, me.key  # read once: actors are of five classes
        gates, evidence, by_kind = self.gates, bool(self.base), self._by_kind
        seen: set[tuple[str, str]] = set()
        copies: dict[tuple[str, str], int] = {}
        for signal in today:
            if signal.sender == key:
                continue
            effects = by_kind.get(signal.kind.name)  # effects_of(), without a call once kept
            if effects is None:
                effects = self.effects_of(signal.kind)
            if not (effects or evidence):
                continue  # nothing of this actor's reacts to this kind of signal
            addressed = key in signal.receivers
            held = False  # a plain loop, not all(...): this runs for every signal
            for gate in gates:
                if not gate(model, me, signal, addressed):
                    held = True
                    break
            if held:
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
                self._evidence(model, me, signal, copy)
            for effect in effects:
                effect(model, me, signal, addressed, first)

    def _evidence(self, model: DiplomacyModel, me: Actor, signal, copy: int) -> None:
        lr, terms = 1.0, []
        for step in (self.base, self.modify):
            for fn in step:
                value = fn(model, me, signal, lr)
                if value != lr:
                    terms.append((fn.__self__.id, "likelihood ratio", value))
                lr = value
        if lr == 1.0:
            return  # no evidence: nothing to weigh, no noise drawn
        exponent = 1.0
        for i, fn in enumerate(self.exponent):
            value = fn(model, me, signal, lr, exponent)
            if i == 0 or value != exponent:
                terms.append((fn.__self__.id, "exponent", value))
            exponent = value
        shift = exponent * math.log(lr)
        record = Evidence(model.steps, me.key, signal.sender, signal.kind.name, lr, exponent)
        record.terms = terms
        noise = model.spec.perception.noise
        if shift != 0.0 and noise > 0:
            draw = model.stream("noise", model.steps, me.key, signal.sender, signal.kind.name, copy)
            record.noise = noise * draw.gauss(0.0, 1.0)
            shift += record.noise
        record.shift = shift
        model.evidence_log.append(record)
        if shift != 0.0:
            for update in self.update:
                update(model, me, signal, shift)
