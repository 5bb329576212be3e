"""The article-derived rules, one class each, found by id in ``REGISTRY``.

Each module holds the rules about one part of the cast; each rule is a whole unit (see
:mod:`diplomesa.rules.base` and :mod:`diplomesa.rules.hooks`).
"""

from diplomesa.rules import (  # noqa: F401  (importing registers the rules)
    audience,
    bargaining,
    coalition,
    mediator,
    russia,
    talks,
    third_parties,
    ukraine,
)
from diplomesa.rules.base import REGISTRY, Lever, Param, Rule, State, Terms, rule, unregister
from diplomesa.signals import KINDS


def catalogue() -> list[type[Rule]]:
    """Every rule class, ordered by id."""
    return [REGISTRY[k] for k in sorted(REGISTRY)]


__all__ = [
    "KINDS",
    "REGISTRY",
    "Lever",
    "Param",
    "Rule",
    "State",
    "Terms",
    "catalogue",
    "rule",
    "unregister",
]
