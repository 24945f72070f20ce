"""Crawl health: a ``crawl_runs`` row per crawl, opened at start and closed with a verdict.

Status, in order of precedence:
- ``blocked``: challenge/login walls stopped the crawl (blocked pages, no report stored now
  or before);
- ``broken``: no report was found, or none could be stored and none was stored before —
  loudly, in the log too; the reason names the cause (the start page could not be fetched,
  the 年报 column was not found …);
- ``degraded``: something was lost on the way (list pages declared but not fetched, failed
  requests, pages that failed to parse, blocked pages), or the crawl was stopped before it
  finished (reason ``interrupted: …``, shared with the runs closed at the next start);
- ``ok``: including a re-crawl of an unchanged portal (``nothing new (14 already stored)``)
  and a ``-a since`` later than every report listed.

A daily crawl of an unchanged portal finds its reports again and skips them as already
stored (``gaar/skipped_known``): that is the normal case, never a failure.
"""

from __future__ import annotations

import atexit
import json
import logging
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.extensions.memusage import MemoryUsage
from scrapy.utils.defer import deferred_from_coro

from gaar_spiders.status import INTERRUPTED, RunStatus

logger = logging.getLogger(__name__)

#: Scrapy's close reason when a signal (SIGINT, SIGTERM) stopped the crawl
SHUTDOWN_REASON = "shutdown"


def _start_problem(counts: dict) -> str:
    """Why no list was read when the start page(s) could not be fetched, else ''."""
    failed = counts.get("start_failures") or []
    if not failed or counts.get("start_pages_fetched", 0):
        return ""
    return "; ".join(f"the start page {url} could not be fetched: {reason}" for url, reason in failed)


def verdict(counts: dict, failures: dict) -> tuple[RunStatus, str]:
    """(status, reason) from the run's counters.

    Optional counts: ``list_pages_missing`` (declared pages not fetched, per column),
    ``list_records_declared`` / ``list_records_listed`` (what the lists said they hold and
    what their walks listed), ``unreadable_columns`` (the 年报 columns whose lists gave no
    report link: named in the reason), ``reports_known`` (report links skipped as already
    stored by an earlier run), ``skipped_before_since`` and ``since`` (report links older than
    ``-a since``), ``start_failures`` (``[(url, reason)]`` of start pages that failed),
    ``start_pages_fetched`` and ``skipped_backoff`` (links that failed in an earlier run and
    wait for their back-off: still missing, so a daily crawl keeps saying so), ``reports_elsewhere``
    (a distributed crawl: report links the shared dupefilter had seen — fetched, queued or in flight
    in another holder's crawl of the portal; they count like links already stored, never as lost).
    """
    found, stored = counts["reports_found"], counts["reports_stored"]
    blocked, failed = counts["blocked_pages"], counts["reports_failed"]
    declared, fetched = counts["list_pages_declared"], counts["list_pages_fetched"]
    known = counts.get("reports_known", 0)
    elsewhere = counts.get("reports_elsewhere", 0)
    unreadable = counts.get("unreadable_columns") or []
    unreadable_words = f"年报 column(s) with no readable report link: {' '.join(unreadable)}" if unreadable else ""
    if blocked and not stored and not known:
        return RunStatus.BLOCKED, f"{blocked} page(s) behind a challenge or login wall and no report stored"
    if found == 0:
        start = _start_problem(counts)
        older = counts.get("skipped_before_since", 0)
        if start:
            return RunStatus.BROKEN, f"no report link found: {start}"
        if older:
            return RunStatus.OK, (f"nothing new: no report of {counts.get('since')} or later listed "
                                  f"({older} older report link(s) skipped by -a since={counts.get('since')})")
        why = "no report link found: the 年报 column was not found or its lists changed"
        return RunStatus.BROKEN, f"{why}; {unreadable_words}" if unreadable else why
    if stored == 0 and known == 0 and elsewhere == 0:
        return RunStatus.BROKEN, f"{found} report link(s) found but none stored"
    problems = []
    missing = counts.get("list_pages_missing", max(0, declared - fetched) if declared else 0)
    if missing:
        problems.append(f"only {declared - missing} of {declared} declared list pages fetched")
    records_declared, records_listed = counts.get("list_records_declared", 0), counts.get("list_records_listed", 0)
    if records_declared and records_listed < records_declared:
        problems.append(f"the lists declared {records_declared} record(s), their walks listed {records_listed}")
    if unreadable:
        problems.append(unreadable_words)
    if failed:
        problems.append(f"{failed} page(s) failed to parse")
    if blocked:
        problems.append(f"{blocked} page(s) blocked")
    other = {k: v for k, v in failures.items() if k not in ("blocked", "list_unreadable")}
    if other:
        problems.append("failed requests: " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))
    waiting = counts.get("skipped_backoff", 0)
    if waiting:
        problems.append(f"{waiting} link(s) that failed before wait for their back-off (-a retry_failed=1 "
                        "tries them now)")
    before = [f"{known} already stored"] if known else []
    if elsewhere:
        before.append(f"{elsewhere} handled by other nodes or an earlier run")
    before_words = f" ({', '.join(before)})" if before else ""
    if not stored:
        done = f"nothing new{before_words}"
    elif before:
        done = f"{stored} new report(s) stored{before_words}"
    else:
        done = f"{stored} report(s) stored"
    if problems:
        return RunStatus.DEGRADED, "; ".join(problems) + (f"; {done}" if before else "")
    return RunStatus.OK, done


def interrupted(why: str, how: str = "stopped (Ctrl-C or SIGTERM) before it finished") -> tuple[RunStatus, str]:
    """A run that ended by force: ``degraded``, its reason starting ``interrupted``."""
    return RunStatus.DEGRADED, f"{INTERRUPTED}: {how}; so far: {why}"


class CrawlHealth:
    def __init__(self, crawler):
        self.crawler = crawler
        self.database = None  # the crawl's database, shared with the pipelines (pipelines/crawler_db.py)
        self.run_id = None
        self.closed = False

    @property
    def storage(self):
        return self.database.storage if self.database else None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("GAAR_HEALTH_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        from gaar_spiders.crawl import processes
        from pipelines.crawler_db import CrawlDatabase

        self.database = CrawlDatabase.acquire(self.crawler)
        # runs that never closed (their crawl was killed) are closed as interrupted, never left running
        for run_id in self.storage.close_interrupted_runs(spider.name, processes.alive):
            spider.logger.warning("GAAR crawl health: run %s never closed; closed now as degraded (interrupted)",
                                  run_id)
        job = getattr(spider, "_job", None)  # scrapyd passes its job id as -a _job=…
        self.run_id = self.storage.start_run(spider.name, run_id=job, process=processes.identity())
        spider.run_id = self.run_id
        # a second Ctrl-C stops the reactor without closing the spider: the run is closed at exit
        atexit.register(self._close_at_exit)

    def counts(self) -> tuple[dict, dict, dict]:
        """(the crawl_runs counters, the verdict's other counts, failed requests by reason)."""
        stats = self.crawler.stats.get_stats()
        failures = {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("gaar/failed/")}
        counts = {
            "list_pages_declared": int(stats.get("gaar/list_pages_declared", 0)),
            "list_pages_fetched": int(stats.get("gaar/list_pages_fetched", 0)),
            "reports_found": int(stats.get("gaar/reports_found", 0)),
            "reports_stored": int(stats.get("gaar/reports_stored", 0)),
            "reports_failed": self.storage.failed_pages(self.run_id),
            "blocked_pages": int(stats.get("gaar/blocked", 0)),
        }
        spider = self.crawler.spider
        extra = {
            "list_pages_missing": int(stats.get("gaar/list_pages_missing", 0)),
            "list_records_declared": int(stats.get("gaar/list_records_declared", 0)),
            "list_records_listed": int(stats.get("gaar/list_records_listed", 0)),
            "unreadable_columns": str(stats.get("gaar/list_unreadable_columns", "")).split(),
            "reports_known": int(stats.get("gaar/skipped_known", 0)),
            "skipped_before_since": int(stats.get("gaar/skipped_before_since", 0)),
            "since": getattr(spider, "since", None),
            "start_failures": list(getattr(spider, "start_failures", [])),
            "start_pages_fetched": int(stats.get("gaar/start_pages_fetched", 0)),
            "skipped_backoff": int(stats.get("gaar/skipped_backoff", 0)),
            "reports_elsewhere": int(stats.get("gaar/skipped_elsewhere", 0)),
        }
        return counts, extra, failures

    def spider_closed(self, spider, reason):
        if self.storage is None or self.closed:
            return
        counts, extra, failures = self.counts()
        status, why = verdict({**counts, **extra}, failures)
        if reason == SHUTDOWN_REASON:
            status, why = interrupted(why)
        elif reason not in ("finished",):
            why = f"crawl ended: {reason}; {why}"
            status = RunStatus.DEGRADED if status == RunStatus.OK else status
        if status == RunStatus.BROKEN:
            spider.logger.error("GAAR crawl health: BROKEN — %s", why)
        elif reason == SHUTDOWN_REASON:
            spider.logger.warning("GAAR crawl health: %s — %s", status, why)
        else:
            spider.logger.info("GAAR crawl health: %s — %s", status, why)
        self._finish(status, why, counts)
        self._release()

    def _finish(self, status: RunStatus, why: str, counts: dict) -> None:
        stats = self.crawler.stats.get_stats()
        keep = {k: v for k, v in stats.items() if isinstance(v, (int, float, str))}
        self.storage.finish_run(self.run_id, status=status, reason=why,
                                stats=json.loads(json.dumps(keep, default=str)), **counts)
        self.closed = True
        atexit.unregister(self._close_at_exit)

    def _release(self) -> None:
        """The run's row is closed: commit it with the crawl's last batch (``CrawlDatabase.release``)."""
        database, self.database = self.database, None
        database.release()

    def _close_at_exit(self) -> None:
        """The process is exiting with this run still open (the crawl was stopped by force: a
        second Ctrl-C stops the reactor without closing the spider): close it as interrupted."""
        if self.closed or self.storage is None:
            return
        try:
            counts, extra, failures = self.counts()
            status, why = interrupted(verdict({**counts, **extra}, failures)[1],
                                      "stopped by force (a second Ctrl-C or SIGTERM) before the crawl could close")
            self._finish(status, why, counts)
            self._release()
        except Exception as exc:  # at exit: say it, never a traceback; the next start closes it
            logger.warning("could not close crawl run %s at exit: %s", self.run_id, exc)


class CrawlBudget:
    """A crawl downloads at most ``GAAR_MAX_CRAWL_BYTES`` (bodies as received, every request): a
    portal serving endless or ever-changing bodies is stopped cleanly, with the close reason
    ``gaar_byte_budget`` that the crawl's health row records (``crawl ended: gaar_byte_budget``,
    degraded). 0 turns it off."""

    REASON = "gaar_byte_budget"

    def __init__(self, crawler, budget: int):
        self.crawler, self.budget = crawler, budget
        self.received = 0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler):
        budget = crawler.settings.getint("GAAR_MAX_CRAWL_BYTES", 0)
        if budget <= 0:
            raise NotConfigured
        ext = cls(crawler, budget)
        crawler.signals.connect(ext.bytes_received, signal=signals.bytes_received)
        return ext

    def bytes_received(self, data, request, spider=None):
        self.received += len(data)
        if self.received <= self.budget or self.closing:
            return
        self.closing = True
        self.crawler.stats.set_value("gaar/byte_budget_exceeded", self.received)
        spider = self.crawler.spider
        if spider is not None:
            spider.logger.warning("GAAR_MAX_CRAWL_BYTES=%d reached (%d bytes received): closing the crawl",
                                  self.budget, self.received)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=self.REASON))


class MemoryGuard(MemoryUsage):
    """Scrapy's memory guard (``MEMUSAGE_*``), measuring what the crawl process holds now.

    Scrapy measures ``ru_maxrss``, a peak that Linux carries over ``execve``: a crawl started by a
    large process (a test runner, any big parent) starts "over" a tight limit and is closed
    before it fetches anything. The process's current resident size (``VmRSS``) is what the
    guard is for; where /proc is missing, Scrapy's own measure stands.
    """

    def get_virtual_size(self) -> int:
        try:
            status = Path("/proc/self/status").read_text()
        except OSError:
            return super().get_virtual_size()
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return super().get_virtual_size()
