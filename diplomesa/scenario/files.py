"""Reading scenario files: TOML, ``extends`` chains, dotted-path overrides, the load cache."""

from __future__ import annotations

import math
import os
import pickle
import tomllib
import typing
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)

from diplomesa.scenario.errors import ScenarioError, _shown, _walk, problems_of
from diplomesa.scenario.schema import (
    BASELINE,
    Scenario,
    configs_dir,
    registry_key,
    scenario_files,
    schema,
)


def _exists(path: str | Path) -> bool:
    """Whether ``path`` exists; ``False`` on any error (a name too long, a NUL byte ...).
    ``os.path`` answers so itself, for a string or a ``Path``, faster than pathlib."""
    return os.path.exists(path)


def _is_file(path: str | Path) -> bool:
    """Whether ``path`` is a regular file; ``False`` on any error."""
    return os.path.isfile(path)


MAX_BYTES = 10_000_000
_TOML = "expected a TOML scenario file (see configs/istanbul_2025.toml)"


def _read_toml(path: Path, label: str) -> dict[str, Any]:
    if not _exists(path):
        raise ScenarioError(label, [("", f"file not found; {_TOML}")])
    if path.is_dir():
        raise ScenarioError(label, [("", f"is a directory; {_TOML}")])
    if not _is_file(path):  # a device or a pipe: reading could block or never end
        raise ScenarioError(label, [("", f"is not a regular file; {_TOML}")])
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ScenarioError(label, [("", f"is larger than {MAX_BYTES:,} bytes; {_TOML}")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(label, [("", f"cannot be read ({exc.strerror}); {_TOML}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            label, [("", f"is not UTF-8 text (byte {exc.start}); expected UTF-8 TOML")]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(label, [("", f"is not valid TOML ({exc}); {_TOML}")]) from None
    except ValueError:  # an integer beyond Python's 4300-digit conversion limit
        raise ScenarioError(
            label, [("", f"is not valid TOML (a number with too many digits); {_TOML}")]
        ) from None
    except RecursionError:
        raise ScenarioError(
            label, [("", f"is not valid TOML (arrays nested too deeply); {_TOML}")]
        ) from None
    if not data:
        raise ScenarioError(label, [("", f"is empty; {_TOML}")])
    return data


def resolve(name: str | Path, relative_to: Path | None = None) -> Path:
    """Find a scenario by name (``istanbul_2025``, ``counterfactuals/putin_attends``) or path."""
    text = os.fspath(name)
    p = Path(text)
    # (a name without a dot has no suffix: not asked of pathlib, which parses it to say so)
    if ("." in text and p.suffix == ".toml") or _exists(text):
        if not p.is_absolute() and relative_to is not None and not _exists(p):
            p = relative_to / p
        return p
    base = configs_dir()
    # The configs as strings: a model built by name looks its file up on every build
    folder = os.fspath(base)
    for candidate in (
        os.path.join(folder, f"{name}.toml"),
        os.path.join(folder, "counterfactuals", f"{name}.toml"),
    ):
        if _is_file(candidate):
            return Path(candidate)
    if relative_to is not None and _is_file(relative_to / f"{name}.toml"):
        return relative_to / f"{name}.toml"
    return base / f"{name}.toml"


def _merge(base: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """The child over the base: tables merge key by key, arrays of tables with ids by id."""
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        elif _keyed(value) and _keyed(out.get(key)):
            out[key] = _merge_by_id(out[key], value)
        else:
            out[key] = value
    return out


def _keyed(value: Any) -> bool:
    """An array of tables each with an ``id`` (like ``[[events]]``)."""
    return isinstance(value, list) and all(isinstance(v, Mapping) and "id" in v for v in value)


def _merge_by_id(base: list[Any], child: list[Any]) -> list[Any]:
    """A child entry with a known id updates that entry; a new id is added at the end."""
    out = [dict(item) for item in base]
    index = {item["id"]: i for i, item in enumerate(out) if isinstance(item["id"], str)}
    for item in child:
        i = index.get(item["id"]) if isinstance(item["id"], str) else None
        if i is None:
            out.append(dict(item))
        else:
            out[i] = _merge(out[i], item)
    return out


MAX_EXTENDS = 32


def _raw_with_parents(path: Path, label: str, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    data = _read_toml(path, label)
    parent = data.get("extends")
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent:
        raise ScenarioError(
            label, [("extends", f"expected a scenario name or path, got {_shown(parent)}")]
        )
    where = "expected a scenario name in configs/ or a path relative to this file"
    try:
        parent_path = resolve(parent, relative_to=path.parent).resolve()
    except (OSError, ValueError, RuntimeError):
        raise ScenarioError(
            label, [("extends", f"parent scenario {_shown(parent)} not found; {where}")]
        ) from None
    chain = (*seen, path.resolve())
    if parent_path in chain:
        names = " -> ".join(p.name for p in (*chain, parent_path))
        raise ScenarioError(
            label, [("extends", f"cycle: {names}; expected a chain ending in a full scenario")]
        )
    if len(chain) > MAX_EXTENDS:
        raise ScenarioError(
            label, [("extends", f"chain longer than {MAX_EXTENDS}; expected a shorter chain")]
        )
    if not _is_file(parent_path):
        raise ScenarioError(
            label,
            [("extends", f"parent scenario {_shown(parent)} not found; {where}")],
        )
    base = _raw_with_parents(parent_path, str(parent_path), chain)
    merged = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = parent
    return merged


def parse_value(text: str) -> Any:
    """Read a ``--set`` value as TOML (``0.7``, ``true``, ``"junior"``); bare words are strings."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return text


def _child(node: Any, part: str) -> tuple[Any, Any]:
    """The key (or index) and value of ``part`` in a table or an array of tables with ids."""
    if isinstance(node, dict):
        return part, node.get(part)
    if isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("id") == part:
                return i, item
        if part.isdigit() and int(part) < len(node):
            return int(part), node[int(part)]
    return None, None


def _choices(node: Any) -> list[str]:
    if isinstance(node, dict):
        return sorted(node)
    if isinstance(node, list):
        return [str(v.get("id", i)) if isinstance(v, dict) else str(i) for i, v in enumerate(node)]
    return []


def _is_table(path: list[str]) -> bool:
    """Whether ``path`` names a table the schema has (one an override may create).

    A new entry of a keyed collection (an unknown actor or rule) is never created: a typo
    there must be an error, not a new actor.
    """
    if len(path) > 1 and typing.get_origin(_walk(path[:-1])[1]) is dict:
        return False
    _, tp = _walk(path)
    is_model = isinstance(tp, type) and issubclass(tp, BaseModel)
    return is_model or typing.get_origin(tp) is dict


def apply_overrides(
    data: dict[str, Any], overrides: Mapping[str, Any], label: str
) -> dict[str, Any]:
    """Set values by dotted path (``rules.R22.reluctance_mean``); unknown paths are errors.

    An item of an array of tables is addressed by its ``id``:
    ``events.germany_change_of_guard.enabled``.
    """
    data = _merge(data, {})
    problems = []
    for path, value in overrides.items():
        if path == "extends":  # read with the file, before any override: setting it does nothing
            problems.append((path, "cannot be set by an override; load the other scenario, "
                             "or write a file that extends it"))  # fmt: skip
            continue
        parts = path.split(".")
        node: Any = data
        for i, part in enumerate(parts[:-1]):
            key, child = _child(node, part)
            if child is None and isinstance(node, dict) and _is_table(parts[: i + 1]):
                key, child = part, {}  # a table the schema has but the file leaves out
            if not isinstance(child, dict | list):
                where = ".".join(parts[: i + 1])
                if isinstance(node, list):
                    problems.append(
                        (where, f"no item with this id; expected one of {_choices(node)}")
                    )
                else:
                    problems.append((where, f"no such table; expected one of {_choices(node)}"))
                break
            node[key] = child = dict(child) if isinstance(child, dict) else list(child)
            node = child
        else:
            if isinstance(node, dict):
                node[parts[-1]] = value
            else:  # a whole item of an array of tables: set its fields instead
                where = ".".join(parts[:-1])
                problems.append(
                    (
                        where,
                        f"an array of tables; expected {where}.ID.FIELD, ID in {_choices(node)}",
                    )
                )
    if problems:
        raise ScenarioError(label, problems)
    return data


@lru_cache(maxsize=256)
def _extends_of(path: str, mtime_ns: int, size: int) -> Path | None:
    """The parent a file names in ``extends`` (None if none or unreadable: the load says why).
    Keyed by the path as a string: a new ``Path`` hashes its string again on every load."""
    try:
        file = Path(path)
        parent = tomllib.loads(file.read_text(encoding="utf-8")).get("extends")
        if not isinstance(parent, str) or not parent:
            return None
        return resolve(parent, relative_to=file.parent).resolve()
    except (OSError, ValueError, RuntimeError, RecursionError):
        return None


def _regular_file_stat(path: Path) -> os.stat_result | None:
    """The file's ``stat``, if it is a regular file (one system call for both questions)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st if S_ISREG(st.st_mode) else None


def _stamps(path: Path, st: os.stat_result | None = None) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of a file and of every parent it extends (``st``: the file's
    ``stat``, if the caller has just taken it).

    The load cache is keyed on all of them, so that editing a parent scenario (say, while
    the app runs) is seen by every child.
    """
    stamps: list[tuple[str, int, int]] = []
    current: Path | None = path
    while current is not None and len(stamps) <= MAX_EXTENDS:
        where = str(current)
        try:
            if st is None:
                st = os.stat(current)
        except (OSError, ValueError):
            stamps.append((where, 0, 0))
            break
        stamps.append((where, st.st_mtime_ns, st.st_size))
        current = _extends_of(where, st.st_mtime_ns, st.st_size)
        st = None
    return tuple(stamps)


@lru_cache(maxsize=16)
def _raw_pickled(stamps: tuple[tuple[str, int, int], ...]) -> bytes:
    """A scenario file, with the parents it extends, parsed once per version (``stamps``)
    and kept pickled: a sweep that gives every run its own values (Sobol, ABC-SMC,
    ``mesa.batch_run`` over a parameter) loads the same file each run, and parsing it took
    2 ms, a third of a run; unpickling gives each load its own copy in 0.04 ms. The file is
    the first of ``stamps`` (keyed by its string: a new ``Path`` hashes it again each load)."""
    where = stamps[0][0]
    return pickle.dumps(_raw_with_parents(Path(where), where), pickle.HIGHEST_PROTOCOL)


@lru_cache(maxsize=64)
def _load_cached(
    stamps: tuple[tuple[str, int, int], ...],
    overrides: tuple[tuple[str, Any, Any], ...],
    registry: tuple[tuple[str, int], ...],
) -> Scenario:
    """The scenario of the file first in ``stamps``, at those versions, with the overrides."""
    data = pickle.loads(_raw_pickled(stamps))
    label = stamps[0][0] + (" (with overrides)" if overrides else "")
    if overrides:
        data = apply_overrides(data, {k: v for k, v, _ in overrides}, label)
    return validate(data, label)


def validate(data: Mapping[str, Any], label: str) -> Scenario:
    """Validate a scenario mapping; raise :class:`ScenarioError` naming every problem."""
    try:
        return schema().model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(label, problems_of(exc)) from None
    except RecursionError:
        raise ScenarioError(
            label, [("", "values nested too deeply; expected a scenario")]
        ) from None


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return value


def _types(value: Any) -> Any:
    """The types in an override value, for the cache's key: ``True == 1 == 1.0`` as keys,
    but the scenario takes only one of them for a switch (or a whole number)."""
    if isinstance(value, list):
        return tuple(_types(v) for v in value)
    return type(value)


def load(
    scenario: str | Path | Scenario | None = None, overrides: Mapping[str, Any] | None = None
) -> Scenario:
    """Load a scenario by name or path (default: the baseline), applying dotted-path overrides."""
    if overrides and not isinstance(overrides, Mapping):  # (none: a model's build, every run)
        raise TypeError(
            "overrides: expected a mapping of dotted paths to values, e.g. "
            f"{{'rules.R22.reluctance_mean': 0.7}}, got {overrides!r}"
        )
    if isinstance(scenario, Scenario):
        if not overrides:
            return scenario
        data = apply_overrides(
            scenario.model_dump(mode="python"), overrides, "scenario (with overrides)"
        )
        return validate(data, "scenario (with overrides)")
    if scenario is not None and not isinstance(scenario, str | os.PathLike):
        raise TypeError(
            f"scenario: expected a scenario name, a path or a Scenario, got {scenario!r}"
        )
    name = scenario if scenario is not None else BASELINE
    try:
        path = resolve(name).resolve()
    except (OSError, ValueError, RuntimeError):
        path, stat = Path(str(name)), None
    else:
        stat = _regular_file_stat(path)
    if stat is None:
        if _exists(path):  # a directory, say: let the reader say what it is
            _read_toml(path, str(name))
        names = sorted(p.stem for p in scenario_files())
        raise ScenarioError(
            str(name),
            [("", f"file not found ({path}); expected a path or a scenario name: {names}")],
        )
    key: tuple[tuple[str, Any, Any], ...] | None
    items = (overrides or {}).items()
    key = tuple(sorted(((k, _hashable(v), _types(v)) for k, v in items), key=lambda t: t[0]))
    try:
        hash(key)
    except TypeError:  # an unhashable override value: load without the cache
        key = None
    if key is not None:
        return _load_cached(_stamps(path, stat), key, registry_key())
    label = f"{path} (with overrides)"
    data = apply_overrides(_raw_with_parents(path, str(path)), overrides or {}, label)
    return validate(data, label)
