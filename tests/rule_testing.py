"""The per-rule test base class: the checks every rule gets (as Axelrod's ``TestPlayer``).

A rule's test class names its rule, what the rule governs (a quantity over a seeded
ensemble) and which way switching the rule off moves it; it inherits the generic checks —
cited from the article, quoted, parameterised with units and ranges, its declarations
well-formed, its table in the baseline scenario, and switching it off (from the scenario,
``R.._enabled=False``) moving what it governs by at least ``margin`` — and adds its own.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import ensemble, mean

from diplomesa.roles import ROLES
from diplomesa.rules import KINDS, REGISTRY, Rule
from diplomesa.rules.hooks import STAGES
from diplomesa.scenario import load

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "article.txt"


def article_text() -> str | None:
    if not ARTICLE.exists():
        return None
    return ARTICLE.read_text(encoding="utf-8").replace("’", "'").replace("“", '"')


class RuleTest:
    """Subclass with ``rule_id``, ``governs`` and ``off_moves``; add the rule's own checks."""

    rule_id: ClassVar[str]
    governs: ClassVar[Callable[[Any], float]]
    """A quantity of an ensemble (a tuple of finished models) that the rule governs."""
    off_moves: ClassVar[str] = "down"
    """``"down"`` or ``"up"``: where ``governs`` goes when the rule is switched off."""
    margin: ClassVar[float] = 0.0
    """By at least this much (strictly more than 0 when 0)."""
    setting: ClassVar[dict[str, Any]] = {}
    """Keyword overrides of the baseline both ensembles run with."""
    scenario: ClassVar[Any] = None
    """The scenario the rule's table is read from (default: the baseline)."""

    @property
    def cls(self) -> Any:
        return REGISTRY[self.rule_id]

    def test_is_cited_and_quoted_from_the_article(self):
        r = self.cls
        assert r.summary() and r.concept and r.name, r.id
        assert r.lines and all(1 <= n <= 32 for n in r.lines), r.id
        quote = r.quote()
        assert len(quote) > 20, f"{r.id}: end the docstring with the article's words as '> ...'"
        text = article_text()
        if text is not None:
            for fragment in quote.split(" ... "):
                assert fragment.strip().strip('"') in text, r.id

    def test_parameters_have_units_ranges_and_baseline_values(self):
        values = load(self.scenario).rule_values(self.rule_id)
        assert "enabled" in values
        for name, p in self.cls.params.items():
            assert p.low < p.high and p.unit and p.doc, (self.rule_id, name)
            assert p.low <= values[name] <= p.high, (self.rule_id, name)

    def test_declarations_are_well_formed(self):
        r = self.cls
        for name, st in r.state.items():
            assert st.owner == "world" or st.owner in ROLES, (r.id, name, st.owner)
            assert st.doc, (r.id, name)
        for kind in r.sends:
            assert KINDS[kind.name] is kind and kind.template, (r.id, kind.name)
            fields = {f for _, f, _, _ in string.Formatter().parse(kind.template) if f}
            roots = {re.split(r"[.\[]", f)[0] for f in fields}
            assert roots <= {*ROLES, *kind.fills, "level", *load().setting}, (r.id, roots)
        assert r.off, f"{r.id}: declare `off`, what is left when the rule is switched off"
        if any(h.when_off for h in r.hooks):
            assert r.off != Rule.off, f"{r.id}: some hooks run when off; say what `off` leaves"
        for hook in r.hooks:
            if hook.kind in ("opens", "option", "finish", "acts", "term"):
                targets = hook.targets if hook.kind in ("acts", "term") else [hook.targets]
                for target in targets:
                    problem = target[0] if isinstance(target, tuple) else target
                    assert problem.split(".", 1)[0] in ROLES, (r.id, hook.method, problem)
            elif hook.kind == "stage":
                assert hook.targets[0] in STAGES
            elif hook.kind in ("gate", "perceives"):
                assert hook.targets[0] in ROLES, (r.id, hook.method)

    def test_switch_off_changes_what_it_governs(self):
        base = type(self).governs(ensemble(**self.setting))
        off = type(self).governs(ensemble(**{f"{self.rule_id}_enabled": False, **self.setting}))
        if self.off_moves == "down":
            assert off < base - self.margin or (self.margin == 0 and off < base), (base, off)
        else:
            assert off > base + self.margin or (self.margin == 0 and off > base), (base, off)


def per_run(count: Callable[[Any], float]) -> Callable[[Any], float]:
    """``governs`` from a per-run quantity: its mean over the ensemble."""
    return lambda models: mean(count(m) for m in models)


def kind_count(name: str) -> Callable[[Any], float]:
    """Signals of one kind per run."""
    return per_run(lambda m: sum(1 for s in m.signals if s.kind.name == name))


__all__ = ["RuleTest", "article_text", "kind_count", "per_run", "pytest"]
