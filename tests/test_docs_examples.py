"""The Python examples of the README and docs/ run as written.

Each file's ```python blocks run in order in one namespace (as a reader pastes them one
after the other), in a fresh folder that sees the checkout's ``configs/``. A block that
needs what a test machine does not have (a Dask scheduler, a SLURM cluster, a reader's own
files) or minutes of compute is named below with the reason, and is not run; everything
else is, so an example that no longer works fails here, not in a reader's hands.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diplomesa.rules.base import unregister
from diplomesa.scenario import resolve

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]

NOT_RUN = {
    'Client("tcp://scheduler:8786")': "needs a Dask scheduler at that address",
    "batch.slurm_executor(": "needs a SLURM cluster (tests/test_slurm.py runs one)",
    'calibrate(spec, "results/calendar"': "minutes of ABC-SMC (tests/test_calibration.py)",
    'read_event_data("2025': "reads the reader's own GDELT and simulated files",
    "class TestX01Rumour(RuleTest)": "a test class for tests/, not a script",
    'role("guarantor"': "a line of diplomesa/roles.py, not a script",
}
"""A block containing the key is not run, for the reason given."""


def blocks(name: str) -> list[tuple[int, str]]:
    """The file's ```python blocks: (line, code)."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return [
        (text[: m.start()].count("\n") + 1, m.group(1))
        for m in re.finditer(r"```python\n(.*?)```", text, flags=re.S)
    ]


def skipped(code: str) -> str | None:
    return next((why for key, why in NOT_RUN.items() if key in code), None)


def test_every_not_run_key_still_names_a_block():
    """The list of blocks not run is no longer than the docs: each key finds its block."""
    every = "\n".join(code for name in DOCS for _, code in blocks(name))
    assert [key for key in NOT_RUN if key not in every] == []


@pytest.mark.parametrize(
    "name", [n for n in DOCS if any(not skipped(code) for _, code in blocks(n))]
)
def test_the_python_examples_run(name, tmp_path, monkeypatch):
    (tmp_path / "configs").symlink_to(ROOT / "configs")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__main__"}
    ran = 0
    try:
        for line, code in blocks(name):
            if skipped(code):
                continue
            try:
                exec(compile(code, f"{name}:{line}", "exec"), namespace)
            except Exception as exc:
                pytest.fail(f"the example at {name}:{line} fails: {type(exc).__name__}: {exc}")
            ran += 1
        if name == "docs/extending.md":
            _the_rule_runs_from_its_table(tmp_path)
    finally:
        unregister("X01")  # the extending guide's rule, if it registered it
    assert ran


def _the_rule_runs_from_its_table(folder: Path) -> None:
    """The guide's rule, with the guide's table in a scenario: it spreads its rumour."""
    from diplomesa import DiplomacyModel

    text = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    table = re.search(r"```toml\n(\[rules\.X01\].*?)```", text, flags=re.S).group(1)
    scenario = folder / "rumour.toml"
    scenario.write_text(f'extends = "{resolve("istanbul_2025")}"\n{table}', encoding="utf-8")
    model = DiplomacyModel(str(scenario), rng=0, steps=5)
    model.run()
    assert [s.step for s in model.signals if s.rule == "X01"] == [3]


def command_lines() -> list[tuple[str, int, str]]:
    """Every ``diplomesa ...`` line of the docs' shell and console blocks: (file, line, text)."""
    found = []
    for name in DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        for m in re.finditer(r"```(?:sh|bash|console)\n(.*?)```", text, flags=re.S):
            first = text[: m.start()].count("\n") + 2
            joined = m.group(1).replace("\\\n", " ")  # a command continued on the next line
            for i, line in enumerate(joined.splitlines()):
                words = line.strip().removeprefix("$ ").split("#")[0].strip()
                if words.startswith("diplomesa "):
                    found.append((name, first + i, words))
    return found


def test_every_option_the_docs_give_a_command_is_one_of_its_options():
    """A command line in the docs (a synopsis or an example) names only options its command
    has: a renamed or removed option fails here."""
    import typer

    from diplomesa.cli import app

    root = typer.main.get_command(app)
    lines = command_lines()
    assert len(lines) >= 40
    wrong = []
    for name, line, words in lines:
        command, rest = root, words.split()[1:]
        while hasattr(command, "get_command") and rest:  # a group (typer has its own click)
            first = rest[0].split("|")[0]  # a synopsis's alternatives: list|export CODE|...
            sub = command.get_command(command.context_class(command), first)
            if sub is None:
                break
            command, rest = sub, rest[1:]
        known = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
        known.add("--help")
        for token in re.findall(r"(?<![\w-])--[a-z][\w-]*", " ".join(rest)):
            if token not in known:
                wrong.append(f"{name}:{line}: {command.name} has no {token} ({words})")
    assert wrong == []
