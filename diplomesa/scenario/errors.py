"""Errors for people: every problem as ``file: dotted.path: what was expected, got what``.

:func:`problems_of` renders pydantic's errors so, for any schema built on
:class:`~diplomesa.scenario.strict.Strict` (scenario files, batch specs): the path as the user
wrote it, then what the field expects and what it got.
"""

from __future__ import annotations

import datetime as dt
import reprlib
import typing
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ValidationError,
)
from pydantic_core import PydanticCustomError


class ScenarioError(Exception):
    """A scenario (file, ``--set`` value or keyword) is wrong; ``problems`` says where and how."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.source}: {path or '(top level)'}: {msg}" for path, msg in self.problems]
        return "\n".join(lines)


def _format_loc(loc: Iterable[Any]) -> str:
    """``("parameters", "rules.R22.x", 0)`` → ``parameters."rules.R22.x"[0]`` (TOML's own way)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = f'"{part}"' if "." in str(part) else str(part)
            out += ("." if out else "") + key
    return out


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    return prefix + path if path.startswith("[") else f"{prefix}.{path}" if path else prefix


_REPR = reprlib.Repr(maxlevel=3, maxstring=40, maxother=40, maxlist=4, maxdict=4)


def _shown(value: Any) -> str:
    """A short, safe repr of what the user wrote (never fails, never huge)."""
    try:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
            return (
                f"a {len(str(abs(value)))}-digit number"
                if value.bit_length() < 14000
                else ("an enormous number")
            )
        return _REPR.repr(value)
    except Exception:  # a value that cannot even be shown
        return f"a value of type {type(value).__name__}"


def _unwrap(tp: Any) -> Any:
    """``X | None`` → ``X``; ``Annotated[X, ...]`` → ``X``."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, type(int | None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp


def _walk(loc: Iterable[Any], root: type[BaseModel] | None = None) -> tuple[list[Any], Any]:
    """Follow ``loc`` through the schema ``root`` (default: the scenario's): the cleaned path
    and the type found there.

    Pydantic puts the member's name in the path of a union error (``value.float``,
    ``parameters.x.Range.low``); those tags are dropped so that the path is what the user
    wrote, and a tag naming a model of the union is followed into it.
    """
    if root is None:
        from diplomesa.scenario.schema import schema  # the schema imports this module

        root = schema()
    tp: Any = root
    path: list[Any] = []
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            tp = field.annotation if field is not None else None
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, type(int | None)) and isinstance(part, str):
            members = [a for a in typing.get_args(tp) if getattr(a, "__name__", None) == part]
            tp = members[0] if members else tp
            continue  # a union member's tag
        else:
            tp = None
        path.append(part)
    return path, _unwrap(tp)


def _type_words(tp: Any) -> str:
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "a table"
    words = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        dt.date: "a date (YYYY-MM-DD)",
        dict: "a table",
        list: "an array",
    }
    return words.get(origin or tp, "a value")


def _expected(loc: list[Any]) -> str:
    """For a rule parameter, what the catalogue says it must be (unit and range)."""
    if len(loc) == 3 and loc[0] == "rules":
        from diplomesa.rules import REGISTRY

        rule_cls = REGISTRY.get(str(loc[1]))
        meta = rule_cls.params.get(str(loc[2])) if rule_cls else None
        if meta is not None:
            kind = "a whole number" if meta.integer else "a number"
            return f"{kind} in [{meta.low:g}, {meta.high:g}] {meta.unit} ({meta.doc})"
        if rule_cls and loc[2] == "enabled":
            return "true or false"
    return ""


def _expectation(msg: str, tp: Any = None) -> str:
    """Pydantic's "Input should be X" as "expected X"."""
    for lead in ("Input should be ", "Value should be "):
        if msg.startswith(lead):
            rest = msg.removeprefix(lead)
            number = rest.startswith(("less than", "greater than"))
            return "expected " + ("a number " if number else "") + rest
    return f"expected {_type_words(tp)} ({msg[:1].lower()}{msg[1:]})"


def own_problems(problems: list[tuple[str, str]]) -> PydanticCustomError:
    """The error a model validator raises for problems it found itself, paths relative to its
    model; :func:`problems_of` lists them as they are."""
    return PydanticCustomError(
        "references", "{count} problem(s)", {"count": len(problems), "problems": problems}
    )


def problems_of(exc: ValidationError, root: type[BaseModel] | None = None) -> list[tuple[str, str]]:
    """Each error of a validation of ``root`` (default: a scenario) as (dotted path, message).

    A validator reports problems of its own, with paths relative to its model, by raising
    :func:`own_problems` (``PydanticCustomError("references", ...)``).
    """
    found = []
    for err in exc.errors(include_url=False):
        loc, tp = _walk(err["loc"], root)
        where = _format_loc(loc)
        if err["type"] == "references":
            found.extend((_join(where, p), m) for p, m in err["ctx"]["problems"])
            continue
        got = _shown(err.get("input"))
        expected = _expected(loc)
        if err["type"] == "missing":
            msg = f"required field is missing; expected {_type_words(tp)}"
        elif err["type"] == "extra_forbidden":
            _, parent = _walk(err["loc"][:-1], root)
            fields = parent.model_fields if isinstance(parent, type) else {}
            known = sorted(name for name, info in fields.items() if not info.exclude)
            msg = f"unknown field; expected one of {known}" if known else "unknown field"
        elif expected:
            msg = f"expected {expected}, got {got}"
        elif err["type"] in ("dict_type", "model_type", "model_attributes_type"):
            msg = f"expected a table, got {got}"
        elif err["type"] == "list_type":
            msg = f"expected an array, got {got}"
        elif err["type"] == "recursion_loop":
            msg = f"nested too deeply; expected {_type_words(tp)}"
        else:
            msg = f"{_expectation(err['msg'], tp)}, got {got}"
        found.append((where, msg))
    return found
