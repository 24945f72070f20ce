"""``gaar reparse --db FILE``: the current parser over the raw pages already stored."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime

from pipelines.db import SchemaError
from pipelines.reparse import describe, reparse
from pipelines.storage import Storage


def _since(text: str) -> str:
    try:
        datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"gaar reparse: --since wants an ISO date or time like 2024-03-01, got {text!r}")
    return text


def register(sub) -> None:
    p = sub.add_parser(
        "reparse",
        help="re-run the parser over stored raw pages (no network) and report what changed",
        description="Re-run the current parser over the raw pages kept in the database, without "
        "the network, and report what changed: reports gained or lost, cells changed, checks changed.",
    )
    p.add_argument("--db", required=True, metavar="FILE", help="GAAR database")
    p.add_argument("--since", type=_since, metavar="DATE", help="only pages fetched on or after this ISO date/time")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list every changed cell and check")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        storage = Storage(args.db)
    except SchemaError as exc:
        print(f"gaar reparse: {exc}", file=sys.stderr)
        return 2
    with storage:
        summary = reparse(storage, since=args.since)
    if args.json:
        json.dump(summary.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(describe(summary, verbose=args.verbose))
    return 0
