"""``diplomesa run`` and ``diplomesa facts``: one run as a dated story and its outcome, and a
seeded ensemble checked against the article's stylized facts.

``run --out`` writes the run's files (:func:`write_outputs`) and ``--events`` its ICEWS-style
event data (:func:`diplomesa.events.write_events`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from diplomesa.cli.console import fail, out, print_json, reported, without_nan
from diplomesa.cli.options import (
    FirstSeedOpt,
    JsonOpt,
    OutOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    StepsOpt,
    parse_sets,
)
from diplomesa.scenario import BASELINE


def run(
    scenario: ScenarioArg = BASELINE,
    seed: SeedOpt = 0,
    steps: StepsOpt = None,
    set_: SetOpt = None,
    as_json: JsonOpt = False,
    out_dir: OutOpt = None,
    events: Annotated[
        Path | None,
        typer.Option("--events", help="write the signal log as ICEWS-style event data (CSV)"),
    ] = None,
) -> None:
    """Run one scenario and print its narrative and outcome (or JSON)."""
    from diplomesa.simulate import simulate

    overrides = parse_sets(set_)
    with reported():
        result = simulate(scenario, seed=seed, steps=steps, overrides=overrides)
    if out_dir is not None:
        write_outputs(result, out_dir)
    if events is not None:
        from diplomesa.events import write_events

        try:
            write_events(result.signals, result.model.spec, events)
        except OSError as exc:
            fail(f"--events {events}: cannot write the file ({exc.strerror})")
    if as_json:
        outcome = without_nan(result.outcome)
        print_json({"scenario": scenario, "seed": seed, "steps": result.steps, "outcome": outcome})
        return
    print_narrative(result)


def facts(
    scenario: ScenarioArg = BASELINE,
    runs: Annotated[int, typer.Option(min=1, max=100_000, help="seeded runs")] = 200,
    seed: FirstSeedOpt = 0,
    set_: SetOpt = None,
) -> None:
    """Check the ten stylized facts of the baseline over a seeded ensemble (exit 1 if one fails).

    Pattern-oriented validation for modellers: after changing a rule or a parameter, see
    which of the article's facts the model still reproduces.
    """
    from diplomesa.facts import TITLES, ensemble_shares, holds

    overrides = parse_sets(set_)
    with reported():
        shares = ensemble_shares(runs, seed, scenario, overrides)
    table = Table(title=f"Stylized facts over {runs} runs (seeds {seed}..{seed + runs - 1})")
    for col, justify in (("#", "right"), ("fact", "left"), ("share", "right"), ("", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    failed = 0
    for number, share in shares.items():
        ok = holds(number, share)
        failed += not ok
        mark = "[green]holds[/]" if ok else "[red]fails[/]"
        table.add_row(str(number), TITLES[number], f"{share:.0%}", mark)
    out.print(table)
    if failed:
        raise typer.Exit(1)


def write_outputs(result: Any, out_dir: Path) -> None:
    """Write metrics.parquet/.csv, signals.parquet/.csv and outcome.json into ``out_dir``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"--out {out_dir}: cannot create the directory ({exc.strerror})")
    metrics = result.metrics.reset_index()
    metrics.to_parquet(out_dir / "metrics.parquet", index=False)
    metrics.to_csv(out_dir / "metrics.csv", index=False)
    signals = result.signals_frame()
    signals.to_parquet(out_dir / "signals.parquet", index=False)
    signals.to_csv(out_dir / "signals.csv", index=False)
    meta = {"scenario": result.scenario, "seed": result.seed, "steps": result.steps}
    (out_dir / "outcome.json").write_text(
        json.dumps({**meta, "outcome": result.outcome}, indent=2) + "\n", encoding="utf-8"
    )


def print_narrative(result: Any) -> None:
    """The run's signals as dated lines, then its outcome as a table."""
    from diplomesa.narrative import narrate

    scenario = result.model.spec
    out.print(
        f"[bold]{scenario.title}[/] — seed {result.seed}, {result.steps} days", highlight=False
    )
    for line in narrate(result.signals, scenario):
        colour = "green" if line.goldstein > 0 else ("red" if line.goldstein < 0 else "white")
        to = ", ".join(line.receivers) or "all"
        out.print(
            f"{line.date}  [bold]{', '.join(line.senders)}[/] → {to}: "
            f"[{colour}]{line.text}[/]  [dim][{line.rule}][/]",
            highlight=False,
        )
    table = Table(title="Outcome", show_header=True)
    table.add_column("field")
    table.add_column("value", justify="right")
    for key, value in result.outcome.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v:.2f}" for k, v in value.items())
        elif isinstance(value, float):
            value = f"{value:.3f}"
        elif value is None:
            value = "—"
        if key.endswith("_day") and isinstance(value, int):
            value = f"{value} ({scenario.date_of(value).isoformat()})"
        table.add_row(key, str(value))
    out.print(table)
