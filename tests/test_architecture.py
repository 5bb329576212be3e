"""The architecture's promises, checked: a rule is one unit, an actor in a role is TOML only,
and the package names neither a particular rule (outside ``diplomesa/rules/``) nor an actor
or a place of the baseline.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplomesa import DiplomacyModel
from diplomesa.choice import Option
from diplomesa.cli import app
from diplomesa.explain import explain
from diplomesa.rules import REGISTRY, Param, Rule, State, rule, unregister
from diplomesa.rules.hooks import acts, evidence, option, perceives, stage, term
from diplomesa.scenario import ScenarioError, load
from diplomesa.signals import WORLD, Kind

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "diplomesa"
runner = CliRunner()

# --------------------------------------------------------------------------- a toy rule


TOY_TABLE = """
[rules.X01]
enabled = true
day = 3
lr_boost = 20.0
appeal_value = 2.0
relief = 1.5
"""


@pytest.fixture
def toy(tmp_path):
    """Register a toy rule X01, and a scenario that extends the baseline with its table."""

    rumour = Kind(
        "X01_RUMOUR", "011", "a rumour spreads", "a rumour of unrest in {russia.country_name}"
    )
    appeal = Kind("X01_APPEAL", "022", "appeals for calm", "appeals to {russia} for calm")

    @rule
    class X01Rumour(Rule):
        """(Toy) A rumour of unrest reaches the mediator on a given day; alarmed, he reads
        Russian refusals as stronger evidence and may appeal for calm, and Russia values a
        truce a little more.

        > Russia is amassing troops in the east of Ukraine in preparation for a renewed offensive
        """

        id = "X01"
        name = "a rumour (toy)"
        actor = "mediator"
        lines = (10,)
        concept = "a test of the hooks"
        params = {
            "day": Param("day", 1, 90, "the day the rumour spreads", integer=True),
            "lr_boost": Param("×", 1, 50, "how much stronger a refusal reads once alarmed"),
            "appeal_value": Param("utils", 0, 20, "the mediator's value of appealing for calm"),
            "relief": Param("utils", 0, 20, "what the rumour adds to Russia's value of a truce"),
        }
        state = {
            "x01_alarm": State(
                "mediator", 0.0, "the mediator's alarm", "alarm", 0.0, 1.0, settable=True
            ),
            "x01_rumour_day": State("world", None, "the day the rumour spread", "day"),
        }
        sends = (rumour, appeal)
        off = "no rumour, no alarm, no appeal"

        @stage("events", order=90)
        def spread(self, model):
            if model.steps == self.p.day:
                model.world.x01_rumour_day = model.steps
                model.emit(self, None, (model.actor("mediator").key,), rumour)

        @perceives("mediator", order=90)
        def alarmed(self, model, me, signal, addressed, first):
            if signal.kind is rumour:
                me.x01_alarm = 1.0

        @evidence("modify", "mediator", order=90)
        def boost(self, model, me, signal, lr):
            refusal = signal.kind.refusal and model.is_side(signal.sender, "russia")
            return lr * self.p.lr_boost if refusal and me.x01_alarm > 0 else lr

        @option("mediator.agenda", order=90)
        def appeal_option(self, model, me):
            if me.x01_alarm > 0:
                return Option("x01_appeal", {self.term("appeal for calm"): self.p.appeal_value})
            return None

        @acts("mediator.agenda", "x01_appeal", says="appeal for calm")
        def do_appeal(self, model, me, chosen):
            model.emit(self, me, (model.actor("russia").key,), appeal)

        @term(("russia.answer_demand", "accept_ceasefire"), order=90)
        def relief_term(self, model, me, opt):
            if model.world.x01_rumour_day is not None:
                return {self.term("rumour of unrest"): self.p.relief}
            return None

    base = (ROOT / "configs" / "istanbul_2025.toml").resolve()
    path = tmp_path / "toy.toml"
    path.write_text(f'extends = "{base}"\ntitle = "with a toy rule"\n{TOY_TABLE}', encoding="utf-8")
    yield path
    unregister("X01")


def test_a_toy_rule_is_one_unit_plus_one_scenario_table(toy):
    listed = json.loads(runner.invoke(app, ["rules", str(toy), "--json"]).stdout)
    assert "X01" in [r["id"] for r in listed]

    on = [DiplomacyModel(str(toy), rng=s, record_decisions=True).run() for s in range(8)]
    off = [DiplomacyModel(str(toy), rng=s, X01_enabled=False).run() for s in range(8)]
    m = on[0]
    world_events = [s for s in m.signals if s.kind.name == "X01_RUMOUR"]
    assert [(s.step, s.sender) for s in world_events] == [(3, WORLD)]
    assert world_events[0].text == "a rumour of unrest in Russia"
    assert m.actor("mediator").x01_alarm == 1.0  # a belief the rule added
    agenda = [d for d in m.decision_log if d.problem == "mediator.agenda" and d.step > 3]
    assert any(o.name == "x01_appeal" for d in agenda for o in d.options)  # a new option
    assert any(s.kind.name == "X01_APPEAL" for mm in on for s in mm.signals)
    answers = [d for d in m.decision_log if d.problem == "russia.answer_demand" and d.step > 3]
    accept = next(o for d in answers for o in d.options if o.name == "accept_ceasefire")
    assert accept.terms["X01 rumour of unrest"] == 1.5  # a term in another rule's option
    # the likelihood-ratio modifier: refusals read as far stronger evidence once alarmed
    blame = [mm.actor("mediator").blame for mm in on]
    assert sum(blame) / 8 > sum(mm.actor("mediator").blame for mm in off) / 8 + 0.05
    # switched off from the scenario: nothing of it is left
    assert not any(s.rule == "X01" for mm in off for s in mm.signals)
    # explain shows its term under its id
    ex = explain(load(toy), seed=0, step=answers[0].step, actor="putin")
    assert any("X01 rumour of unrest" in o.terms for d in ex.decisions for o in d.options)


def test_a_scenario_must_give_a_registered_rule_its_table(toy):
    with pytest.raises(ScenarioError) as info:
        load()  # the baseline has no [rules.X01]
    assert "rules.X01" in str(info.value)


def test_the_toy_is_gone_once_unregistered():
    assert "X01" not in REGISTRY and load().rule_values("R01")


# --------------------------------------------------------------------------- actors in roles


def test_an_actor_added_to_a_role_is_toml_only(tmp_path):
    base = (ROOT / "configs" / "istanbul_2025.toml").resolve()
    path = tmp_path / "bigger.toml"
    path.write_text(
        f'''extends = "{base}"
title = "a fifth coalition member and a third backer"

[roles]
russia = "putin"
ukraine = "zelensky"
mediator = "trump"
mediator_envoy = "rubio"
coalition = ["merz", "macron", "starmer", "tusk", "frederiksen"]
backers = ["erdogan", "lula", "ramaphosa"]
host = "erdogan"
eu = "eu"
russia_delegation = "ru_delegation"
ukraine_delegation = "ua_delegation"

[actors.frederiksen]
name = "Mette Frederiksen"
type = "Leader"
country = "DNK"
side = "coalition"
sanctions_willingness = 0.9

[actors.ramaphosa]
name = "Cyril Ramaphosa"
type = "ThirdParty"
country = "ZAF"
side = "third"
''',
        encoding="utf-8",
    )
    models = [DiplomacyModel(str(path), rng=s).run() for s in range(6)]
    sent = {(s.sender, s.kind.name) for m in models for s in m.signals}
    assert ("frederiksen", "COACH") in sent and ("frederiksen", "ULTIMATUM") in sent
    assert ("ramaphosa", "BACK_OFFER") in sent
    assert all(len(m.members("coalition")) == 5 for m in models)
    trust = models[0].outcome()["trust_end"]
    assert set(trust) == {"trump->putin", "trump->zelensky", "trump->coalition"}


def test_an_unknown_role_or_a_wrong_actor_type_is_a_clear_error():
    with pytest.raises(ScenarioError) as info:
        load(None, {"roles.kingmaker": "putin"})
    assert "roles.kingmaker: unknown role; expected one of" in str(info.value)
    with pytest.raises(ScenarioError) as info:
        load(None, {"roles.backers": ["erdogan", "putin"]})
    assert "roles.backers[1]: expected an actor of type ThirdParty" in str(info.value)


# --------------------------------------------------------------------------- no names in code

RULE_ID = re.compile(r"\bR\d{2}\b")


def _strings(path: Path):
    """(node, is_docstring) for every string constant and attribute of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            yield n, id(n) in docs
        elif isinstance(n, ast.Attribute):
            yield n, False


def test_no_module_outside_the_rules_names_a_rule():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "rules") in path.parents:
            continue
        for node, doc in _strings(path):
            text = node.attr if isinstance(node, ast.Attribute) else node.value
            if doc or (isinstance(node, ast.Constant) and len(text) > 40):
                continue  # docstrings, and prose (help texts) that cite a rule
            if RULE_ID.search(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    assert not found, found


def test_the_app_levers_of_a_rule_are_declared_by_the_rule():
    """The sidebar names no rule: a rule declares what of it a class may move."""
    from diplomesa.rules import Lever
    from diplomesa.viz.controls import LEVERS

    declared = {
        f"{rid}_{lever.param or 'enabled'}" for rid, cls in REGISTRY.items() for lever in cls.levers
    }
    shown = {lever.name for lever in LEVERS if lever.name[:1].isupper()}
    assert declared == shown and declared
    with pytest.raises(ValueError, match="names no parameter 'nope'"):

        class Bad(Rule):
            id = "X99"
            params = {"weight": Param("utils", 0, 1, "a weight")}
            levers = (Lever("a knob", "nope"),)


def _baseline_names() -> set[str]:
    spec = load()
    names = {*spec.setting.values(), "Kyiv", "Moscow"}
    for key, actor in spec.actors.items():
        if actor.type in ("Leader", "Mediator", "ThirdParty"):
            names |= {key, actor.name.split()[-1]}
    return {n for n in names if len(n) > 2}


def test_no_code_string_names_an_actor_or_a_place():
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(_baseline_names()))) + r")\b", re.IGNORECASE
    )
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node, doc in _strings(path):
            if isinstance(node, ast.Constant) and not doc and pattern.search(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, found


def test_no_rule_state_shadows_an_attribute_of_the_agent_classes():
    """An actor's declared state is written straight into its ``__dict__`` (a model builds
    thirteen agents per run): a field named like a property of ``mesa.Agent`` or an actor
    class would be hidden behind it, so none may be."""
    from diplomesa.agents import AGENT_TYPES

    fields = {f for cls in REGISTRY.values() for f, st in cls.state.items() if st.owner != "world"}
    for agent_type in AGENT_TYPES.values():
        taken = {n for c in agent_type.__mro__ for n in vars(c)}
        assert not fields & taken, (agent_type.__name__, fields & taken)
