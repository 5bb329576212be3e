"""An earlier commit checked out beside this one, for the benchmarks that compare two trees
(``bench_commits.py``, ``bench_instructions.py``)."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def short_rev(rev: str) -> str:
    """``rev`` (any git revision) as a short commit id."""
    return subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip


@contextmanager
def checked_out(rev: str) -> Iterator[Path]:
    """``rev`` in a temporary ``git worktree``, removed (with its folder) on exit."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(tree), rev], cwd=ROOT,
                       check=True)  # fmt: skip
        try:
            yield tree
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False)  # fmt: skip
