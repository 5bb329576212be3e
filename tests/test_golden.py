"""The golden test: the model's behaviour, seed for seed, survives refactors unchanged.

``tests/golden/runs.json`` holds, for the baseline and every counterfactual, 50 seeds, a
digest of the signal log, the per-step model and agent metrics, version 1's outcome
fields, every outcome field and the evidence each actor took in. A refactor must reproduce
every digest exactly; a change that must alter behaviour regenerates the file in a commit of
its own (``python tests/golden/make_golden.py``) and says so (see that script's docstring
for the history).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import make_golden

GOLDEN = json.loads(make_golden.GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("scenario", make_golden.scenarios())
def test_runs_match_the_golden_file(scenario):
    wrong = []
    for seed in make_golden.SEEDS:
        want = GOLDEN[f"{scenario}#{seed}"]
        rec = make_golden.records(scenario, seed)
        got = {part: make_golden._digest(rec[part]) for part in rec}
        wrong += [f"seed {seed}: {part}" for part in want if got[part] != want[part]]
    hint = f"see: python tests/golden/make_golden.py --dump {scenario} SEED"
    assert not wrong, f"{scenario}: {', '.join(wrong[:10])} differ from the golden file ({hint})"


def test_every_scenario_and_seed_is_covered():
    assert len(GOLDEN) == len(make_golden.scenarios()) * len(make_golden.SEEDS) >= 7 * 50
