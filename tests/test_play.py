"""Take a seat (diplomesa.play): a human choice replaces one draw and nothing else; a record
replays exactly; a seat sees only what its actor knows; bad choices change nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from diplomesa import DiplomacyModel
from diplomesa.cli import app
from diplomesa.play import Game, GameError
from diplomesa.play.debrief import debrief
from diplomesa.play.record import RecordError, load_game, parse_record
from diplomesa.roles import role_state

runner = CliRunner()


def copy_the_model(game: Game) -> Game:
    """A human who picks, at every decision, what the model's own draw picked."""
    while not game.finished:
        for p in game.waiting():
            drawn = next(d for d in game._decisions(p.seat) if d.problem == p.problem)
            game.choose(p.seat, p.problem, drawn.chosen)
        game.advance()
    return game


def script(game: Game, prefer: dict[str, str]) -> Game:
    """A human who always picks the preferred option where it is open, else the first."""
    while not game.finished:
        for p in game.waiting():
            wanted = prefer.get(p.problem)
            game.choose(p.seat, p.problem, wanted if wanted in p.names else p.names[0])
        game.advance()
    return game


@pytest.mark.parametrize("seat", ["russia", "coalition", "mediator"])
def test_a_human_who_copies_the_model_leaves_the_run_as_the_model_ran_it(seat):
    game = copy_the_model(Game(seed=4, seats=[seat], pace="daily", days=30))
    alone = DiplomacyModel(rng=4, steps=30, collect_metrics=False).run()
    assert sum(m.by == "human" for m in game.moves) >= 20  # it was asked, often
    assert game.model.signals == alone.signals
    assert game.model.outcome() == alone.outcome()


def test_redeciding_an_actor_changes_nothing(monkeypatch):
    """What the game rests on: stage 2 reads the state and changes none of it."""

    def run(twice: bool):
        model = DiplomacyModel(rng=1, record_decisions=True, collect_metrics=False)
        if twice:
            once = model.dispatcher.decide

            def decide(m, agents):
                for agent in agents:  # each agent's stage 2 twice, the first one's log undone
                    n = len(m.decision_log)
                    once(m, (agent,))
                    del m.decision_log[n:]
                    once(m, (agent,))

            monkeypatch.setattr(model.dispatcher, "decide", decide)  # shared: undone after
        return model.run()

    a, b = run(False), run(True)
    assert a.signals == b.signals and a.outcome() == b.outcome()


def test_a_different_choice_changes_the_run_but_no_other_draw():
    game = Game(seed=0, seats=["russia"], pace="daily", days=20)
    while not game.finished:
        for p in game.waiting():
            wanted = [o for o in ("leader", "propose_talks") if o in p.names]
            game.choose(p.seat, p.problem, (wanted or p.names)[0])
        game.advance()
    alone = DiplomacyModel(rng=0, steps=20, record_decisions=True, collect_metrics=False).run()
    assert game.model.world.talks_level == "leader" != alone.world.talks_level
    theirs = {(d.step, d.actor, d.problem): d.draw for d in alone.decision_log}
    ours = {(d.step, d.actor, d.problem): d.draw for d in game.model.decision_log}
    shared = set(theirs) & set(ours)
    assert len(shared) > 100 and all(theirs[k] == ours[k] for k in shared)


def test_a_record_replays_exactly_through_json():
    game = script(Game(seed=2, seats=["russia", "ukraine"]), {"russia.delegation_rank": "senior"})
    record = json.loads(json.dumps(game.record()))
    again = Game.replay(record)
    assert again.finished and again.day == game.day
    assert again.model.signals == game.model.signals
    assert again.record() == game.record()
    assert {m["by"] for m in record["moves"]} >= {"human"}


def test_a_replay_of_an_unfinished_game_stops_where_it_stopped():
    game = Game(seed=1, seats=["russia"])
    for _ in range(3):
        for p in game.waiting():
            game.choose(p.seat, p.problem, p.names[-1])
        game.advance()
    again = Game.replay(game.record())
    assert not again.finished and again.day == game.day
    assert [p.problem for p in again.waiting()] == [p.problem for p in game.waiting()]
    assert again.model.signals == game.model.signals


def test_undo_goes_back_to_the_previous_stop_with_its_choices_undone():
    game = Game(seed=0, seats=["russia"])
    for _ in range(2):
        for p in game.waiting():
            game.choose(p.seat, p.problem, p.names[0])
        game.advance()
    day, signals = game.stops[-2], None
    before = Game(seed=0, seats=["russia"], moves=[m for m in game.moves if m.day < day])
    signals = list(before.model.signals)
    game.undo()
    assert game.day == day and not any(m.day >= day for m in game.moves)
    assert game.model.signals == signals
    assert all(p.chosen is None for p in game.pending())


def test_quiet_days_are_waited_through_and_only_when_nothing_new_came():
    news = copy_the_model(Game(seed=0, seats=["russia"], days=40))
    daily = Game(seed=0, seats=["russia"], pace="daily", days=40)
    copy_the_model(daily)
    assert len(news.stops) < len(daily.stops)
    quiet = [m for m in news.moves if m.by == "quiet"]
    assert quiet and all(m.option == "wait" for m in quiet)
    # a quiet day had no news since the last stop: replay to it and look
    m = quiet[0]
    earlier = [x for x in news.moves if x.day < m.day]
    probe = Game(seed=0, seats=["russia"], days=m.day, moves=earlier)
    last_stop = max(d for d in probe.stops if d < m.day)
    assert not [
        s for s in probe.model.signals
        if last_stop <= s.step < m.day and s.sender != "putin"
        and (s.public or "putin" in s.receivers)
    ]  # fmt: skip


def test_a_seat_sees_its_own_beliefs_not_the_others_state():
    game = Game(seed=0, seats=["russia"], days=15)
    while game.day < 9:
        for p in game.waiting():
            game.choose(p.seat, p.problem, p.names[0])
        game.advance()
    view = game.view("russia")
    names = {s.name for s in view.state}
    assert "blame_estimate" in names  # Russia's estimate of the mediator's blame ...
    assert names <= set(role_state("russia"))  # ... and only Russia's own state
    for private in ("blame", "irritation", "readiness", "sanctions_reluctance"):
        assert private not in names
    key = game.actor_of("russia").key
    allowed = {
        (s.step, s.text) for s in game.model.signals
        if s.public or key in s.receivers or s.sender == key
    }  # fmt: skip
    hidden = {
        (s.step, s.text) for s in game.model.signals
        if not s.public and key not in s.receivers and s.sender != key
    }  # fmt: skip
    assert hidden - allowed  # others' private signals exist (the coalition coaching Ukraine)
    assert view.signals and all((s.day, s.text) in allowed for s in view.signals)
    assert view.briefing.wants and view.briefing.rules
    assert all(r.source.startswith("article.txt:") for r in view.briefing.rules)


def test_advice_can_be_hidden():
    shown = Game(seed=0, seats=["russia"]).pending()
    hidden = Game(seed=0, seats=["russia"], advice=False).pending()
    assert shown and all(o.probability is not None and o.terms is not None
                         for p in shown for o in p.options)  # fmt: skip
    assert all(o.probability is None and o.terms is None for p in hidden for o in p.options)
    assert all(o.says for p in hidden for o in p.options)  # the consequences, in words


def test_bad_choices_are_refused_and_change_nothing():
    game = Game(seed=0, seats=["russia"])
    before = game.record()
    p = game.waiting()[0]
    with pytest.raises(GameError, match="not open"):
        game.choose("russia", p.problem, "annex_everything")
    with pytest.raises(GameError, match="not played by a human"):
        game.choose("ukraine", p.problem, p.names[0])
    with pytest.raises(GameError, match="no decision"):
        game.choose("russia", "russia.nothing", "wait")
    with pytest.raises(GameError, match="choose first"):
        game.advance()
    assert game.record() == before
    game.choose("russia", p.problem, p.names[0])
    with pytest.raises(GameError, match="undo: nothing to undo"):
        Game(seed=0, seats=["russia"]).undo()
    game.play_out()
    with pytest.raises(GameError, match="finished"):
        game.choose("russia", p.problem, p.names[0])
    with pytest.raises(GameError, match="finished"):
        game.advance()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"seats": ["putin"]}, "not a seat"),
        ({"seats": []}, "at least one"),
        ({"seed": "1"}, "seed"),
        ({"days": 0}, "days"),
        ({"pace": "weekly"}, "pace"),
        ({"scenario": "no_such_scenario"}, "no_such_scenario"),
    ],
)
def test_a_game_that_cannot_be_set_up_says_why(kwargs, match):
    with pytest.raises(GameError, match=match):
        Game(**kwargs)


def test_the_coalition_seat_makes_the_joint_decision():
    game = Game(seed=0, seats=["coalition"], days=3, pace="daily")
    p = next(p for p in game.waiting() if "coach" in p.names)
    game.choose("coalition", p.problem, "coach")
    for q in game.waiting():
        game.choose("coalition", q.problem, "wait")
    game.advance()
    coached = [s for s in game.model.signals if s.step == 1 and s.kind.name == "COACH"]
    assert len(coached) == len(game.model.members("coalition"))


def test_a_record_with_a_wrong_field_is_refused_by_name(tmp_path):
    good = Game(seed=0, seats=["russia"]).record()
    with pytest.raises(RecordError, match="format"):
        parse_record({**good, "format": "other"})
    with pytest.raises(RecordError, match=r"moves\.0\.day"):
        bad = {"day": 0, "seat": "russia", "problem": "x", "option": "y"}
        parse_record({**good, "moves": [bad]})
    path = tmp_path / "game.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RecordError, match=r"game\.json: line 1"):
        load_game(path)
    moved = {**good, "moves": [{"day": 1, "seat": "russia", "problem": "russia.mass_troops",
                                "option": "annex"}]}  # fmt: skip
    path.write_text(json.dumps(moved), encoding="utf-8")
    with pytest.raises(RecordError, match="not an option"):
        load_game(path)


def test_a_record_whose_moves_do_not_fit_its_game_is_refused_not_cut_short():
    """A move of a seat the record does not play, a second choice of one problem on one day,
    a move the run never put to its seat, a negative seed: each is named, and none replays
    as a shorter game."""
    game = script(Game(seed=0, seats=["russia"]), {"russia.delegation_rank": "leader"})
    good = game.record()
    assert good["moves"]
    first = good["moves"][0]
    with pytest.raises(RecordError, match=r"moves\.0\.seat: 'ukraine' is not one of"):
        parse_record({**good, "moves": [{**first, "seat": "ukraine"}, *good["moves"][1:]]})
    with pytest.raises(
        RecordError, match=r"moves\.1: a second choice .* \(moves\.0 is the first\)"
    ):
        parse_record({**good, "moves": [first, first, *good["moves"][1:]]})
    with pytest.raises(RecordError, match=r"seed: .*greater than or equal to 0"):
        parse_record({**good, "seed": -1})
    with pytest.raises(RecordError, match=r"says the game was (finished|on day \d+), but"):
        Game.replay({**good, "moves": []})  # its moves cut: it would replay to day 1
    bogus = {**first, "problem": "russia.bogus"}
    with pytest.raises(RecordError, match=r"had no decision 'russia\.bogus'"):
        Game.replay({**good, "moves": [bogus, *good["moves"][1:]]})
    assert Game.replay(good).record() == good


@pytest.mark.parametrize("seed", [0, 3, 4])
def test_a_seat_that_acts_more_than_once_a_day_replays_after_quiet_days(seed):
    """The coalition acts, then waits, in its joint action: on a quiet day the game waits
    for it in what is open after each wait (no move for a later pick that never comes), so
    its record replays."""
    game = Game(seed=seed, seats=["coalition"], days=20)
    while not game.finished:
        while (p := game.next_waiting()) is not None:
            act = next((o for o in p.names if o != "wait"), "wait")
            game.choose(p.seat, p.problem, act if "#" not in p.problem else "wait")
        game.advance()
    assert any(m.by == "quiet" for m in game.moves)
    assert Game.replay(game.record()).record() == game.record()


def test_the_debrief_places_the_outcome_and_finds_the_choice_that_mattered():
    game = script(Game(seed=0, seats=["russia"]), {"russia.delegation_rank": "leader"})
    report = debrief(game, runs=40)
    assert len(report.runs) == 40
    assert 0.0 <= report.percentile("blame") <= 1.0
    assert report.choices and all(0 <= r.likely_probability <= 1 for r in report.choices)
    top = report.moved[0]
    assert top.score > 0 and top.score == max(m.score for m in report.moved)
    text = report.markdown()
    assert "percentile" in text and "moved the outcome most" in text
    assert f"Day {top.row.day}, {top.row.title}" in text


def test_play_with_a_choices_file_runs_end_to_end(tmp_path):
    choices = tmp_path / "choices.txt"
    choices.write_text("# Putin goes himself\n2 russia.propose_talks propose_talks\n"
                       "2, answer_demand, reject_ceasefire\n", encoding="utf-8")  # fmt: skip
    record = tmp_path / "game.json"
    result = runner.invoke(app, ["play", "--seat", "russia", "--seed", "0", "--choices",
                                 str(choices), "--record", str(record)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "the game is over" in result.output
    data = json.loads(record.read_text())
    human = [(m["day"], m["problem"], m["option"]) for m in data["moves"] if m["by"] == "human"]
    assert human == [(2, "russia.answer_demand", "reject_ceasefire"),
                     (2, "russia.propose_talks", "propose_talks")]  # fmt: skip
    replayed = runner.invoke(app, ["play", "--replay", str(record)])
    assert replayed.exit_code == 0 and "you (russia)" in replayed.output
    report = runner.invoke(app, ["debrief", str(record), "--runs", "20"])
    assert report.exit_code == 0 and "# Debrief" in report.output
    kept = record.read_bytes()
    again = runner.invoke(app, ["play", "--seat", "russia", "--seed", "3", "--choices",
                                str(choices), "--record", str(record)])  # fmt: skip
    assert again.exit_code == 2 and "exists" in again.stderr and record.read_bytes() == kept
    for bad in (tmp_path, record / "x.json"):  # a folder; a folder that is a file
        refused = runner.invoke(app, ["play", "--seat", "russia", "--days", "3", "--choices",
                                      str(choices), "--record", str(bad)])  # fmt: skip
        assert refused.exit_code == 2 and "--record" in refused.stderr, refused.output
        assert "Traceback" not in refused.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["choices.txt", "game.json"]
    game = Game(seed=0, seats=["russia"], days=2)
    with pytest.raises(OSError):
        game.save(tmp_path / "no_such_folder" / "game.json")
    with pytest.raises(OSError):
        game.save(tmp_path)  # a folder: written beside it, then not renamed over it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["choices.txt", "game.json"]
    assert not list(tmp_path.parent.glob(f"{tmp_path.name}.part"))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("12 russia.delegation_rank\n", r"choices\.txt:1: expected DAY PROBLEM OPTION"),
        ("# ok\nday russia.mass_troops wait\n", r"choices\.txt:2: DAY"),
        ("1 ukraine.accuse accuse\n", r"choices\.txt:1: PROBLEM"),
        ("1 russia.mass_troops annex\n", r"choices\.txt:1: 'annex' is not an option"),
        ("3 russia.delegation_rank junior\n", r"choices\.txt:1: day 3: 'russia' had no decision"),
    ],
)
def test_a_bad_choices_file_is_refused_by_file_and_line(tmp_path, text, match):
    choices = tmp_path / "choices.txt"
    choices.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["play", "--choices", str(choices)])
    assert result.exit_code == 2
    assert __import__("re").search(match, " ".join(result.output.split())), result.output


def test_a_briefing_for_an_unknown_role_is_an_error_naming_it(tmp_path):
    from diplomesa.scenario import ScenarioError, load

    path = tmp_path / "bad.toml"
    path.write_text('title = "t"\nextends = "istanbul_2025"\n[briefings.kremlin]\nwants = "x"\n')
    with pytest.raises(ScenarioError, match=r"briefings\.kremlin"):
        load(path)
    path.write_text('title = "t"\nextends = "istanbul_2025"\n[briefings.russia]\nwants = ""\n')
    with pytest.raises(ScenarioError, match=r"briefings\.russia\.wants"):
        load(path)


def test_every_act_says_what_it_does_in_words():
    model = DiplomacyModel(rng=0, collect_metrics=False)
    assert model.dispatcher.acts and set(model.dispatcher.says) == set(model.dispatcher.acts)
    assert all(text.strip() for text in model.dispatcher.says.values())


@pytest.mark.parametrize("seed", [2, 5, 6])
def test_a_game_of_many_seats_choosing_at_random_replays_exactly(seed):
    """Several seats, each choosing at random in any order (a classroom room's day): the
    record replays to the same signals. A later pick of a problem (``joint_action#2``) has
    the options its seat's earlier choice left; the replay reads them again after each
    move (with the model's draw's options it refused, or silently diverged)."""
    import random

    rng = random.Random(seed)
    game = Game(None, seed, ["russia", "ukraine", "mediator", "coalition", "eu"], days=10)
    while not game.finished:
        for _ in range(40):
            waiting = game.waiting()
            if not waiting:
                break
            p = rng.choice(waiting)
            game.choose(p.seat, p.problem, rng.choice(p.names))
        game.advance()
    again = Game.replay(game.record())
    assert again.model.signals == game.model.signals

    def order(m):
        return (m.day, m.seat, m.problem)

    assert sorted(again.moves, key=order) == sorted(game.moves, key=order)  # seat by seat
    # each choice given back to the model in turn: the model then takes every later pick
    # that opens (the loops read today's problems afresh after each choice)
    from diplomesa.play.debrief import debrief

    assert len(debrief(game, runs=3).choices) > 0
