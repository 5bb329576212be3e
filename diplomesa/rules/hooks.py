"""The hooks a rule may have, as decorators on its methods.

Each decorator marks a method and says where in the day it belongs. The model's dispatcher
(:mod:`diplomesa.dispatch`) reads these marks once per run and calls the methods of the
enabled rules — and of a disabled rule only those marked ``when_off=True``, which is how a
rule declares what it leaves behind when switched off (R08 off: an unlimited mandate).

Decision problems and their options have stable names: a problem is ``role.name``
(``russia.answer_demand``), an option a plain name (``accept``). Several rules meet in one
problem: one opens it, others add options or utility terms to a named option, and the rule
that owns an option says what choosing it does.

=================  =========================================================  ==============
decorator          the method                                                 returns
=================  =========================================================  ==============
``opens``          ``(model, me)``: the problem's own options, if open now    options / None / CLOSED
``option``         ``(model, me)``: one option this rule adds to a problem    option / None
``term``           ``(model, me)``: terms this rule adds to a named option    dict
``finish``         ``(model, me, options)``: reshape a problem's options      options
``acts``           ``(model, me, option)``: what choosing the option does     —
``stage``          ``(model)``: init, events (stage 1), delivered (3), world  —
``gate``           ``(model, me, signal, addressed)``: does ``me`` take it in bool
``evidence``       base / modify ``(model, me, signal, lr)``; exponent        float / float / —
                   ``(…, lr, exponent)``; update ``(…, shift)`` (log-odds)
``perceives``      ``(model, me, signal, addressed, first)``: what it does    —
=================  =========================================================  ==============
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STAGES = ("init", "events", "delivered", "world")
"""When a ``stage`` hook runs: once after the model is built; in stage 1 after the scenario's
events; in stage 3 after every chosen option has acted; in stage 5 (the world advances)."""

EVIDENCE_STEPS = ("base", "modify", "exponent", "update")


@dataclass(frozen=True, slots=True)
class Hook:
    """One marked method: its kind, what it attaches to, its order and off-behaviour."""

    kind: str
    method: str
    targets: tuple[Any, ...]
    order: float = 0.0
    when_off: bool = False
    title: str = ""
    repeats: bool = False
    says: tuple[str, ...] = ()
    """For ``acts``: what choosing each target option does, in words (one per target)."""


def _mark(
    kind: str,
    targets: tuple[Any, ...],
    order: float,
    when_off: bool,
    title: str = "",
    repeats: bool = False,
    says: tuple[str, ...] = (),
):
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        mark = (kind, targets, order, when_off, title, repeats, says)
        marks = [*getattr(fn, "__hooks__", ()), mark]
        fn.__hooks__ = tuple(marks)  # type: ignore[attr-defined]
        return fn

    return decorate


def opens(problem: str, title: str, *, order: float, when_off: bool = False, repeats: bool = False):
    """The method opens ``problem`` (``role.name``) for an actor of that role, now or not.

    ``order`` places the problem among the role's problems (the draw order of the day);
    ``title`` is what ``explain`` and the app show (``"answer the cease-fire demand"``).
    The method returns a new list of options, ``None`` (not open today) or :data:`CLOSED`.
    A problem that ``repeats`` is chosen in again, among the options not yet chosen, each
    time something other than waiting is chosen: several acts in one day, each its own draw.
    """
    return _mark("opens", (problem,), order, when_off, title, repeats)


def option(problem: str, *, order: float = 0.0, when_off: bool = False):
    """The method adds one option (or none, returning ``None``) to ``problem``."""
    return _mark("option", (problem,), order, when_off)


def term(*targets: tuple[str, str], order: float = 0.0, when_off: bool = False):
    """The method adds utility terms to each named ``(problem, option)``."""
    return _mark("term", tuple(targets), order, when_off)


def finish(problem: str, *, when_off: bool = False):
    """The method reshapes ``problem``'s options once every rule has added its own."""
    return _mark("finish", (problem,), 0.0, when_off)


def acts(problem: str, *options: str, says: str | dict[str, str], when_off: bool = False):
    """The method is what choosing one of ``options`` in ``problem`` does (stage 3).

    ``says`` is that in words, for a human who plays the role (:mod:`diplomesa.play`): one
    text for every option, or one per option; ``{venue}``, ``{russia}`` ... are filled from
    the scenario as in a signal's text.
    """
    words = tuple(says[o] if isinstance(says, dict) else says for o in options)
    return _mark("acts", tuple((problem, o) for o in options), 0.0, when_off, says=words)


def stage(name: str, *, order: float = 0.0, when_off: bool = False):
    """The method runs once in ``name`` (see :data:`STAGES`), in ``order`` among rules."""
    if name not in STAGES:
        raise ValueError(f"unknown stage {name!r}; expected one of {STAGES}")
    return _mark("stage", (name,), order, when_off)


def gate(role: str, *, order: float = 0.0, when_off: bool = False):
    """The method decides whether an actor of ``role`` takes a signal in at all."""
    return _mark("gate", (role,), order, when_off)


def evidence(step: str, role: str, *, order: float = 0.0, when_off: bool = False):
    """A step of ``role``'s evidence pipeline (see :mod:`diplomesa.perception`): the base
    likelihood ratio, a modifier of it, the exponent, or the update by the log-odds step."""
    if step not in EVIDENCE_STEPS:
        raise ValueError(f"unknown evidence step {step!r}; expected one of {EVIDENCE_STEPS}")
    return _mark("evidence", (step, role), order, when_off)


CLOSED = ()
"""What an ``opens`` method returns when its problem can never open again in this run (a
one-shot act done, a truce in force): the actor's day no longer asks it. ``None`` means only
"not open today"."""

REFUSAL = "refusal"
"""In ``perceives(kinds=...)``: every signal kind marked as a refusal."""


def perceives(
    role: str, *, kinds: tuple[str, ...] | None = None, order: float = 0.0, when_off: bool = False
):
    """What a signal taken in does to an actor of ``role``'s state (after the evidence).

    ``kinds`` names the signal kinds the method reacts to (:data:`REFUSAL` for every
    refusal); the pipeline calls it for those only. ``None``: every signal.
    """
    return _mark("perceives", (role, kinds), order, when_off)


def collect_hooks(cls: type) -> tuple[Hook, ...]:
    """Every marked method of a rule class, in definition order."""
    found: list[Hook] = []
    seen: set[str] = set()
    for klass in reversed(cls.__mro__):
        for name, fn in vars(klass).items():
            for kind, targets, order, when_off, title, repeats, says in getattr(
                fn, "__hooks__", ()
            ):
                seen.add(name)
                found.append(Hook(kind, name, targets, order, when_off, title, repeats, says))
    return tuple(found)
