"""Write (or check) the golden digests of the model's behaviour: a refactor's guard.

For the baseline and every counterfactual, 50 seeds: the signal log, the per-step model
metrics, the per-step agent metrics (each actor's pressure, last action and trust row), the
outcome fields of version 1, every outcome field of today, and the evidence each actor took
in (each piece's likelihood ratio and exponent under the rules that set them), each reduced
to a SHA-256 of its canonical JSON (floats by ``repr``, so a change in the last bit shows). The test
``tests/test_golden.py`` recomputes them; ``python tests/golden/make_golden.py`` rewrites
``runs.json`` — only when behaviour must change, in a commit of its own that says why.
History: written from version 1 (54096f8) before the rules-as-units refactor, which left
every digest unchanged; rewritten for per-decision random streams (issue 10), and for the
evidence pipeline of version 2 (issue 10: one choice, one piece of evidence; trust through
R15, R17 and R20; Russia's estimates), when the outcome and evidence parts were added.
``--dump SCENARIO SEED`` prints one run's full records, to see what changed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "runs.json"
SEEDS = range(50)
V1_OUTCOME = (
    "ukraine_accepted_day",
    "ultimatum_day",
    "talks_proposed_day",
    "talks_day",
    "talks_level",
    "putin_attended",
    "mediator_attended",
    "ceasefire_day",
    "eu_package_drafted_day",
    "eu_packages",
    "us_energy_sanctions_day",
    "blame_russia_start",
    "blame_russia_end",
    "trust_start",
    "trust_end",
    "irritation_start",
    "irritation_end",
    "territory_gain",
    "momentum_end",
)
SIGNAL_FIELDS = (
    "step",
    "sender",
    "receivers",
    "kind",
    "rule",
    "text",
    "public",
    "level",
    "costly",
    "about",
)


def scenarios() -> list[str]:
    root = HERE.parents[1] / "configs"
    names = ["istanbul_2025"]
    files = sorted((root / "counterfactuals").glob("*.toml"))
    names += [f"counterfactuals/{p.stem}" for p in files]
    return names


def _canon(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canon(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return _canon(value.item())
    return value


def _digest(value: Any) -> str:
    text = json.dumps(_canon(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def records(scenario: str, seed: int) -> dict[str, Any]:
    """One run's signal log, metrics and v1 outcome, as plain data."""
    from diplomesa import DiplomacyModel

    root = HERE.parents[1] / "configs"
    path = root / f"{scenario}.toml"
    model = DiplomacyModel(str(path), rng=seed, collect_agents=True).run()
    signals = [{f: _signal_field(s, f) for f in SIGNAL_FIELDS} for s in model.signals]
    frame = model.datacollector.get_model_vars_dataframe()
    metrics = {c: list(frame[c]) for c in sorted(frame.columns)}
    agents = model.datacollector.get_agent_vars_dataframe().reset_index()
    agent_rows = [
        [r["Step"], r["actor"], r["pressure"], r["last_action"], sorted(r["trust"].items())]
        for r in agents.to_dict("records")
    ]
    out = model.outcome()
    evidence = [
        [e.step, e.receiver, e.sender, e.kind, e.lr, e.exponent, e.noise, e.shift, e.terms]
        for e in model.evidence_log
    ]
    return {
        "signals": signals,
        "metrics": metrics,
        "agents": agent_rows,
        "outcome": {k: out[k] for k in V1_OUTCOME},
        "outcome_all": out,
        "evidence": evidence,
    }


def _signal_field(signal: Any, name: str) -> Any:
    value = getattr(signal, name)
    if name == "kind":
        return value.name
    if name == "rule":
        return str(value)
    return value


def digests() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for scenario in scenarios():
        for seed in SEEDS:
            rec = records(scenario, seed)
            table[f"{scenario}#{seed}"] = {part: _digest(rec[part]) for part in rec}
    return table


def main(argv: list[str]) -> None:
    if argv[:1] == ["--dump"]:
        print(json.dumps(_canon(records(argv[1], int(argv[2]))), indent=1, ensure_ascii=False))
        return
    GOLDEN.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main(sys.argv[1:])
