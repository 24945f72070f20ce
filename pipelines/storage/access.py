"""Whether a path can be used as a GAAR database, said in one line before anything opens it.

Every command that takes a database (``gaar stats --db``, ``gaar reparse --db``, ``scrapy
crawl … -s GAAR_DB=…``) asks here first, so a typo, a missing folder, a file that is not
SQLite or a read-only place is one line that says what to do — never a traceback, and
never an empty database created by accident where the user meant an existing one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Optional

from .. import db as schema


def database_problem(path: str, *, write: bool = False, create: bool = False) -> Optional[str]:
    """Why ``path`` cannot be used, or None.

    ``write``: the command writes (a crawl, ``gaar parse --db``, ``gaar reparse``);
    ``create``: it may create the file when it does not exist (a crawl, ``gaar parse --db``;
    ``gaar reparse`` and every read-only command may not).
    """
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        return f"{path} is a folder, not a database file"
    if not p.exists():
        if not folder.is_dir():
            return f"the folder {folder} does not exist (create it first, or check the path {path})"
        if not create:
            return (f"no such database: {path} (check the name; a crawl or `gaar parse FILE --db {path}` "
                    "creates one)")
        if not os.access(folder, os.W_OK):
            return f"cannot create {path}: the folder {folder} is read-only"
        return None
    problem = _not_gaar(path)
    if problem:
        return problem
    if write and not (os.access(p, os.W_OK) and os.access(folder, os.W_OK)):
        where = "the file" if not os.access(p, os.W_OK) else f"its folder {folder}"
        return (f"{path} is read-only here ({where} cannot be written): read-only commands (stats, serve, "
                "coverage, jobs, export) work on it; to write, copy it somewhere writable "
                f"(gaar export --db {path} COPY.db)")
    return None


def _not_gaar(path: str) -> Optional[str]:
    """Why an existing file is no GAAR database we can read (not SQLite, another program's,
    from a newer GAAR for writing is handled by the writer), or None."""
    try:
        db = schema.connect(path, readonly=True)
    except sqlite3.Error as exc:
        return _unopenable(path, exc)
    try:
        schema.check_readable(db, path)
    except schema.SchemaError as exc:
        return str(exc)
    except sqlite3.DatabaseError as exc:
        return _unopenable(path, exc)
    finally:
        db.close()
    return None


def _unopenable(path: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return f"{path} is not an SQLite database ({text}): check the path, or give a new file name"
    if schema.wal_in_use(path) and not os.access(Path(path).resolve().parent, os.W_OK):
        return (f"cannot read {path}: changes wait in {Path(path).name}-wal and its folder is read-only; "
                "copy the database files somewhere writable, or ask for a single-file copy (gaar export)")
    return f"cannot read {path}: {text}"
