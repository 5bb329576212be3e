"""Scenario files: the TOML schema (pydantic), loading, ``extends``, overrides, clear errors.

A scenario holds everything a run needs except its seed: the cast and their initial
states, the roles the rules refer to, the scheduled exogenous events, and every rule's
switch and parameters. The code never names an actor; only scenario files do.

Errors are for people: :class:`ScenarioError` lists each problem as
``file: dotted.path: what was expected, got what``.
"""

from diplomesa.scenario.errors import ScenarioError
from diplomesa.scenario.files import (
    MAX_BYTES,
    MAX_EXTENDS,
    apply_overrides,
    load,
    parse_value,
    resolve,
    validate,
)
from diplomesa.scenario.schema import (
    BASELINE,
    STEPS_MAX,
    ActorSpec,
    Choice,
    Event,
    Perception,
    RuleConfigs,
    Scenario,
    actor_schema,
    configs_dir,
    rule_schema,
    scenario_files,
    schema,
)

__all__ = [
    "BASELINE",
    "MAX_BYTES",
    "MAX_EXTENDS",
    "STEPS_MAX",
    "ActorSpec",
    "Choice",
    "Event",
    "Perception",
    "RuleConfigs",
    "Scenario",
    "ScenarioError",
    "actor_schema",
    "apply_overrides",
    "configs_dir",
    "load",
    "parse_value",
    "resolve",
    "rule_schema",
    "scenario_files",
    "schema",
    "validate",
]
