"""``gaar coverage [--region CODE] [--portal NAME] [--db FILE]``: which office reported for which year.

Every office seen (its ``organ_key``), every year from its first report to the
latest year its portal has one: the number of reports, or ✗ where a year is
missing. The rows are the database's ``coverage`` view (docs/database.md).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata

from .common import open_database

MISSING, NOT_EXPECTED = "✗", "·"
_REGION = re.compile(r"^\d{2,12}$")


def register(sub) -> None:
    p = sub.add_parser("coverage", help="office × year: which reports exist and which years are missing",
                       description="Office × year from each office's first report to the latest year its portal "
                                   "has a report for; a missing year is marked ✗.")
    p.add_argument("--db", default="gaar.db", metavar="FILE", help="GAAR database (default: gaar.db)")
    p.add_argument("--region", metavar="CODE",
                   help="only offices whose division code starts with CODE (50, 5001, 500111, 500111118000 …)")
    p.add_argument("--portal", metavar="NAME", help="only offices seen under this portal (spider name)")
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    p.set_defaults(func=run)


def width(text: str) -> int:
    """Columns a terminal gives ``text`` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def table(rows: list[dict]) -> str:
    """The coverage rows as a person reads them: one line per office, one column per year."""
    years = list(range(min(r["year"] for r in rows), max(r["year"] for r in rows) + 1))
    offices: dict[tuple, dict] = {}
    for r in rows:
        office = offices.setdefault((r["organ_key"], r["organ"]), {"organ": r["organ"] or "(no organ)",
                                                                    "key": r["organ_key"] or "(unresolved)",
                                                                    "years": {}})
        office["years"][r["year"]] = str(r["reports"]) if r["status"] == "reported" else MISSING
    organ_w = max(width("office"), *(width(o["organ"]) for o in offices.values()))
    key_w = max(width("organ_key"), *(width(o["key"]) for o in offices.values()))
    lines = [pad("office", organ_w) + "  " + pad("organ_key", key_w) + "".join(f"{y:>6}" for y in years)]
    for o in offices.values():
        cells = "".join(pad(o["years"].get(y, NOT_EXPECTED), 6, right=True) for y in years)
        lines.append(pad(o["organ"], organ_w) + "  " + pad(o["key"], key_w) + cells)
    missing = sum(1 for r in rows if r["status"] == "missing")
    lines.append("")
    lines.append(f"{len(offices)} office(s), {years[0]}–{years[-1]}: {missing} missing year(s) "
                 f"({MISSING}); a number is the reports found for that year, {NOT_EXPECTED} before an office's "
                 "first report")
    return "\n".join(lines)


def run(args) -> int:
    if args.region is not None and not _REGION.match(args.region):
        print(f"gaar coverage: --region wants the digits a division code starts with (e.g. 500111), "
              f"got {args.region!r}", file=sys.stderr)
        return 2
    storage = open_database(args.db, "coverage")
    if storage is None:
        return 2
    with storage:
        columns = {r[1] for r in storage.conn.execute("PRAGMA table_info(coverage)")}
        if "organ_key" not in columns:
            print(f"gaar coverage: {args.db} predates coverage by office (schema version {storage.found_version}); "
                  f"bring it up to date with: gaar reparse --db {args.db}", file=sys.stderr)
            return 2
        rows = storage.coverage(region=args.region, portal=args.portal)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        where = " and ".join(f"{k} {v}" for k, v in (("region", args.region), ("portal", args.portal)) if v)
        print(f"gaar coverage: no report{' under ' + where if where else ''} in {args.db}", file=sys.stderr)
        return 1
    print(table(rows))
    return 0
