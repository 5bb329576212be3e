"""Where the command line prints: the two consoles, errors for people, and JSON on stdout."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from diplomesa.scenario import ScenarioError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a user-facing error and exit (2: the user's input was wrong)."""
    # The message may quote what the user wrote ("[/x]"): never read it as markup.
    err.print("[bold red]error:[/] " + escape(message), highlight=False, markup=True)
    raise typer.Exit(code)


@contextmanager
def reported(what: str = "invalid scenario") -> Iterator[None]:
    """Turn a :class:`ScenarioError` (or a batch spec's) into ``what`` and its problems, exit 2."""
    try:
        yield
    except ScenarioError as exc:
        fail(f"{what}\n{exc.render()}")


def print_json(payload: Any, **dumps: Any) -> None:
    """``payload`` as JSON on stdout, bypassing rich (no wrapping, no markup)."""
    sys.stdout.write(json.dumps(payload, **dumps) + "\n")


def without_nan(row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with NaN (which JSON lacks) as null."""
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
