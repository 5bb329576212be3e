"""Scenario commands: ``diplomesa validate | scenarios | compare``.

Like ``run``, they answer a user's mistake with a message naming the file, the field and what
was expected, and exit code 2. The list of scenarios is :func:`diplomesa.catalogue.scenario_rows`;
the paired ensembles are :mod:`diplomesa.comparison`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from diplomesa.cli.console import err, fail, out, print_json, reported, without_nan
from diplomesa.cli.options import (
    FirstSeedOpt,
    JsonListOpt,
    JsonOpt,
    OtherSetOpt,
    SetOpt,
    StepsOpt,
    parse_sets,
)
from diplomesa.scenario import ScenarioError, configs_dir, load


def validate(
    files: Annotated[
        list[str], typer.Argument(help="scenario files (or names in configs/) to check")
    ],
    set_: SetOpt = None,
) -> None:
    """Check scenario files; print what is wrong in each (exit code 2 if anything is)."""
    overrides = parse_sets(set_)
    bad = 0
    for name in files:
        try:
            spec = load(name, overrides)
        except ScenarioError as exc:
            bad += 1
            err.print(
                f"[bold red]invalid:[/] {escape(name)}\n{escape(exc.render())}", highlight=False
            )
            continue
        parent = f" (extends {spec.extends})" if spec.extends else ""
        out.print(f"[green]ok[/] {escape(name)}: {escape(spec.title)}{escape(parent)}")
    if bad:
        fail(f"{bad} of {len(files)} scenario file(s) invalid")


def scenarios(as_json: JsonListOpt = False) -> None:
    """List the scenarios in configs/ (baseline and counterfactuals) with their titles."""
    from diplomesa.catalogue import scenario_rows

    rows = scenario_rows()
    if as_json:
        print_json(rows, indent=2, ensure_ascii=False)
        return
    table = Table(title=f"Scenarios in {configs_dir()}")
    table.add_column("name", no_wrap=True)
    for col in ("title", "extends", "what it changes"):
        table.add_column(col, overflow="fold")
    for r in rows:
        title = r["title"] or f"[red]invalid[/]: {escape(r.get('error', ''))}"
        table.add_row(
            escape(r["name"]),
            title if not r["title"] else escape(title),
            escape(r["extends"] or "—"),
            escape("\n".join(r["changes"]) or "—"),
        )
    out.print(table)


def _fmt(value: float, statistic: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if statistic == "share":
        return f"{value:.0%}"
    return f"{value:g}" if statistic == "median day" else _num(value)


def _num(value: float, sign: str = "") -> str:
    """Three decimals for values in [0, 1]-ish, fewer for days and km²."""
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
    return f"{value:{sign}.{digits}f}"


def _fmt_diff(row: dict[str, Any]) -> tuple[str, str]:
    stat = row["statistic"]
    if math.isnan(row["diff"]):
        return "—", "—"
    if stat == "share":
        diff = f"{row['diff'] * 100:+.0f} pp"
        low, high = row["ci_low"] * 100, row["ci_high"] * 100
        ci = "—" if math.isnan(low) else f"[{low:+.0f}, {high:+.0f}] pp"
    else:
        num = (lambda v: f"{v:+g}") if stat == "median day" else (lambda v: _num(v, "+"))
        diff = num(row["diff"])
        low, high = row["ci_low"], row["ci_high"]
        ci = "—" if math.isnan(low) else f"[{num(low)}, {num(high)}]"
    return diff, ci


def compare(
    base: Annotated[str, typer.Argument(help="the reference scenario (name or path)")],
    other: Annotated[str, typer.Argument(help="the scenario to compare with it")],
    runs: Annotated[int, typer.Option(min=2, max=100_000, help="runs per scenario")] = 100,
    seed: FirstSeedOpt = 0,
    steps: StepsOpt = None,
    as_json: JsonOpt = False,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="draw the key metrics over time with bands (PNG, SVG, PDF)"),
    ] = None,
    set_: OtherSetOpt = None,
) -> None:
    """Run BASE and OTHER as paired seeded ensembles and print the differences with 95% CIs.

    ``--set`` changes OTHER only, so ``compare istanbul_2025 istanbul_2025 --set PATH=VALUE``
    measures one lever without writing a file.
    """
    from diplomesa.comparison import paired_differences, plot_bands, run_ensemble

    if plot is not None:
        if plot.suffix.lower() not in (".png", ".svg", ".pdf"):
            fail(f"--plot {plot}: expected a file name ending in .png, .svg or .pdf")
        if not plot.parent.is_dir():
            fail(f"--plot {plot}: expected an existing directory, {plot.parent} is not one")
    overrides = parse_sets(set_)
    ensembles = []
    for name, sets in ((base, {}), (other, overrides)):
        with reported():
            ensembles.append(run_ensemble(name, runs, seed, steps, sets, metrics=plot is not None))
    if overrides:  # say what OTHER is when it is BASE with a lever moved
        moved = ", ".join(f"{k}={v}" for k, v in overrides.items())
        ensembles[1].name = f"{ensembles[1].name} with {moved}"
        ensembles[1].title = f"{ensembles[1].title} with {moved}"
    table = paired_differences(*ensembles)
    if plot is not None:
        try:
            plot_bands(*ensembles, plot)
        except OSError as exc:
            fail(f"--plot {plot}: cannot write the file ({exc.strerror})")
        except ValueError as exc:  # a folder named like a picture
            fail(f"--plot {plot}: {str(exc).split(': ', 1)[-1]}")
    rows = table.to_dict(orient="records")
    if as_json:
        print_json({**table.attrs, "rows": [without_nan(r) for r in rows]})
        return
    a, b = ensembles
    out.print(
        f"[bold]{escape(a.title)}[/] (base) vs [bold]{escape(b.title)}[/] (other): "
        f"{runs} paired runs, seeds {seed}..{seed + runs - 1}",
        highlight=False,
    )
    grid = Table(caption=f"difference = other − base; {table.attrs['interval']}; * excludes 0")
    for col in ("outcome", "statistic", "base", "other", "difference", "95% CI", ""):
        left = col in ("outcome", "statistic")
        grid.add_column(col, justify="left" if left else "right", overflow="fold")
    for r in rows:
        diff, ci = _fmt_diff(r)
        grid.add_row(
            escape(r["field"]),
            r["statistic"],
            _fmt(r["base"], r["statistic"]),
            _fmt(r["other"], r["statistic"]),
            diff,
            ci,
            "*" if r["significant"] else "",
        )
    out.print(grid)
    if plot is not None:
        out.print(f"plot written to {escape(str(plot))}")
