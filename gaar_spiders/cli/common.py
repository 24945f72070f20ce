"""What the subcommands share: opening the database they name, and printing JSON."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any, Callable, Optional


def installed_command(name: str) -> str:
    """A command installed beside the running Python (``.venv/bin/gaar`` after ``make demo``), as
    it can be pasted where the user is: a printed command must work as printed, on PATH or not."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        try:
            return str(beside.relative_to(Path.cwd()))  # the venv's own path, not the interpreter's target
        except ValueError:
            return str(beside)
    import shutil

    return shutil.which(name) or name


def open_database(path: str, command: str, *, write: bool = False, create: bool = False):
    """``Storage(path)`` (``write``) or ``Reader(path)``, or None once the reason is printed
    (one line on stderr, never a traceback). Only a command that makes databases (``create``:
    ``gaar parse --db``) may create the file; a typo never leaves an empty database behind."""
    import sqlite3

    from pipelines.db import SchemaError
    from pipelines.storage import Reader, Storage, database_problem

    problem = database_problem(path, write=write, create=create)
    if write and not problem:  # a command that writes commits in batches (GAAR_COMMIT_* from the environment)
        from pipelines.storage import batches

        problem = batches.settings_problem()
    if problem:
        print(f"gaar {command}: {problem}", file=sys.stderr)
        return None
    try:
        return Storage(path) if write else Reader(path)
    except SchemaError as exc:  # not GAAR's, or (writing) from a newer GAAR: the message says what to do
        print(f"gaar {command}: {exc}", file=sys.stderr)
    except (sqlite3.Error, OSError) as exc:  # a missing file, a directory, a file that is not SQLite
        print(f"gaar {command}: cannot read {path}: {exc}", file=sys.stderr)
    return None


def ask(path: str, command: str, question: Callable[[Any], Any]) -> Optional[Any]:
    """``question(reader)`` on the database at ``path`` opened read-only; None if it cannot be opened."""
    reader = open_database(path, command)
    if reader is None:
        return None
    with reader:
        return question(reader)


_ORJSON_OPTIONS = None


def orjson_bytes(value: Any) -> Optional[bytes]:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` as UTF-8, byte for byte, from orjson;
    None where orjson would print something else, and the standard library must.

    ``gaar parse --json`` on 300 reports spent ~0.25 s in the standard library's encoder alone
    (Python 3.11's C encoder does not indent, so ``indent=2`` runs in pure Python); orjson
    prints the same bytes in ~7 ms. They differ only where orjson refuses (integers beyond 64
    bits, lone surrogates, non-string keys, and, passed through, dataclasses and dates, which
    ``json`` rejects) and on floats below 1e-4 (``1e-5`` for ``1e-05``), NaN and infinities
    (``null``), which ``_orjson_prints_alike`` looks for first.
    """
    global _ORJSON_OPTIONS
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is pinned; the standard library is the reference
        return None
    if not _orjson_prints_alike(value):
        return None
    if _ORJSON_OPTIONS is None:
        _ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS)
    except (orjson.JSONEncodeError, TypeError):
        return None


def _orjson_prints_alike(value: Any) -> bool:
    """False when a float in ``value`` is one orjson prints differently (see :func:`orjson_bytes`).

    Only containers go on the stack; their leaves are looked at in one loop (a report record
    is some 1,500 strings, numbers and dicts: ~0.05 ms)."""
    stack = [[value]]
    while stack:
        container = stack.pop()
        for item in container.values() if isinstance(container, dict) else container:
            kind = type(item)
            if kind is str or kind is int or kind is bool or item is None:
                continue
            if kind is dict or kind is list or kind is tuple or isinstance(item, (dict, list, tuple)):
                stack.append(item)
            elif isinstance(item, float) and not (item == 0.0 or 1e-4 <= abs(item) < math.inf):
                return False
    return True


def print_json(value: Any) -> None:
    """``value`` on stdout as indented JSON (non-ASCII kept), then a newline."""
    data = orjson_bytes(value)
    buffer = getattr(sys.stdout, "buffer", None)
    if data is None or buffer is None:  # the standard library's own way (or a test's text-only stream)
        import json

        json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    sys.stdout.flush()
    buffer.write(data + b"\n")
    buffer.flush()
