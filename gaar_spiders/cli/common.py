"""What the subcommands share: opening the database they name, and printing JSON."""

from __future__ import annotations

import json
import shutil
import sqlite3
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
    return shutil.which(name) or name


def open_database(path: str, command: str, *, write: bool = False, create: bool = False):
    """``Storage(path)`` (``write``) or ``Reader(path)``, or None once the reason is printed
    (one line on stderr, never a traceback). Only a command that makes databases (``create``:
    ``gaar parse --db``) may create the file; a typo never leaves an empty database behind."""
    from pipelines.db import SchemaError
    from pipelines.storage import Reader, Storage, database_problem

    problem = database_problem(path, write=write, create=create)
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


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
