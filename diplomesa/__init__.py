"""diplomesa: an agent-based simulation of the diplomacy around the May 2025 Istanbul talks.

The public names are imported on first use (PEP 562), so that the command line starts
quickly and a batch's parent process does not load Mesa, pandas and matplotlib for nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diplomesa.comparison import compare
    from diplomesa.model import DiplomacyModel
    from diplomesa.scenario import Scenario, ScenarioError, load
    from diplomesa.simulation import Result, simulate

__version__ = "0.1.0"
_WHERE = {
    "DiplomacyModel": "diplomesa.model",
    "Result": "diplomesa.simulation",
    "Scenario": "diplomesa.scenario",
    "ScenarioError": "diplomesa.scenario",
    "compare": "diplomesa.comparison",
    "load": "diplomesa.scenario",
    "simulate": "diplomesa.simulation",
}
__all__ = [
    "DiplomacyModel",
    "Result",
    "Scenario",
    "ScenarioError",
    "compare",
    "load",
    "simulate",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'diplomesa' has no attribute {name!r}")
