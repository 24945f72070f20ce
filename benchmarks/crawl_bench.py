"""Crawl speed and memory: a generated local portal of N reports, crawled by the real
spider with the full pipelines and with pipelines off, in the same run.

Reports pages/s for both, the ratio (what the pipelines cost) and peak memory
(Scrapy's memusage/max), at two portal sizes to show memory stays flat as the
portal grows. Targets (issue): pipelines cost <= 10 %, memory flat.

The local server answers at once, so these crawls are CPU-bound: the worst
case for the pipelines. ``--delay S`` adds a second measurement with a
download delay per portal, as every real crawl has (GAAR's default is 0.5 s).

    python benchmarks/crawl_bench.py [--reports 2000] [--delay 0.05]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gaar_spiders.localportals import PortalServer  # noqa: E402


def crawl(server: PortalServer, db: Path, pipelines: bool, delay: float = 0.0) -> dict:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={server.start_url('bench')}",
           "-s", f"GAAR_DB={db}", "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}",
           "-s", "GAAR_LOOPBACK_ONLY=1", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"DOWNLOAD_DELAY={delay}",
           "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "CONCURRENT_REQUESTS=16", "-s", "LOG_LEVEL=INFO",
           "-s", "GAAR_MAX_LIST_PAGES=100000", "-s", "TELNETCONSOLE_ENABLED=0"]
    if not pipelines:
        cmd += ["-s", "ITEM_PIPELINES={}", "-s", "GAAR_HEALTH_ENABLED=0"]
    t0 = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, check=True)
    elapsed = time.perf_counter() - t0
    stats_text = result.stderr[result.stderr.rindex("Dumping Scrapy stats:") + len("Dumping Scrapy stats:"):]
    stats_text = stats_text[: stats_text.index("}") + 1]
    stats_text = re.sub(r"datetime\.datetime\([^)]*\)", "None", stats_text)
    stats = ast.literal_eval(stats_text.split("\n", 1)[1] if stats_text.startswith("\n") else stats_text)
    pages = stats.get("response_received_count", 0)
    return {"pages": pages, "seconds": elapsed, "pages_per_s": pages / elapsed,
            "items": stats.get("item_scraped_count", 0), "peak_mib": stats.get("memusage/max", 0) / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--delay", type=float, default=0.05, help="download delay of the second measurement (0: skip it)")
    args = ap.parse_args()
    sizes = (args.reports // 2, args.reports)
    print(f"{'reports':>8} {'pipelines':>9} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'items':>6} {'peak MiB':>9}")
    results = {}
    for n in sizes:
        with PortalServer([], bench_reports=n) as server, tempfile.TemporaryDirectory() as tmp:
            for pipelines in (False, True):
                r = crawl(server, Path(tmp) / f"bench-{pipelines}.db", pipelines)
                results[(n, pipelines)] = r
                print(f"{n:>8} {('on' if pipelines else 'off'):>9} {r['pages']:>6} {r['seconds']:>8.1f} "
                      f"{r['pages_per_s']:>8.1f} {r['items']:>6} {r['peak_mib']:>9.0f}")
    n = args.reports
    cost = results[(n, False)]["pages_per_s"] / results[(n, True)]["pages_per_s"] - 1
    growth = results[(n, True)]["peak_mib"] / max(1, results[(n // 2, True)]["peak_mib"])
    print(f"\npipelines cost at {n} reports: {cost * 100:+.1f} % time per page (target <= 10 %)")
    print(f"peak memory at {n} vs {n // 2} reports: x{growth:.2f} (flat = about x1)")
    if args.delay > 0:
        n = args.reports // 2
        with PortalServer([], bench_reports=n) as server, tempfile.TemporaryDirectory() as tmp:
            off = crawl(server, Path(tmp) / "off.db", False, args.delay)
            on = crawl(server, Path(tmp) / "on.db", True, args.delay)
        cost = off["pages_per_s"] / on["pages_per_s"] - 1
        print(f"\nwith DOWNLOAD_DELAY={args.delay} s ({n} reports): {off['pages_per_s']:.1f} pages/s off, "
              f"{on['pages_per_s']:.1f} on: pipelines cost {cost * 100:+.1f} %")


if __name__ == "__main__":
    main()
