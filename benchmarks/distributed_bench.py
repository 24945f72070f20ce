"""Distributed crawl throughput: pages/s with 1, 2 and 3 nodes, in one run (issue 19).

A real ``redis-server`` on 127.0.0.1 and the five bundled portals (plus the CMS family portals with
``--families``), crawled by N real node processes (``scrapy crawl portal -s GAAR_REDIS_URL=…``,
one portal at a time each) with a realistic politeness delay per portal (``--delay``, default
0.5 s: GAAR's own). For each N, a fresh Redis key prefix and fresh node databases; the time runs
from ``gaar enqueue`` to the last node's exit (node start-up included, as a user sees it), and
the pages are the requests the portals answered. The baseline is one node, in the same run.

    python benchmarks/distributed_bench.py [--delay 0.5] [--nodes 1 2 3] [--families]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from gaar_spiders.localportals import PortalServer  # noqa: E402
from gaar_spiders.localportals.families import FAMILY_PORTALS  # noqa: E402
from redis_support import REDIS_SERVER, RedisServer  # noqa: E402

DEMO = ("dazu", "jinghe", "daowai", "suixi", "qingshan")


def run(nodes: int, redis: RedisServer, server: PortalServer, entries: list[str], delay: float, tmp: Path) -> dict:
    prefix = f"bench{nodes}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    served_before = sum(len(m.requests) for m in server.meters.values())
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "enqueue", "--redis", redis.url, "--prefix", prefix,
                    *entries], cwd=ROOT, env=env, check=True, capture_output=True)
    procs = []
    for n in range(nodes):
        cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-s", f"GAAR_REDIS_URL={redis.url}",
               "-s", f"GAAR_REDIS_PREFIX={prefix}", "-s", f"GAAR_DB={tmp / f'{prefix}-node{n}.db'}",
               "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}", "-s", "GAAR_LOOPBACK_ONLY=1",
               "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"DOWNLOAD_DELAY={delay}", "-s", "GAAR_NODE_PORTALS=1",
               "-s", "GAAR_PARSE_WORKERS=1", "-s", "LOG_LEVEL=WARNING"]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for proc in procs:
        proc.wait()
    seconds = time.perf_counter() - t0
    pages = sum(len(m.requests) for m in server.meters.values()) - served_before
    return {"nodes": nodes, "pages": pages, "seconds": seconds, "pages_per_s": pages / seconds,
            "peak_per_host": max(m.peak for m in server.meters.values())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--delay", type=float, default=0.5, help="DOWNLOAD_DELAY per portal (GAAR's default: 0.5 s)")
    ap.add_argument("--nodes", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--families", action="store_true", help="the CMS family portals too (more portals than nodes)")
    args = ap.parse_args()
    if REDIS_SERVER is None:
        sys.exit("distributed_bench: redis-server is not installed (apt-get install redis-server)")
    families = list(FAMILY_PORTALS) if args.families else []
    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp) / "redis") as redis:
        results = []
        for nodes in args.nodes:
            # a fresh server per run: the portals' own state (a 500 that succeeds on retry …) starts anew
            with PortalServer(DEMO, families=families) as server:
                entries = list(DEMO) + [server.family(f).home for f in families]
                results.append(run(nodes, redis, server, entries, args.delay, Path(tmp)))
        load = os.getloadavg()[0]
        base = results[0]["pages_per_s"]
        print(f"distributed crawl, {len(entries)} portals, DOWNLOAD_DELAY={args.delay}s, "
              f"load average {load:.2f}")
        for r in results:
            print(f"  {r['nodes']} node(s): {r['pages']} pages in {r['seconds']:.1f} s = {r['pages_per_s']:.2f} pages/s "
                  f"(x{r['pages_per_s'] / base:.2f} of 1 node; busiest host at most {r['peak_per_host']} at once)")


if __name__ == "__main__":
    main()
