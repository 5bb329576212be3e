"""The command line: ``diplomesa run | rules | explain | ...`` (``diplomesa --help``).

The CLI only parses and prints: each command reads its options, calls the library and shows
the result. Mistakes in what a user typed or wrote (a scenario file, ``--set``, an option) end
in a message naming the file, the field and what was expected, and exit code 2 — never a
traceback.

The commands are plain functions in modules named for what they hold; this module makes
:data:`app` and registers them, in the order ``--help`` lists them:

- :mod:`.run`        ``run`` (one run, its story and outcome) and ``facts`` (the stylized facts)
- :mod:`.teach`      ``rules`` (the catalogue) and ``explain`` (one decision, term by term)
- :mod:`.serve`      ``app`` (the browser app)
- :mod:`.batch`      ``batch`` and ``sensitivity``
- :mod:`.calibrate`  ``calibrate`` (ABC-SMC to the record)
- :mod:`.play`       ``play`` (take a seat in the terminal) and ``debrief``
- :mod:`.rooms`      ``rooms list | export | delete`` (the app's classroom rooms)
- :mod:`.scenarios`  ``validate``, ``scenarios`` and ``compare``
- :mod:`.events`     ``events compare`` (a run's event log against GDELT, ICEWS, the article's)
- :mod:`.options`    the options several commands share, each defined once; ``--set`` parsing
- :mod:`.console`    where output and errors go

Heavy libraries (Mesa, pandas, solara) are imported inside the commands, so that
``diplomesa --help`` starts quickly.
"""

from __future__ import annotations

from typing import Annotated

import typer

from diplomesa.cli import batch, calibrate, events, play, rooms, run, scenarios, serve, teach
from diplomesa.cli.console import out

app = typer.Typer(
    help="diplomesa: the diplomacy around the May 2025 talks on a cease-fire in Ukraine, "
    "as an agent-based model.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    """``--version``: print it and stop, before any command is looked for."""
    if value:
        from diplomesa import __version__

        out.print(f"diplomesa {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="print the version and exit", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """diplomesa: the diplomacy around the May 2025 Istanbul talks, as an agent-based model."""


COMMANDS = {
    "run": run.run,
    "rules": teach.rules,
    "facts": run.facts,
    "app": serve.app_command,
    "batch": batch.batch_command,
    "sensitivity": batch.sensitivity_command,
    "calibrate": calibrate.calibrate_command,
    "validate": scenarios.validate,
    "scenarios": scenarios.scenarios,
    "compare": scenarios.compare,
    "explain": teach.explain,
    "play": play.play_command,
    "debrief": play.debrief_command,
}
for _name, _command in COMMANDS.items():
    app.command(_name)(_command)

# ``diplomesa events compare``: a group, so that later event-data commands join it
events.app.command("compare")(events.compare)
app.add_typer(events.app, name="events")
app.add_typer(rooms.app, name="rooms")


def main() -> None:  # pragma: no cover - console entry point
    app()
