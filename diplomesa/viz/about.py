"""About this model: NetLogo's Info sections, drawn from ``docs/about.md`` and the code.

The prose lives in ``docs/about.md``; the parts that must not drift from the code are
generated here and put in place of markers in that file: ``{{rules}}`` (the rule catalogue,
with each rule's article lines), ``{{levers}}`` (the sidebar's levers with their ranges) and
``{{scenarios}}`` (the scenario files the picker lists).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import solara

from diplomesa.rules import catalogue
from diplomesa.viz.controls import LEVERS, scenario_choices

DOC = Path(__file__).resolve().parents[2] / "docs" / "about.md"
SECTIONS = (
    "What is it?",
    "How it works",
    "How to use it",
    "Things to notice",
    "Things to try",
    "Extending the model",
    "Credits and references",
)


def rules_table() -> str:
    rows = ["| id | rule | moves | article | IR concept |", "|---|---|---|---|---|"]
    for rule in catalogue():
        rows.append(
            f"| {rule.id} | {rule.name} | {rule.actor} | {rule.source()} | {rule.concept} |"
        )
    return "\n".join(rows)


def levers_list() -> str:
    lines = []
    for lever in LEVERS:
        if lever.kind == "float":
            what = f"{lever.low:g} to {lever.high:g}"
        elif lever.kind == "bool":
            what = "on or off"
        else:
            what = ", ".join(lever.choices)
        lines.append(f"- **{lever.label}**: {what}. {lever.doc}")
    return "\n".join(lines)


def scenarios_list() -> str:
    return "\n".join(f"- `{c.name}`: {c.title}" for c in scenario_choices())


@lru_cache(maxsize=1)
def about_markdown() -> str:
    try:
        text = DOC.read_text(encoding="utf-8")
    except OSError:
        return (
            "The Info page is written in `docs/about.md` of a diplomesa checkout, "
            "which this installation does not have.\n\n## How it works\n\n" + rules_table()
        )
    return (
        text.replace("{{rules}}", rules_table())
        .replace("{{levers}}", levers_list())
        .replace("{{scenarios}}", scenarios_list())
    )


@solara.component
def About() -> None:
    with solara.Div(classes=["dm-about"], attributes={"data-panel": "about"}):
        solara.Markdown(about_markdown())
