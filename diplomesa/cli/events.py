"""``diplomesa events compare``: a run's event log beside recorded event data.

It reads the project's own export, GDELT 1.0 / 2.0 and ICEWS files (:mod:`diplomesa.eventdata`),
and prints the quad-class and root-code mixes with their Jensen–Shannon distance, the weekly
net Goldstein series of every dyad with their correlations and Wasserstein-1 distance, and the
events per dyad; ``--ensemble DIR`` puts the record among many runs (percentiles). A bad file
ends with a message naming the file, the line and what was expected, and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from diplomesa.cli.console import err, fail, out, print_json, without_nan
from diplomesa.cli.options import JsonOpt

app = typer.Typer(
    help="Event data: compare a run's event log with GDELT, ICEWS or the article's events.",
    no_args_is_help=True,
)


def _date(text: str | None, option: str) -> dt.date | None:
    """The library's reading of a window's day (:func:`window_day`), said as the option."""
    from diplomesa.eventdata.compare import CompareError, window_day

    try:
        return window_day(option, text)
    except CompareError:
        fail(f"{option} {text!r}: expected a date YYYY-MM-DD, e.g. 2025-05-16")


def _actors(text: str | None) -> list[str] | None:
    """The library's reading of country codes (:func:`country_codes`), said as the option."""
    from diplomesa.eventdata.compare import CompareError, country_codes

    try:
        return country_codes(text)
    except CompareError:
        fail(
            f"--actors {text!r}: expected country codes of three letters, comma-separated, "
            "e.g. RUS,UKR,USA"
        )


def compare(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="SIMULATED REAL",
            help="two event files: the run's (diplomesa run --events) and the record's (GDELT "
            "1.0/2.0, ICEWS, or 'article' for the article's events shipped with diplomesa); "
            "with --ensemble, REAL only",
        ),
    ],
    actors: Annotated[
        str | None,
        typer.Option(help="country codes to keep, e.g. RUS,UKR,USA (default: the run's)"),
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="first day of the window, YYYY-MM-DD")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="last day of the window, YYYY-MM-DD")
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="draw the weekly net Goldstein of the main dyads (PNG)"),
    ] = None,
    as_json: JsonOpt = False,
    ensemble: Annotated[
        Path | None,
        typer.Option(
            "--ensemble",
            help="a folder of event files, one *.csv per run: where the record falls among them",
        ),
    ] = None,
    domestic: Annotated[
        bool, typer.Option("--domestic", help="keep events within one country (USA→USA)")
    ] = False,
) -> None:
    """Compare a simulated event log with recorded event data over a window of days.

    Default window: the days both files cover. Actors are matched by country code; ICEWS
    country names are mapped to codes. See docs/eventdata.md.
    """
    from diplomesa.eventdata import CompareError, compare, compare_ensemble
    from diplomesa.events import EventsError

    wanted = 1 if ensemble is not None else 2
    if len(files) != wanted:
        shape = "REAL (the runs are in --ensemble)" if ensemble else "SIMULATED REAL"
        fail(f"expected {shape}: {wanted} file(s), got {len(files)}")
    start, end = _date(from_, "--from"), _date(to, "--to")
    if start and end and start > end:
        fail(f"--from {start} is after --to {end}")
    if plot is not None:
        if plot.suffix.lower() not in (".png", ".svg", ".pdf"):
            fail(f"--plot {plot}: expected a file name ending in .png, .svg or .pdf")
        if not plot.parent.is_dir():
            fail(f"--plot {plot}: expected an existing directory, {plot.parent} is not one")
    options: dict[str, Any] = {
        "actors": _actors(actors),
        "start": start,
        "end": end,
        "domestic": domestic,
    }
    try:
        if ensemble is not None:
            table = compare_ensemble(ensemble, files[0], **options)
        else:
            table = compare(files[0], files[1], **options)
    except (EventsError, CompareError) as exc:
        fail(str(exc))
    if plot is not None:
        from diplomesa.eventdata.plot import plot_weekly

        try:
            plot_weekly(table, plot)
        except OSError as exc:
            fail(f"--plot {plot}: cannot write the file ({exc.strerror})")
    if as_json:
        rows = [without_nan(r) for r in table.to_dict(orient="records")]
        print_json({**table.attrs, "rows": rows}, ensure_ascii=False)
        return
    names = files if ensemble is None else [str(ensemble), files[0]]
    if ensemble is None:
        _print_single(table, names)
    else:
        _print_ensemble(table, names)
    if plot is not None:
        out.print(f"plot written to {escape(str(plot))}")


# --------------------------------------------------------------------------- printing


def _num(value: float, fmt: str) -> str:
    return "—" if value is None or math.isnan(value) else format(value, fmt)


def _pct(value: float) -> str:
    return _num(value * 100, ".1f") + ("%" if not math.isnan(value) else "")


def _rows(table: Any, statistic: str) -> Any:
    return table[table["statistic"] == statistic]


def _value(table: Any, statistic: str, column: str = "value") -> float:
    return float(_rows(table, statistic)[column].iloc[0])


def _header(table: Any, names: list[str], ensemble: bool) -> None:
    from diplomesa.eventdata import FORMATS

    a = table.attrs
    sim, real = a["simulated"], a["real"]
    if ensemble:
        out.print(
            f"[bold]Simulated[/]: {escape(names[0])}: {sim['runs']} runs, {sim['kept']} of "
            f"{sim['events']} events kept",
            highlight=False,
        )
    else:
        out.print(
            f"[bold]Simulated[/]: {escape(names[0])} ({FORMATS.get(sim['format'], '?')}): "
            f"{sim['kept']} of {sim['events']} events kept",
            highlight=False,
        )
    out.print(
        f"[bold]Real[/]: {escape(names[1])} ({FORMATS.get(real['format'], '?')}): "
        f"{real['kept']} of {real['events']} events kept",
        highlight=False,
    )
    weeks = a["weeks"]
    out.print(
        f"Window {a['window'][0]} to {a['window'][1]}, {len(weeks)} ISO weeks "
        f"({weeks[0]} to {weeks[-1]}); actors {', '.join(a['actors'])} ({a['actors_from']}); "
        f"events within one country {'kept' if a['domestic'] else 'left out'}",
        highlight=False,
    )
    for side in ("simulated", "real"):
        for name, n in a[side].get("unmapped", {}).items():
            out.print(f"note: {side}: country {escape(name)!r} has no code ({n} events)")
    for side in ("simulated", "real"):
        if not a[side]["kept"]:
            err.print(
                f"[bold yellow]warning:[/] {side}: no event of {escape(', '.join(a['actors']))} "
                f"with one another falls in {a['window'][0]} to {a['window'][1]}: every "
                "statistic below is empty (check --actors, --from and --to)",
                highlight=False,
            )


def _print_single(table: Any, names: list[str]) -> None:
    from diplomesa.eventdata.formats import root_names

    _header(table, names, ensemble=False)
    quad = Table(title="Quad-class mix (share of events)")
    for col, justify in (("quad class", "left"), ("simulated", "right"), ("real", "right")):
        quad.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in _rows(table, "quad_class_share").itertuples():
        quad.add_row(r.category, _pct(r.simulated), _pct(r.real))
    quad.caption = f"Jensen–Shannon distance (base 2): {_js(table, 'quad_class_js')}"
    out.print(quad)

    roots, root_names = Table(title="Root-code mix (share of events)"), root_names()
    for col, justify in (("root", "left"), ("", "left"), ("simulated", "right"), ("real", "right")):
        roots.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in _rows(table, "root_code_share").itertuples():
        if r.simulated or r.real:
            roots.add_row(r.category, root_names[r.category], _pct(r.simulated), _pct(r.real))
    roots.caption = (
        f"Jensen–Shannon distance (base 2): {_js(table, 'root_code_js')}; roots with no events "
        "in either left out"
    )
    out.print(roots)

    dyads = Table(
        title="Events and net Goldstein per dyad; their weekly series compared",
        caption="n: events; G: net Goldstein (sum of weights); r, ρ: Pearson's and Spearman's "
        "correlation of the weekly series; W1: Wasserstein-1 distance of their values",
    )
    for col in ("dyad", "n sim", "n real", "G sim", "G real", "r", "ρ", "W1"):
        dyads.add_column(col, justify="left" if col == "dyad" else "right", no_wrap=True)
    events, goldstein = _rows(table, "events"), _rows(table, "net_goldstein")
    stats = {s: _rows(table, s).set_index("dyad") for s in ("pearson", "spearman", "wasserstein")}
    undefined: dict[str, list[str]] = {}
    for e, g in zip(events.itertuples(), goldstein.itertuples(), strict=True):
        if e.dyad == "all":
            total = (e, g)
            continue
        p, s, w = (stats[k].loc[e.dyad] for k in ("pearson", "spearman", "wasserstein"))
        if p["note"]:
            undefined.setdefault(p["note"], []).append(e.dyad)
        dyads.add_row(
            e.dyad,
            f"{e.simulated:.0f}",
            f"{e.real:.0f}",
            _num(g.simulated, "+.1f"),
            _num(g.real, "+.1f"),
            _num(p["value"], ".3f"),
            _num(s["value"], ".3f"),
            _num(w["value"], ".2f"),
        )
    e, g = total
    dyads.add_section()
    dyads.add_row(
        "all",
        f"{e.simulated:.0f}",
        f"{e.real:.0f}",
        _num(g.simulated, "+.1f"),
        _num(g.real, "+.1f"),
    )
    out.print(dyads)
    out.print("'all' counts one-sided events too (an act with no target), which no dyad has")
    for note, which in undefined.items():
        out.print(f"r, ρ undefined (—), {escape(note)}: {', '.join(which)}", highlight=False)

    weeks = table.attrs["weeks"]
    weekly = Table(title="Weekly net Goldstein per dyad (sum of Goldstein weights per ISO week)")
    weekly.add_column("dyad")
    weekly.add_column("")
    for w in weeks:
        weekly.add_column(w.split("-")[-1], justify="right")
    series = _rows(table, "weekly_net_goldstein")
    for dyad, rows in series.groupby("dyad", sort=False):
        weekly.add_row(str(dyad), "sim", *(_num(v, "+.1f") for v in rows["simulated"]))
        weekly.add_row("", "real", *(_num(v, "+.1f") for v in rows["real"]), end_section=True)
    out.print(weekly)


def _js(table: Any, statistic: str) -> str:
    row = _rows(table, statistic).iloc[0]
    note = f" ({row['note']})" if row["note"] else ""
    return _num(row["value"], ".3f") + note


def _range(row: Any, fmt: str) -> str:
    if math.isnan(row["median"]):
        return "—"
    return f"{format(row['median'], fmt)} [{format(row['low'], fmt)}, {format(row['high'], fmt)}]"


def _print_ensemble(table: Any, names: list[str]) -> None:
    from diplomesa.eventdata.formats import root_names

    _header(table, names, ensemble=True)
    caption = "runs: median [5%, 95%]; percentile of the real value among the runs' (ties half)"
    mix = Table(title="Quad-class and root-code mix (share of events)", caption=caption)
    for col in ("category", "real", "runs", "percentile"):
        mix.add_column(col, justify="left" if col == "category" else "right")
    root_names = root_names()
    for statistic in ("quad_class_share", "root_code_share"):
        for r in _rows(table, statistic).to_dict(orient="records"):
            if statistic == "root_code_share" and not (r["real"] or r["high"]):
                continue
            label = r["category"]
            if statistic == "root_code_share":
                label = f"{label} {root_names[label]}"
            shares = {k: r[k] * 100 for k in ("median", "low", "high")}
            mix.add_row(label, _pct(r["real"]), _range(shares, ".1f"), _num(r["percentile"], ".0f"))
        mix.add_section()
    out.print(mix)
    for statistic in ("quad_class_js", "root_code_js"):
        row = _rows(table, statistic).iloc[0]
        what = statistic.removesuffix("_js").replace("_", "-")
        out.print(f"Jensen–Shannon distance, {what} mix: {_range(row, '.3f')}")

    dyads = Table(
        title="Events and net Goldstein per dyad",
        caption="n: events; G: net Goldstein; runs: median [5%, 95%]; %ile: the real value's "
        "percentile among the runs'",
    )
    for col in ("dyad", "n real", "n runs", "%ile", "G real", "G runs", "%ile"):
        dyads.add_column(col, justify="left" if col == "dyad" else "right", no_wrap=True)
    events = _rows(table, "events").to_dict(orient="records")
    goldstein = _rows(table, "net_goldstein").to_dict(orient="records")
    for e, g in zip(events, goldstein, strict=True):
        dyads.add_row(
            e["dyad"],
            f"{e['real']:.0f}",
            _range(e, ".0f"),
            _num(e["percentile"], ".0f"),
            _num(g["real"], "+.1f"),
            _range(g, "+.1f"),
            _num(g["percentile"], ".0f"),
            end_section=e["dyad"] == "all",
        )
    out.print(dyads)

    series = Table(
        title="The weekly series against the record, over the runs",
        caption="median [5%, 95%] over the runs in which it is defined",
    )
    for col in ("dyad", "Pearson r", "Spearman ρ", "Wasserstein-1"):
        series.add_column(col, justify="left" if col == "dyad" else "right", no_wrap=True)
    by = {s: _rows(table, s).set_index("dyad") for s in ("pearson", "spearman", "wasserstein")}
    undefined: dict[str, list[str]] = {}
    for dyad in by["pearson"].index:
        p, s, w = (by[k].loc[dyad] for k in ("pearson", "spearman", "wasserstein"))
        if p["note"]:
            undefined.setdefault(p["note"], []).append(dyad)
        series.add_row(dyad, _range(p, ".2f"), _range(s, ".2f"), _range(w, ".2f"))
    out.print(series)
    for note, which in undefined.items():
        out.print(f"r, ρ {escape(note)}: {', '.join(which)}", highlight=False)

    weeks = table.attrs["weeks"]
    pct = Table(title="Weekly net Goldstein of the record: value (percentile among the runs)")
    pct.add_column("dyad")
    for w in weeks:
        pct.add_column(w.split("-")[-1], justify="right")
    weekly = _rows(table, "weekly_net_goldstein")
    for dyad, rows in weekly.groupby("dyad", sort=False):
        pct.add_row(
            str(dyad),
            *(
                f"{r['real']:+.1f} ({_num(r['percentile'], '.0f')})"
                for r in rows.to_dict(orient="records")
            ),
        )
    out.print(pct)
