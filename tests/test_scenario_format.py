"""The scenario format: ``extends`` chains, events merged by id, overrides by dotted path,
messages that say what was expected; and the ``validate``, ``scenarios`` and ``compare``
commands."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

import diplomesa
from diplomesa import DiplomacyModel
from diplomesa.cli import app
from diplomesa.comparison import paired_differences, run_ensemble
from diplomesa.scenario import ScenarioError, load, scenario_files

runner = CliRunner()


def write(tmp_path, text: str, name: str = "s.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(source, overrides=None) -> str:
    with pytest.raises(ScenarioError) as info:
        load(source, overrides)
    return info.value.render()


def output(result) -> str:
    """stdout and stderr, whether or not this click version mixes them."""
    text = result.output
    try:
        extra = result.stderr
    except ValueError:
        extra = ""
    return text if extra and extra in text else text + extra


class TestExtends:
    def test_chain_inherits_and_overrides_only_what_it_names(self, tmp_path):
        write(tmp_path, 'extends = "istanbul_2025"\ntitle = "a"\nsteps = 30\n', "a.toml")
        path = write(tmp_path, 'extends = "a.toml"\ntitle = "b"\n[rules.R05]\nenabled = false\n')
        spec, base = load(path), load()
        assert (spec.title, spec.steps, spec.rules.R05.enabled) == ("b", 30, False)
        assert spec.rules.R05.info_weight == base.rules.R05.info_weight
        assert spec.actors == base.actors and spec.events == base.events

    def test_cycles_and_missing_parents_are_named(self, tmp_path):
        write(tmp_path, 'extends = "b.toml"\ntitle = "a"\n', "a.toml")
        write(tmp_path, 'extends = "c.toml"\ntitle = "b"\n', "b.toml")
        write(tmp_path, 'extends = "a.toml"\ntitle = "c"\n', "c.toml")
        msg = problems(tmp_path / "a.toml")
        assert "extends: cycle: a.toml -> b.toml -> c.toml -> a.toml" in msg
        assert "cycle" in problems(write(tmp_path, 'extends = "self.toml"\n', "self.toml"))
        msg = problems(write(tmp_path, 'extends = "nowhere"\ntitle = "x"\n', "orphan.toml"))
        assert "orphan.toml: extends: parent scenario 'nowhere' not found; expected" in msg


class TestEventsMergeById:
    def test_a_child_disables_one_event_by_naming_its_id(self, tmp_path):
        path = write(
            tmp_path,
            'extends = "istanbul_2025"\n[[events]]\nid = "germany_change_of_guard"\n'
            "enabled = false\n",
        )
        events = {e.id: e for e in load(path).events}
        assert not events["germany_change_of_guard"].enabled
        assert events["germany_change_of_guard"].value == 0.85  # the rest is inherited
        assert events["gulf_trip"].enabled

    def test_a_new_id_is_added_and_must_be_complete(self, tmp_path):
        new = '[[events]]\nid = "sanctions_hawk"\ndate = 2025-05-20\nactor = "macron"\n'
        path = write(
            tmp_path,
            f'extends = "istanbul_2025"\n{new}attribute = "sanctions_willingness"\nvalue = 1.0\n',
        )
        assert [e.id for e in load(path).events][-1] == "sanctions_hawk"
        msg = problems(write(tmp_path, f'extends = "istanbul_2025"\n{new}', "partial.toml"))
        assert "events[2].attribute: required field is missing" in msg

    def test_event_values_are_checked_against_the_attribute(self, tmp_path):
        body = '[[events]]\nid = "germany_change_of_guard"\nvalue = 3.0\n'
        msg = problems(write(tmp_path, f'extends = "istanbul_2025"\n{body}'))
        assert "events[0].value: expected" in msg and "sanctions_willingness" in msg
        body = '[[events]]\nid = "gulf_trip"\nid2 = 1\n'
        assert "events[1].id2: unknown field; expected one of" in problems(
            write(tmp_path, f'extends = "istanbul_2025"\n{body}', "x.toml")
        )

    def test_duplicate_ids_in_one_file_are_rejected(self, tmp_path):
        data = load().model_dump(mode="python")
        data["events"].append(dict(data["events"][0]))
        from diplomesa.scenario import validate

        with pytest.raises(ScenarioError, match=r"events\[2\]\.id: expected a unique id"):
            validate(data, "dup")


class TestOverrides:
    def test_events_are_reached_by_id_in_set_and_keywords(self):
        spec = load(None, {"events.germany_change_of_guard.enabled": False})
        assert not spec.events[0].enabled and spec.events[1].enabled
        model = DiplomacyModel(rng=1, events__germany_change_of_guard__enabled=False)
        assert not model.spec.events[0].enabled
        msg = problems(None, {"events.no_such_event.enabled": False})
        assert "events.no_such_event: no item with this id; expected one of" in msg
        assert "germany_change_of_guard" in msg

    def test_set_on_a_loaded_scenario(self):
        spec = load(load(), {"events.gulf_trip.enabled": False, "actors.putin.momentum": 0.0})
        assert not spec.events[1].enabled and spec.actors["putin"].momentum == 0

    @pytest.mark.parametrize(
        ("path", "value", "expected"),
        [
            ("rules.R11.per_refusal", 3, "expected a number in [0, 1]"),
            ("rules.R01.repeat_window", 2.5, "expected a whole number in [1, 60] days"),
            ("actors.putin.momentum", math.nan, "expected"),
            ("steps", 10**400, "a 401-digit number"),
            ("roles.ukraine", "putin", "expected an actor other than russia's"),
            ("roles.coalition", ["merz", "zelensky"], "roles.coalition[1]: expected a third"),
            ("start_date", "9999-12-01", "start_date: expected a date on or before"),
            ("rules", 3, "rules: expected a table, got 3"),
            ("actors.putin", "x", "actors.putin: expected a table, got 'x'"),
            ("actors.putin.wat", 1, "actors.putin.wat: unknown field; expected one of"),
        ],
    )
    def test_every_message_says_what_was_expected(self, path, value, expected):
        msg = problems(None, {path: value})
        assert "istanbul_2025.toml (with overrides): " in msg and expected in msg, msg


class TestCommands:
    def test_validate_every_file_in_configs(self):
        files = [str(p) for p in scenario_files()]
        result = runner.invoke(app, ["validate", *files])
        assert result.exit_code == 0, output(result)
        assert result.stdout.count("ok ") == len(files) >= 7

    def test_validate_names_the_bad_file_and_exits_2(self, tmp_path):
        bad = write(tmp_path, 'extends = "istanbul_2025"\n[rules.R11]\nper_refusal = "[/x]"\n')
        result = runner.invoke(app, ["validate", "istanbul_2025", str(bad)])
        text = output(result)
        assert result.exit_code == 2 and "Traceback" not in text
        assert f"{bad}: rules.R11.per_refusal: expected a number in [0, 1]" in text
        assert "1 of 2 scenario file(s) invalid" in text

    def test_scenarios_lists_the_library_with_titles(self):
        result = runner.invoke(app, ["scenarios", "--json"])
        assert result.exit_code == 0, output(result)
        rows = {r["name"]: r for r in json.loads(result.stdout)}
        assert rows["istanbul_2025"]["title"] == "Istanbul 2025 (baseline)"
        assert rows["putin_attends"]["changes"] == ['actors.putin.delegation_rank = "leader"']
        assert rows["no_change_of_guard"]["changes"] == [
            "events.germany_change_of_guard.enabled = false"
        ]
        plain = runner.invoke(app, ["scenarios"])
        assert plain.exit_code == 0 and "putin_attends" in plain.stdout
        assert "Putin attends" in plain.stdout


class TestCompare:
    def test_identical_scenarios_differ_by_exactly_zero(self):
        """Common random numbers: the same scenario with the same seeds is the same runs."""
        table = diplomesa.compare("istanbul_2025", "istanbul_2025", runs=6, seed=3, steps=30)
        assert (table["diff"].fillna(0) == 0).all() and not table["significant"].any()
        assert table.attrs["runs"] == 6 and "paired" in table.attrs["interval"]

    def test_run_i_of_both_uses_seed_s_plus_i(self):
        ens = run_ensemble("istanbul_2025", runs=3, seed=10, steps=20)
        assert list(ens.outcomes["seed"]) == [10, 11, 12]
        one = DiplomacyModel(rng=11, steps=20, collect_agents=False).run().outcome()
        assert ens.outcomes.loc[1, "blame_russia_end"] == one["blame_russia_end"]

    def test_the_interval_is_reproducible_and_brackets_the_difference(self):
        a = run_ensemble("istanbul_2025", runs=20, seed=0, steps=40)
        b = run_ensemble("stalemate", runs=20, seed=0, steps=40)
        t1, t2 = paired_differences(a, b), paired_differences(a, b)
        assert t1.equals(t2)
        ok = t1.dropna(subset=["ci_low"])
        assert ((ok.ci_low <= ok["diff"] + 1e-9) & (ok["diff"] <= ok.ci_high + 1e-9)).all()

    def test_cli_json_and_plot(self, tmp_path):
        png = tmp_path / "bands.png"
        args = ["compare", "istanbul_2025", "putin_attends", "--runs", "4", "--steps", "25"]
        result = runner.invoke(app, [*args, "--json", "--plot", str(png)])
        assert result.exit_code == 0, output(result)
        payload = json.loads(result.stdout)
        assert payload["runs"] == 4 and payload["other"] == "putin_attends"
        fields = {(r["field"], r["statistic"]) for r in payload["rows"]}
        assert ("ceasefire_day", "share") in fields and ("blame_russia_end", "mean") in fields
        assert png.read_bytes()[:4] == b"\x89PNG"
        text = runner.invoke(app, args)
        assert text.exit_code == 0 and "95% CI" in text.stdout and "seeds 0..3" in text.stdout

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--runs", "1"], "--runs"),
            (["--plot", "x.gif"], "expected a file name ending in .png"),
            (["--plot", "/no/such/dir/x.png"], "expected an existing directory"),
        ],
    )
    def test_cli_bad_options_exit_2(self, args, expected):
        result = runner.invoke(app, ["compare", "istanbul_2025", "stalemate", *args])
        assert result.exit_code == 2 and expected in output(result), output(result)

    def test_cli_bad_scenario_exits_2(self, tmp_path):
        bad = write(tmp_path, 'extends = "istanbul_2025"\nsteps = "many"\n')
        result = runner.invoke(app, ["compare", "istanbul_2025", str(bad), "--runs", "2"])
        text = output(result)
        assert result.exit_code == 2 and f"{bad}: steps: expected" in text


def test_the_worked_example_in_the_docs_is_valid(tmp_path):
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"
    example = re.search(r"```toml\n(.*?)```", docs.read_text(encoding="utf-8"), re.S)
    spec = load(write(tmp_path, example.group(1), "my_variant.toml"))
    assert spec.actors["putin"].delegation_rank == "senior"
    assert spec.actors["trump"].internalization == 0.25
    assert [e.enabled for e in spec.events] == [True, False]


def test_compare_set_moves_one_lever_of_other_only():
    result = runner.invoke(
        app,
        ["compare", "istanbul_2025", "istanbul_2025", "--runs", "20", "--steps", "20",
         "--json", "--set", "rules.R05.enabled=false"],
    )  # fmt: skip
    assert result.exit_code == 0, output(result)
    payload = json.loads(result.stdout)
    rows = {(r["field"], r["statistic"]): r for r in payload["rows"]}
    assert rows[("ultimatum_day", "share")]["base"] == 1.0
    assert rows[("ultimatum_day", "share")]["other"] == 0.0
    assert "rules.R05.enabled=False" in json.dumps(payload)
