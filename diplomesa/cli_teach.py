"""``diplomesa explain``: an actor's options on one day, term by term (for teaching).

Registered on the main CLI by one import at the end of :mod:`diplomesa.cli`. The logic is in
:mod:`diplomesa.explain`; this module only parses the command line and reports mistakes
(an unknown actor, a day outside the run) with exit code 2.
"""

from __future__ import annotations

from typing import Annotated

import typer

from diplomesa.cli import ScenarioArg, app, fail, out, parse_sets
from diplomesa.scenario import BASELINE, ScenarioError


@app.command()
def explain(
    scenario: ScenarioArg = BASELINE,
    seed: Annotated[int, typer.Option(help="random seed (an integer), as given to `run`")] = 0,
    step: Annotated[
        str, typer.Option(help="the day to explain: a step (1 = start date) or a date 2025-05-07")
    ] = "1",
    actor: Annotated[
        str, typer.Option(help="the actor's id in the scenario, e.g. putin, zelensky, trump")
    ] = "",
    steps: Annotated[
        int | None, typer.Option(min=1, max=3650, help="the run's length (default: the scenario's)")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="override a scenario value: PATH=VALUE (repeatable)"),
    ] = None,
) -> None:
    """Explain one actor's choices on one day: options, utility terms, probabilities, signals."""
    from diplomesa.explain import ExplainError, render
    from diplomesa.explain import explain as explain_day

    overrides = parse_sets(set_)
    try:
        explanation = explain_day(scenario, seed, step, actor, overrides, steps)
    except ScenarioError as exc:
        fail("invalid scenario\n" + exc.render())
        return
    except ExplainError as exc:
        fail(str(exc))
        return
    render(explanation, out)
