"""Who may import whom: the screen never imports the command line, and the CLI starts light.

Imports are read from the source with :mod:`ast`, so a module no test imports is checked too.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREEN = [ROOT / "app.py", *sorted((ROOT / "diplomesa" / "viz").rglob("*.py"))]


def imported_modules(source: str, package: str) -> set[str]:
    """Every module ``source`` imports (``from a import b`` counts as ``a`` and ``a.b``).

    ``package`` is the package the source belongs to, for relative imports.
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def cli_imports(path: Path) -> set[str]:
    package = ".".join(path.relative_to(ROOT).parts[:-1])
    found = imported_modules(path.read_text(encoding="utf-8"), package)
    return {m for m in found if m.startswith("diplomesa.cli")}  # also the old cli_* modules


@pytest.mark.parametrize("path", SCREEN, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_app_and_viz_never_import_the_cli(path: Path) -> None:
    assert cli_imports(path) == set()


def test_every_form_of_import_is_seen() -> None:
    source = (
        "import diplomesa.cli\nfrom diplomesa import cli\nfrom ..cli.run import run\n"
        "from . import assets\ndef f():\n    from diplomesa.cli.main import fail\n"
    )
    names = imported_modules(source, "diplomesa.viz")
    assert {"diplomesa.cli", "diplomesa.cli.run", "diplomesa.cli.main"} <= names
    assert "diplomesa.viz.assets" in names


def test_the_cli_starts_without_the_model_stack() -> None:
    """``diplomesa --help`` must stay quick: heavy libraries load inside the commands."""
    code = (
        "import json, sys; import diplomesa.cli; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(run.stdout))
    assert not loaded & {"mesa", "pandas", "numpy", "matplotlib", "solara", "pyarrow", "SALib"}


def test_the_simulate_function_survives_its_module_being_imported():
    """``from diplomesa import simulate`` is the function even after the module that holds
    it was imported by name (the command line does): module and function are named apart."""
    import subprocess
    import sys

    code = (
        "import diplomesa.simulation, diplomesa.cli.run\n"
        "from diplomesa import simulate\n"
        "assert callable(simulate), simulate\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
