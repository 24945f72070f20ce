"""``python -m gaar_spiders.localportals``: serve the bundled portals until Ctrl-C, and print
the exact ``scrapy crawl`` commands that crawl them (the host map as the JSON ``-s
GAAR_HOST_MAP`` takes). ``--port 8001`` serves them on fixed ports (8001, 8002, …), so the
printed commands keep working across restarts."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import time
from pathlib import Path

from .server import PortalServer


def in_project(where: Path) -> bool:
    """Whether ``scrapy`` run in ``where`` finds GAAR's project (a scrapy.cfg here or above)."""
    return any((folder / "scrapy.cfg").is_file() for folder in (where, *where.parents))


def crawl_command(spider: str, host_map: dict, *args: str) -> str:
    """The ``scrapy crawl`` command that crawls ``spider`` on the local portals, ready to paste where
    this was started (outside the checkout, Scrapy is told the project by SCRAPY_SETTINGS_MODULE)."""
    from gaar_spiders.cli.common import installed_command

    words = [installed_command("scrapy"), "crawl", spider, *args,
             "-s", f"GAAR_HOST_MAP={json.dumps(host_map)}", "-s", "GAAR_LOOPBACK_ONLY=1"]
    prefix = "" if in_project(Path.cwd()) else "SCRAPY_SETTINGS_MODULE=gaar_spiders.settings "
    return prefix + " ".join(shlex.quote(w) for w in words)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gaar_spiders.localportals", description=__doc__)
    parser.add_argument("portals", nargs="*", help="portal names (default: all)")
    parser.add_argument("--bench", type=int, default=0, metavar="N", help="also serve a bench portal of N reports")
    parser.add_argument("--family", action="append", default=[], metavar="NAME",
                        help="also serve a CMS family portal (localportals/families/); repeatable")
    parser.add_argument("--port", type=int, default=0, metavar="PORT",
                        help="serve on fixed ports: the first portal on PORT, the next on PORT+1 … "
                             "(default: free ports chosen anew on every start)")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port takes a port number, got {args.port}")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    portals = args.portals or (None if not args.family else [])
    try:
        server = PortalServer(portals, bench_reports=args.bench, families=args.family, port=args.port)
    except ValueError as exc:  # an unknown portal or family: one line, exit 2
        parser.error(str(exc))
    try:
        server.start()
    except OSError as exc:  # a fixed port already taken
        print(f"python -m gaar_spiders.localportals: {exc.strerror} (another --port?)", file=sys.stderr)
        sys.exit(2)
    with server:
        host_map = server.host_map
        for name in server.names:
            print(f"{name:10} {server.base_url(name)}  ({server.host(name)})")
        for name in args.family:
            print(f"family {name}: start at {server.family(name).home}")
        print(f"host map (JSON, for -s GAAR_HOST_MAP): {json.dumps(host_map)}")
        print("crawl them (paste one; add -s GAAR_DB=FILE for another database than ./gaar.db):")
        from gaar_spiders.portals import load_registry

        named = [n for n in server.names if n in load_registry()]
        for name in named:
            print("  " + crawl_command(name, host_map))
        for name in args.family:
            print("  " + crawl_command("portal", host_map, "-a", f"url={server.family(name).home}"))
        print(f"{len(server.manifest)} documents linked. Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
