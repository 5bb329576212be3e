"""``diplomesa app``: check (and fill) the offline asset cache, then serve ``app.py`` with Solara.

The server binds 127.0.0.1 unless ``--host`` says otherwise and runs in Solara's production
mode (:mod:`diplomesa.viz.server` builds its command and environment). Before it starts, the
Solara front-end cache is checked against what the installed solara asks for
(:mod:`diplomesa.viz.assets`); missing specs are fetched from the npm registry, and if that
fails the command stops with the expected-vs-cached list instead of serving a blank page.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from diplomesa.cli.console import err, fail, out


def ensure_assets(cache: Path | None, fill: bool = True) -> Path:
    """Make sure the Solara asset cache is complete; return its directory.

    Exits with code 2 and a clear message if specs are missing and cannot be filled.
    """
    from diplomesa.viz import assets

    where = assets.cache_dir(cache)
    req = assets.required_assets()
    missing = assets.problems(where, req)
    if not missing:
        return where
    if fill:
        out.print(f"Filling the Solara asset cache {where} from npm: {', '.join(missing)}")
        try:
            assets.fill(where, req)
            return where
        except assets.FillError as exc:
            err.print(f"[bold red]error:[/] {exc}")
        missing = assets.problems(where, req)
    lines = [f"  {spec}: {problem}" for spec, problem in missing.items()]
    fail(
        "the Solara front end is not in the asset cache, so the page would stay blank offline.\n"
        f"{assets.describe_env(req)} needs, in {where}:\n"
        + "\n".join(lines)
        + f"\nFill it once while the npm registry is reachable: {assets.fill_command()}"
        + " (see docs/offline.md)"
    )


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
    rooms_db: Annotated[
        Path | None,
        typer.Option("--rooms-db", help="the classroom rooms' database (default: user data dir)"),
    ] = None,
) -> None:
    """Serve the browser app (``solara run app.py``) on http://HOST:PORT."""
    from diplomesa.viz.server import APP_FILE, server_env, solara_command

    if not APP_FILE.is_file():
        fail(f"{APP_FILE} not found: run `diplomesa app` from a diplomesa checkout")
    if cache_dir is not None and cache_dir.exists() and not cache_dir.is_dir():
        fail(f"--cache-dir {cache_dir}: exists and is not a folder; expected the asset cache's")
    if rooms_db is not None:
        _check_rooms_db(rooms_db)  # before the server starts, not in a student's browser
    env = server_env(ensure_assets(cache_dir, fill=not no_fill))
    if rooms_db is not None:
        env["DIPLOMESA_ROOMS_DB"] = str(rooms_db.resolve())
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[bold yellow]warning:[/] serving on {host}: anyone who can reach this machine "
            "on the network can open the page, and join a classroom room with its code",
            highlight=False,
        )
    out.print(f"diplomesa app on http://{host}:{port} (Ctrl-C stops it)")
    cmd = solara_command(host, port, production=not dev)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server (no child to orphan): Ctrl-C and SIGTERM reach solara directly.
    os.execve(cmd[0], cmd, env)


def _check_rooms_db(path: Path) -> None:
    """The rooms database opens (and is made, if it is new): a wrong path is said here."""
    from diplomesa.rooms.room import Rooms

    if path.is_dir():
        fail(f"--rooms-db {path}: is a folder; expected a database file (made if missing)")
    try:
        Rooms(path)
    except Exception as exc:  # sqlite3.DatabaseError, OSError: not a file we can keep rooms in
        fail(f"--rooms-db {path}: cannot hold the rooms ({exc})")
