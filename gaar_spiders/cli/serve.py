"""``gaar serve FILE``: Datasette on a GAAR database, with GAAR's descriptions and canned queries."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path

METADATA = ("pipelines", "datasette_metadata.json")
#: the database key the packaged metadata is written under; renamed to the file's own name
PACKAGED_DB_KEY = "gaar"


def metadata_for(db_path: str) -> dict:
    """The packaged metadata with its database entry filed under ``db_path``'s name (Datasette's key)."""
    package, name = METADATA
    meta = json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
    databases = meta.get("databases", {})
    if PACKAGED_DB_KEY in databases:
        databases[Path(db_path).stem] = databases.pop(PACKAGED_DB_KEY)
    return meta


def register(sub) -> None:
    p = sub.add_parser("serve", help="browse and query a GAAR database with Datasette")
    p.add_argument("db", metavar="FILE", help="GAAR database")
    p.add_argument("--port", "-p", type=int, default=8001, help="port (default 8001; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--metadata-out", metavar="FILE", help="also write the metadata used to FILE (for `datasette publish`)")
    p.set_defaults(func=run)


def run(args) -> int:
    if not Path(args.db).is_file():
        print(f"gaar serve: no such database: {args.db}", file=sys.stderr)
        return 2
    meta = metadata_for(args.db)
    if args.metadata_out:
        Path(args.metadata_out).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="gaar-serve-") as tmp:
        meta_path = os.path.join(tmp, "metadata.json")
        Path(meta_path).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        from datasette.cli import cli

        argv = ["serve", str(args.db), "--metadata", meta_path, "--host", args.host, "--port", str(args.port)]
        try:
            cli.main(args=argv, prog_name="gaar serve", standalone_mode=False)
        except KeyboardInterrupt:
            pass
    return 0
