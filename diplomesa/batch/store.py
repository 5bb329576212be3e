"""A batch's folder: the manifest, the plan of runs, the Parquet parts, and reading them back.

::

    OUT/manifest.json          spec, its hash, package versions, every run's seed, progress
    OUT/runs.parquet           the plan: run_id, point, rep, seed and the parameter values
    OUT/outcomes/part-*.parquet  one row per run (status "ok" or "error" with the error)
    OUT/metrics/part-*.parquet   one row per run and step, the kept per-step metrics

Columns are named and typed as every table of runs is (:mod:`diplomesa.ensemble`): read
back, a batch's outcome columns are those :func:`diplomesa.ensemble.run_many` returns for
the same runs. A chunk is done when its outcome part exists (parts are written under a
temporary name and renamed). Readers see done chunks only, so a folder left by a killed
batch reads as the runs it finished.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from diplomesa.ensemble import nullable

MANIFEST = "manifest.json"
FORMAT = 1
KIND = "diplomesa.batch"  # the manifest's "kind": a batch's, not another program's
_PART = re.compile(r"^part-(\d{6})\.parquet$")


def versions() -> dict[str, str]:
    """Versions of Python and the packages a result depends on."""
    out = {"python": platform.python_version()}
    for name in (
        "diplomesa",
        "mesa",
        "numpy",
        "pandas",
        "pyarrow",
        "pydantic",
        "SALib",
        "dask",
        "distributed",
    ):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    try:
        import diplomesa

        out["diplomesa"] = diplomesa.__version__
    except ImportError:  # pragma: no cover
        pass
    return out


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


_SEEDS: list[Any] = [None, ""]  # the last seeds list written, and its text


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    rest = {k: v for k, v in data.items() if k != "seeds"}
    text = json.dumps(rest, indent=1, default=str)
    if "seeds" in data:  # one line, however many runs; made once (rewritten every second)
        if _SEEDS[0] is not data["seeds"]:
            _SEEDS[:] = [data["seeds"], json.dumps(data["seeds"])]
        text = text[:-2] + ',\n "seeds": ' + _SEEDS[1] + "\n}"
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)


class ResultsError(ValueError):
    """A results folder with a part that cannot be read, or a folder that holds no batch;
    the message names the file or the folder."""


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """The batch's manifest, or ``None`` where there is none or it is not a batch's
    (:func:`manifest_problem` says which)."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    ours = isinstance(data, dict) and data.get("kind") == KIND and "spec_hash" in data
    return data if ours else None


def manifest_problem(out: str | Path) -> str | None:
    """What is wrong with ``out``'s manifest file, if it has one that is not a batch's:
    another program's, or one cut short or edited. None if there is none, or it is fine."""
    path = Path(out) / MANIFEST
    if not path.is_file() or read_manifest(out) is not None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return f"its {MANIFEST} is damaged (not JSON: cut short or edited)"
    if not isinstance(data, dict) or data.get("kind") == KIND:
        return f"its {MANIFEST} is damaged (not a batch's manifest: edited?)"
    kind = data.get("kind")
    return f"its {MANIFEST} is not a diplomesa batch's" + (f" (kind {kind!r})" if kind else "")


def done_chunks(out: str | Path) -> set[int]:
    """Chunks whose outcome part exists."""
    folder = Path(out) / "outcomes"
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for p in folder.iterdir() if (m := _PART.match(p.name))}


def chunks_with_errors(out: str | Path) -> set[int]:
    """Done chunks in which at least one run failed (status "error")."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    bad = set()
    for path in part_files(out, "outcomes"):
        status = pq.read_table(path, columns=["status"]).column("status")
        if pc.any(pc.equal(status, "error")).as_py():
            bad.add(int(_PART.match(path.name).group(1)))  # type: ignore[union-attr]
    return bad


def damaged_chunks(out: str | Path) -> set[int]:
    """Done chunks with a part Parquet cannot read (a damaged disk, an edit): parts are
    written whole and renamed into place, so the batch itself never leaves one. Each part
    is read whole (its footer alone may be intact), once, when a batch is resumed."""
    return {
        int(_PART.match(path.name).group(1))  # type: ignore[union-attr]
        for table in ("outcomes", "metrics")
        for path in part_files(out, table)
        if unreadable(path)
    }


def unreadable(path: Path) -> str | None:
    """Why Parquet cannot read the part file ``path``; None if it can."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        return str(exc)
    return None


def _damaged(out: str | Path, path: Path, why: str) -> ResultsError:
    return ResultsError(
        f"{path}: not a readable Parquet file ({why}); `diplomesa batch SPEC --out {out} "
        "--resume` sets it aside and runs its chunk again"
    )


def set_aside(out: str | Path, chunks: set[int], under: str = "retried") -> Path | None:
    """Move these chunks' parts into ``OUT/<under>/<time>/`` so they run again.

    Nothing is deleted: the earlier attempt stays on disk, outside what readers see.
    """
    if not chunks:
        return None
    stamp = now().replace(":", "").replace("-", "")
    dest = Path(out) / under / stamp
    for table in ("metrics", "outcomes"):  # outcomes last: a chunk is done while it has one
        folder = Path(out) / table
        for c in sorted(chunks):
            part = folder / f"part-{c:06d}.parquet"
            if part.exists():
                (dest / table).mkdir(parents=True, exist_ok=True)
                os.replace(part, dest / table / part.name)
    return dest


def clean_temporary(out: str | Path) -> None:
    """Remove half-written parts (``.part-*.tmp``) left by a killed worker."""
    for sub in ("outcomes", "metrics"):
        folder = Path(out) / sub
        if folder.is_dir():
            for p in folder.glob(".part-*.tmp"):
                p.unlink(missing_ok=True)


def ranges(ids: set[int]) -> str:
    """``{0, 1, 2, 5}`` → ``"0-2,5"``."""
    out, items = [], sorted(ids)
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[j] + 1:
            j += 1
        out.append(str(items[i]) if i == j else f"{items[i]}-{items[j]}")
        i = j + 1
    return ",".join(out)


# --------------------------------------------------------------------------- reading


def part_files(out: str | Path, table: str) -> list[Path]:
    """The done part files of ``table`` ("outcomes" or "metrics"), in chunk order."""
    done = done_chunks(out)
    folder = Path(out) / table
    if not folder.is_dir():
        return []
    files = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _PART.match(p.name))]
    return [p for c, p in sorted(files) if c in done]


def dataset(out: str | Path, table: str = "outcomes") -> Any:
    """A :mod:`pyarrow.dataset` over the done parts of ``table`` (schemas unified)."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    files = part_files(out, table)
    if not files:
        return None
    schemas = []
    for f in files:
        try:
            schemas.append(pq.read_schema(f))
        except (OSError, pa.ArrowException) as exc:
            raise _damaged(out, f, str(exc)) from None
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    return ds.dataset([str(f) for f in files], schema=schema, format="parquet")


def no_batch(out: str | Path) -> str | None:
    """Why ``out`` holds no batch ("holds no batch (no manifest.json)"); None if it holds one."""
    if read_manifest(out) is not None:
        return None
    return f"holds no batch ({manifest_problem(out) or f'no {MANIFEST}'})"


def _require_batch(out: str | Path) -> None:
    """:class:`ResultsError` unless ``out`` holds a batch (its manifest)."""
    if why := no_batch(out):
        raise ResultsError(f"{out}: {why}; expected a folder `diplomesa batch --out` wrote")


def _read(out: str | Path, table: str, columns: list[str] | None, sort: list[str]) -> Any:
    import pandas as pd
    import pyarrow as pa

    _require_batch(out)  # a typo in the path reads as an error, not as no runs
    d = dataset(out, table)
    if d is None:
        return pd.DataFrame(columns=columns or sort)
    try:
        data = d.to_table(columns=columns)
    except (OSError, pa.ArrowException):  # a part damaged past its footer: name it
        for path in part_files(out, table):
            if why := unreadable(path):
                raise _damaged(out, path, why) from None
        raise
    frame = data.to_pandas(types_mapper=nullable)
    return frame.sort_values([c for c in sort if c in frame], ignore_index=True)


def read_outcomes(out: str | Path, columns: list[str] | None = None) -> Any:
    """One row per finished run (ok or error), sorted by ``run_id``, as a pandas DataFrame."""
    return _read(out, "outcomes", columns, ["run_id"])


def read_metrics(
    out: str | Path, columns: list[str] | None = None, *, with_params: bool = False
) -> Any:
    """The per-step metrics of finished runs, sorted by ``run_id`` and ``step``.

    ``with_params`` joins each run's point, replication, seed and parameter values.
    """
    frame = _read(out, "metrics", columns, ["run_id", "step"])
    if with_params and len(frame):
        runs = read_runs(out)
        frame = frame.merge(runs, on="run_id", how="left", validate="many_to_one")
    return frame


def read_runs(out: str | Path) -> Any:
    """The plan: every run's id, point, replication, seed and parameter values."""
    import pandas as pd

    _require_batch(out)
    return pd.read_parquet(Path(out) / "runs.parquet")


def duckdb_connect(out: str | Path, database: str = ":memory:") -> Any:
    """A DuckDB connection with views ``outcomes``, ``metrics`` and ``runs`` over the folder.

    Needs the optional ``duckdb`` package (``pip install 'diplomesa[duckdb]'``).
    """
    import duckdb

    con = duckdb.connect(database)
    for table in ("outcomes", "metrics"):
        files = [str(p) for p in part_files(out, table)]
        if files:
            listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            source = f"read_parquet([{listing}], union_by_name=true)"
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {source}")
    runs = Path(out) / "runs.parquet"
    if runs.is_file():
        path = str(runs).replace("'", "''")
        con.execute(f"CREATE VIEW runs AS SELECT * FROM read_parquet('{path}')")
    return con
