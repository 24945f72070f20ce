"""``gaar schedule``: queue crawls on scrapyd, for cron (scrapyd has no recurring schedules).

One job per named spider (all from the registry, or those given), each with an
id that says what ran (``jinghe-2026-11-23``; ``-2``, ``-3`` … when that id was
already used). A spider that still has a pending or running job is skipped: a
slow portal must not pile up crawls of itself. Prints one line per spider.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional
from urllib.parse import urlsplit

from .scrapyd_api import DEFAULT_URL, Scrapyd, ScrapydError, auth_from

#: schedule.json reads these itself; any other parameter becomes a spider argument
RESERVED_ARGS = {"project", "spider", "jobid", "priority", "setting", "_version", "_job"}


@dataclass
class Decision:
    spider: str
    action: str  # "schedule" | "skip"
    job_id: str
    why: str = ""


def register(sub) -> None:
    p = sub.add_parser("schedule", help="queue crawls on scrapyd (for cron); skips spiders still pending or running")
    p.add_argument("spiders", nargs="*", metavar="SPIDER", help="spiders to crawl (default: every portal in the registry)")
    p.add_argument("--db", required=True, metavar="PATH",
                   help="the GAAR database, an absolute path on the scrapyd host (the job's GAAR_DB)")
    p.add_argument("--url", default=DEFAULT_URL, help=f"scrapyd (default {DEFAULT_URL})")
    p.add_argument("--project", default="gaar", help="the scrapyd project (default gaar, as in scrapy.cfg)")
    p.add_argument("--auth", metavar="USER[:PASSWORD]",
                   help="basic auth; default SCRAPYD_USERNAME / SCRAPYD_PASSWORD from the environment")
    p.add_argument("--since", type=int, metavar="YEAR", help="only reports of YEAR and later (-a since=YEAR)")
    p.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                   help="a Scrapy setting for the jobs, repeatable (e.g. GAAR_HOST_MAP='{\"host\": \"127.0.0.1:8001\"}')")
    p.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                   help="a spider argument for the jobs, repeatable (e.g. incremental=0)")
    p.set_defaults(func=run)


def pairs(values: Iterable[str], option: str) -> dict[str, str]:
    """``["A=1", "B={...}"]`` → ``{"A": "1", "B": "{...}"}``; a value may contain '='."""
    out = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"{option} takes NAME=VALUE, got {value!r}")
        out[name.strip()] = rest
    return out


def job_key(spider: str, spider_args: Optional[dict] = None) -> str:
    """What a job crawls, as its id starts: the spider, or for an ad-hoc ``portal`` crawl the
    portal's host (``portal-www.xjjh.gov.cn``), so two portals can be crawled at once and a
    job id says which."""
    url = (spider_args or {}).get("url")
    if spider == "portal" and not url:  # a node of a distributed crawl (GAAR_REDIS_URL): docs/distributed.md
        return "node"
    if spider == "portal" and url:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return f"portal-{host}"
    return spider


#: a job id gaar schedule made: what it crawls, the day, and a number when that day had more
_JOB_ID = re.compile(r"^(?P<key>.+)-\d{4}-\d{2}-\d{2}(?:-\d+)?$")


def key_of_job(job: dict) -> str:
    """What a scrapyd job crawls, read back from its id (a job not named by gaar: its spider)."""
    match = _JOB_ID.match(job.get("id") or "")
    return match.group("key") if match else job.get("spider")


def job_id(key: str, day: date, used: set[str]) -> str:
    """``key-YYYY-MM-DD``, or the first free ``…-2``, ``…-3`` if that id was used."""
    base = f"{key}-{day.isoformat()}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def plan(spiders: Iterable[str], listing: dict, used: set[str], day: date,
         spider_args: Optional[dict] = None) -> list[Decision]:
    """What to do for each spider, given scrapyd's listjobs and the job ids already used. A job
    still pending or running for the same thing (a spider; for ``portal``, the same host) is
    not doubled."""
    active = {}
    for state in ("running", "pending"):  # running wins: it is the more useful thing to report
        for job in listing.get(state, []):
            active.setdefault(key_of_job(job), (state, job))
    used = set(used)
    decisions = []
    for spider in dict.fromkeys(spiders):
        key = job_key(spider, spider_args)
        if key in active:
            state, job = active[key]
            since = f" since {job['start_time']}" if job.get("start_time") else ""
            decisions.append(Decision(spider, "skip", job["id"], f"job {job['id']} is still {state}{since}"))
            continue
        jid = job_id(key, day, used)
        used.add(jid)
        decisions.append(Decision(spider, "schedule", jid))
    return decisions


def used_job_ids(listing: dict, db: str) -> set[str]:
    """Ids scrapyd knows (any state) and run ids already in the database's ``crawl_runs``.

    The database matters because a run id is ``crawl_runs``' key: reusing one would
    overwrite an earlier run's health row. It is read only if it is a local file.
    """
    used = {job["id"] for state in ("pending", "running", "finished") for job in listing.get(state, [])}
    if os.path.isfile(db):
        from pipelines.storage import Reader

        with Reader(db) as reader:
            used |= reader.run_ids()
    return used


def default_spiders() -> list[str]:
    from gaar_spiders.portals import load_registry

    return list(load_registry())


def run(args, *, today: Optional[date] = None) -> int:
    try:
        settings = pairs(args.setting, "--setting")
        spider_args = pairs(args.arg, "--arg")
    except ValueError as exc:
        print(f"gaar schedule: {exc}", file=sys.stderr)
        return 2
    reserved = RESERVED_ARGS & set(spider_args)
    if reserved:
        print(f"gaar schedule: --arg cannot set {sorted(reserved)}: scrapyd reads them itself", file=sys.stderr)
        return 2
    if not os.path.isabs(args.db):
        print("gaar schedule: --db must be an absolute path: a scrapyd job runs in scrapyd's own "
              "working directory", file=sys.stderr)
        return 2
    node = bool(settings.get("GAAR_REDIS_URL") or settings.get("REDIS_URL"))
    if "portal" in args.spiders and not (node and "url" not in spider_args):
        from gaar_spiders.spiders.portal import SpiderArgumentError, check_url

        try:
            check_url(spider_args.get("url", ""))
        except SpiderArgumentError as exc:
            print(f"gaar schedule: portal needs --arg url=URL (or --setting GAAR_REDIS_URL=… for a node of a "
                  f"distributed crawl): {exc}", file=sys.stderr)
            return 2
    if os.path.exists(args.db):  # read for the run ids it used (a remote scrapyd's file is not here)
        from pipelines.storage import database_problem

        problem = database_problem(args.db)
        if problem:
            print(f"gaar schedule: --db {problem}", file=sys.stderr)
            return 2
    settings["GAAR_DB"] = args.db
    if args.since is not None:
        spider_args["since"] = str(args.since)
    spiders = args.spiders or default_spiders()

    client = Scrapyd(args.url, auth_from(args.auth))
    try:
        listing = client.listjobs(args.project)
    except ScrapydError as exc:
        hint = " (deploy first: scrapyd-deploy)" if "not found" in str(exc) else ""
        print(f"gaar schedule: {exc}{hint}", file=sys.stderr)
        return 2
    decisions = plan(spiders, listing, used_job_ids(listing, args.db), today or date.today(), spider_args)

    failed = 0
    for d in decisions:
        if d.action == "skip":
            print(f"skipped {d.spider}: {d.why}")
            continue
        try:
            client.schedule(args.project, d.spider, jobid=d.job_id, settings=settings, args=spider_args)
        except ScrapydError as exc:
            failed += 1
            print(f"failed {d.spider}: {exc}")
        else:
            print(f"scheduled {d.spider}: job {d.job_id}")
    sys.stdout.flush()
    return 1 if failed else 0
