"""``diplomesa run`` and ``diplomesa facts``: one run as a dated story and its outcome, and a
seeded ensemble checked against the article's stylized facts.

``run --out`` writes the run's files (:meth:`diplomesa.simulation.Result.write`) and ``--events``
its ICEWS-style event data (:func:`diplomesa.events.write_events`); ``facts --from`` reads a
batch folder's runs instead of running any.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from diplomesa.cli.console import err, fail, out, print_json, reported, without_nan
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
from diplomesa.scenario import BASELINE, resolve


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
    from diplomesa.simulation import simulate

    overrides = parse_sets(set_)
    if out_dir is not None:
        from diplomesa.batch.store import MANIFEST, no_batch
        from diplomesa.calibration.run import DB

        holds = ("a batch's", MANIFEST) if not no_batch(out_dir) else None
        if (out_dir / DB).is_file():
            holds = ("a calibration's", DB)
        if holds:
            fail(f"--out {out_dir}: holds {holds[0]} results ({holds[1]}); they are kept. "
                 "Choose another folder for this run's files")  # fmt: skip
    with reported():
        result = simulate(scenario, seed=seed, steps=steps, overrides=overrides)
    if out_dir is not None:
        try:
            result.write(out_dir)
        except OSError as exc:
            what = "write the files" if out_dir.is_dir() else "create the directory"
            fail(f"--out {out_dir}: cannot {what} ({exc.strerror})")
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
    from_dir: Annotated[
        Path | None,
        typer.Option("--from", help="check the runs of a batch folder (diplomesa batch --out)"),
    ] = None,
) -> None:
    """Check the ten stylized facts of the baseline over a seeded ensemble (exit 1 if one fails).

    Pattern-oriented validation for modellers: after changing a rule or a parameter, see
    which of the article's facts the model still reproduces. ``--from OUT_DIR`` checks the
    runs a batch wrote instead of running any.
    """
    from diplomesa.facts import TITLES, FactsError, batch_outcomes, ensemble_shares, holds
    from diplomesa.facts import shares as shares_of

    overrides = parse_sets(set_)
    if from_dir is not None and (overrides or scenario != BASELINE):
        fail("--from checks a batch's finished runs: give no SCENARIO or --set with it")
    with reported():
        try:
            if from_dir is None:
                shares = ensemble_shares(runs, seed, scenario, overrides)
                title = f"Stylized facts over {runs} runs (seeds {seed}..{seed + runs - 1})"
            else:
                outcomes = batch_outcomes(from_dir)
                shares = shares_of(outcomes)
                title = f"Stylized facts over the {len(outcomes)} runs in {from_dir}"
                _note_a_sweep(from_dir)
        except FactsError as exc:
            fail(f"--from {from_dir}: {exc}")
    table = Table(title=title)
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


def _note_a_sweep(folder: Path) -> None:
    """The facts are the baseline's: say so when the batch changed or varied the scenario."""
    from diplomesa.batch import read_manifest

    manifest = read_manifest(folder) or {}
    spec = manifest.get("spec", {})
    varied = sorted(spec.get("parameters") or {})
    changed = sorted(spec.get("fixed") or {})
    scenario = spec.get("scenario", BASELINE)
    try:  # the baseline named by its path (relative to the spec's folder) is the baseline
        here = Path(manifest.get("spec_file") or ".").parent
        other = resolve(scenario, relative_to=here).resolve() != resolve(BASELINE).resolve()
    except (OSError, ValueError, RuntimeError):
        other = scenario != BASELINE
    if varied or changed or other:
        what = [f"varies {', '.join(varied)}"] if varied else []
        what += [f"fixes {', '.join(changed)}"] if changed else []
        what += [f"runs scenario {scenario}"] if other else []
        err.print(
            f"note: this batch {'; '.join(what)}: the shares are over all its runs, against "
            "the bands the article sets for the baseline",
            highlight=False,
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
