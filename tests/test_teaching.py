"""Teaching: `diplomesa explain`, the event export, the instructor key, lesson plan 1 as a
new user would follow it, and every rule in the code, the catalogue, rules.md and ODD.md.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from diplomesa.catalogue import rule_rows, rules_markdown
from diplomesa.cli import app
from diplomesa.events import (
    COLUMNS,
    EventsError,
    read_events,
    signals_from_events,
    write_events,
)
from diplomesa.explain import explain
from diplomesa.rules import catalogue
from diplomesa.scenario import load
from diplomesa.signals import CAMEO
from diplomesa.simulation import simulate

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
runner = CliRunner()


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- explain


class TestExplain:
    def test_prints_each_option_term_utility_probability_and_the_signals(self):
        result = runner.invoke(app, ["explain", "--seed", "3", "--step", "7", "--actor", "putin"])
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "Vladimir Putin (putin) on day 7 (2025-05-07)" in out
        assert "propose direct talks — chose propose_talks" in out
        assert "► propose_talks" in out and "accept_ceasefire" in out
        assert "R09 value of delay" in out and "%" in out
        assert "proposes direct talks in Istanbul" in out and "CAMEO 036" in out

    def test_matches_the_run_it_explains(self):
        ex = explain(None, seed=3, step=7, actor="putin")
        full = simulate(seed=3)
        assert ex.signals == tuple(s for s in full.signals if s.step == 7 and s.sender == "putin")
        for d in ex.decisions:
            assert sum(d.probabilities) == pytest.approx(1.0)
            assert d.chosen in [o.name for o in d.options]
        utilities = {o.name: o.utility for d in ex.decisions for o in d.options}
        assert utilities["propose_talks"] > utilities["accept_ceasefire"]

    def test_shows_each_piece_of_evidence_with_its_exponent_under_its_rule(self):
        ex = explain(None, seed=3, step=10, actor="trump")
        kinds = [e.kind for e in ex.evidence]
        assert kinds == ["DEADLINE_LAPSED", "ANNOUNCE_DELEGATION"]
        lapse = ex.evidence[0]
        assert [(rid, what) for rid, what, _ in lapse.terms] == [
            ("R18", "likelihood ratio"),
            ("R19", "likelihood ratio"),
            ("R18", "exponent"),
        ]
        result = runner.invoke(app, ["explain", "--seed", "3", "--step", "10", "--actor", "trump"])
        out = squash(result.stdout)
        assert "Evidence trump took in on day 10" in out
        assert "the world │ DEADLINE_LAPSED │ R18 │ likelihood ratio" in out
        kappa = next(v for rid, what, v in lapse.terms if what == "exponent")  # κ, drawn
        assert f"R18 │ exponent │ {kappa:.3g}" in out and "log-odds step" in out

    def test_a_date_is_a_step(self):
        by_step = runner.invoke(app, ["explain", "--seed", "3", "--step", "7", "--actor", "putin"])
        by_date = runner.invoke(
            app, ["explain", "--seed", "3", "--step", "2025-05-07", "--actor", "putin"]
        )
        assert by_date.exit_code == 0 and by_date.stdout == by_step.stdout

    def test_a_coalition_member_is_pointed_to_the_joint_decider(self):
        result = runner.invoke(app, ["explain", "--seed", "3", "--step", "4", "--actor", "tusk"])
        assert result.exit_code == 0 and "jointly through merz" in squash(result.stdout)

    def test_overrides_apply(self):
        result = runner.invoke(
            app,
            [
                *("explain", "--seed", "3", "--step", "6", "--actor", "merz"),
                *("--set", "events.germany_change_of_guard.enabled=false"),
            ],
        )
        assert result.exit_code == 0 and "joint action — chose wait" in result.stdout

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--actor", "xi"], "unknown actor; expected one of ['putin', 'zelensky'"),
            (["--actor", "putin", "--step", "0"], "expected a day in 1..90"),
            (["--actor", "putin", "--step", "91"], "2025-05-01..2025-07-29"),
            (["--actor", "putin", "--step", "May"], "expected a day in 1..90"),
            (["--actor", "putin", "--step", "5", "--steps", "4"], "expected a day in 1..4"),
            (["--actor", "putin", "--set", "rules.R05.x=1"], "rules.R05.x"),
            (["--actor", "putin", "--set", "events.nope.enabled=false"], "gulf_trip"),
            (["no_such_scenario", "--actor", "putin"], "not found"),
        ],
    )
    def test_mistakes_exit_2_with_the_valid_choices(self, args, expected):
        result = runner.invoke(app, ["explain", *args])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert expected in squash(result.output)


# --------------------------------------------------------------------------- event export


class TestEvents:
    def test_run_events_round_trips_to_the_signal_log(self, tmp_path):
        path = tmp_path / "events.csv"
        result = runner.invoke(app, ["run", "--seed", "3", "--events", str(path)])
        assert result.exit_code == 0, result.output
        rows = read_events(path)
        signals = simulate(seed=3).signals
        assert signals_from_events(rows) == signals
        assert len(rows) == sum(max(1, len(s.receivers)) for s in signals)

    def test_rows_look_like_icews_and_carry_valid_cameo_codes(self, tmp_path):
        path = tmp_path / "events.csv"
        result = simulate(seed=3)
        write_events(result.signals, result.model.spec, path)
        text_columns = {"cameo_code": str, "root_code": str}
        frame = pd.read_csv(path, dtype=text_columns, keep_default_na=False)
        assert tuple(frame.columns) == COLUMNS
        assert frame["event_id"].tolist() == list(range(1, len(frame) + 1))
        assert set(frame["cameo_code"]) <= set(CAMEO)
        for _, row in frame.iterrows():
            code = CAMEO[row["cameo_code"]]
            assert (row["event_text"], row["intensity"], row["quad_class"], row["root_code"]) == (
                code.name,
                code.goldstein,
                code.quad_class,
                code.root_code,
            )
        assert pd.to_datetime(frame["event_date"]).min() == pd.Timestamp("2025-05-01")
        by_actors = frame[frame["source_actor"] != "world"]
        assert set(by_actors["source_country"]) <= {a.country for a in load().actors.values()}
        world = frame[frame["source_actor"] == "world"]  # a lapsed deadline: no one sends it
        assert len(world) and set(world["source_country"]) == {""}
        assert set(world["kind"]) <= {"DEADLINE_LAPSED", "THREAT_LAPSED"}
        proposal = frame[frame["kind"] == "PROPOSE_TALKS"].iloc[0]
        assert (proposal["source_country"], proposal["target_country"]) == ("RUS", "UKR")
        assert (proposal["cameo_code"], proposal["event_date"]) == ("036", "2025-05-07")

    def test_the_project_cameo_table_agrees_with_the_shared_one(self):
        shared = ROOT.parent / "shared" / "cameo.csv"
        if not shared.exists():
            pytest.skip("shared/cameo.csv is not beside this checkout")
        with shared.open(encoding="utf-8") as fh:
            table = {r["code"]: r for r in csv.DictReader(fh)}
        for code, row in CAMEO.items():
            assert table[code]["name"] == row.name and float(table[code]["goldstein"]) == (
                row.goldstein
            )

    @settings(
        max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(seed=st.integers(0, 10**6), steps=st.integers(1, 40))
    def test_round_trip_for_any_seed(self, tmp_path, seed, steps):
        result = simulate(seed=seed, steps=steps)
        path = tmp_path / f"e{seed}.csv"
        write_events(result.signals, result.model.spec, path)
        assert signals_from_events(read_events(path)) == result.signals

    def test_a_tampered_file_is_refused_with_file_and_line(self, tmp_path):
        path = tmp_path / "events.csv"
        result = simulate(seed=1, steps=5)
        write_events(result.signals, result.model.spec, path)
        lines = path.read_text(encoding="utf-8").splitlines()
        header, row = lines[0].split(","), lines[1].split(",")
        row[header.index("cameo_code")] = "999"
        bad = tmp_path / "bad.csv"
        bad.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
        with pytest.raises(EventsError, match=r"bad\.csv:2: cameo_code '999'"):
            read_events(bad)
        (tmp_path / "short.csv").write_text("event_id,event_date\n1,2025-05-01\n")
        with pytest.raises(EventsError, match="missing columns"):
            read_events(tmp_path / "short.csv")
        row[header.index("cameo_code")] = lines[1].split(",")[header.index("cameo_code")]
        row[header.index("intensity")] = "abc"
        bad.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
        with pytest.raises(
            EventsError, match=r"bad\.csv:2: intensity: expected a number, got 'abc'"
        ):
            read_events(bad)
        bad.write_text("\n".join([lines[0], ",".join(row[:5])]) + "\n", encoding="utf-8")
        with pytest.raises(
            EventsError, match=r"bad\.csv:2: the row is short: no value for \['cameo_code'"
        ):
            read_events(bad)

    def test_an_unwritable_events_path_exits_2(self, tmp_path):
        target = tmp_path / "no" / "such" / "dir" / "e.csv"
        result = runner.invoke(app, ["run", "--steps", "2", "--events", str(target)])
        assert result.exit_code == 2 and "--events" in result.output


# --------------------------------------------------------------------------- scheduled events


def test_set_switches_off_a_scheduled_event_by_id():
    spec = load(None, {"events.germany_change_of_guard.enabled": False})
    assert {e.id: e.enabled for e in spec.events} == {
        "germany_change_of_guard": False,
        "gulf_trip": True,
    }
    assert all(e.enabled for e in load().events)
    off = "events.germany_change_of_guard.enabled=false"
    result = runner.invoke(app, ["run", "--json", "--seed", "3", "--set", off])
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout)["outcome"]["ultimatum_day"]
        != simulate(seed=3).outcome["ultimatum_day"]
    )


# --------------------------------------------------------------------------- the key


def test_teaching_key_is_current():
    """The committed key equals a fresh run of scripts/teaching_key.py (same N, same seeds)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "teaching_key.py"), "--check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    key = (DOCS / "teaching_key.md").read_text(encoding="utf-8")
    assert "\n- ✗" not in key, "a lesson plan's expected reasoning no longer holds: see the key"


# --------------------------------------------------------------------------- lesson plan 1


def lesson(number: int) -> str:
    text = (DOCS / "teaching.md").read_text(encoding="utf-8")
    start = text.index(f"## Lesson {number} ")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def console_commands(section: str) -> list[tuple[str, list[str]]]:
    """``$ command`` lines of the section's console blocks, each with its expected lines."""
    out: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("$ "):
                out.append((line[2:], []))
            elif line and line != "..." and out:
                out[-1][1].append(line)
    return out


def test_lesson_plan_1_commands_run_and_print_what_the_plan_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = console_commands(lesson(1))
    assert len(commands) >= 6
    used = {shlex.split(c)[1] for c, _ in commands}
    assert used <= {"run", "rules", "explain"}, used
    assert any("--events" in c for c, _ in commands) and any("--set" in c for c, _ in commands)
    for command, expected in commands:
        argv = shlex.split(command)
        assert argv[0] == "diplomesa", command
        result = runner.invoke(app, argv[1:])
        assert result.exit_code == 0, (command, result.output)
        printed = squash(result.stdout)
        for line in expected:
            assert squash(line) in printed, (command, line)
        if "--events" in argv:
            events = Path(argv[argv.index("--events") + 1])
            assert signals_from_events(read_events(events))


def test_every_command_in_the_lesson_plans_runs(tmp_path, monkeypatch):
    """The inline `diplomesa ...` commands of lessons 2 and 3 run too (exit 0)."""
    monkeypatch.chdir(tmp_path)
    text = lesson(2) + lesson(3)
    commands = re.findall(r"`(diplomesa [^`]+)`", text.replace("\n   ", " "))
    assert len(commands) >= 6
    for command in commands:
        argv = shlex.split(command)
        result = runner.invoke(app, [*argv[1:], *(["--steps", "20"] if argv[1] == "run" else [])])
        assert result.exit_code == 0, (command, result.output)


def test_the_readme_section_leads_to_lesson_1():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Teaching\n", 1)[1].split("\n## ", 1)[0]
    teaching = (DOCS / "teaching.md").read_text(encoding="utf-8")
    plans = len(re.findall(r"^## Lesson \d+ ", teaching, flags=re.M))
    words = {3: "Three", 4: "Four", 5: "Five", 6: "Six"}
    assert f"{words[plans]} lesson plans" in section, f"the README should say {plans} lesson plans"
    assert f"{words[plans]} lesson plans" in teaching, "teaching.md should count its own plans"
    for needed in ("docs/teaching.md", "make run", "source .venv/bin/activate", "Lesson 1"):
        assert needed in section, needed
    first = console_commands(lesson(1))[0][0]
    assert first in section, "the README section should show lesson 1's first command"


# --------------------------------------------------------------------------- three places


def test_every_rule_is_in_the_catalogue_rules_md_and_the_odd():
    code = {r.id: r for r in catalogue()}
    cli = json.loads(runner.invoke(app, ["rules", "--json"]).stdout)
    assert [r["id"] for r in cli] == sorted(code) == [r["id"] for r in rule_rows()]
    rules_md = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert rules_md == rules_markdown(), "docs/rules.md is stale: diplomesa rules --markdown"
    teaching = squash((DOCS / "teaching.md").read_text(encoding="utf-8"))
    assert f"lists the {len(code)} rules" in teaching, "docs/teaching.md counts the rules"
    odd = (DOCS / "ODD.md").read_text(encoding="utf-8")
    sections = re.split(r"\n#### ", odd)[1:]
    by_id = {s.split(" ", 1)[0]: s for s in sections}
    assert sorted(by_id) == sorted(code), (
        "docs/ODD.md §7.4 needs one subsection per rule: write `#### ID — name` for a new rule"
    )
    for rid, cls in code.items():
        assert f"## {rid} — {cls.name}\n" in rules_md, rid
        text = by_id[rid]
        assert text.startswith(f"{rid} — {cls.name}\n"), rid
        flat = squash(text)
        assert f"class `{cls.__name__}`" in flat and f"test `Test{cls.__name__}`" in flat, rid
        assert "Theory:" in text and "Parameters:" in text, rid
        for name in cls.params:
            assert f"`{name}`" in text, (rid, name)
        cited = re.search(r"`article\.txt:([\d, ]+)`", text)
        assert cited and {int(n) for n in cited.group(1).split(",")} == set(cls.lines), rid


def test_odd_has_every_element_and_the_eleven_design_concepts():
    odd = (DOCS / "ODD.md").read_text(encoding="utf-8")
    for heading in (
        "## 1. Purpose and patterns",
        "## 2. Entities, state variables and scales",
        "## 3. Process overview and scheduling",
        "## 4. Design concepts",
        "## 5. Initialization",
        "## 6. Input data",
        "## 7. Submodels",
    ):
        assert heading in odd, heading
    concepts = [
        "Basic principles",
        "Emergence",
        "Adaptation",
        "Objectives",
        "Learning",
        "Prediction",
        "Sensing",
        "Interaction",
        "Stochasticity",
        "Collectives",
        "Observation",
    ]
    for n, name in enumerate(concepts, start=1):
        assert f"**4.{n} {name}.**" in odd, name
    for work in (
        "Fearon 1994",
        "Fearon 1995",
        "Fearon 1997",
        "Kydd 2003",
        "Kydd 2006",
        "Powell 2004",
        "Slantchev 2003",
        "McKelvey and Palfrey 1995",
        "Bayesian updating of blame",
    ):
        assert work in odd, work


def test_odd_names_the_mediators_pipeline_in_its_order():
    """§3's stage 4 lists the evidence modifiers in the order the mediator's pipeline applies
    them, and the rules whose hooks move Russia's estimates."""
    from diplomesa.model import DiplomacyModel

    odd = squash((DOCS / "ODD.md").read_text(encoding="utf-8"))
    model = DiplomacyModel(rng=0, collect_metrics=False, collect_agents=False)
    pipelines = {actor.key: pipeline for actor, pipeline in model._perceiving}
    modify = pipelines[model.key("mediator")].modify
    ids = list(dict.fromkeys(fn.__self__.id for fn in modify))
    assert f"modifiers in order ({', '.join(ids)})" in odd
    moved = list(dict.fromkeys(fn.__self__.id for _, fn in pipelines[model.key("russia")].effects))
    assert f"moves its estimates ({', '.join(moved)})" in odd


def test_lesson_4_commands_run(tmp_path, monkeypatch):
    """Lesson 4's commands run in order: the play (answered from an empty choices file, so
    the model decides every choice), then its debrief and its replay read the record."""
    monkeypatch.chdir(tmp_path)
    text = lesson(4).replace("\n   ", " ")
    commands = re.findall(r"`(diplomesa (?:play|debrief)[^`]+)`", text)
    assert [shlex.split(c)[1] for c in commands][:3] == ["play", "debrief", "play"], commands
    (tmp_path / "none.txt").write_text("# the model decides\n", encoding="utf-8")
    for command in commands:
        argv = shlex.split(command)[1:]
        if argv[0] == "play" and "--replay" not in argv:
            argv += ["--choices", "none.txt"]
        if argv[0] == "debrief":
            argv += ["--runs", "20"]
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, (command, result.output)
