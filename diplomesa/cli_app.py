"""``diplomesa app``: check (and fill) the offline asset cache, then serve ``app.py`` with Solara.

Registered on the main CLI by one import in :mod:`diplomesa.cli`. The server binds 127.0.0.1
unless ``--host`` says otherwise and runs in Solara's production mode. Before it starts, the
Solara front-end cache is checked against what the installed solara asks for
(``scripts/solara_offline.py``); missing specs are fetched from the npm registry, and if that
fails the command stops with the expected-vs-cached list instead of serving a blank page.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer

from diplomesa.cli import app, err, fail, out

ROOT = Path(__file__).resolve().parents[1]
APP_FILE = ROOT / "app.py"
OFFLINE_SCRIPT = ROOT / "scripts" / "solara_offline.py"


def offline_module() -> ModuleType | None:
    """``scripts/solara_offline.py`` as a module, or ``None`` outside a checkout."""
    if not OFFLINE_SCRIPT.is_file():
        return None
    spec = importlib.util.spec_from_file_location("solara_offline", OFFLINE_SCRIPT)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("solara_offline", module)
    spec.loader.exec_module(module)
    return module


def ensure_assets(cache: Path | None, fill: bool = True) -> Path | None:
    """Make sure the Solara asset cache is complete; return its directory.

    Exits with code 2 and a clear message if specs are missing and cannot be filled.
    """
    offline = offline_module()
    if offline is None:
        err.print("[yellow]warning:[/] scripts/solara_offline.py not found; not checking assets")
        return cache
    where = offline.cache_dir(cache)
    req = offline.required_assets()
    missing = [
        s for s, files in sorted(req.assets.items()) if offline.spec_problem(where, s, files)
    ]
    if not missing:
        return where
    if fill:
        out.print(f"Filling the Solara asset cache {where} from npm: {', '.join(missing)}")
        try:
            offline.fill(where, req)
            return where
        except offline.FillError as exc:
            err.print(f"[bold red]error:[/] {exc}")
    lines = [f"  {spec}: {offline.spec_problem(where, spec, req.assets[spec])}" for spec in missing]
    fail(
        "the Solara front end is not in the asset cache, so the page would stay blank offline.\n"
        f"{offline._describe_env(req)} needs, in {where}:\n"
        + "\n".join(lines)
        + f"\nFill it once while the npm registry is reachable: {sys.executable} {OFFLINE_SCRIPT}"
        + " (see docs/offline.md)"
    )
    return None


def solara_command(host: str, port: int, production: bool = True) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(APP_FILE),
        "--host",
        host,
        "--port",
        str(port),
    ]
    cmd += ["--no-open"] + (["--production"] if production else [])
    return cmd


@app.command("app")
def app_command(
    host: Annotated[str, typer.Option(help="address to bind (127.0.0.1: this machine only)")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to serve on")] = 8765,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            help="Solara asset cache (default: $SOLARA_ASSETS_PROXY_CACHE_DIR or solara's)"
        ),
    ] = None,
    no_fill: Annotated[
        bool, typer.Option("--no-fill", help="only check the asset cache; never call npm")
    ] = False,
    dev: Annotated[bool, typer.Option("--dev", help="Solara dev mode (auto-reload)")] = False,
) -> None:
    """Serve the browser app (``solara run app.py``) on http://HOST:PORT."""
    if not APP_FILE.is_file():
        fail(f"{APP_FILE} not found: run `diplomesa app` from a diplomesa checkout")
    where = ensure_assets(cache_dir, fill=not no_fill)
    env = dict(os.environ)
    if where is not None:
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(where)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    out.print(f"diplomesa app on http://{host}:{port} (Ctrl-C stops it)")
    cmd = solara_command(host, port, production=not dev)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server (no child to orphan): Ctrl-C and SIGTERM reach solara directly.
    os.execve(cmd[0], cmd, env)
