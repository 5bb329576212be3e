"""The app's pieces without a browser: levers within the schema, sessions, panels, the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from diplomesa.scenario import load
from diplomesa.viz import about, compare, controls, ensemble, explain, network, plots, timeline
from diplomesa.viz.controls import LEVERS, RANK_AUTO, Settings, parse_seed, settings_from
from diplomesa.viz.session import AppModel

COUNTERFACTUAL = """
title = "Unit: no momentum"
extends = "istanbul_2025"
[actors.putin]
momentum = 0.0
"""


@pytest.fixture
def extra_scenarios(tmp_path, monkeypatch):
    (tmp_path / "no_momentum.toml").write_text(COUNTERFACTUAL, encoding="utf-8")
    (tmp_path / "broken.toml").write_text('title = "Broken"\nsteps = -1\n', encoding="utf-8")
    (tmp_path / "sweep.toml").write_text("[sweep]\nruns = 3\n", encoding="utf-8")
    monkeypatch.setenv(controls.EXTRA_DIRS_ENV, str(tmp_path))
    controls._scan.cache_clear()
    yield tmp_path
    controls._scan.cache_clear()


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.name)
def test_every_value_a_lever_can_take_is_valid(lever: controls.Lever) -> None:
    if lever.kind == "float":
        n = round((lever.high - lever.low) / lever.step)
        values = [lever.low + lever.step * k for k in (0, 1, n // 2, n - 1, n)] + [lever.high]
    elif lever.kind == "bool":
        values = [True, False]
    else:
        values = list(lever.choices)
    for value in values:
        settings, problems = settings_from(None, "0", {lever.name: value})
        assert problems == []
        settings.spec()  # raises ScenarioError if the schema rejects it


def test_slider_ranges_come_from_the_schema() -> None:
    r22 = controls.LEVERS_BY_NAME["R22_reluctance_mean"]
    from diplomesa.rules import REGISTRY

    meta = REGISTRY["R22"].params["reluctance_mean"]
    assert (r22.low, r22.high) == (meta.low, meta.high) and meta.unit in r22.label
    kappa = controls.LEVERS_BY_NAME["mediator_internalization"]
    assert (kappa.low, kappa.high) == (0.0, 1.0)
    params = controls.model_params()
    assert params["R22_reluctance_mean"].min == meta.low
    assert params["rng"]["type"] == "InputText"


def test_levers_follow_roles_and_apply_only_when_moved() -> None:
    base = load(None)
    settings, _ = settings_from(None, "3", controls.default_values() | {"rng": "3"})
    assert settings.overrides == {} and settings.seed == 3
    settings, _ = settings_from(
        None, 0, {"mediator_internalization": 0.9, "russia_delegation_rank": "leader"}
    )
    assert settings.overrides == {
        f"actors.{base.role('mediator')}.internalization": 0.9,
        f"actors.{base.role('russia')}.delegation_rank": "leader",
    }
    settings, _ = settings_from(None, 0, {"russia_delegation_rank": RANK_AUTO})
    assert settings.overrides == {}


@pytest.mark.parametrize("bad", ["abc", "1.5", "", "-1", "1e3", str(2**40), True, None])
def test_seed_accepts_only_whole_numbers(bad: object) -> None:
    if bad is None:
        assert settings_from(None, None, {})[0].seed == 0
        return
    with pytest.raises(ValueError, match="seed"):
        parse_seed(bad)
    settings, problems = settings_from(None, bad, {})
    assert settings.seed == 0 and "seed" in problems[0]


def test_seed_parsing() -> None:
    assert parse_seed(" 42 ") == 42 and parse_seed(7) == 7 and parse_seed("1_000") == 1000


def test_scenario_picker_lists_configs_with_titles(extra_scenarios) -> None:
    choices = controls.scenario_choices()
    assert choices[0].name == "istanbul_2025"
    assert choices[0].label.startswith(load(None).title)
    names = [c.name for c in choices]
    assert "no_momentum" in names and "broken" not in names and "sweep" not in names
    assert any(s.startswith("broken:") for s in controls.skipped_scenarios())
    # a lever at its baseline value keeps the counterfactual's own value
    app = AppModel(scenario="Unit: no momentum — no_momentum", rng="1", russia_momentum=0.6)
    assert app.model.actor("russia").momentum == 0.0
    app = AppModel(scenario="Unit: no momentum — no_momentum", rng="1", russia_momentum=0.3)
    assert app.model.actor("russia").momentum == 0.3
    assert compare.counterfactual_options()[1:] == [
        c.label for c in choices if c.name != "istanbul_2025"
    ]


# --------------------------------------------------------------------------- the session


def test_bad_input_becomes_a_message_and_a_runnable_model() -> None:
    app = AppModel(scenario="no such file", rng="x1", R22_reluctance_mean=0.5, bogus=1)
    text = "\n".join(app.messages)
    assert "unknown scenario" in text and "seed" in text and "bogus" in text
    assert app.settings.scenario.name == "istanbul_2025" and app.settings.seed == 0
    app.step()
    assert app.steps == 1


def test_an_error_in_a_step_stops_the_run_with_a_message(monkeypatch) -> None:
    app = AppModel(**controls.default_values())
    app.step()

    def boom() -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(app.model, "step", boom)
    app.step()
    assert not app.running and "kaput" in app.messages[-1] and "day 1" in app.messages[-1]
    app.step()  # a stopped run ignores further steps
    assert app.steps == 1


def test_two_sessions_are_independent() -> None:
    a, b = AppModel(**controls.default_values()), AppModel(**controls.default_values())
    for _ in range(3):
        a.step()
    assert (a.steps, b.steps) == (3, 0) and a.model is not b.model


def test_same_settings_same_run() -> None:
    a, b = AppModel(rng="5"), AppModel(rng="5")
    for _ in range(20):
        a.step()
        b.step()
    assert a.model.signals == b.model.signals


# --------------------------------------------------------------------------- panels


def test_network_layout_is_stable_and_arrows_follow_signals() -> None:
    app = AppModel(rng="1")
    before = network.layout(app.model.spec)
    for _ in range(5):
        app.step()
    assert network.layout(app.model.spec) == before
    svg = network_svg = network.network_svg(app)
    arrows = sum(len(s.receivers) for s in app.model.today)
    assert network_svg.count("<path") == arrows
    assert f'data-step="{app.steps}"' in svg
    assert network.goldstein_color(-10) != network.goldstein_color(10)
    assert network.short_name("Luiz Inácio Lula da Silva", "ThirdParty") == "Lula da Silva"


def test_timeline_rows_carry_the_rule_and_its_article_line() -> None:
    app = AppModel(rng="1")
    for _ in range(3):
        app.step()
    html = timeline.timeline_html(app)
    first = app.model.signals[-1]
    assert html.count("<details") == len(app.model.signals)
    assert f"[{first.rule}]" in html and "article.txt:" in html


def test_plots_read_the_collectors_lists_and_grow_by_a_point() -> None:
    app = AppModel(rng="1")
    app.step()
    one = plots.chart_svgs(app)
    app.step()
    two = plots.chart_svgs(app)
    count = lambda svg: len(re.search(r'polyline points="([^"]*)"', svg).group(1).split())  # noqa: E731
    assert count(two[0]) == count(one[0]) + 1 == 3
    assert app.series("blame_russia") is app.model.datacollector.model_vars["blame_russia"]
    blame = next(svg for svg in two if "Blame and irritation" in svg)  # his and Russia's view
    assert "estimate of it" in blame and blame.count("<polyline") >= 3
    slack = two[-1]  # the bargaining range: below zero while it is empty, the axis about 0
    assert "The bargaining range" in slack and "slack (open when &gt;= 0)" in slack
    assert app.series("slack")[0] < 0 and ">-0.25</text>" in slack and ">0</text>" in slack
    badges = plots.badges_html(app)
    for label in ("Ukraine accepted", "Ultimatum", "Talks held", "Cease-fire", "EU packages"):
        assert label in badges


def test_explain_shows_options_terms_and_probabilities() -> None:
    app = AppModel(rng="1")
    app.step()
    key = next(iter(app.last_decisions))
    html = explain.decisions_html(app, key)
    decision = app.last_decisions[key][0]
    for option, p in zip(decision.options, decision.probabilities, strict=True):
        assert option.name in html and f"{p:.1%}" in html
    assert "no decision yet" in explain.decisions_html(AppModel(), key)


def test_explain_shows_the_mediators_evidence_with_its_exponent() -> None:
    app = AppModel(rng="3")
    for _ in range(10):  # day 10 of seed 3: the lapsed deadline and the junior rank
        app.step()
    med = app.model.cast["mediator"].key
    html = explain.decisions_html(app, med)
    assert "Evidence taken in on day 10" in html and "data-panel='evidence'" in html
    assert "the world</td><td>DEADLINE_LAPSED" in html and "R19: <b>2.46</b>" in html
    kappa = app.model.cast["mediator"].internalization  # drawn per run
    assert f"R18: <b>{kappa:.3g}</b>" in html  # κ, not discounted: an event of the world
    assert "Evidence" not in explain.decisions_html(app, app.model.cast["russia"].key)


def test_ensemble_bands_and_shares() -> None:
    settings = Settings(controls.baseline_choice(), 0, {})
    result = ensemble.run_ensemble(settings, 4)
    p10, p50, p90 = result.bands["blame_russia"]
    assert len(p50) == result.steps + 1 and (p10 <= p50).all() and (p50 <= p90).all()
    assert result.runs == 4 and all(0 <= v <= 1 for v in result.shares.values())
    assert result.shares["Ukraine accepted"] in {0, 0.25, 0.5, 0.75, 1}
    html = ensemble.results_html([result, result], "compare")
    assert "difference" in html and "<polygon" in html


def test_about_has_netlogo_sections_and_the_live_catalogue() -> None:
    text = about.about_markdown()
    for section in about.SECTIONS:
        assert f"## {section}" in text
    assert "{{" not in text and "| R28 |" in text and "R22_reluctance_mean" not in text


def test_about_names_every_tab_of_the_app() -> None:
    source = (Path(__file__).resolve().parents[1] / "app.py").read_text(encoding="utf-8")
    tabs = re.findall(r'solara\.lab\.Tab\("([^"]+)"\)', source)
    assert len(tabs) >= 7
    text = " ".join(about.about_markdown().split())
    for tab in tabs:
        assert f"**{tab}**" in text, f"docs/about.md's list of tabs misses {tab!r}"


# --------------------------------------------------------------------------- the CLI


def test_app_command_binds_localhost_in_production_mode() -> None:
    from diplomesa.viz.server import solara_command

    cmd = solara_command("127.0.0.1", 8765)
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and "--production" in cmd
    assert cmd[cmd.index("--port") + 1] == "8765" and cmd[-1] != "--dev"


def test_app_command_reports_a_missing_cache_clearly(tmp_path, capsys) -> None:
    from diplomesa.cli.serve import ensure_assets

    with pytest.raises(typer.Exit) as exc:
        ensure_assets(tmp_path / "empty", fill=False)
    assert exc.value.exit_code == 2
    err = capsys.readouterr().err
    assert "@widgetti/solara-vuetify-app" in err and "missing" in err
    assert "solara_offline.py" in err


def test_app_command_refuses_a_wrong_rooms_db_or_cache_dir_before_serving(
    tmp_path, monkeypatch
) -> None:
    from typer.testing import CliRunner

    from diplomesa.cli import app

    def serve(*args: object) -> None:
        raise AssertionError("the server was started")

    monkeypatch.setattr("os.execve", serve)  # a check that let it through fails, not hangs

    not_db = tmp_path / "notes.txt"
    not_db.write_text("not a database")
    for args, expected in (
        (["--rooms-db", str(not_db)], "cannot hold the rooms"),
        (["--rooms-db", str(tmp_path)], "is a folder"),
        (["--cache-dir", str(not_db)], "is not a folder"),
    ):
        result = CliRunner().invoke(app, ["app", "--no-fill", *args])
        assert result.exit_code == 2 and expected in result.stderr, result.output
    assert not_db.read_text() == "not a database"


def test_the_timeline_shows_every_round_of_talks():
    from datetime import date, timedelta

    from diplomesa.viz.plots import outcome_badges

    def date_of(d):
        return date(2025, 5, 1) + timedelta(days=d - 1)

    from diplomesa import DiplomacyModel

    outcome = DiplomacyModel(rng=0, collect_metrics=False).run().outcome()
    outcome.update(talks_day=13, talks_days=[13, 27, 40], partial_agreements=1)
    (talks,) = [
        detail for label, detail, _ in outcome_badges(outcome, date_of) if label == "Talks held"
    ]
    assert "3 rounds (days 13, 27, 40)" in talks and "1 confidence-building" in talks
