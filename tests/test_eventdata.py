"""Event data from outside the model: the GDELT 1.0/2.0 and ICEWS readers on small synthetic
fixtures (``tests/data/``), the article's events shipped with the package, the statistics of
``compare`` on inputs whose answers are known by hand, and ``diplomesa events compare`` as a
user meets it (output, ``--json``, ``--plot``, ``--ensemble``, errors with exit code 2).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import warnings
import zipfile
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from diplomesa.cli import app
from diplomesa.eventdata import (
    COLUMNS,
    CompareError,
    compare,
    compare_ensemble,
    country_code,
    detect_format,
    read_event_data,
    read_runs,
)
from diplomesa.eventdata.formats import GDELT1_COLUMNS, GDELT2_COLUMNS, ICEWS_COLUMNS
from diplomesa.events import EventsError, write_events
from diplomesa.signals import CAMEO
from diplomesa.simulation import simulate

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "article.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def sim_csv(tmp_path_factory) -> Path:
    """The baseline's seed-3 run as event data, written by the command a user runs."""
    path = tmp_path_factory.mktemp("run") / "sim.csv"
    result = runner.invoke(app, ["run", "--seed", "3", "--events", str(path)])
    assert result.exit_code == 0, result.output
    return path


# --------------------------------------------------------------------------- the readers


def test_the_column_orders_follow_the_codebooks():
    assert (len(GDELT1_COLUMNS), len(GDELT2_COLUMNS), len(ICEWS_COLUMNS)) == (57, 61, 20)
    assert GDELT1_COLUMNS[:35] == GDELT2_COLUMNS[:35]  # 2.0 changed only the geography
    fields = {
        1: "SQLDATE",
        7: "Actor1CountryCode",
        17: "Actor2CountryCode",
        26: "EventCode",
        28: "EventRootCode",
        29: "QuadClass",
        30: "GoldsteinScale",
    }
    assert all(GDELT1_COLUMNS[i] == name for i, name in fields.items())
    assert GDELT1_COLUMNS[38:40] == ("Actor1Geo_ADM1Code", "Actor1Geo_Lat")
    assert GDELT2_COLUMNS[38:40] == ("Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code")
    assert GDELT1_COLUMNS[-1] == "DATEADDED" and GDELT2_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


@pytest.mark.parametrize(
    ("name", "fmt", "rows"),
    [
        ("gdelt1.tsv", "gdelt1", 3),
        ("gdelt1_daily.tsv", "gdelt1_daily", 2),
        ("gdelt2.tsv", "gdelt2", 4),
        ("icews.tab", "icews", 4),
    ],
)
def test_each_format_is_recognised_and_read_into_the_same_columns(name, fmt, rows):
    frame = read_event_data(DATA / name)
    assert detect_format(DATA / name) == fmt and frame.attrs["format"] == fmt
    assert tuple(frame.columns) == COLUMNS and len(frame) == rows
    assert frame["quad_class"].between(1, 4).all() and frame["goldstein"].between(-10, 10).all()
    assert all(isinstance(c, str) for c in frame["cameo_code"])
    assert (frame["root_code"] == frame["cameo_code"].str[:2]).all()


@pytest.mark.parametrize("name", ["gdelt1.tsv", "gdelt2.tsv", "icews.tab"])
def test_leading_zeros_survive(name):
    codes = list(read_event_data(DATA / name)["cameo_code"])
    assert "036" in codes and "0231" in codes
    row = read_event_data(DATA / name).set_index("cameo_code").loc["0231"]
    assert row["root_code"] == "02" and row["quad_class"] == 1


def test_gdelt_rows_give_dates_countries_and_the_eu():
    g1 = read_event_data(DATA / "gdelt1.tsv")
    assert g1["date"].iloc[0] == pd.Timestamp("2013-03-11")
    assert list(g1["source_country"]) == ["DEU", "RUS", "UKR"]
    g2 = read_event_data(DATA / "gdelt2.tsv")
    eu = g2.iloc[-1]  # no country code: CAMEO's known-group code EEC is the EU
    assert (eu["source_country"], eu["source_name"], eu["target_country"]) == (
        "EUR",
        "EUROPEAN UNION",
        "RUS",
    )
    assert (eu["cameo_code"], eu["quad_class"], eu["goldstein"]) == ("1312", 3, -5.8)


def test_icews_names_become_codes_and_an_unknown_name_is_kept_and_counted():
    frame = read_event_data(DATA / "icews.tab")
    assert list(frame["source_country"]) == ["RUS", "UKR", "EUR", "China"]
    assert list(frame["target_country"]) == ["UKR", "USA", "RUS", "RUS"]
    assert list(frame["quad_class"]) == [1, 1, 3, 1]  # ICEWS has none: from the root code
    assert frame.attrs["unmapped"] == {"China": 1}
    assert list(frame["line"]) == [2, 3, 4, 5]


def test_country_code_passes_codes_through_and_maps_the_scenarios_names():
    assert country_code("RUS") == "RUS" and country_code("Russian Federation") == "RUS"
    assert country_code("", "European Union") == "EUR" and country_code("UNITED STATES") == "USA"
    assert country_code("Türkiye") == "TUR" and country_code("Atlantis") == ""


def test_a_zipped_gdelt_file_reads_like_the_plain_one(tmp_path):
    path = tmp_path / "20250510120000.export.CSV.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(DATA / "gdelt2.tsv", "20250510120000.export.CSV")
    zipped, plain = read_event_data(path), read_event_data(DATA / "gdelt2.tsv")
    assert zipped.equals(plain) and zipped.attrs["format"] == "gdelt2"


def test_the_models_own_export_is_read_through_its_checked_reader(sim_csv):
    frame = read_event_data(sim_csv)
    assert (
        frame.attrs["format"] == "diplomesa"
        and len(frame) == len(sim_csv.read_text().splitlines()) - 1
    )
    assert "036" in set(frame["cameo_code"]) and frame["date"].min() == pd.Timestamp("2025-05-01")


def _copy_with(tmp_path: Path, name: str, line: int, old: str, new: str) -> Path:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_malformed_rows_are_errors_naming_the_file_the_line_and_the_expectation(tmp_path):
    cases = [
        (
            DATA / "gdelt2_bad_columns.tsv",
            r"gdelt2_bad_columns\.tsv:3: 60 tab-separated columns; "
            r"expected 61 \(GDELT 2\.0, as on line 1\)",
        ),
        (
            DATA / "gdelt1_bad_date.tsv",
            r"gdelt1_bad_date\.tsv:2: SQLDATE '20131311' is not a "
            r"date YYYYMMDD",
        ),
        (
            DATA / "icews_bad_date.tab",
            r"icews_bad_date\.tab:3: Event Date '11/03/2022' is not a "
            r"date YYYY-MM-DD",
        ),
        (
            _copy_with(tmp_path, "icews.tab", 2, "\t036\t", "\t36\t"),
            r"icews\.tab:2: CAMEO Code "
            r"'36' has no CAMEO root 01-20; was its leading zero lost",
        ),
        (
            _copy_with(tmp_path, "gdelt1_daily.tsv", 2, "\t1\t4.0\t", "\t7\t4.0\t"),
            r"gdelt1_daily\.tsv:2: QuadClass '7' is outside \[1, 4\]",
        ),
    ]
    for path, message in cases:
        with pytest.raises(EventsError, match=message):
            read_event_data(path)


def test_files_of_no_known_format_are_errors(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    narrow = tmp_path / "narrow.tsv"
    narrow.write_text("1\t2\t3\n", encoding="utf-8")
    short = tmp_path / "short.csv"
    short.write_text("Event ID,Event Date,CAMEO Code\n1,2025-05-01,036\n", encoding="utf-8")
    for path, message in (
        (other, r"other\.csv:1: not an event file of a known format"),
        (empty, r"empty\.tsv:1: the file is empty"),
        (narrow, r"narrow\.tsv:1: 3 tab-separated columns; expected 57 or 58"),
        (short, r"short\.csv:1: missing ICEWS columns \['Source Name'"),
        (tmp_path / "absent.csv", r"absent\.csv: cannot be read"),
    ):
        with pytest.raises(EventsError, match=message):
            read_event_data(path)


# --------------------------------------------------------------------------- the article's events


def _article_rows() -> list[dict[str, str]]:
    text = resources.files("diplomesa.data").joinpath("article_events.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_the_article_events_ship_with_the_package_in_icews_columns():
    assert resources.files("diplomesa.data").joinpath("article_events.csv").is_file()
    text = resources.files("diplomesa.data").joinpath("article_events.csv").read_text("utf-8")
    header = next(csv.reader([text.splitlines()[0]]))
    assert tuple(header) == (*ICEWS_COLUMNS, "article_line")
    frame = read_event_data("article")
    assert frame.attrs["format"] == "icews" and frame.attrs["unmapped"] == {}
    assert len(frame) == len(_article_rows()) >= 25
    assert frame["date"].between("2025-05-09", "2025-05-16").all()
    assert (frame["source_country"] != "").all() and (frame["target_country"] != "").all()


def test_the_article_events_are_coded_with_the_cameo_tables_names_and_weights():
    shared = ROOT.parent / "shared" / "cameo.csv"
    table = {c.code: (c.name, c.goldstein) for c in CAMEO.values()}
    if shared.exists():  # the full ICEWS table, for the two codes the model does not use
        with shared.open(encoding="utf-8") as fh:
            full = {r["code"]: (r["name"], float(r["goldstein"])) for r in csv.DictReader(fh)}
        table = full | table
    for row in _article_rows():
        if row["CAMEO Code"] not in table:
            pytest.skip("shared/cameo.csv is not beside this checkout")
        assert (row["Event Text"], float(row["Intensity"])) == table[row["CAMEO Code"]], row


def test_every_article_event_cites_a_line_that_speaks_of_it():
    if not ARTICLE.exists():
        pytest.skip("shared/article.txt is not beside this checkout")
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    generic = {"delegation", "Government", "Military", "Union"}
    for row in _article_rows():
        number = int(row["article_line"])
        assert 1 <= number <= len(lines) and lines[number - 1].strip(), row
        words = {
            w.strip("()")
            for key in ("Source Name", "Target Name", "Source Country", "Target Country")
            for w in row[key].split()
        }
        words = {w for w in words if len(w) > 3 and w not in generic}
        assert any(re.search(rf"\b{re.escape(w)}", lines[number - 1]) for w in words), (
            f"article.txt:{number} names none of {sorted(words)}"
        )


# --------------------------------------------------------------------------- the statistics


def _events(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    """A normalised frame from (date, source, target, code, goldstein)."""
    from diplomesa.eventdata.formats import root_quad_class

    frame = pd.DataFrame(
        [
            {
                "date": pd.Timestamp(d),
                "source_country": s,
                "target_country": t,
                "source_name": s,
                "target_name": t,
                "cameo_code": c,
                "root_code": c[:2],
                "quad_class": root_quad_class()[c[:2]],
                "goldstein": g,
                "line": n,
            }
            for n, (d, s, t, c, g) in enumerate(rows, start=2)
        ],
        columns=list(COLUMNS),
    )
    return frame


def _get(table: pd.DataFrame, statistic: str, dyad: str = "", column: str = "value") -> float:
    rows = table[(table["statistic"] == statistic) & (table["dyad"] == dyad)]
    return float(rows[column].iloc[0])


def test_identical_inputs_are_at_distance_zero_and_correlate_perfectly(sim_csv):
    sim = read_event_data(sim_csv)
    table = compare(sim, sim, start=dt.date(2025, 5, 1), end=dt.date(2025, 7, 28))
    assert _get(table, "quad_class_js") == 0 and _get(table, "root_code_js") == 0
    events = table[table["statistic"] == "events"]
    assert (events["simulated"] == events["real"]).all()
    varying = table[(table["statistic"] == "pearson") & (table["note"] == "")]
    assert len(varying) >= 5 and (varying["value"] - 1).abs().max() < 1e-12
    spearman = table[(table["statistic"] == "spearman") & (table["note"] == "")]
    assert (spearman["value"] - 1).abs().max() < 1e-12
    assert (table.loc[table["statistic"] == "wasserstein", "value"] == 0).all()


def test_known_answers_for_the_series_and_the_mixes():
    # three ISO weeks (W19, W20, W21 of 2025); real is the simulated series halved
    sim = _events(
        [
            ("2025-05-05", "RUS", "UKR", "036", 4.0),
            ("2025-05-12", "RUS", "UKR", "1056", -5.0),
            ("2025-05-19", "RUS", "UKR", "041", 1.0),
        ]
    )
    real = sim.assign(goldstein=sim["goldstein"] / 2)
    table = compare(sim, real)
    assert table.attrs["weeks"] == ["2025-W19", "2025-W20", "2025-W21"]
    assert _get(table, "pearson", "RUS→UKR") == pytest.approx(1.0)
    assert _get(table, "spearman", "RUS→UKR") == pytest.approx(1.0)
    # sorted values -5, 1, 4 against -2.5, 0.5, 2: mean |difference| = (2.5 + 0.5 + 2) / 3
    assert _get(table, "wasserstein", "RUS→UKR") == pytest.approx(5 / 3)
    assert _get(table, "net_goldstein", "RUS→UKR", "real") == pytest.approx(0.0)
    # mixes: all verbal cooperation against half verbal, half material cooperation
    a = _events([("2025-05-05", "RUS", "UKR", "036", 4.0), ("2025-05-06", "RUS", "UKR", "041", 1)])
    b = _events([("2025-05-05", "RUS", "UKR", "036", 4.0), ("2025-05-06", "RUS", "UKR", "072", 8)])
    mix = compare(a, b)
    # M = (3/4, 1/4): JSD = (log2(4/3) + (log2(2/3) + 1) / 2) / 2, distance = its square root
    jsd = (math.log2(4 / 3) + (math.log2(2 / 3) + 1) / 2) / 2
    assert _get(mix, "quad_class_js") == pytest.approx(math.sqrt(jsd))
    disjoint = compare(a, _events([("2025-05-05", "RUS", "UKR", "154", -7.2)]))
    assert _get(disjoint, "quad_class_js") == pytest.approx(1.0)


def test_short_or_constant_series_give_nan_with_a_note_and_no_warning():
    sim = _events(
        [("2025-05-05", "RUS", "UKR", "036", 4.0), ("2025-05-12", "USA", "RUS", "100", -5)]
    )
    real = _events(
        [("2025-05-05", "RUS", "UKR", "036", 4.0), ("2025-05-19", "RUS", "UKR", "112", -2)]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = compare(sim, real, start=dt.date(2025, 5, 5), end=dt.date(2025, 5, 19))
        short = compare(sim, real)  # the days both cover: two weeks
    assert math.isnan(_get(table, "pearson", "USA→RUS"))
    assert (
        "the real series is constant"
        in table.set_index(["statistic", "dyad"]).loc[("pearson", "USA→RUS"), "note"]
    )
    assert _get(table, "wasserstein", "USA→RUS") == pytest.approx(5 / 3)
    assert short.attrs["weeks"] == ["2025-W19", "2025-W20"]
    notes = short.loc[short["statistic"] == "pearson", "note"]
    assert (notes == "fewer than 3 weeks in the window").all()


def test_actors_window_domestic_and_one_sided_events():
    sim = _events(
        [
            ("2025-05-05", "RUS", "UKR", "036", 4.0),
            ("2025-05-05", "USA", "USA", "041", 1.0),  # within one country
            ("2025-05-06", "RUS", "", "154", -7.2),  # no target: mixes and totals only
            ("2025-05-07", "CHN", "RUS", "040", 1.0),  # outside the cast
            ("2025-06-30", "RUS", "UKR", "112", -2.0),  # outside the real file's days
        ]
    )
    real = _events(
        [("2025-05-01", "RUS", "UKR", "036", 4.0), ("2025-05-20", "UKR", "RUS", "112", -2)]
    )
    table = compare(sim, real, actors=["rus", "UKR", "USA"])
    assert table.attrs["window"] == ["2025-05-05", "2025-05-20"]  # the days both cover
    assert table.attrs["actors"] == ["RUS", "UKR", "USA"]
    assert _get(table, "events", "all", "simulated") == 2  # RUS→UKR and the one-sided act
    assert set(table.loc[table["statistic"] == "events", "dyad"]) == {"all", "RUS→UKR", "UKR→RUS"}
    assert table.attrs["simulated"]["one_sided"] == 1
    with_domestic = compare(sim, real, actors=["RUS", "UKR", "USA"], domestic=True)
    assert _get(with_domestic, "events", "USA→USA", "simulated") == 1
    by_default = compare(sim, real)  # actors: the simulated file's countries, CHN among them
    assert "CHN" in by_default.attrs["actors"]
    with pytest.raises(CompareError, match="share no days"):
        compare(sim, real.assign(date=real["date"] + pd.Timedelta(days=400)))


def test_an_ensemble_puts_the_record_among_the_runs(tmp_path):
    runs = [
        _events(
            [("2025-05-05", "RUS", "UKR", "036", 4.0)] * n
            + [("2025-05-20", "UKR", "RUS", "112", -2)]
        )
        for n in (1, 2, 3)
    ]
    real = _events(
        [("2025-05-05", "RUS", "UKR", "036", 4.0)] * 2 + [("2025-05-20", "USA", "RUS", "100", -5)]
    )
    table = compare_ensemble(runs, real, actors=["RUS", "UKR", "USA"])
    rows = table.set_index(["statistic", "dyad", "category"])
    count = rows.loc[("events", "RUS→UKR", "")]
    assert (count["real"], count["median"], count["percentile"], count["runs"]) == (2, 2, 50, 3)
    assert rows.loc[("events", "USA→RUS", ""), "percentile"] == 100  # in no run
    assert rows.loc[("events", "UKR→RUS", ""), "percentile"] == 0  # in every run, not the record
    assert math.isnan(rows.loc[("quad_class_js", "", ""), "percentile"])
    assert rows.loc[("quad_class_js", "", ""), "runs"] == 3
    for i, frame in enumerate(runs):
        frame.to_csv(tmp_path / f"run{i}.csv", index=False)
    with pytest.raises(EventsError, match=r"run0\.csv:1: not an event file of a known format"):
        read_runs(tmp_path)
    (tmp_path / "none").mkdir()
    with pytest.raises(CompareError, match="expected one per run, at least 2"):
        read_runs(tmp_path / "none")
    with pytest.raises(CompareError, match="not a folder"):
        read_runs(tmp_path / "absent" / "x")


# --------------------------------------------------------------------------- the command line


def test_events_compare_on_the_article_prints_every_statistic(sim_csv):
    window = ["--from", "2025-05-01", "--to", "2025-05-18"]
    result = runner.invoke(app, ["events", "compare", str(sim_csv), "article", *window])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (
        "Real: article (ICEWS): 30 of 30 events kept",
        "Window 2025-05-01 to 2025-05-18, 3 ISO weeks",
        "Quad-class mix",
        "Root-code mix",
        "Jensen–Shannon distance (base 2)",
        "Events and net Goldstein per dyad",
        "Weekly net Goldstein per dyad",
        "RUS→UKR",
        "W20",
    ):
        assert text in out, text
    default = runner.invoke(app, ["events", "compare", str(sim_csv), "article"])
    assert default.exit_code == 0, default.output
    assert "Window 2025-05-09 to 2025-05-16" in default.stdout
    assert "fewer than 3 weeks in the window" in default.stdout


def test_events_compare_json_and_plot(sim_csv, tmp_path):
    png = tmp_path / "weekly.png"
    args = ["events", "compare", str(sim_csv), "article", "--actors", "RUS,UKR,USA"]
    result = runner.invoke(app, [*args, "--json", "--plot", str(png)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["actors"] == ["RUS", "UKR", "USA"] and payload["window"] == [
        "2025-05-09",
        "2025-05-16",
    ]
    statistics = {r["statistic"] for r in payload["rows"]}
    assert statistics == {
        "quad_class_share",
        "quad_class_js",
        "root_code_share",
        "root_code_js",
        "events",
        "net_goldstein",
        "weekly_net_goldstein",
        "pearson",
        "spearman",
        "wasserstein",
    }
    assert {r["dyad"] for r in payload["rows"]} >= {"RUS→UKR", "USA→RUS", "UKR→USA"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_events_compare_ensemble(tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    for seed in range(3):
        result = simulate("istanbul_2025", seed=seed, steps=20)
        write_events(result.signals, result.model.spec, folder / f"seed{seed}.csv")
    png = tmp_path / "ensemble.png"
    args = ["events", "compare", "--ensemble", str(folder), "article", "--from", "2025-05-01"]
    result = runner.invoke(app, [*args, "--to", "2025-05-18", "--plot", str(png)])
    assert result.exit_code == 0, result.output
    assert "3 runs" in result.stdout and "percentile" in result.stdout
    assert "Weekly net Goldstein of the record" in result.stdout and png.exists()
    as_json = runner.invoke(app, [*args, "--json"])
    rows = json.loads(as_json.stdout)["rows"]
    share = next(r for r in rows if r["category"] == "verbal cooperation")
    assert share["runs"] == 3 and 0 <= share["percentile"] <= 100


def test_events_compare_bad_inputs_exit_2_without_traceback(sim_csv, tmp_path):
    bad_columns = str(DATA / "gdelt2_bad_columns.tsv")
    cases = [
        ([str(sim_csv), bad_columns], "gdelt2_bad_columns.tsv:3: 60 tab-separated columns"),
        ([str(sim_csv), str(DATA / "gdelt1_bad_date.tsv")], "gdelt1_bad_date.tsv:2: SQLDATE"),
        ([str(sim_csv), str(tmp_path / "absent.csv")], "absent.csv: cannot be read"),
        ([str(sim_csv)], "expected SIMULATED REAL: 2 file(s), got 1"),
        ([str(sim_csv), "article", "--from", "16 May"], "--from '16 May': expected a date"),
        ([str(sim_csv), "article", "--from", "2025-05-20", "--to", "2025-05-01"], "is after"),
        ([str(sim_csv), "article", "--actors", "RU,UKR"], "--actors 'RU,UKR': expected"),
        ([str(sim_csv), "article", "--plot", str(tmp_path / "x.txt")], "ending in .png"),
        ([str(sim_csv), str(DATA / "gdelt1.tsv")], "the files share no days"),
        (["--ensemble", str(tmp_path), "article"], "expected one per run, at least 2"),
        (["--ensemble", str(tmp_path), str(sim_csv), "article"], "expected REAL"),
    ]
    for args, expected in cases:
        result = runner.invoke(app, ["events", "compare", *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        assert expected in result.output, (args, result.output)


def test_events_compare_warns_when_a_side_keeps_no_event(sim_csv):
    """Actors or a window that match nothing give empty tables: said, not left to be guessed."""
    result = runner.invoke(app, ["events", "compare", str(sim_csv), "article", "--actors", "XXX"])
    assert result.exit_code == 0, result.output
    assert "warning: simulated: no event of XXX" in result.stderr
    assert "warning: real: no event of XXX" in result.stderr
    plain = runner.invoke(app, ["events", "compare", str(sim_csv), "article"])
    assert plain.exit_code == 0 and "warning" not in plain.stderr


def test_compare_takes_codes_and_days_as_written_and_names_what_is_not_one(sim_csv):
    from diplomesa.eventdata.compare import CompareError

    listed = compare(sim_csv, "article", actors=["RUS", "UKR"], start=dt.date(2025, 5, 1))
    written = compare(sim_csv, "article", actors="RUS,UKR", start="2025-05-01")
    assert written.attrs["actors"] == listed.attrs["actors"] == ["RUS", "UKR"]
    assert written.attrs["window"] == listed.attrs["window"]
    for kwargs, message in (
        ({"actors": ["Russia"]}, "actors: expected country codes"),
        ({"actors": [1, 2]}, "actors: expected country codes"),
        ({"start": "16 May"}, "start: expected a date or YYYY-MM-DD"),
    ):
        with pytest.raises(CompareError, match=message):
            compare(sim_csv, "article", **kwargs)
