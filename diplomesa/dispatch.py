"""The one place the day calls the rules: their hooks, resolved once per run.

The dispatcher reads every rule's hooks (:mod:`diplomesa.rules.hooks`) when the model is
built and keeps, for each place in the day, the bound methods to call in order: the
problems each role opens, the options and terms rules add to a named problem, what
choosing an option does, each stage's hooks, and each role's perception pipeline. A
disabled rule is left out here, and nowhere else — except the hooks it marks
``when_off``, which are its declared off-behaviour.

Each decision draws from its own stream, seeded from (run seed, actor, problem, day)
(:mod:`diplomesa.streams`), so the order in which the agents decide and any
one decision's outcome leave every other decision's draw as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from diplomesa.choice import WAIT, Decision, Option, choose
from diplomesa.rules.hooks import CLOSED, STAGES

if TYPE_CHECKING:
    from diplomesa.agents import Actor, Seat
    from diplomesa.model import DiplomacyModel
    from diplomesa.rules.base import Rule

Bound = Callable[..., Any]


def _sorted(items: list[tuple[float, str, Any]]) -> list[Any]:
    return [fn for _, _, fn in sorted(items, key=lambda t: (t[0], t[1]))]


@lru_cache(maxsize=256)
def _caller(stage: str, functions: tuple[Callable[..., Any], ...]) -> Callable[..., Any]:
    """``make(*hooks)``: a function ``stage(model)`` calling the hooks in order, each from
    a line of its own (made once per stage and set of rule functions, like the ``__init__``
    :mod:`dataclasses` writes).

    A loop calls every hook from one call site, which CPython specialises for one function
    at a time, so each of the day's stage hooks (some 2,500 calls a run) went the generic
    way, some 190 instructions more a call; written out, each line is specialised for its
    own hook. A traceback through it names the stage (``<stage hooks: world>``)."""
    names = [f"hook_{i}" for i in range(len(functions))]
    body = "".join(f"        {n}(model)\n" for n in names) or "        pass\n"
    source = f"def make({', '.join(names)}):\n    def stage(model):\n{body}    return stage\n"
    space: dict[str, Any] = {}
    exec(compile(source, f"<stage hooks: {stage}>", "exec"), space)
    return space["make"]


def _in_line(stage: str, hooks: list[Bound]) -> Callable[[DiplomacyModel], None]:
    """The stage's hooks (bound methods of the rules) as one call (see :func:`_caller`)."""
    return _caller(stage, tuple(getattr(h, "__func__", h) for h in hooks))(*hooks)


def _add_terms(
    model: DiplomacyModel, agent: Actor, options: list[Option], table: dict[str, tuple]
) -> None:
    """Each option gets the terms the rules give it (``table``: option name → hooks)."""
    for i, option in enumerate(options):
        for contribute in table.get(option.name, ()):
            more = contribute(model, agent, option)
            if more:
                if option is WAIT:  # the shared option: give this day its own
                    option = options[i] = Option("wait")
                option.terms.update(more)


@dataclass(frozen=True, slots=True)
class Problem:
    """One decision problem as the day meets it: who opens it, who adds options and terms.

    A class with slots, not a named tuple: the day asks every problem's opener each day and
    reads the rest only of a problem that opens, and CPython reads a slot directly where it
    unpacks a tuple's subclass through an iterator (857 unpackings a run)."""

    name: str
    title: str
    opener: Bound
    adders: tuple[Bound, ...]
    terms: dict[str, tuple[Bound, ...]]
    finishers: tuple[Bound, ...]
    repeats: bool = False


class Dispatcher:
    """The hooks of one run's rules, ready to call."""

    def __init__(self, rules: dict[str, Rule], joint: frozenset[str] = frozenset()) -> None:
        self.joint = joint
        opened: dict[str, list] = defaultdict(list)
        options: dict[str, list] = defaultdict(list)
        terms: dict[tuple[str, str], list] = defaultdict(list)
        finishers: dict[str, list] = defaultdict(list)
        stages: dict[str, list] = defaultdict(list)
        gates: dict[str, list] = defaultdict(list)
        evidence: dict[tuple[str, str], list] = defaultdict(list)
        effects: dict[str, list] = defaultdict(list)
        self.acts: dict[tuple[str, str], Bound] = {}
        self.says: dict[tuple[str, str], str] = {}
        """(problem, option) → what choosing it does, in words (the ``acts`` hook's ``says``)."""
        for rid, rule in sorted(rules.items()):
            for hook in type(rule).hooks:
                if not (rule.enabled or hook.when_off):
                    continue
                fn = getattr(rule, hook.method)
                if hook.kind == "opens":
                    (problem,) = hook.targets
                    opened[problem.split(".", 1)[0]].append(
                        (hook.order, rid, (problem, hook.title, fn, hook.repeats))
                    )
                elif hook.kind == "option":
                    options[hook.targets[0]].append((hook.order, rid, fn))
                elif hook.kind == "term":
                    for target in hook.targets:
                        terms[target].append((hook.order, rid, fn))
                elif hook.kind == "finish":
                    finishers[hook.targets[0]].append((0, rid, fn))
                elif hook.kind == "acts":
                    for target, words in zip(hook.targets, hook.says, strict=True):
                        if target in self.acts:
                            raise ValueError(f"{rid}: another rule already acts on {target}")
                        self.acts[target] = fn
                        self.says[target] = words
                elif hook.kind == "stage":
                    stages[hook.targets[0]].append((hook.order, rid, fn))
                elif hook.kind == "gate":
                    gates[hook.targets[0]].append((hook.order, rid, fn))
                elif hook.kind == "evidence":
                    evidence[hook.targets].append((hook.order, rid, fn))
                elif hook.kind == "perceives":
                    role, kinds = hook.targets
                    effects[role].append((hook.order, rid, (kinds, fn)))
        by_option: dict[str, dict[str, tuple[Bound, ...]]] = defaultdict(dict)
        for (problem, name), fns in terms.items():
            by_option[problem][name] = tuple(_sorted(fns))
        self.problems = {
            role: [
                Problem(
                    name,
                    title,
                    fn,
                    tuple(_sorted(options.get(name, []))),
                    by_option.get(name, {}),
                    tuple(_sorted(finishers.get(name, []))),
                    repeats,
                )
                for name, title, fn, repeats in _sorted(v)
            ]
            for role, v in opened.items()
        }
        self.terms = dict(by_option)
        self.stages = {k: _sorted(v) for k, v in stages.items()}
        self.stage_calls = {k: _in_line(k, self.stages.get(k, [])) for k in STAGES}
        """Each stage's hooks as one function of the model, for every stage (one with no
        hooks does nothing; see :func:`_caller`)."""
        self.gates = {k: _sorted(v) for k, v in gates.items()}
        self.evidence = {k: _sorted(v) for k, v in evidence.items()}
        self.effects = {k: _sorted(v) for k, v in effects.items()}

    # ------------------------------------------------------------------ per actor

    def plan(
        self, roles: tuple[str, ...], speaks_for: frozenset[str] = frozenset()
    ) -> tuple[Problem, ...]:
        """An actor's problems, in draw order: its roles by name, each role's by order.

        A joint role (the coalition) decides once, through its first member: the others'
        plans leave it out (``speaks_for`` names the joint roles this actor decides for).
        """
        return tuple(
            p
            for role in roles
            if role not in self.joint or role in speaks_for
            for p in self.problems.get(role, ())
        )

    def perceives(self, roles: tuple[str, ...]) -> bool:
        """Whether an actor of these roles has anything to take in."""
        return any(
            r in self.gates or r in self.effects or ("base", r) in self.evidence for r in roles
        )

    def foresee(
        self, model: DiplomacyModel, agent: Actor, problem: str, names: tuple[str, ...]
    ) -> dict[str, Option]:
        """What options of a problem not open yet would be worth to ``agent`` on today's
        state: the same terms the enabled rules give them when the problem opens, so a
        choice made now can weigh one it foresees (what a mandate would bind it to)."""
        options = [Option(name) for name in names]
        _add_terms(model, agent, options, self.terms.get(problem, {}))
        return {option.name: option for option in options}

    # ------------------------------------------------------------------ stages

    def run_stage(self, name: str, model: DiplomacyModel) -> None:
        """Call the hooks of stage ``name``, in order."""
        call = self.stage_calls.get(name)
        if call is not None:
            call(model)

    def decide(self, model: DiplomacyModel, seats: Iterable[Seat]) -> None:
        """Stage 2 for the actors in these seats: each chooses in every problem open to it.

        An opener returns a new list of options (or ``None``); the rules that add options
        and terms to the problem fill it in; its owner may reshape it; one logit draw picks.
        An agent whose last problem has closed is left with no decisions and no actions.
        The day passes all its deciders' seats in one call (a game redoes one,
        ``(actor.seat,)``): the run's settings are read once a day, not once an agent (3.6%
        of a run's instructions).
        """
        draw_for, day, precision = model.decision_draw, model.steps, model.precision
        fixed, log = model.fixed_choices, model.decision_log
        for seat in seats:
            if not (seat.plan or seat.actions):
                continue  # nothing to choose, nothing to clear
            agent = seat.actor
            decisions: list[Decision] | tuple = ()
            actions: list[tuple[str, str]] | tuple = ()
            closed: list[str] = []
            key = seat.key
            for problem in seat.plan:
                options: list[Option] | None = problem.opener(model, agent)
                if options is None:
                    continue
                name = problem.name
                if options is CLOSED:
                    closed.append(name)
                    continue
                for add in problem.adders:
                    extra = add(model, agent)
                    if extra is not None:
                        options.append(extra)
                if problem.terms:
                    _add_terms(model, agent, options, problem.terms)
                for reshape in problem.finishers:
                    options = reshape(model, agent, options)
                title, repeats = problem.title, problem.repeats
                stream, pick = name, 1
                while True:
                    # a later pick is its own problem, ``name#2`` ..., with its own draw
                    u = draw_for(key, stream)
                    decision = choose(options, precision, u, day, key, stream, title)
                    if fixed:
                        decision = _fixed(model, decision)
                    if not decisions:
                        decisions, actions = [], []
                    decisions.append(decision)
                    actions.append((name, decision.chosen))
                    if log is not None:
                        log.append(decision)
                    if not repeats or decision.chosen == "wait":
                        break
                    options = [o for o in options if o.name != decision.chosen]
                    if all(o.name == "wait" for o in options):
                        break
                    pick += 1  # another act today: its own draw, the first one's left as it was
                    stream = f"{name}#{pick}"
            seat.decisions, seat.actions = decisions, actions
            if closed:  # never open again in this run: the day stops asking
                seat.plan = tuple(p for p in seat.plan if p.name not in closed)

    def deliver(self, model: DiplomacyModel) -> None:
        """Stage 3: every chosen option acts, in the scenario's actor order; then the
        ``delivered`` hooks (the talks, the truce)."""
        acts = self.acts
        for seat in model.seats:
            for problem, chosen in seat.actions:
                if chosen != "wait":
                    act = acts.get((problem, chosen))
                    if act is not None:
                        act(model, seat.actor, chosen)
                    seat.actor.last_action = chosen
        self.run_stage("delivered", model)


def _fixed(model: DiplomacyModel, decision: Decision) -> Decision:
    """A choice fixed from outside the model replaces the draw's pick (the draw is kept)."""
    wanted = model.fixed_choices.get((decision.step, decision.actor, decision.problem))
    if wanted is None:
        return decision
    names = [o.name for o in decision.options]
    if wanted not in names:
        raise ValueError(
            f"day {decision.step}, {decision.actor}, {decision.problem}: no option {wanted!r};"
            f" expected one of {names}"
        )
    return replace(decision, chosen=wanted, fixed=True)
