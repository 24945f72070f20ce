"""``gaar jobs``: the last runs of each spider, with their crawl health.

A scrapyd job that ends "finished" says only that the process exited; whether
the crawl was any good is in the database's ``crawl_runs`` row (ok, degraded,
broken, blocked and why), whose ``run_id`` is the scrapyd job id. With
``--url`` the two are joined, which also shows what neither shows alone: jobs
still pending, and jobs that died before or during the crawl.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import datetime, timezone
from typing import Optional
from urllib.parse import urljoin

from .common import ask, print_json
from .scrapyd_api import Scrapyd, ScrapydError, auth_from

def register(sub) -> None:
    p = sub.add_parser("jobs", help="the last runs per spider with their crawl health (and scrapyd's state with --url)")
    p.add_argument("--db", required=True, action="append", metavar="PATH",
                   help="the GAAR database the jobs write to (again for each node of a distributed crawl)")
    p.add_argument("--url", action="append", default=[],
                   help="scrapyd, to join its jobs (pending, running, finished) with the runs (again for each node)")
    p.add_argument("--redis", metavar="URL", help="a distributed crawl's Redis: its queue, leases and nodes "
                                                  "(default: GAAR_REDIS_URL when set)")
    p.add_argument("--prefix", help="the key prefix of the distributed crawl (default: GAAR_REDIS_PREFIX, gaar)")
    p.add_argument("--project", default="gaar", help="the scrapyd project (default gaar)")
    p.add_argument("--auth", metavar="USER[:PASSWORD]",
                   help="basic auth; default SCRAPYD_USERNAME / SCRAPYD_PASSWORD from the environment")
    p.add_argument("--last", type=int, default=3, metavar="N", help="runs shown per spider (default 3)")
    p.add_argument("--json", action="store_true", help="print the runs as JSON")
    p.add_argument("spiders", nargs="*", metavar="SPIDER", help="only these spiders")
    p.set_defaults(func=run)


def when(text: Optional[str]) -> Optional[datetime]:
    """A time as either side writes it, as an aware UTC datetime: ``crawl_runs`` keeps ISO UTC
    (``2026-11-23T02:30:06+00:00``), scrapyd its host's local time without a zone
    (``2026-11-23 02:30:05.112233``, read as this machine's local time: run ``gaar jobs`` where
    scrapyd runs, or in its time zone). None when there is no time."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive: this machine's local time
    return moment.astimezone(timezone.utc)


def shown_time(text: Optional[str]) -> Optional[str]:
    """A time in one format whichever side wrote it (ISO, UTC, to the second)."""
    moment = when(text)
    return moment.isoformat(timespec="seconds") if moment else text


def scrapyd_jobs(listing: dict, base_url: Optional[str] = None) -> dict[str, dict]:
    """job id → {state, spider, start_time, end_time, log_url} from listjobs.json; the log URL made
    absolute on ``base_url`` (scrapyd gives ``/logs/…``, which a terminal cannot open)."""
    jobs = {}
    for state in ("finished", "pending", "running"):  # a later state wins for the same id
        for job in listing.get(state, []):
            log_url = job.get("log_url")
            if log_url and base_url:
                log_url = urljoin(base_url, log_url)
            jobs[job["id"]] = {"state": state, "spider": job.get("spider"), "start_time": job.get("start_time"),
                               "end_time": job.get("end_time"), "log_url": log_url}
    return jobs


def _newest_first(entry: dict) -> tuple:
    """Sort key: the newest start first; a job not started yet (pending) before everything."""
    moment = when(entry.get("started_at"))
    return (moment is not None, -(moment.timestamp()) if moment else 0.0)


def combine(runs: list[dict], jobs: Optional[dict[str, dict]], last: int) -> dict[str, list[dict]]:
    """Per spider: its ``last`` newest runs, each with ``scrapyd`` (the job's state or None) and a
    ``note`` when the two disagree; scrapyd jobs with no run (pending, starting, or dead before
    the crawl opened) count as runs of status None. Times are compared as times (``when``),
    whichever side wrote them, so the newest job is shown even when it died."""
    by_spider: dict[str, list[dict]] = defaultdict(list)
    for run in runs:
        entry = dict(run)
        job = (jobs or {}).get(run["run_id"])
        entry["scrapyd"] = job["state"] if job else None
        entry["log_url"] = job["log_url"] if job else None
        entry["note"] = ""
        if job and job["state"] == "finished" and run["status"] == "running":
            entry["note"] = "the job ended but the crawl never closed its run: killed or crashed (see its log)"
            entry["finished_at"] = entry.get("finished_at") or job.get("end_time")
        by_spider[run["spider"]].append(entry)
    if jobs:
        known = {run["run_id"] for run in runs}
        for job_id, job in jobs.items():
            if job_id in known or job["spider"] is None:
                continue
            if job["state"] == "finished":
                note = "no crawl_runs row: the job failed before the crawl opened, or wrote to another database"
            else:
                note = "waiting for a free scrapyd slot" if job["state"] == "pending" else "starting"
            by_spider[job["spider"]].append({
                "run_id": job_id, "spider": job["spider"], "status": None, "started_at": job.get("start_time"),
                "finished_at": job.get("end_time"), "scrapyd": job["state"], "log_url": job.get("log_url"),
                "note": note})
    for spider, entries in by_spider.items():
        entries.sort(key=_newest_first)
        del entries[last:]
        for entry in entries:
            for key in ("started_at", "finished_at"):
                if entry.get(key):
                    entry[key] = shown_time(entry[key])
    return dict(sorted(by_spider.items()))


def _line(entry: dict) -> str:
    parts = [f"  {entry['run_id']}", entry["status"] or "-"]
    if entry.get("scrapyd"):
        parts.append(f"[scrapyd: {entry['scrapyd']}]")
    if entry.get("started_at"):
        parts.append(f"{entry['started_at']} → {entry.get('finished_at') or '…'}")
    if entry.get("reports_found") is not None:
        parts.append(f"found {entry['reports_found']} stored {entry['reports_stored']} "
                     f"failed {entry['reports_failed']} blocked {entry['blocked_pages']}")
    text = "  ".join(parts)
    if entry.get("reason"):
        text += f"\n      {entry['reason']}"
    if entry.get("note"):
        text += f"\n      note: {entry['note']}"
    if entry.get("log_url") and entry.get("status") in (None, "running", "broken", "blocked"):
        text += f"\n      log: {entry['log_url']}"
    return text


def render(by_spider: dict[str, list[dict]], expected: list[str]) -> str:
    lines = []
    for spider in sorted(set(by_spider) | set(expected)):
        lines.append(spider)
        entries = by_spider.get(spider) or []
        lines += [_line(e) for e in entries] or ["  never ran"]
    return "\n".join(lines)


def run(args) -> int:
    if args.last < 1:
        print(f"gaar jobs: --last takes a number of runs, 1 or more, got {args.last}", file=sys.stderr)
        return 2
    runs = []
    for db in args.db:
        found = ask(db, "jobs", lambda reader: reader.last_runs(args.last))
        if found is None:
            return 2
        known = {run["run_id"] for run in runs}
        runs += [run for run in found if run["run_id"] not in known]  # a node's file and the merged one
    jobs = None
    for url in args.url:
        try:
            client = Scrapyd(url, auth_from(args.auth))
            jobs = {**(jobs or {}), **scrapyd_jobs(client.listjobs(args.project), client.url)}
        except ScrapydError as exc:
            print(f"gaar jobs: {exc}", file=sys.stderr)
            return 2
    queue = None
    from gaar_spiders import config

    redis_url = args.redis or config.setting("GAAR_REDIS_URL")
    if redis_url:
        queue = redis_status(redis_url, args.prefix or config.setting("GAAR_REDIS_PREFIX"))
        if isinstance(queue, str):
            print(f"gaar jobs: {queue}", file=sys.stderr)
            return 2
    by_spider = combine(runs, jobs, args.last)
    expected = list(args.spiders)
    if args.spiders:
        by_spider = {k: v for k, v in by_spider.items() if k in args.spiders}
    else:
        from gaar_spiders.portals import load_registry

        expected = list(load_registry())
    if args.json:
        print_json({"runs": by_spider, "redis": queue} if queue is not None else by_spider)
    else:
        print(render(by_spider, expected))
        if queue is not None:
            print(render_queue(queue))
    return 0


def redis_status(url: str, prefix: str):
    """A distributed crawl's state in Redis (``WorkQueue.status``), or the line saying why not."""
    import redis

    from gaar_spiders.distributed.work import WorkQueue, connect

    try:
        status = WorkQueue(connect(url), prefix).status()
    except redis.RedisError as exc:
        return f"cannot reach Redis at {url}: {exc}"
    status["url"] = url
    return status


def render_queue(status: dict) -> str:
    """The work queue, who crawls what, and each node's requests in flight."""
    active = status["active"]
    lines = [f"redis {status['url']}: {status['start_urls']} portal(s) waiting, {len(active)} being crawled, "
             f"{status['done']} done"]
    for node, state in status["nodes"].items():
        crawling = sorted(p for p, n in active.items() if n == node)
        if state["alive"]:
            lines.append(f"  node {node}  alive  {state['inflight']} request(s) in flight"
                         + (f"  crawling {', '.join(crawling)}" if crawling else ""))
        else:
            lines.append(f"  node {node}  gone (heartbeat expired): the next live node puts back "
                         f"{state['inflight']} request(s) and {len(crawling)} portal(s)")
    if status["requests"]:
        lines.append("  requests queued: " + ", ".join(f"{p} {n}" for p, n in status["requests"].items()))
    return "\n".join(lines)
