"""diplomesa: an agent-based simulation of the diplomacy around the May 2025 Istanbul talks."""

from diplomesa.compare import compare
from diplomesa.model import DiplomacyModel
from diplomesa.scenario import Scenario, ScenarioError, load
from diplomesa.simulate import Result, simulate

__all__ = [
    "DiplomacyModel",
    "Result",
    "Scenario",
    "ScenarioError",
    "compare",
    "load",
    "simulate",
]
__version__ = "0.1.0"
