"""``gaar serve FILE``: Datasette on a GAAR database, with GAAR's descriptions, canned queries and
its dashboard (``/-/dashboards/gaar``: coverage, requests per year, failed checks, crawl health).

Served with limits (``LIMITS``, Datasette's own settings, and GAAR's plugin ``serve_plugin``: a
bound on the size of any one value, raw bodies hidden behind download links), so that no query
and no page view can exhaust the machine (docs/safety.md, "Serving")."""

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
#: Datasette's settings for ``gaar serve`` (``--setting NAME VALUE`` overrides one), each with why:
LIMITS = {
    # Datasette: 1000 ms. Long enough for the canned queries and coverage on a province's
    # database; a runaway query (a recursive CTE, a cross join) is stopped there.
    "sql_time_limit_ms": 3000,
    # Datasette: 1000. With GAAR's 1 MiB bound on one value, what one JSON answer can hold.
    "max_returned_rows": 500,
    # Datasette: on. The 188-column wide views took 28 s per page view suggesting facets (50 s with
    # four at once); facets asked for (?_facet=) still work, within their own limit.
    "suggest_facets": "off",
    "facet_time_limit_ms": 200,
    "facet_suggest_time_limit_ms": 50,
    # Datasette: 100 MB. A streamed CSV export of a province is well under it.
    "max_csv_mb": 50,
    # Datasette: 3. Two SQL threads on a two-core machine: four slow queries at once queue.
    "num_sql_threads": 2,
}


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
    p.add_argument("--setting", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="a Datasette setting over GAAR's limits (e.g. --setting sql_time_limit_ms 10000)")
    p.set_defaults(func=run)


def datasette_settings(overrides) -> list[str]:
    """``--setting NAME VALUE`` arguments: GAAR's limits, then the user's."""
    settings = {**LIMITS, **dict(overrides or [])}
    return [arg for name, value in settings.items() for arg in ("--setting", name, str(value))]


def register_plugin() -> None:
    """GAAR's plugin (``serve_plugin``: value bound, hidden bodies, body downloads), once."""
    from datasette.plugins import pm

    from . import serve_plugin

    if not pm.is_registered(serve_plugin):
        pm.register(serve_plugin, name="gaar-serve")


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

        register_plugin()
        argv = ["serve", *datasette_database_args(str(args.db)), "--metadata", meta_path, "--host", args.host,
                "--port", str(args.port), *datasette_settings(args.setting)]
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
