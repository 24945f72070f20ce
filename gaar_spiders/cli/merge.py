"""``gaar merge OUT.db NODE.db...``: the nodes' databases of a distributed crawl as one.

Idempotent (merge again, or merge a file twice: nothing is added twice) and re-runnable while
nodes still crawl; every file is checked first, and a file that is no GAAR database (or of
another schema) is one line, exit status 2, before anything is written. Rows and rules:
``pipelines/storage/merge.py``; why one file per node: docs/distributed.md.
"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("merge", help="merge the databases of a distributed crawl's nodes into one")
    p.add_argument("out", metavar="OUT.db", help="the merged database (created if missing; may be merged into again)")
    p.add_argument("sources", nargs="+", metavar="NODE.db", help="node databases (only read)")
    p.set_defaults(func=run)


def run(args) -> int:
    import sqlite3

    from pipelines.db import SchemaError
    from pipelines.storage import Storage, database_problem
    from pipelines.storage.merge import Merger, source_problem

    problem = database_problem(args.out, write=True, create=True)
    problems = [f"{args.out}: {problem}"] if problem else []
    problems += [p for p in (source_problem(path, args.out) for path in args.sources) if p]
    if problems:
        for line in problems:
            print(f"gaar merge: {line}", file=sys.stderr)
        return 2
    try:
        storage = Storage(args.out)
    except (SchemaError, sqlite3.Error) as exc:
        print(f"gaar merge: {args.out}: {exc}", file=sys.stderr)
        return 2
    with storage:
        merger = Merger(storage)
        for path in args.sources:
            got = merger.merge_from(path)
            print(f"{path}: +{got.reports} report(s), +{got.pages} page(s), {got.runs} run(s), "
                  f"+{got.failures} failure(s), +{got.links} link(s)")
        settled = merger.settle()
        total = storage.conn.execute("SELECT count(*) FROM reports WHERE superseded_by IS NULL").fetchone()[0]
        pending = storage.conn.execute("SELECT count(*) FROM pages WHERE parse_status = 'pending'").fetchone()[0]
    line = f"{args.out}: {total} current report(s) from {len(args.sources)} file(s)"
    if settled["runs_closed"]:
        line += f"; {len(settled['runs_closed'])} run(s) whose crawl died closed as interrupted"
    print(line)
    if pending:
        print(f"{pending} page(s) stored but never read (a node died before reading them): "
              f"gaar reparse --db {args.out} reads them")
    return 0
