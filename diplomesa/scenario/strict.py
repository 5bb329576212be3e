"""The strict pydantic base of every schema in diplomesa, and the one reader of a field's bounds.

Scenario files (:mod:`diplomesa.scenario.schema`) and batch specs (:mod:`diplomesa.batch.spec`)
are written by people, so their models share one configuration: an unknown key is an error
(a typo must not pass silently), a validated value never changes, and NaN or infinity is not a
number a user meant. Their errors read alike because one function renders them
(:func:`diplomesa.scenario.errors.problems_of`).

A numeric field's ``ge``/``gt``/``le``/``lt`` are the single source of its range: the app's
sliders, a batch range's default ends and the checks of a spec all read them with
:func:`field_bounds`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo


class Strict(BaseModel):
    """Unknown fields forbidden, instances frozen, NaN and infinity refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


@dataclass(frozen=True)
class Bounds:
    """A field's declared range; ``None`` where it has no bound; ``*_open`` if it excludes it."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @property
    def closed(self) -> bool:
        """Both ends given and included: a range a slider or a sampler can span as it is."""
        return None not in (self.low, self.high) and not (self.low_open or self.high_open)


def field_bounds(info: FieldInfo) -> Bounds:
    """The ``ge``/``gt``/``le``/``lt`` constraints in a field's metadata, as :class:`Bounds`."""
    low = high = None
    low_open = high_open = False
    for meta in info.metadata:
        for attr, is_low, is_open in (("ge", 1, 0), ("gt", 1, 1), ("le", 0, 0), ("lt", 0, 1)):
            value = getattr(meta, attr, None)
            if value is None:
                continue
            if is_low:
                low, low_open = float(value), bool(is_open)
            else:
                high, high_open = float(value), bool(is_open)
    return Bounds(low, high, low_open, high_open)
