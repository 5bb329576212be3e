"""The article-derived rules R01–R28, one small class each, found by id in ``REGISTRY``."""

from diplomesa.rules import coalition, mediator, others, russia, ukraine  # noqa: F401  (registers)
from diplomesa.rules.base import REGISTRY, Param, Rule, rule


def catalogue() -> list[type[Rule]]:
    """Every rule class, ordered by id."""
    return [REGISTRY[k] for k in sorted(REGISTRY)]


__all__ = ["REGISTRY", "Param", "Rule", "catalogue", "rule"]
