"""``gaar reparse --db FILE``: the current parser over the raw pages already stored."""

from __future__ import annotations

import sys
from datetime import date, datetime

from .common import open_database, print_json


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


def _progress(done: int, total: int) -> None:
    if done == total or done % 50 == 0:
        sys.stderr.write(f"\rre-parsing: {done}/{total} pages")
        sys.stderr.flush()


def run(args) -> int:
    from pipelines.reparse import describe, reparse

    storage = open_database(args.db, "reparse", write=True)
    if storage is None:
        return 2
    with storage:
        summary = reparse(storage, since=args.since, progress=_progress if sys.stderr.isatty() else None)
        if sys.stderr.isatty():
            sys.stderr.write("\n")
    if args.json:
        print_json(summary.to_dict())
    else:
        print(describe(summary, verbose=args.verbose))
    return 0
