"""Crawl speed: what the pipelines cost a crawl, as ratios measured in one run (issue 17).

(a) **Polite**, as GAAR crawls real portals: 16 bundled local portals (the five demo portals and
    eleven CMS family portals) crawled at once in one process (as ``gaar demo`` does), with GAAR's
    default politeness as settings.py ships it (DOWNLOAD_DELAY 0.5 s, AutoThrottle, 2 requests at a
    time per portal, robots.txt): pages/s with the pipelines on vs off, in alternating rounds.
    Target >= 0.95: the pipelines never hold a crawl back.
(b) **Instant**: a generated portal of N reports (real report templates, 20 per list page) on a
    server that answers at once, 16 requests at a time, no delay: CPU-bound, the pipelines' worst
    case. pages/s on vs off, and CPU ms per report (user + sys of the crawl's whole process tree,
    parse workers included, over the reports stored), with group commits off
    (``GAAR_COMMIT_SECONDS=0``: a transaction per write, as before) and on (the default); peak
    memory at N/2 and N reports (flat = the crawl holds no per-report state); and a cProfile of
    the crawl process (its top entries: where the time that is not parsing goes).

pages/s counts a crawl from Scrapy's start to its finish (the process's start-up is printed
apart). The machine is shared: its load is printed with the figures.

    python benchmarks/crawl_bench.py [--reports 2000] [--rounds 2] [--skip-polite] [--skip-instant]
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401  (run as ``python -m cProfile`` in the crawl's process)
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import machine  # noqa: E402
from gaar_spiders.localportals import PortalServer  # noqa: E402
from gaar_spiders.localportals.families import FAMILY_PORTALS  # noqa: E402
from gaar_spiders.localportals.portals import PORTALS  # noqa: E402

#: the pipelines off: no item pipeline, no crawl-health row (the database is not opened at all)
PIPELINES_OFF = {"ITEM_PIPELINES": {}, "GAAR_HEALTH_ENABLED": False}
#: group commits off: every write its own transaction, as GAAR wrote before issue 17
COMMITS_PER_WRITE = {"GAAR_COMMIT_SECONDS": 0}
POLITE_PORTALS = 16


def run_crawls(crawls: list, settings: dict, db: Path, *, pipelines: bool = True, extra: dict | None = None,
               profile: Path | None = None) -> dict:
    """Run ``crawls`` ([spider, kwargs]) in one crawl process; its pages, reports, crawl span, wall
    time, CPU seconds (user + sys of the process and every descendant) and peak RSS."""
    spec = {"settings": {**settings, "GAAR_DB": str(db), "LOG_LEVEL": "WARNING",
                         **({} if pipelines else PIPELINES_OFF), **(extra or {})},
            "crawls": crawls}
    spec_file = db.with_suffix(".json")
    spec_file.write_text(json.dumps(spec))
    cmd = [sys.executable, *(["-m", "cProfile", "-o", str(profile)] if profile else []),
           str(ROOT / "benchmarks" / "crawl_process.py"), str(spec_file)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"the crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    runs = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    span = max(r["finish"] for r in runs) - min(r["start"] for r in runs)
    pages = sum(r["pages"] for r in runs)
    return {"pages": pages, "reports": sum(r["reports"] for r in runs), "span": span, "wall": wall,
            "pages_per_s": pages / span,
            "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_mib": after.ru_maxrss / 1024, "reasons": sorted({r["finish_reason"] for r in runs})}


# --- (a) polite ------------------------------------------------------------------------------------

def polite_portals(server: PortalServer) -> list:
    """The five demo portals by their named spiders, and the first eleven family portals through
    ``portal -a url=HOME``: 16 portals of every CMS shape GAAR reads."""
    crawls = [[name, {}] for name in PORTALS]
    for family in FAMILY_PORTALS[: POLITE_PORTALS - len(crawls)]:
        crawls.append(["portal", {"url": server.family(family).home}])
    return crawls


def polite(rounds: int) -> float:
    families = FAMILY_PORTALS[: POLITE_PORTALS - len(PORTALS)]
    print(f"(a) {POLITE_PORTALS} local portals at once, GAAR's default politeness (one process, as gaar demo)")
    results: dict[str, list] = {"off": [], "on": []}
    with PortalServer(list(PORTALS), families=families) as server, tempfile.TemporaryDirectory() as tmp:
        settings = {"GAAR_HOST_MAP": server.host_map, "GAAR_LOOPBACK_ONLY": True}
        crawls = polite_portals(server)
        for n in range(rounds):
            for mode in ("off", "on"):
                r = run_crawls(crawls, settings, Path(tmp) / f"polite-{mode}-{n}.db", pipelines=mode == "on")
                results[mode].append(r)
                print(f"  round {n + 1} pipelines {mode:<3}  {r['pages']:>5} pages in {r['span']:6.1f} s "
                      f"= {r['pages_per_s']:5.2f} pages/s   ({r['reports']} reports, wall {r['wall']:.1f} s, "
                      f"CPU {r['cpu']:.1f} s, {', '.join(r['reasons'])})")
    off = statistics.median(r["pages_per_s"] for r in results["off"])
    on = statistics.median(r["pages_per_s"] for r in results["on"])
    ratio = on / off
    verdict = "met" if ratio >= 0.95 else "NOT met"
    print(f"  pages/s on / off (medians): {on:.2f} / {off:.2f} = {ratio:.3f} (target >= 0.95: {verdict})")
    return ratio


# --- (b) instant -------------------------------------------------------------------------------------

INSTANT = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
           "CONCURRENT_REQUESTS": 16, "GAAR_MAX_LIST_PAGES": 100000, "GAAR_LOOPBACK_ONLY": True}


def instant(n: int, top: int) -> None:
    print(f"\n(b) an instant server: a generated portal of {n} reports, no delay, 16 requests at a time")
    with PortalServer([], bench_reports=n) as server, tempfile.TemporaryDirectory() as tmp:
        crawls = [["portal", {"url": server.start_url("bench")}]]
        settings = {**INSTANT, "GAAR_HOST_MAP": server.host_map}
        modes = {"off": dict(pipelines=False), "on, a commit per write (before)": dict(extra=COMMITS_PER_WRITE),
                 "on, group commits (default)": {}}
        results = {}
        for mode, kw in modes.items():
            r = results[mode] = run_crawls(crawls, settings, Path(tmp) / f"instant-{len(results)}.db", **kw)
            per_report = f"{1000 * r['cpu'] / r['reports']:6.1f} CPU ms/report" if r["reports"] else "—"
            print(f"  pipelines {mode:<32} {r['pages']:>5} pages in {r['span']:6.1f} s = "
                  f"{r['pages_per_s']:6.1f} pages/s  {r['reports']:>5} reports  CPU {r['cpu']:6.1f} s  "
                  f"{per_report}  peak RSS {r['peak_mib']:.0f} MiB")
        off = results["off"]["pages_per_s"]
        for mode in list(modes)[1:]:
            print(f"  pages/s {mode} / off: {results[mode]['pages_per_s'] / off:.2f}")
        before, after = (results[m] for m in list(modes)[1:])
        print(f"  group commits: CPU per report {1000 * after['cpu'] / after['reports']:.1f} ms vs "
              f"{1000 * before['cpu'] / before['reports']:.1f} ms before; pages/s x"
              f"{after['pages_per_s'] / before['pages_per_s']:.2f}")
        with PortalServer([], bench_reports=n // 2) as small:
            half = run_crawls([["portal", {"url": small.start_url("bench")}]], {**INSTANT, "GAAR_HOST_MAP": small.host_map},
                              Path(tmp) / "half.db")
        print(f"  peak RSS of the largest process: {after['peak_mib']:.0f} MiB at {n} reports, "
              f"{half['peak_mib']:.0f} MiB at {n // 2} (flat = about x1: x{after['peak_mib'] / half['peak_mib']:.2f})")
        profile = Path(tmp) / "crawl.prof"
        run_crawls(crawls, settings, Path(tmp) / "profiled.db", profile=profile)
        print(f"\n  cProfile of the crawl process (group commits on; the read step runs in its parse workers), "
              f"top {top} by own time:")
        stats = pstats.Stats(str(profile))
        stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000, help="reports of the instant portal")
    ap.add_argument("--rounds", type=int, default=2, help="off/on rounds of the polite crawl")
    ap.add_argument("--top", type=int, default=25, help="profile entries shown")
    ap.add_argument("--skip-polite", action="store_true")
    ap.add_argument("--skip-instant", action="store_true")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each figure as it is measured, into a pipe too
    print(f"machine: {machine()}")
    if not args.skip_polite:
        polite(args.rounds)
    if not args.skip_instant:
        instant(args.reports, args.top)
    print(f"\nmachine after: {machine()}")


if __name__ == "__main__":
    main()
