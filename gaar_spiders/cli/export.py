"""``gaar export --db FILE OUT``: the database as one file to hand over, or (``--xlsx``) a workbook.

A GAAR database is SQLite in WAL mode: its latest commits may still sit in ``gaar.db-wal``
beside it, so a copy of ``gaar.db`` alone can lose them, and a WAL file in a read-only folder
is awkward to open. ``gaar export`` writes a checkpointed single-file copy (``VACUUM INTO``:
every committed row, compacted, no ``-wal`` or ``-shm`` needed) that opens anywhere,
read-only folders included. ``--xlsx`` writes the tables people open in Excel instead
(reports, the wide tables, failed checks, coverage, crawl runs), one sheet each, with
openpyxl's streaming writer.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .common import open_database

#: Excel's limit for one cell
MAX_CELL = 32767
#: characters XML 1.0 (so xlsx) cannot hold: control characters a scraped text may carry
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def register(sub) -> None:
    p = sub.add_parser("export", help="a single-file copy of the database to hand over (or --xlsx: a workbook)",
                       description="Write a checkpointed single-file copy of a GAAR database (every committed "
                                   "row, no -wal/-shm files; opens in a read-only folder too), or with --xlsx an "
                                   "Excel workbook of its main tables.")
    p.add_argument("out", metavar="OUT", help="the file to write (must not exist, unless --force)")
    p.add_argument("--db", required=True, metavar="FILE", help="GAAR database to export (opened read-only)")
    p.add_argument("--xlsx", action="store_true",
                   help="write an Excel workbook: reports, requests_wide, active_wide, review_wide, failed_checks, "
                        "coverage, crawl_runs")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(func=run)


def run(args) -> int:
    out = Path(args.out)
    if out.resolve() == Path(args.db).resolve():
        print("gaar export: OUT is the database itself: give another file name", file=sys.stderr)
        return 2
    if out.exists() and not args.force:
        print(f"gaar export: {out} exists: give a new file name, or --force to replace it", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"gaar export: the folder {out.parent} does not exist", file=sys.stderr)
        return 2
    writer = None
    if args.xlsx:
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            print("gaar export: --xlsx needs openpyxl (pip install -r requirements.txt, or pip install "
                  "'gaar[xlsx]'); or export CSV with sqlite-utils (docs/database.md)", file=sys.stderr)
            return 2
        writer = write_workbook
    reader = open_database(args.db, "export")
    if reader is None:
        return 2
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    with reader:
        if writer is None:
            reader.copy_to(str(partial))
            what = "a single-file copy (no -wal or -shm needed)"
        else:
            sheets = writer(reader, partial)
            what = "a workbook: " + ", ".join(f"{name} ({n} rows)" for name, n in sheets)
    partial.replace(out)  # never a half-written OUT under the name asked for
    print(f"wrote {out}: {what}")
    return 0


def _cell(value):
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        return value if len(value) <= MAX_CELL else value[:MAX_CELL - 1] + "…"
    return value


def write_workbook(reader, path: Path) -> list[tuple[str, int]]:
    """Every sheet of ``reader.sheets()`` into an .xlsx at ``path`` (write-only: rows are streamed)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    counts = []
    for name, columns, rows in reader.sheets():
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        n = 0
        for row in rows:
            sheet.append([_cell(v) for v in row])
            n += 1
        counts.append((name, n))
    workbook.save(str(path))
    return counts
