"""The command line: ``diplomesa run | rules | explain | ...``.

Mistakes in what a user typed or wrote (a scenario file, ``--set``, an option) end in a
message naming the file, the field and what was expected, and exit code 2 — never a
traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from diplomesa.scenario import BASELINE, ScenarioError, parse_value

app = typer.Typer(
    help="diplomesa: the diplomacy around the May 2025 Istanbul talks, as an agent-based model.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="print the version and exit")] = False,
) -> None:
    """diplomesa: the diplomacy around the May 2025 Istanbul talks, as an agent-based model."""
    if version:
        from diplomesa import __version__

        out.print(f"diplomesa {__version__}")
        raise typer.Exit(0)


def fail(message: str, code: int = 2) -> None:
    """Print a user-facing error and exit (2: the user's input was wrong)."""
    # The message may quote what the user wrote ("[/x]"): never read it as markup.
    err.print("[bold red]error:[/] " + escape(message), highlight=False, markup=True)
    raise typer.Exit(code)


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    """``["rules.R22.threshold_mean=0.7"]`` → ``{"rules.R22.threshold_mean": 0.7}``."""
    overrides: dict[str, Any] = {}
    for item in items or []:
        path, sep, value = item.partition("=")
        path = path.strip()
        if not sep or not path or any(not part for part in path.split(".")):
            fail(f"--set {item!r}: expected PATH=VALUE, e.g. --set rules.R22.threshold_mean=0.7")
        overrides[path] = parse_value(value.strip())
    return overrides


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


ScenarioArg = Annotated[
    str, typer.Argument(help="scenario name in configs/ or path to a TOML file")
]


@app.command()
def run(
    scenario: ScenarioArg = BASELINE,
    seed: Annotated[int, typer.Option(help="random seed (an integer)")] = 0,
    steps: Annotated[
        int | None, typer.Option(min=1, max=3650, help="days to run (default: the scenario's)")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="override a scenario value: PATH=VALUE (repeatable)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="write metrics (Parquet, CSV) and the signal log here"),
    ] = None,
    events: Annotated[
        Path | None,
        typer.Option("--events", help="write the signal log as ICEWS-style event data (CSV)"),
    ] = None,
) -> None:
    """Run one scenario and print its narrative and outcome (or JSON)."""
    from diplomesa.simulate import simulate

    overrides = parse_sets(set_)
    try:
        result = simulate(scenario, seed=seed, steps=steps, overrides=overrides)
    except ScenarioError as exc:
        fail("invalid scenario\n" + exc.render())
        return
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
        payload = {
            "scenario": scenario,
            "seed": seed,
            "steps": result.steps,
            "outcome": {k: _jsonable(v) for k, v in result.outcome.items()},
        }
        sys.stdout.write(json.dumps(payload) + "\n")
        return
    print_narrative(result)


@app.command()
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="print the catalogue as JSON")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="print it as Markdown")] = False,
) -> None:
    """List the article-derived rules: id, name, actor, article line, parameters, concept."""
    from diplomesa.catalogue import rule_rows, rules_markdown

    if as_json:
        sys.stdout.write(json.dumps(rule_rows(), indent=2, ensure_ascii=False) + "\n")
        return
    if markdown:
        sys.stdout.write(rules_markdown())
        return
    table = Table(title="The rules (baseline values)", show_lines=True)
    for col in ("id", "rule", "actor", "article", "parameters", "concept"):
        table.add_column(col)
    for r in rule_rows():
        params = "\n".join(
            f"{p['name']} = {p['value']:g} {p['unit']} [{p['low']:g}, {p['high']:g}]"
            for p in r["params"]
        )
        name = r["name"] if r["enabled"] else f"{r['name']} (off)"
        quote = f"{r['source']}\n[italic]{r['quote']}[/]"
        table.add_row(r["id"], name, r["actor"], quote, params or "—", r["concept"])
    out.print(table)


@app.command()
def facts(
    scenario: ScenarioArg = BASELINE,
    runs: Annotated[int, typer.Option(min=1, max=100_000, help="seeded runs")] = 200,
    seed: Annotated[int, typer.Option(help="run i uses seed S+i")] = 0,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="override a scenario value: PATH=VALUE (repeatable)"),
    ] = None,
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
    try:
        if from_dir is None:
            shares = ensemble_shares(runs, seed, scenario, overrides)
            title = f"Stylized facts over {runs} runs (seeds {seed}..{seed + runs - 1})"
        else:
            outcomes = batch_outcomes(from_dir)
            shares = shares_of(outcomes)
            title = f"Stylized facts over the {len(outcomes)} runs in {from_dir}"
    except ScenarioError as exc:
        fail("invalid scenario\n" + exc.render())
        return
    except FactsError as exc:
        fail(f"--from {from_dir}: {exc}")
        return
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


def print_narrative(result: Any) -> None:
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


# Commands defined in other modules register themselves on `app` when imported.
from diplomesa import cli_app, cli_batch, cli_scenarios, cli_teach  # noqa: E402, F401


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    from diplomesa.cli import app as registered  # the imported module has every command

    registered()
