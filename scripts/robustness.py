"""Perturb every real-valued rule parameter ×0.9 and ×1.1, one at a time, and read facts
1–9 over seeded runs: each must stay at or above 60% in every variant (issue "Model v2,
part 4", DESIGN "Emergence"). Writes the table into docs/emergence.md between its
``robustness`` markers; not part of the default test run.

    python scripts/robustness.py [--runs 200]      # ~150 parameters × 2 × 200 runs: minutes

A value pushed out of its declared range by the factor is clipped to it (and said so).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from diplomesa.ensemble import run_many
from diplomesa.facts import shares
from diplomesa.rules import catalogue
from diplomesa.scenario import load

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "emergence.md"
START, END = "<!-- robustness:start -->", "<!-- robustness:end -->"
FLOOR = 0.6


def parameters() -> list[tuple[str, float, float, float]]:
    """(dotted path, baseline value, low, high) of every real-valued rule parameter."""
    spec = load()
    out = []
    for rule in catalogue():
        values = spec.rule_values(rule.id)
        for name, param in rule.params.items():
            value = values[name]
            if param.integer or isinstance(value, bool) or not isinstance(value, float | int):
                continue
            out.append((f"rules.{rule.id}.{name}", float(value), param.low, param.high))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    seeds = range(args.runs)
    base = shares(run_many(None, seeds).outcomes)
    rows, worst = [], (1.0, "")
    for path, value, low, high in parameters():
        cells = []
        for factor in (0.9, 1.1):
            new = min(high, max(low, value * factor))
            got = shares(run_many(None, seeds, overrides={path: new}).outcomes)
            least = min(range(1, 10), key=lambda k: got[k])
            if got[least] < worst[0]:
                worst = (got[least], f"{path} ×{factor}")
            flag = "" if got[least] >= FLOOR else " **below 60%**"
            clip = "" if new == value * factor else f" (clipped to {new:g})"
            cells.append(f"fact {least} {100 * got[least]:.0f}%{clip}{flag}")
        rows.append(f"| `{path}` | {value:g} | {cells[0]} | {cells[1]} |")
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            START,
            f"Baseline over {args.runs} runs: "
            + ", ".join(f"fact {k} {100 * base[k]:.0f}%" for k in range(1, 10))
            + f". The lowest share of any of facts 1–9 in any variant: {100 * worst[0]:.0f}%"
            + f" ({worst[1]}). Each cell names the weakest fact of that variant.",
            "",
            "| parameter | baseline | ×0.9: weakest fact | ×1.1: weakest fact |",
            "|---|---|---|---|",
            *rows,
            END,
        ]
    )
    text = DOC.read_text(encoding="utf-8")
    text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: table, text, flags=re.S)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
