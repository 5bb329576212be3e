"""Bad input, tried hard: hypothesis writes malformed scenario files and bad ``--set`` values
and runs them through ``diplomesa validate`` and ``diplomesa run`` (in process).

Every case must end with exit code 2 and no traceback, and the output must name the file,
the field (dotted path, or ``(top level)`` for the file as a whole) and what was expected.
The generators know which file and field they broke, so the test checks for exactly those.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from diplomesa.cli import app
from diplomesa.rules import REGISTRY
from diplomesa.scenario import ActorSpec, Scenario, configs_dir

runner = CliRunner()
BASE = tomllib.loads((configs_dir() / "istanbul_2025.toml").read_text(encoding="utf-8"))
ACTORS = sorted(BASE["actors"])
EXTENDS = 'extends = "istanbul_2025"\n'
FILES_TRIED = {"count": 0}
# The same cases on every run (seeded, not flaky); DIPLOMESA_FUZZ_RANDOM=1 hunts for new ones.
HUNT = bool(os.environ.get("DIPLOMESA_FUZZ_RANDOM"))
SETTINGS = dict(
    deadline=None,
    database=None,
    derandomize=not HUNT,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- TOML writing


def key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else string(k)


def string(s: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif c < " " or c == "\x7f":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def lit(v: Any) -> str:
    """A Python value as a TOML literal (inline tables and arrays included)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, str):
        return string(v)
    if isinstance(v, list):
        return "[" + ", ".join(lit(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{key(k)} = {lit(x)}" for k, x in v.items()) + "}"
    return v.isoformat()  # a date


def assign(path: str, value: Any) -> str:
    return f"{'.'.join(key(p) for p in path.split('.'))} = {lit(value)}\n"


# --------------------------------------------------------------------------- the schema's leaves


def bounds(metadata: list[Any]) -> tuple[float, float, bool, bool]:
    low, high, open_low, open_high = -math.inf, math.inf, False, False
    for m in metadata:
        if isinstance(m, Ge):
            low = m.ge
        elif isinstance(m, Gt):
            low, open_low = m.gt, True
        elif isinstance(m, Le):
            high = m.le
        elif isinstance(m, Lt):
            high, open_high = m.lt, True
    return low, high, open_low, open_high


PINS = {
    name: st
    for cls in REGISTRY.values()
    for name, st in cls.state.items()
    if st.settable and st.default is None and st.choices is None
}
"""Actor state a scenario may pin (default absent), e.g. ``accepts_demand_from``."""


def leaves() -> list[tuple[str, str, Any]]:
    """(dotted path, kind, detail) for every value a scenario file sets."""
    out: list[tuple[str, str, Any]] = [
        ("title", "text", 1),
        ("description", "text", 0),
        ("start_date", "date", None),
        ("steps", "int", (1, 3650, False, False)),
        ("choice.precision", "float", (0, 100, False, False)),
        ("perception.noise", "float", (0, 2, False, False)),
    ]
    for key in BASE.get("setting", {}):
        out.append((f"setting.{key}", "text", 0))
    for role, value in BASE["roles"].items():
        out.append((f"roles.{role}", "refs" if isinstance(value, list) else "ref", None))
    for actor in ACTORS:
        for name, info in ActorSpec.model_fields.items():
            path = f"actors.{actor}.{name}"
            if name in ("name", "side", "short_name", "country_name", "adjective"):
                out.append((path, "text", 1))
            elif name in ("type", "delegation_rank"):
                out.append((path, "choice", None))
            elif name == "country":
                out.append((path, "country", None))
            elif name == "principal":
                out.append((path, "ref", None))
            elif name == "in_region":
                out.append((path, "bool", None))
            elif name in PINS:  # a pin the rules declare: a whole number or absent
                out.append((path, "int", (PINS[name].low, PINS[name].high, False, False)))
            elif name == "trust":
                out.append((f"{path}.{ACTORS[0]}", "float", (0, 1, False, False)))
            else:
                out.append((path, "float", bounds(info.metadata)))
    for rid, cls in REGISTRY.items():
        out.append((f"rules.{rid}.enabled", "bool", None))
        for name, meta in cls.params.items():
            kind = "int" if meta.integer else "float"
            out.append((f"rules.{rid}.{name}", kind, (meta.low, meta.high, False, False)))
    return out


LEAVES = leaves()
WORDS = st.one_of(
    st.from_regex(r"[a-z][a-z ]{0,10}[a-z]", fullmatch=True),
    st.sampled_from(["[/x]", "[bold]oops", "[/]", ":thumbs_up:", "\\[", "x\ny"]),  # markup
)
NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,14}", fullmatch=True)
JUNK = st.one_of(
    st.lists(st.integers(-5, 5), max_size=3), st.dictionaries(NAMES, st.integers(), max_size=2)
)
SCENARIO_NAMES = {p.stem for p in configs_dir().rglob("*.toml")}
LAX_BOOL = {"true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "0", "1"}


def outside(low: float, high: float, open_low: bool, open_high: bool) -> st.SearchStrategy:
    options = [
        st.just(math.nan),
        st.just(math.inf),
        st.just(-math.inf),
        st.just(10**400),
        st.just(-(10**400)),
        st.floats(min_value=high, exclude_min=not open_high, allow_nan=False),
        st.floats(max_value=low, exclude_max=not open_low, allow_nan=False),
        st.integers(min_value=math.floor(high) + 1),
        st.integers(max_value=math.ceil(low) - 1),
    ]
    return st.one_of(options)


def bad_value(kind: str, detail: Any) -> st.SearchStrategy:
    """Values that are surely wrong for a leaf of this kind (pydantic's lax reading included)."""
    if kind in ("float", "int"):
        wrong = st.one_of(WORDS, st.booleans(), JUNK, outside(*detail))
        if kind == "int":
            wrong = st.one_of(wrong, st.floats(0.1, 100).filter(lambda x: x != int(x)))
        return wrong
    if kind == "bool":
        return st.one_of(
            WORDS.filter(lambda w: w.lower() not in LAX_BOOL),
            st.integers().filter(lambda i: i not in (0, 1)),
            JUNK,
        )
    if kind == "text":
        return st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), JUNK)
    if kind == "date":
        return st.one_of(WORDS, st.booleans(), JUNK, st.just("2025-13-45"), st.just("9999-12-01"))
    if kind == "ref":
        return st.one_of(NAMES.filter(lambda n: n not in ACTORS), st.integers(), JUNK)
    if kind == "refs":
        return st.one_of(st.lists(NAMES.filter(lambda n: n not in ACTORS), min_size=1, max_size=3))
    if kind == "choice":
        return st.one_of(WORDS.filter(lambda w: w.lower() not in ("leader", "senior", "junior")))
    if kind == "country":
        return st.one_of(WORDS, st.from_regex(r"[A-Z]{4,6}", fullmatch=True), st.integers())
    raise AssertionError(kind)


# --------------------------------------------------------------------------- the cases


@dataclass
class Case:
    """Files to write; the one to check; which file and field the message must name."""

    files: dict[str, bytes]
    target: str
    blamed: str  # file whose label the message carries
    where: str  # dotted path, "(top level)" or "extends"
    kind: str = ""
    extra: list[str] = field(default_factory=list)


def one(text: str, where: str, kind: str) -> Case:
    return Case({"s.toml": text.encode("utf-8")}, "s.toml", "s.toml", where, kind)


@st.composite
def wrong_leaf(draw) -> Case:
    path, kind, detail = draw(st.sampled_from(LEAVES))
    value = draw(bad_value(kind, detail))
    where = f"{path}[0]" if kind == "refs" and isinstance(value, list) else path
    return one(EXTENDS + assign(path, value), where, f"wrong value ({kind})")


@st.composite
def unknown_key(draw) -> Case:
    tables = {
        "": set(Scenario.model_fields),
        "choice": {"precision"},
        "perception": {"noise"},
        "roles": set(BASE["roles"]) | {"mediator_envoy", "host", "eu", "backers"},
    }
    for actor in ACTORS:
        tables[f"actors.{actor}"] = set(ActorSpec.model_fields)
    for rid, cls in REGISTRY.items():
        tables[f"rules.{rid}"] = {"enabled", *cls.params}
    tables["rules"] = set(REGISTRY)
    table = draw(st.sampled_from(sorted(tables)))
    name = draw(NAMES.filter(lambda n: n not in tables[table]))
    path = f"{table}.{name}" if table else name
    value = draw(st.one_of(st.integers(), WORDS, st.booleans()))
    return one(EXTENDS + assign(path, value), path, "unknown key")


@st.composite
def unknown_reference(draw) -> Case:
    ghost = draw(NAMES.filter(lambda n: n not in ACTORS))
    choice = draw(st.sampled_from(["role", "trust", "principal", "event"]))
    if choice == "role":
        role = draw(
            st.sampled_from(sorted(r for r, v in BASE["roles"].items() if isinstance(v, str)))
        )
        return one(EXTENDS + assign(f"roles.{role}", ghost), f"roles.{role}", "unknown actor")
    if choice == "trust":
        actor = draw(st.sampled_from(ACTORS))
        path = f"actors.{actor}.trust.{ghost}"
        return one(EXTENDS + assign(path, 0.5), path, "unknown actor")
    if choice == "principal":
        actor = draw(st.sampled_from(ACTORS))
        return one(
            EXTENDS + assign(f"actors.{actor}.principal", ghost),
            f"actors.{actor}.principal",
            "unknown actor",
        )
    event = (
        f'[[events]]\nid = "e"\ndate = 2025-05-20\nactor = {lit(ghost)}\n'
        'attribute = "momentum"\nvalue = 0.1\n'
    )
    return one(EXTENDS + event, "events[2].actor", "unknown actor")


@st.composite
def bad_event(draw) -> Case:
    event: dict[str, Any] = {
        "id": "new",
        "date": dt.date(2025, 5, 20),
        "actor": "merz",
        "attribute": "sanctions_willingness",
        "value": 0.5,
    }
    flaw = draw(
        st.sampled_from(["missing", "date", "end", "attribute", "value", "extra", "enabled"])
    )
    where = f"events[2].{flaw}"
    if flaw == "missing":
        gone = draw(st.sampled_from(["date", "actor", "attribute", "value"]))
        del event[gone]
        where = f"events[2].{gone}"
    elif flaw == "date":
        event["date"] = draw(st.one_of(WORDS, st.just("2025-02-30")))
    elif flaw == "end":
        event["end"] = dt.date(2025, 5, 1)
    elif flaw == "attribute":
        event["attribute"] = draw(
            st.one_of(
                st.sampled_from(["name", "trust", "type"]),
                NAMES.filter(lambda n: n not in ActorSpec.model_fields),
            )
        )
    elif flaw == "value":
        event["value"] = draw(
            st.one_of(
                st.floats(1, 1e300, exclude_min=True),
                st.floats(max_value=-1e-9, allow_infinity=False),
            )
        )
    elif flaw == "extra":
        name = draw(
            NAMES.filter(
                lambda n: (
                    n
                    not in ("id", "title", "date", "end", "actor", "attribute", "value", "enabled")
                )
            )
        )
        event[name] = 1
        where = f"events[2].{name}"
    else:  # an existing event, disabled the wrong way
        event = {"id": "gulf_trip", "enabled": draw(bad_value("bool", None))}
        where = "events[1].enabled"
    body = "".join(f"{key(k)} = {lit(v)}\n" for k, v in event.items())
    return one(f"{EXTENDS}[[events]]\n{body}", where, f"bad event ({flaw})")


WRONG_SHAPES = [
    ("rules = 3\n", "rules"),
    ('actors.putin = "x"\n', "actors.putin"),
    ('actors = "x"\n', "actors"),
    ("roles = []\n", "roles"),
    ("choice = 1\n", "choice"),
    ('perception = "x"\n', "perception"),
    ('events = "x"\n', "events"),
    ("events = [1, 2]\n", "events[0]"),
    ("rules.R01 = true\n", "rules.R01"),
    ("title = {a = 1}\n", "title"),
    ("steps = [90]\n", "steps"),
    ("actors.ghost = {}\n", "actors.ghost.name"),
    ("rules.R99 = {}\n", "rules.R99"),
    ("actors.putin.trust = 5\n", "actors.putin.trust"),
]


@st.composite
def wrong_shape(draw) -> Case:
    text, where = draw(st.sampled_from(WRONG_SHAPES))
    return one(EXTENDS + text, where, "wrong shape")


BROKEN = [
    'title = "unclosed\n',
    "x = [1, 2\n",
    'title = "a"\ntitle = "b"\n',
    "title =\n",
    "= 3\n",
    "[rules.R01\n",
    "[[events]\n",
    "steps = 9" + "9" * 5000 + "\n",
    "title = " + "[" * 3000 + "]" * 3000 + "\n",
    "a = 1 b = 2\n",
    "[a]\n[a]\n",
    'x = """\n',
    "date = 2025-13-45\n",
]


@st.composite
def unreadable(draw) -> Case:
    choice = draw(
        st.sampled_from(
            ["empty", "broken", "random", "bytes", "missing", "directory", "device", "deep"]
        )
    )
    if choice == "empty":
        text = draw(st.sampled_from(["", "\n\n", "   \t\n", "# only a comment\n", "# a\n# b\n"]))
        return one(text, "(top level)", "empty")
    if choice == "broken":
        return one(EXTENDS + draw(st.sampled_from(BROKEN)), "(top level)", "broken TOML")
    if choice == "random":
        text = draw(st.text(max_size=60).filter(not_toml))
        return one(text, "(top level)", "random text")
    if choice == "bytes":
        good = (EXTENDS + 'title = "x"\n').encode()
        at = draw(st.integers(0, len(good)))
        junk = draw(
            st.sampled_from(
                [b"\xff", b"\xfe\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\x80", b"\xe2\x82"]
            )
        )
        return Case(
            {"s.toml": good[:at] + junk + good[at:]}, "s.toml", "s.toml", "(top level)", "non-UTF-8"
        )
    if choice == "missing":
        name = draw(NAMES) + ".toml"
        return Case({}, name, name, "(top level)", "missing file")
    if choice == "device":
        return Case({}, "/dev/null", "/dev/null", "(top level)", "device")
    if choice == "directory":
        return Case({"d.toml/": b""}, "d.toml", "d.toml", "(top level)", "directory")
    depth = draw(st.integers(1, 400))
    path = "actors.putin.trust." + ".".join(["a"] * depth)
    return one(EXTENDS + f"{path} = 0.5\n", "actors.putin.trust.a", "deep nesting")


def not_toml(text: str) -> bool:
    try:
        tomllib.loads(text)
    except Exception:
        return all(not 0xD800 <= ord(c) <= 0xDFFF for c in text)
    return False


@st.composite
def bad_extends(draw) -> Case:
    choice = draw(st.sampled_from(["type", "missing", "cycle", "broken parent"]))
    if choice == "type":
        value = draw(st.one_of(st.integers(), st.booleans(), JUNK, st.just("")))
        return one(f"extends = {lit(value)}\n", "extends", "extends type")
    if choice == "missing":
        name = draw(NAMES.filter(lambda n: n not in SCENARIO_NAMES))
        return one(f"extends = {lit(name)}\n", "extends", "missing parent")
    if choice == "cycle":
        n = draw(st.integers(1, 4))
        files = {
            f"c{i}.toml": f'extends = "c{(i + 1) % n}.toml"\ntitle = "c{i}"\n'.encode()
            for i in range(n)
        }
        return Case(files, "c0.toml", f"c{n - 1}.toml", "extends", f"cycle of {n}")
    files = {
        "child.toml": b'extends = "parent.toml"\n',
        "parent.toml": draw(st.sampled_from(BROKEN)).encode(),
    }
    return Case(files, "child.toml", "parent.toml", "(top level)", "broken parent")


CASES = st.one_of(
    wrong_leaf(),
    wrong_leaf(),  # the largest family: twice the weight
    unknown_key(),
    unknown_reference(),
    bad_event(),
    wrong_shape(),
    unreadable(),
    bad_extends(),
)


# --------------------------------------------------------------------------- the checks


def output(result) -> str:
    text = result.output
    try:
        extra = result.stderr
    except ValueError:  # click < 8.2 without mix_stderr=False
        extra = ""
    return text if extra and extra in text else text + extra


def check(result, label: str, where: str, what: str) -> None:
    text = output(result)
    assert "Traceback" not in text, (what, text)
    assert isinstance(result.exception, SystemExit), (what, repr(result.exception), text)
    assert result.exit_code == 2, (what, result.exit_code, text)
    assert f"{label}: {where}: " in text, (what, label, where, text)
    for line in text.splitlines():
        if line.startswith(label):
            assert "expected" in line, (what, line)


def write(case: Case, folder: Path) -> None:
    for name, data in case.files.items():
        if name.endswith("/"):
            (folder / name.rstrip("/")).mkdir()
        else:
            (folder / name).write_bytes(data)


@settings(max_examples=3000 if HUNT else 600, **SETTINGS)
@given(case=CASES)
def test_malformed_files_get_clear_errors(case: Case):
    event(case.kind.split(" (")[0])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp).resolve()
        write(case, folder)
        target = str(folder / case.target)
        blamed = folder / case.blamed
        label = str(blamed.resolve()) if blamed.is_file() else str(blamed)
        for args in (["validate", target], ["run", target, "--steps", "3"]):
            check(runner.invoke(app, args), label, case.where, f"{case.kind}: {args[0]}")
    FILES_TRIED["count"] += 1


def test_the_fuzz_tried_at_least_500_files():
    if FILES_TRIED["count"] == 0:
        import pytest

        pytest.skip("run together with test_malformed_files_get_clear_errors")
    assert FILES_TRIED["count"] >= 500


# --------------------------------------------------------------------------- bad --set values

BASELINE_LABEL = str((configs_dir() / "istanbul_2025.toml").resolve()) + " (with overrides)"


@st.composite
def bad_set(draw) -> tuple[str, str, str]:
    choice = draw(st.sampled_from(["value", "path", "syntax"]))
    if choice == "value":
        path, kind, detail = draw(st.sampled_from(LEAVES))
        value = draw(bad_value(kind, detail))
        where = f"{path}[0]" if kind == "refs" and isinstance(value, list) else path
        return f"{path}={lit(value)}", f"{BASELINE_LABEL}: {where}: ", "bad value"
    if choice == "path":
        head = draw(st.sampled_from(["rules", "actors", "roles", "choice", "events", "nowhere"]))
        name = draw(NAMES.filter(lambda n: n not in BASE.get(head, {}) and n not in ("0", "1")))
        expected = {
            "nowhere": "nowhere: no such table",
            "actors": f"actors.{name}: no such table; expected one of",  # no new actor by --set
            "events": f"events.{name}: no item with this id; expected one of",
        }.get(head, f"{head}.{name}: no such")
        return f"{head}.{name}.x=1", expected, "unknown path"
    item = draw(st.sampled_from(["nonsense", "=1", "a..b=1", ".a=1", "rules.=1", "  =x"]))
    return item, "expected PATH=VALUE", "syntax"


@settings(max_examples=1000 if HUNT else 200, **SETTINGS)
@given(item=bad_set())
def test_bad_set_values_get_clear_errors(item):
    setting, expected, what = item
    for command in (["run", "--steps", "3"], ["validate", "istanbul_2025"]):
        result = runner.invoke(app, [*command, "--set", setting])
        text = output(result)
        assert "Traceback" not in text and isinstance(result.exception, SystemExit), text
        assert result.exit_code == 2 and expected in text, (what, setting, text)
        for line in text.splitlines():
            if line.startswith(BASELINE_LABEL):
                assert "expected" in line, line
