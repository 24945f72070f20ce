"""``gaar serve FILE``: Datasette on a GAAR database, with GAAR's descriptions, canned queries and
its dashboard (``/-/dashboards/gaar``: coverage, requests per year, failed checks, crawl health)."""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
from importlib import resources
from pathlib import Path

METADATA = ("pipelines", "datasette_metadata.json")
#: the database key the packaged metadata is written under; renamed to the file's own name
PACKAGED_DB_KEY = "gaar"
#: the plugin that draws GAAR's dashboard (its Vega and Vega-Lite are bundled: it works offline)
DASHBOARDS = "datasette-dashboards"
#: where the dashboard is served
DASHBOARD_PATH = "/-/dashboards/gaar"


def metadata_for(db_path: str) -> dict:
    """The packaged metadata with its database entry filed under ``db_path``'s name (Datasette's key)."""
    package, name = METADATA
    meta = json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
    name = Path(db_path).stem
    databases = meta.get("databases", {})
    if PACKAGED_DB_KEY in databases:
        databases[name] = databases.pop(PACKAGED_DB_KEY)
    for dashboard in meta.get("plugins", {}).get(DASHBOARDS, {}).values():  # charts and filters name their db
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            if part.get("db") == PACKAGED_DB_KEY:
                part["db"] = name
    return meta


def register(sub) -> None:
    p = sub.add_parser("serve", help="browse and query a GAAR database with Datasette")
    p.add_argument("db", metavar="FILE", help="GAAR database")
    p.add_argument("--port", "-p", type=int, default=8001, help="port (default 8001; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--metadata-out", metavar="FILE", help="also write the metadata used to FILE (for `datasette publish`)")
    p.set_defaults(func=run)


def datasette_database_args(db: str) -> list[str]:
    """How Datasette is given the file: as itself (opened ``mode=ro``), or ``-i`` (immutable)
    where its folder cannot be written and no changes wait in a ``-wal`` file — the same rule
    as every read-only command (``pipelines.db.readonly_uri``)."""
    from pipelines.db import readonly_uri

    return ["-i", db] if "immutable=1" in readonly_uri(db) else [db]


def run(args) -> int:
    from pipelines.storage import database_problem

    problem = database_problem(args.db)
    if problem:
        print(f"gaar serve: {problem}", file=sys.stderr)
        return 2
    meta = metadata_for(args.db)
    if args.metadata_out:
        Path(args.metadata_out).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="gaar-serve-") as tmp:
        meta_path = os.path.join(tmp, "metadata.json")
        Path(meta_path).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        from datasette.cli import cli

        argv = ["serve", *datasette_database_args(str(args.db)), "--metadata", meta_path, "--host", args.host, "--port", str(args.port)]
        print(_dashboard_line(args.host, args.port), file=sys.stderr)
        # uvicorn shuts down on SIGTERM, then re-raises it to the previous handler: make that
        # handler an exit that unwinds, so the temporary metadata is removed
        previous = signal.signal(signal.SIGTERM, _exit)
        try:
            cli.main(args=argv, prog_name="gaar serve", standalone_mode=False)
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _dashboard_line(host: str, port: int) -> str:
    from importlib.util import find_spec

    if find_spec("datasette_dashboards") is None:
        return "gaar serve: the dashboard needs datasette-dashboards (pip install -r requirements.txt)"
    where = f"http://{host}:{port}{DASHBOARD_PATH}" if port else DASHBOARD_PATH
    return f"GAAR dashboard: {where}"


def _exit(signum, frame):
    raise SystemExit(0)
