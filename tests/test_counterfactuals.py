"""The counterfactual library: each file changes one lever, quotes its article line, and
moves the outcome the article's reasoning points to, with a 95% interval excluding zero.

Ensembles are paired (common random numbers: run i of both uses seed i) and the interval
is the paired percentile bootstrap of :mod:`diplomesa.comparison` (2000 resamples, seeded).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from diplomesa.catalogue import scenario_changes
from diplomesa.comparison import Ensemble, paired_differences, run_ensemble
from diplomesa.scenario import configs_dir, load

RUNS, SEED = 200, 0
LIBRARY = configs_dir() / "counterfactuals"

# (scenario, outcome field, statistic, expected sign of other − base, article lines, why)
EXPECTATIONS = [
    ("putin_attends", "ceasefire_day <= talks_day + 7", "share", +1, 25,
     "a leader carries a mandate, and refusing face to face raises the sanctions risk (R22)"),
    ("putin_attends", "trust_mediator_russia_at_talks", "mean", +1, 25,
     "no junior delegation, no disrespect to the mediator"),
    ("no_coaching", "ukraine_accepted_day", "median day", +1, 16,
     "uncoached, Ukraine accepts the demand later"),
    ("no_coaching", "trust_mediator_ukraine_at_talks", "mean", -1, 17,
     "accepting later, Ukraine's claim is confirmed by fewer refusals before the talks"),
    ("no_change_of_guard", "ultimatum_day", "share", -1, 18,
     "without Merz's resolve the coalition issues no credible ultimatum"),
    ("no_change_of_guard", "talks_proposed_day", "share", -1, 19,
     "less pressure, so Russia proposes talks less often"),
    ("stalemate", "ceasefire_day", "share", +1, 10,
     "without momentum delay is worth nothing, so a truce comes"),
    ("stalemate", "ceasefire_day", "median day", -1, 10,
     "and it comes sooner"),
    ("mediator_internalized", "us_energy_sanctions_day", "share", +1, 30,
     "once it is clear to him, he cuts the energy lifeline"),
    ("mediator_internalized", "blame_russia_end", "mean", +1, 30,
     "evidence moves his blame fully"),
    ("no_ultimatum", "talks_proposed_day", "share", -1, 19,
     "not caught flat-footed, Russia proposes talks less often"),
    ("no_ultimatum", "eu_package_drafted_day", "median day", +1, 18,
     "no lapsed deadline to speed the EU's next package"),
    ("russia_accepts", "ultimatum_day", "share", -1, 8,
     "no refusal to answer, so no ultimatum"),
    ("russia_accepts", "blame_russia_end", "mean", -1, 8,
     "no refusal for the mediator to read"),
]  # fmt: skip


@cache
def ensemble(name: str) -> Ensemble:
    return run_ensemble(name, RUNS, SEED)


@cache
def table(name: str):
    return paired_differences(ensemble("istanbul_2025"), ensemble(name)).set_index(
        ["field", "statistic"]
    )


@pytest.mark.ensemble
@pytest.mark.parametrize(
    ("name", "field", "statistic", "sign", "line", "why"),
    EXPECTATIONS,
    ids=[f"{e[0]}:{e[1]}:{e[2]}" for e in EXPECTATIONS],
)
def test_counterfactual_moves_the_outcome(name, field, statistic, sign, line, why):
    row = table(name).loc[(field, statistic)]
    ci = f"[{row.ci_low:+.3f}, {row.ci_high:+.3f}]"
    shown = f"{name}: {field} {statistic} diff {row['diff']:+.3f} {ci}"
    assert sign * row["diff"] > 0, f"{shown}; expected sign {sign:+d} ({why}, article.txt:{line})"
    assert min(sign * row.ci_low, sign * row.ci_high) > 0, f"{shown}; the interval includes 0"


def test_each_expectation_cites_a_line_the_file_quotes():
    for name, *_, line, _why in EXPECTATIONS:
        text = (LIBRARY / f"{name}.toml").read_text(encoding="utf-8")
        lines = {int(n) for n in re.findall(r"article\.txt:(\d+)", text)}
        assert line in lines or any(abs(line - n) <= 1 for n in lines), (name, line, lines)


def test_library_has_six_one_lever_files_with_titles():
    files = sorted(LIBRARY.glob("*.toml"))
    assert len(files) >= 6
    assert {e[0] for e in EXPECTATIONS} <= {f.stem for f in files}
    for path in files:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        assert raw["extends"] == "istanbul_2025", path.name
        assert len(scenario_changes(raw)) == 1, (path.name, scenario_changes(raw))
        spec = load(path)
        assert spec.title and "article.txt:" in spec.description, path.name


def test_descriptions_quote_the_article():
    article = Path(__file__).resolve().parents[2] / "shared" / "article.txt"
    if not article.exists():
        pytest.skip("shared/article.txt is not beside this checkout")
    lines = article.read_text(encoding="utf-8").splitlines()

    def norm(t: str) -> str:
        return " ".join(t.replace("’", "'").replace("“", '"').replace("”", '"').split())

    for path in sorted(LIBRARY.glob("*.toml")):
        description = " ".join(load(path).description.split())
        cited = [int(n) for n in re.findall(r"article\.txt:(\d+)", description)]
        quotes = re.findall(r'"([^"]+)"', description)
        assert cited and quotes, path.name
        source = norm(" ".join(lines[n - 1] for n in cited))
        for quote in quotes:
            assert norm(quote) in source, (path.name, quote)


def test_baseline_levers_are_what_the_files_say():
    base = load()
    assert load("putin_attends").actors["putin"].delegation_rank == "leader"
    assert not load("no_coaching").rules.R02.enabled and base.rules.R02.enabled
    assert not load("no_ultimatum").rules.R05.enabled
    assert load("stalemate").actors["putin"].momentum == 0 < base.actors["putin"].momentum
    assert load("mediator_internalized").actors["trump"].internalization == 1.0
    assert load("russia_accepts").actors["putin"].accepts_demand_from == 1
    assert base.actors["putin"].accepts_demand_from is None
    events = {e.id: e for e in load("no_change_of_guard").events}
    assert not events["germany_change_of_guard"].enabled and events["gulf_trip"].enabled
    assert [e.id for e in load("no_change_of_guard").events] == [e.id for e in base.events]
