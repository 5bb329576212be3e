"""Fill Solara's CDN proxy cache from the npm registry, so the app draws with no internet.

Why this exists: a Solara page loads its whole front end (the Vuetify app, requirejs,
font-awesome, the grid layout Mesa's ``SolaraViz`` uses, vega for altair) from
``/_solara/cdn/<npm-spec>/<path>``. Solara's server answers those URLs from a cache directory
(``solara.server.settings.assets.proxy_cache_dir``) and, on a miss, fetches the file from a
public CDN. Without internet every miss costs ~7 s and ends in a 404, and the user sees a blank
page. The npm registry, however, is reachable, and the CDN only mirrors npm package contents:
unpacking ``npm pack <spec>`` into ``<cache>/<spec>/`` gives the server exactly the files the
CDN would have given it.

The specs (``name@version`` exactly as they appear in the URLs, ranges such as ``vega@5``
included, because the cache directory name must match the URL) are read from the *installed*
solara, so that upgrading solara cannot silently leave a stale cache: ``--check`` then reports
the expected spec next to what the cache holds instead of the page going blank.

It lives in the package so that an installed diplomesa, not only a checkout, can check and
fill the cache (``diplomesa app`` does before serving; ``app.py`` warns at start-up). Usage::

    python -m diplomesa.viz.assets            # fill the cache (idempotent)
    python -m diplomesa.viz.assets --check    # exit 1 and report if anything is missing
    python -m diplomesa.viz.assets --list     # print the specs the installed solara needs

(``python scripts/solara_offline.py`` in a checkout is the same.) Run it with the interpreter of
the environment that runs the app: the specs and the cache directory both belong to that
environment's solara. Only the standard library and solara are used, solara only when needed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CACHE_ENV = "SOLARA_ASSETS_PROXY_CACHE_DIR"
ROOT = Path(__file__).resolve().parents[2]
"""The checkout this package sits in (``app.py``, ``scripts/``); site-packages once installed."""
SCRIPT = ROOT / "scripts" / "solara_offline.py"

# Used only when reading the installed solara fails (each source falls back on its own and a
# warning says so). Checked against solara 1.64.1 with ipyvue 1.x (Vue 2 front end) and
# ipywidgets 8; see docs/offline.md. Keyed by the source it stands in for.
FALLBACK_ASSETS: dict[str, dict[str, tuple[str, ...]]] = {
    "template": {
        "@widgetti/solara-vuetify-app@10.1.1": (
            "dist/main8.css",
            "dist/fonts.css",
            "dist/solara-vuetify-app8.min.js",
            "dist/solara-vuetify-app8.js",
        ),
        "requirejs@2.3.6": ("require.js",),
    },
    "fontawesome": {"font-awesome@4.5.0": ("css/font-awesome.min.css",)},
    "gridlayout": {
        "@widgetti/vue-grid-layout@2.3.13-alpha.2": ("dist/vue-grid-layout.umd.js",),
        "requirejs@2.3.6": ("require.js",),
    },
    "vegalite": {
        "vega@5": ("build/vega.min.js",),
        "vega-lite@5": ("build/vega-lite.min.js",),
        "vega-embed@6": ("build/vega-embed.min.js",),
        "requirejs@2.3.6": ("require.js",),
    },
}

# An npm spec as it appears in a URL: optional @scope/, a name, @, a version or range.
_SPEC = r"(?:@[A-Za-z0-9._-]+/)?[A-Za-z0-9._-]+@[A-Za-z0-9.^~<>=*+-]+"
_SPEC_RE = re.compile(rf"^{_SPEC}$")
_URL_RE = re.compile(rf"^(?P<spec>{_SPEC})(?:/(?P<file>[^\s\"'`<>?#]*))?")
# Jinja tags that open/close branches, and the CDN URLs, in document order.
_TEMPLATE_TOKEN_RE = re.compile(
    r"\{%-?\s*(?P<tag>if|elif|else|endif)\b(?P<cond>.*?)-?%\}"
    r"|\{\{\s*cdn\s*\}\}/(?P<url>[^\s\"'<>]+)"
)
_VUE_URL_RE = re.compile(r"\$\{this\.getCdn\(\)\}/(?P<url>[^\s\"'`]+)")
_VUE3_RE = re.compile(r"vue3\s*=\s*ipyvue\.__version__\.startswith\(\s*[\"']([^\"']+)[\"']\s*\)")


class SpecReadError(Exception):
    """The installed solara could not be read (file moved, pattern changed)."""


class FillError(Exception):
    """npm is missing or a package could not be packed/unpacked; the message names the spec."""


@dataclass
class Requirements:
    """What the installed solara's page requests under ``/_solara/cdn``.

    ``assets`` maps each spec to the files inside it that solara names explicitly; the check
    looks for those files, so a cache filled by the online proxy with other files is caught.
    ``warnings`` says which sources fell back to ``FALLBACK_ASSETS``.
    """

    assets: dict[str, set[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    vue3: bool = False

    def add(self, spec: str, files: Iterable[str]) -> None:
        """Record ``files`` as needed inside ``spec``."""
        self.assets.setdefault(spec, set()).update(files)


def package_name(spec: str) -> str:
    """Return the package part of ``spec`` (``@scope/name@1.2`` -> ``@scope/name``)."""
    return spec[: spec.rindex("@")] if spec.rfind("@") > 0 else spec


def solara_dir() -> Path:
    """Locate the installed solara package without importing it."""
    found = importlib.util.find_spec("solara")
    if found is None or not found.submodule_search_locations:
        raise SpecReadError("solara is not installed in this interpreter")
    return Path(next(iter(found.submodule_search_locations)))


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError as e:
        raise SpecReadError(f"{dist} is not installed") from e


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise SpecReadError(f"cannot read {path}: {e}") from e


def read_vue3(root: Path) -> bool:
    """Decide, as solara's server does, whether the page uses the Vue 3 front end.

    The server picks the template branch from the ipyvue version; we read the rule from
    ``server.py`` rather than assume it, since it decides which Vuetify app is fetched.
    """
    match = _VUE3_RE.search(_read(root / "server" / "server.py"))
    if match is None:
        raise SpecReadError("server.py no longer sets vue3 from ipyvue.__version__")
    return _version("ipyvue").startswith(match.group(1))


def _split_url(url: str, subst: dict[str, str]) -> tuple[str, str | None] | None:
    """Split a CDN URL tail into (spec, file); ``None`` if the spec is computed at run time."""
    for pattern, value in subst.items():
        url = re.sub(pattern, value, url)
    match = _URL_RE.match(url)
    if match is None:
        return None
    file = match.group("file") or None
    if file and ("{" in file or "$" in file):
        file = None  # a file name we cannot resolve statically; the spec still counts
    return match.group("spec"), file


def parse_template(text: str, vue3: bool, ipywidgets_major: int) -> dict[str, set[str]]:
    """Collect the CDN specs/files in ``solara.html.j2`` for the given front end.

    Only ``vue3`` conditions select a branch; other conditions (``production``) keep both
    branches, since the npm tarball holds the files of both and either mode may be used.
    """
    subst = {r"\{\{\s*ipywidget_major_version\s*\}\}": str(ipywidgets_major)}
    stack: list[tuple[bool, bool]] = []  # (is a vue3 condition, branch taken)
    found: dict[str, set[str]] = {}
    for token in _TEMPLATE_TOKEN_RE.finditer(text):
        tag = token.group("tag")
        if tag == "if":
            cond = token.group("cond").strip()
            if re.fullmatch(r"vue3(\s*==\s*True)?", cond):
                stack.append((True, vue3))
            elif re.fullmatch(r"not\s+vue3|vue3\s*==\s*False", cond):
                stack.append((True, not vue3))
            else:
                stack.append((False, True))
        elif tag in ("elif", "else"):
            if stack and stack[-1][0]:
                stack[-1] = (True, not stack[-1][1])
        elif tag == "endif":
            if stack:
                stack.pop()
        elif all(active for _, active in stack):
            split = _split_url(token.group("url"), subst)
            if split is not None:
                spec, file = split
                found.setdefault(spec, set()).update([file] if file else [])
    if not found:
        raise SpecReadError("no {{cdn}}/<spec>/ URL found in solara.html.j2")
    return found


def parse_vue(text: str) -> dict[str, set[str]]:
    """Collect the ``${this.getCdn()}/<spec>/<file>`` URLs of a solara ``.vue`` widget."""
    found: dict[str, set[str]] = {}
    for token in _VUE_URL_RE.finditer(text):
        split = _split_url(token.group("url"), {})
        if split is not None and "$" not in split[0]:
            spec, file = split
            found.setdefault(spec, set()).update([file] if file else [])
    if not found:
        raise SpecReadError("no ${this.getCdn()}/<spec>/ URL found")
    return found


def _fontawesome() -> dict[str, set[str]]:
    """Read ``assets.fontawesome_path``, which the template appends to the CDN URL."""
    try:
        from solara.server import settings
    except Exception as e:  # any failure (import, bad env value) means "cannot read"
        raise SpecReadError(f"cannot import solara.server.settings: {e}") from e
    if not settings.assets.fontawesome_enabled:
        return {}
    split = _split_url(settings.assets.fontawesome_path.lstrip("/"), {})
    if split is None:
        raise SpecReadError(f"unexpected fontawesome_path {settings.assets.fontawesome_path!r}")
    spec, file = split
    return {spec: {file} if file else set()}


def required_assets(include_vega: bool = True) -> Requirements:
    """Read, from the installed solara, every spec a Mesa SolaraViz page requests.

    Sources: the page template (Vuetify app, requirejs), ``assets.fontawesome_path``, the grid
    layout widget (``SolaraViz`` puts its components in ``GridDraggable``) and, unless
    ``include_vega`` is false, the vega-lite widget (altair charts). A source that cannot be
    read falls back to ``FALLBACK_ASSETS`` and adds a warning.
    """
    req = Requirements()
    try:
        root = solara_dir()
    except SpecReadError as e:
        req.warnings.append(f"{e}; using the fallback spec list")
        root = Path("/nonexistent-solara")
    try:
        req.vue3 = read_vue3(root)
    except SpecReadError as e:
        req.warnings.append(f"cannot tell Vue 2 from Vue 3 ({e}); assuming Vue 2")
    vue_dir = root / "widgets" / "vue"
    try:
        vuetify3 = _version("ipyvuetify").startswith("3")
    except SpecReadError:
        vuetify3 = req.vue3
    grid = "gridlayout_v3.vue" if vuetify3 else "gridlayout.vue"

    def template() -> dict[str, set[str]]:
        major = int(_version("ipywidgets").split(".")[0])
        text = _read(root / "server" / "templates" / "solara.html.j2")
        return parse_template(text, req.vue3, major)

    sources = {
        "template": template,
        "fontawesome": _fontawesome,
        "gridlayout": lambda: parse_vue(_read(vue_dir / grid)),
    }
    if include_vega:
        sources["vegalite"] = lambda: parse_vue(_read(vue_dir / "vegalite.vue"))
    for name, read in sources.items():
        try:
            found = read()
        except SpecReadError as e:
            req.warnings.append(f"{name}: {e}; using the fallback spec list for it")
            found = {spec: set(files) for spec, files in FALLBACK_ASSETS[name].items()}
        for spec, files in found.items():
            req.add(spec, files)
    return req


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the directory solara's CDN proxy serves from.

    ``override`` wins, then the environment variable (read now, not at solara's import, so that
    tests and callers that set it late are honoured), then solara's own setting.
    """
    if override:
        return Path(override)
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def spec_problem(cache: Path, spec: str, files: Iterable[str]) -> str | None:
    """Describe what is wrong with ``spec`` in ``cache``, or ``None`` if it is complete.

    A spec counts as present only if it was unpacked from npm (``package.json`` exists): a
    directory the online proxy filled holds only the files one session asked for, and would
    miss e.g. the fonts another page needs.
    """
    target = cache / spec
    if not target.is_dir():
        others = sorted(
            p.relative_to(cache).as_posix()
            for p in target.parent.glob(f"{Path(package_name(spec)).name}@*")
            if p.is_dir()
        )
        return "missing" + (f"; cache has: {', '.join(others)}" if others else "")
    absent = sorted(f for f in files if not (target / f).is_file())
    if absent:
        return f"incomplete; missing {', '.join(absent)}"
    if not (target / "package.json").is_file():
        return "incomplete; not unpacked from npm (no package.json)"
    return None


def missing_assets(
    cache: str | os.PathLike[str] | None = None, include_vega: bool = True
) -> list[str]:
    """Return the specs the installed solara needs that the cache lacks (empty if all good).

    Meant for the app's start-up: show a clear "fill the cache" message (:func:`fill_command`)
    instead of a page that stays blank while the server retries an unreachable CDN.
    """
    return list(problems(cache_dir(cache), required_assets(include_vega)))


def problems(cache: Path, req: Requirements) -> dict[str, str]:
    """Each spec of ``req`` that is not complete in ``cache``, with what is wrong, in order."""
    found = {spec: spec_problem(cache, spec, files) for spec, files in sorted(req.assets.items())}
    return {spec: problem for spec, problem in found.items() if problem is not None}


def _strip_top(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    """Yield members with the tarball's top directory (``package/`` for npm) removed."""
    for member in tar.getmembers():
        parts = member.name.split("/", 1)
        if len(parts) == 2 and parts[1]:
            member.name = parts[1]
            yield member


def fill_spec(cache: Path, spec: str, npm: str) -> None:
    """``npm pack`` ``spec`` in a temp dir and unpack its ``package/`` into ``cache/spec``.

    The unpacking goes to a staging directory inside the cache first and is renamed into
    place, so a running server never serves a half-unpacked package.
    """
    if not _SPEC_RE.match(spec) or ".." in spec:
        raise FillError(f"refusing unsafe spec {spec!r}")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="solara-npm-") as tmp:
        try:
            run = subprocess.run(
                [npm, "pack", spec, "--silent"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise FillError(f"npm pack {spec} could not run: {e}") from e
        tarballs = list(Path(tmp).glob("*.tgz"))
        if run.returncode != 0 or len(tarballs) != 1:
            detail = (run.stderr or run.stdout).strip() or f"exit code {run.returncode}"
            raise FillError(f"npm pack {spec} failed: {detail}")
        stage = Path(tempfile.mkdtemp(prefix=".fill-", dir=cache))
        try:
            with tarfile.open(tarballs[0]) as tar:
                tar.extractall(stage / "package", members=_strip_top(tar), filter="data")
            target = cache / spec
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():  # partly filled by the online proxy: complete it
                shutil.copytree(stage / "package", target, dirs_exist_ok=True)
            else:
                os.replace(stage / "package", target)
        except (OSError, tarfile.TarError) as e:
            raise FillError(f"unpacking {spec} into {cache} failed: {e}") from e
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def fill(cache: Path, req: Requirements) -> list[str]:
    """Fill every spec of ``req`` that is not complete in ``cache``; return those filled."""
    todo = list(problems(cache, req))
    if not todo:
        return []
    npm = shutil.which("npm")
    if npm is None:
        raise FillError(f"npm not found on PATH; needed to fetch {', '.join(todo)}")
    for spec in todo:
        print(f"npm pack {spec}", flush=True)
        fill_spec(cache, spec, npm)
        problem = spec_problem(cache, spec, req.assets[spec])
        if problem:
            raise FillError(f"{spec} still {problem} after unpacking its npm tarball")
    return todo


def fill_command() -> str:
    """The shell command that fills the cache: the checkout's script, else this module."""
    if SCRIPT.is_file():
        return f"{sys.executable} {SCRIPT}"
    return f"{sys.executable} -m diplomesa.viz.assets"


def describe_env(req: Requirements) -> str:
    """The installed solara, ipyvue (hence the front end) and ipywidgets, in one phrase."""
    try:
        versions = {d: _version(d) for d in ("solara", "ipyvue", "ipywidgets")}
    except SpecReadError:
        return "the installed solara"
    front = "Vue 3" if req.vue3 else "Vue 2"
    return (
        f"solara {versions['solara']} (ipyvue {versions['ipyvue']} -> {front}, "
        f"ipywidgets {versions['ipywidgets']})"
    )


def check(cache: Path, req: Requirements) -> int:
    """Print expected-vs-cached for every spec; return 1 on any mismatch, else 0."""
    print(f"{describe_env(req)} needs in {cache}:")
    bad = 0
    for spec, files in sorted(req.assets.items()):
        problem = spec_problem(cache, spec, files)
        bad += problem is not None
        detail = f"  ({problem})" if problem else ""
        print(f"  {'MISMATCH' if problem else 'ok':8}  {spec}{detail}")
    if bad:
        print(
            f"{bad} spec(s) missing: the page would stay blank offline. "
            f"Fill the cache (needs the npm registry once): {fill_command()}"
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report missing specs, exit 1 if any")
    mode.add_argument("--list", action="store_true", help="print the required specs and exit")
    parser.add_argument("--cache-dir", help=f"cache directory (default: ${CACHE_ENV} or solara's)")
    parser.add_argument("--no-vega", action="store_true", help="skip vega (no altair charts)")
    args = parser.parse_args(argv)

    req = required_assets(include_vega=not args.no_vega)
    for warning in req.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.list:
        print("\n".join(sorted(req.assets)))
        return 0
    cache = cache_dir(args.cache_dir)
    if args.check:
        return check(cache, req)
    start = time.monotonic()
    try:
        filled = fill(cache, req)
    except FillError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    took = time.monotonic() - start
    if filled:
        print(f"filled {len(filled)} spec(s) in {cache} in {took:.1f} s")
    else:
        print(f"all {len(req.assets)} specs already in {cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
