"""``gaar demo``: the whole job, offline — serve the bundled portals on 127.0.0.1,
crawl the five named portals with the real spiders and pipelines, write a
SQLite database, and print what was found.

The crawl is the same as ``scrapy crawl jinghe``; only ``GAAR_HOST_MAP``
(each portal's real host → its local server) and ``GAAR_LOOPBACK_ONLY`` differ,
so nothing leaves the machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import installed_command

DEMO_SPIDERS = ("dazu", "jinghe", "daowai", "suixi", "qingshan")


def register(sub) -> None:
    p = sub.add_parser("demo", help="offline demo: crawl the five bundled portals into a SQLite database")
    p.add_argument("--db", default="demo-output/gaar.db", help="database to write (default: %(default)s)")
    p.add_argument("--keep", action="store_true", help="add to an existing database instead of starting afresh")
    p.add_argument("spiders", nargs="*", default=list(DEMO_SPIDERS), metavar="SPIDER",
                   help="named spiders to run (default: all five)")
    p.set_defaults(func=run)


def demo_settings(db: Path, host_map: dict):
    from scrapy.settings import Settings

    from gaar_spiders import settings as project_settings

    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict({
        "GAAR_DB": str(db),
        "GAAR_HOST_MAP": host_map,
        "GAAR_LOOPBACK_ONLY": True,
        # local servers: no politeness delays needed
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "LOG_INSTALL_ROOT_HANDLER": True,
    }, priority="cmdline")
    return settings


def crawl_all(db: Path, spiders, host_map: dict) -> list[str]:
    """Crawl ``spiders`` in one process; the spiders a signal stopped before they finished."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(demo_settings(db, host_map))
    crawlers = []
    for name in spiders:
        crawler = process.create_crawler(name)
        crawlers.append(crawler)
        process.crawl(crawler)
    process.start()  # Scrapy's own handlers: Ctrl-C or SIGTERM closes every crawl, a second one forces
    return [c.spidercls.name for c in crawlers if c.stats.get_value("finish_reason") != "finished"]


def summary(db: Path) -> str:
    from pipelines.storage import Reader

    with Reader(str(db)) as reader:
        s = reader.demo_summary()
    years, counts = s["years"], s["reports_per_portal_year"]
    portals = sorted({p for p, _ in counts})
    out = ["Reports per portal and statistics year:",
           "  " + "portal".ljust(10) + "".join(str(y).rjust(6) for y in years) + "  total".rjust(8)]
    for p in portals:
        row = [counts.get((p, y), 0) for y in years]
        out.append("  " + p.ljust(10) + "".join(str(n or "·").rjust(6) for n in row) + str(sum(row)).rjust(8))
    out += ["", "Crawl health:"]
    for r in s["runs"]:
        out.append(f"  {r['spider']:<10} {r['status']:<9} list pages fetched {r['fetched']} "
                   f"(declared {r['declared'] or '?'}), reports stored {r['stored']} of {r['found']} found — {r['reason']}")
    failed = s["failed_checks"]
    across = sum(1 for f in failed if f["check"].startswith("cross_year."))
    out += ["", f"Failed checks: {len(failed)} in {s['reports_failing']} report(s) — {len(failed) - across} of the "
                f"reports' own arithmetic, {across} across years (an office's consecutive reports):"]
    for f in failed[:12]:
        detail = f["detail"]
        out.append(f"  {f['organ']} {f['year']} {f['check']}: {detail[:110]}{'…' if len(detail) > 110 else ''}")
    if len(failed) > 12:
        out.append(f"  … {len(failed) - 12} more: {installed_command('sqlite-utils')} {shown(db)} 'select * from failed_checks'")
    out += ["", "Pages kept: " + ", ".join(f"{st} {n}" for st, n in s["page_statuses"])]
    if s["failures"]:
        out.append("Recorded failures: " + ", ".join(f"{r} {n}" for r, n in s["failures"]))
    return "\n".join(out)


def shown(path) -> str:
    """``path`` as the user can paste it from where they ran the demo (relative below it)."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def run(args) -> int:
    from gaar_spiders.localportals import PortalServer
    from gaar_spiders.portals import load_registry

    unknown = [name for name in args.spiders if name not in load_registry()]
    if unknown:
        print(f"gaar demo: unknown portal(s) {', '.join(unknown)}; the demo crawls "
              f"{', '.join(DEMO_SPIDERS)} (named spiders: {', '.join(load_registry())})", file=sys.stderr)
        return 2
    try:
        server = PortalServer(args.spiders)
    except ValueError as exc:  # a registry portal with no bundled local copy
        print(f"gaar demo: {exc}", file=sys.stderr)
        return 2
    db = Path(args.db).resolve()
    db.parent.mkdir(parents=True, exist_ok=True)
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "gaar_spiders.settings")
    with server:
        print(f"Serving {len(args.spiders)} portals on 127.0.0.1: "
              + ", ".join(f"{n} ({server.host(n)} → {server.address(n)})" for n in args.spiders))
        stopped = crawl_all(db, args.spiders, server.host_map)
    print(f"\nDatabase: {shown(db)}\n")
    print(summary(db))
    if stopped:
        print(f"\nInterrupted: {', '.join(stopped)} stopped before finishing (crawl_runs: degraded — interrupted); "
              f"run the demo again to crawl them whole")
        return 130
    print(f"\nExplore it: {installed_command('sqlite-utils')} tables {shown(db)} --counts   ·   "
          f"{installed_command('gaar')} serve {shown(db)}")
    return 0
