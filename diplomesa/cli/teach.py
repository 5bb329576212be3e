"""``diplomesa rules`` and ``diplomesa explain``: the rule catalogue, and one actor's options on
one day, term by term (for teaching).

The logic is in :mod:`diplomesa.catalogue` and :mod:`diplomesa.explain`; this module only parses
the command line, prints, and reports mistakes (an unknown actor, a day outside the run) with
exit code 2.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from diplomesa.cli.console import fail, out, print_json, reported
from diplomesa.cli.options import JsonListOpt, ScenarioArg, SeedOpt, SetOpt, StepsOpt, parse_sets
from diplomesa.scenario import BASELINE


def rules(
    scenario: ScenarioArg = BASELINE,
    as_json: JsonListOpt = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="print it as Markdown")] = False,
) -> None:
    """List the article-derived rules: id, name, actor, article line, parameters, concept
    (with the values of SCENARIO, default the baseline)."""
    from diplomesa.catalogue import rule_rows, rules_markdown
    from diplomesa.scenario import load

    if as_json and markdown:
        fail("--json and --markdown: give one of them (one format at a time)")
    with reported():
        spec = load(scenario)
    if as_json:
        print_json(rule_rows(spec), indent=2, ensure_ascii=False)
        return
    if markdown:
        sys.stdout.write(rules_markdown(spec))
        return
    table = Table(title=f"The rules ({spec.title})", show_lines=True)
    for col in ("id", "rule", "actor", "article", "parameters", "concept"):
        table.add_column(col)
    for r in rule_rows(spec):
        params = "\n".join(
            f"{p['name']} = {p['value']:g} {p['unit']} [{p['low']:g}, {p['high']:g}]"
            for p in r["params"]
        )
        name = r["name"] if r["enabled"] else f"{r['name']} (off)"
        quote = f"{r['source']}\n[italic]{r['quote']}[/]"
        table.add_row(r["id"], name, r["actor"], quote, params or "—", r["concept"])
    out.print(table)


def explain(
    scenario: ScenarioArg = BASELINE,
    seed: SeedOpt = 0,
    step: Annotated[
        str, typer.Option(help="the day to explain: a step (1 = start date) or a date 2025-05-07")
    ] = "1",
    actor: Annotated[
        str, typer.Option(help="the actor's id in the scenario (a key of its \\[actors] table)")
    ] = "",
    steps: StepsOpt = None,
    set_: SetOpt = None,
) -> None:
    """Explain one actor's choices on one day: options, utility terms, probabilities, signals."""
    from diplomesa.explain import ExplainError, render
    from diplomesa.explain import explain as explain_day

    overrides = parse_sets(set_)
    with reported():
        try:
            explanation = explain_day(scenario, seed, step, actor, overrides, steps)
        except ExplainError as exc:
            fail(str(exc))
    render(explanation, out)
