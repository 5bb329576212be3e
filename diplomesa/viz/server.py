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


class AppServer:
    """The app served in production mode by a subprocess on 127.0.0.1: started, waited for,
    stopped — or killed (SIGKILL), as the classroom's restart test does, and started again
    on the same port (the browser's ``localStorage`` belongs to the origin)."""

    def __init__(
        self,
        cache: Path,
        *,
        env: Mapping[str, str] | None = None,
        port: int | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.env = {**server_env(cache), "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
                    **(env or {})}  # fmt: skip
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self) -> str:
        """Start the server; return its URL once it answers."""
        self._log = tempfile.TemporaryFile()  # noqa: SIM115  (closed in stop/kill)
        cmd = solara_command("127.0.0.1", self.port)
        self.proc = proc = subprocess.Popen(cmd, env=self.env, stdout=self._log,
                                            stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.monotonic() + self.timeout
        while True:
            if proc.poll() is not None:
                self._log.seek(0)
                output = self._log.read().decode(errors="replace")
                raise RuntimeError(f"the app server exited ({proc.returncode}):\n{output[-2000:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the app server did not answer on {self.url} in "
                                   f"{self.timeout:.0f} s")  # fmt: skip
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush — what a crash or a pulled plug does."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
        self._close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._close()

    def _close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


@contextlib.contextmanager
def app_server(
    cache: Path, *, env: Mapping[str, str] | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Serve the app in production mode; yield its URL; stop the server afterwards."""
    server = AppServer(cache, env=env, timeout=timeout)
    try:
        yield server.start()
    finally:
        server.stop()
