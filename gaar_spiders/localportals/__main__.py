"""``python -m gaar_spiders.localportals``: serve the bundled portals until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import time

from .server import PortalServer


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gaar_spiders.localportals", description=__doc__)
    parser.add_argument("portals", nargs="*", help="portal names (default: all)")
    parser.add_argument("--bench", type=int, default=0, metavar="N", help="also serve a bench portal of N reports")
    parser.add_argument("--family", action="append", default=[], metavar="NAME",
                        help="also serve a CMS family portal (localportals/families/); repeatable")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    portals = args.portals or (None if not args.family else [])
    try:
        server = PortalServer(portals, bench_reports=args.bench, families=args.family)
    except ValueError as exc:  # an unknown portal or family: one line, exit 2
        parser.error(str(exc))
    with server:
        for name in server.names:
            print(f"{name:10} {server.base_url(name)}  ({server.host(name)})")
        for name in args.family:
            print(f"family {name}: start at {server.family(name).home}")
        print("host map:", server.host_map)
        print(f"{len(server.manifest)} documents linked. Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
