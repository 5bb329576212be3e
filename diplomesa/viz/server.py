"""How the app's Solara server is started: its command and environment, and a test server.

``diplomesa app`` becomes ``solara run app.py`` (:func:`solara_command`, :func:`server_env`).
The browser tests and the benchmark run it in a subprocess (:func:`app_server`) on 127.0.0.1 and
a free port, with ``SOLARA_ASSETS_PROXY_CACHE_DIR`` pointing at a cache that
:func:`filled_cache` has completed from npm, so nothing is fetched from the internet.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from diplomesa.viz import assets
from diplomesa.viz.assets import ROOT

APP_FILE = ROOT / "app.py"

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium")


def find_chromium() -> str | None:
    """Debian's chromium (``$DIPLOMESA_CHROMIUM`` first), or ``None`` if there is none."""
    wanted = os.environ.get("DIPLOMESA_CHROMIUM")
    for candidate in ((wanted,) if wanted else ()) + CHROMIUM_CANDIDATES:
        path = shutil.which(candidate) if "/" not in candidate else candidate
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


def solara_command(host: str, port: int, production: bool = True) -> list[str]:
    """``solara run app.py`` on ``host:port``, in production mode unless told otherwise."""
    cmd = [sys.executable, "-m", "solara", "run", str(APP_FILE)]
    cmd += ["--host", host, "--port", str(port), "--no-open"]
    return cmd + (["--production"] if production else [])


def server_env(cache: Path | None) -> dict[str, str]:
    """This process's environment for the server: the checkout importable, ``cache`` served."""
    env = dict(os.environ)
    if cache is not None:
        env[assets.CACHE_ENV] = str(cache)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def filled_cache(cache: Path | None = None) -> Path:
    """The asset cache (default ``$SOLARA_ASSETS_PROXY_CACHE_DIR`` or ``.cache/solara-cdn``),
    filled from npm if anything is missing; raises ``RuntimeError`` with the reason if not."""
    env_cache = os.environ.get(assets.CACHE_ENV)
    where = Path(cache or env_cache or ROOT / ".cache" / "solara-cdn")
    try:
        assets.fill(where, assets.required_assets())
    except assets.FillError as exc:
        raise RuntimeError(f"cannot fill the Solara asset cache {where}: {exc}") from exc
    return where


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_server(
    cache: Path, *, env: Mapping[str, str] | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Serve the app in production mode; yield its URL; stop the server afterwards."""
    port = free_port()
    full_env = {**server_env(cache), "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", **(env or {})}
    cmd = solara_command("127.0.0.1", port)
    log = tempfile.TemporaryFile()  # noqa: SIM115  (closed below)
    proc = subprocess.Popen(cmd, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                output = log.read().decode(errors="replace")
                raise RuntimeError(f"the app server exited ({proc.returncode}):\n{output[-2000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app server did not answer on {url} in {timeout:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
