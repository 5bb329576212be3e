"""Tests of diplomesa.viz.assets (and its wrapper scripts/solara_offline.py): spec reading,
--check, and filling (with a fake npm).

No network: npm is replaced by a small script that copies a tarball built here, and every
cache is a temporary directory passed through SOLARA_ASSETS_PROXY_CACHE_DIR.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytest.importorskip("solara")

from diplomesa.viz import assets as so

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "solara_offline.py"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory, made solara's via the environment variable."""
    path = tmp_path / "cdn"
    path.mkdir()
    monkeypatch.setenv(so.CACHE_ENV, str(path))
    return path


def _fake_unpacked(cache: Path, spec: str, files: set[str]) -> None:
    """Create ``cache/spec`` as if unpacked from npm, holding ``files``."""
    target = cache / spec
    for name in {"package.json", *files}:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text("{}")


def _installed_template_specs() -> tuple[str, str]:
    """Read the Vuetify app and requirejs specs from the template, independently of the script."""
    root = Path(importlib.util.find_spec("solara").submodule_search_locations[0])  # type: ignore[union-attr]
    text = (root / "server" / "templates" / "solara.html.j2").read_text()
    vue3 = importlib.metadata.version("ipyvue").startswith("3")
    app = "solara-vuetify3-app" if vue3 else "solara-vuetify-app"
    app_spec = re.search(rf"\{{\{{cdn\}}\}}/(@widgetti/{app}@[^/]+)/", text)
    require_spec = re.search(r"\{\{cdn\}\}/(requirejs@[^/]+)/", text)
    assert app_spec and require_spec
    return app_spec.group(1), require_spec.group(1)


def test_specs_include_installed_vuetify_app_and_requirejs() -> None:
    req = so.required_assets()
    app_spec, require_spec = _installed_template_specs()
    assert req.warnings == []  # read from the installed solara, no fallback
    assert app_spec in req.assets
    assert require_spec in req.assets
    assert any(f.endswith(".min.js") for f in req.assets[app_spec])  # --production file
    from solara.server import settings

    if settings.assets.fontawesome_enabled:
        assert settings.assets.fontawesome_path.lstrip("/").split("/")[0] in req.assets
    # the other front end's app is never asked for
    other = "solara-vuetify-app@" if req.vue3 else "solara-vuetify3-app@"
    assert not any(other in spec for spec in req.assets)


def test_specs_cover_grid_layout_and_vega() -> None:
    specs = set(so.required_assets().assets)
    assert any(s.startswith("@widgetti/vue-grid-layout@") for s in specs)
    assert {"vega@5", "vega-lite@5", "vega-embed@6"} <= specs
    assert not any(s.startswith("vega") for s in so.required_assets(include_vega=False).assets)


def test_parse_template_picks_vue_branch_and_substitutes_ipywidgets_major() -> None:
    css = "main{{ipywidget_major_version}}.css"
    text = (
        f"{{% if vue3 == True %}}<link href='{{{{cdn}}}}/@w/app3@5.0.0/dist/{css}'>"
        f"{{% else %}}<link href='{{{{cdn}}}}/@w/app@10.0.0/dist/{css}'>"
        "{% endif %}{% if production %}<script src='{{cdn}}/requirejs@2.3.6/require.js'>"
        "{% else %}<script src='{{cdn}}/requirejs@2.3.6/require.min.js'>{% endif %}"
    )
    assert so.parse_template(text, vue3=False, ipywidgets_major=8) == {
        "@w/app@10.0.0": {"dist/main8.css"},
        "requirejs@2.3.6": {"require.js", "require.min.js"},
    }
    assert "@w/app3@5.0.0" in so.parse_template(text, vue3=True, ipywidgets_major=7)


def test_unreadable_source_falls_back_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(so, "parse_vue", lambda text: so.parse_template("", False, 8))
    req = so.required_assets()
    assert any("gridlayout" in w and "fallback" in w for w in req.warnings)
    assert "@widgetti/vue-grid-layout@2.3.13-alpha.2" in req.assets


def test_check_reports_missing_spec(cache: Path) -> None:
    req = so.required_assets()
    missing = next(s for s in req.assets if "vue-grid-layout" in s)
    for spec, files in req.assets.items():
        if spec != missing:
            _fake_unpacked(cache, spec, files)
    (cache / "@widgetti" / "vue-grid-layout@0.0.1").mkdir(parents=True)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True,
        text=True,
        env={**os.environ, so.CACHE_ENV: str(cache)},
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    line = next(x for x in run.stdout.splitlines() if missing in x)
    assert "MISMATCH" in line and "cache has: @widgetti/vue-grid-layout@0.0.1" in line
    assert so.missing_assets() == [missing]


def test_check_passes_on_complete_cache_and_flags_incomplete(cache: Path) -> None:
    req = so.required_assets()
    for spec, files in req.assets.items():
        _fake_unpacked(cache, spec, files)
    assert so.missing_assets() == []
    assert so.main(["--check"]) == 0
    (cache / "requirejs@2.3.6" / "package.json").unlink()  # as left by the online proxy
    assert so.missing_assets() == ["requirejs@2.3.6"]


def _fake_npm(bindir: Path, tgz: Path | None, log: Path, fail: bool = False) -> None:
    """Install an ``npm`` that logs its arguments and drops ``tgz`` in the cwd (or fails)."""
    bindir.mkdir(exist_ok=True)
    npm = bindir / "npm"
    body = (
        "import json, shutil, sys\n"
        f"open({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        + (
            "sys.exit('npm ERR! 404 Not Found')\n"
            if fail
            else f"shutil.copy({str(tgz)!r}, 'pkg-1.0.0.tgz')\n"
        )
    )
    npm.write_text(f"#!{sys.executable}\n{body}")
    npm.chmod(0o755)


def _tarball(path: Path, files: set[str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name in {"package.json", *files}:
            data = b"{}"
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_fill_unpacks_missing_spec_once(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    req = so.required_assets()
    target = "requirejs@2.3.6"
    for spec, files in req.assets.items():
        if spec != target:
            _fake_unpacked(cache, spec, files)
    log = tmp_path / "npm.log"
    _fake_npm(tmp_path / "bin", _tarball(tmp_path / "r.tgz", req.assets[target]), log)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert so.main([]) == 0
    assert so.main([]) == 0  # idempotent: the second run does not call npm
    calls = [json.loads(x) for x in log.read_text().splitlines()]
    assert calls == [["pack", target, "--silent"]]
    assert (cache / target / "require.js").is_file()
    assert not list(cache.glob(".fill-*"))  # staging directory cleaned up
    assert so.missing_assets() == []


def test_fill_names_spec_when_npm_fails_or_is_missing(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "npm.log"
    _fake_npm(tmp_path / "bin", None, log, fail=True)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert so.main(["--no-vega"]) == 2
    err = capsys.readouterr().err
    assert re.search(r"npm pack \S+@\S+ failed: npm ERR! 404", err)

    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert so.main(["--no-vega"]) == 2
    assert "npm not found on PATH" in capsys.readouterr().err


def test_the_package_module_runs_as_a_command() -> None:
    """Without a checkout's scripts/, ``python -m diplomesa.viz.assets`` does the same."""
    run = subprocess.run(
        [sys.executable, "-m", "diplomesa.viz.assets", "--list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert set(run.stdout.split()) == set(so.required_assets().assets)
