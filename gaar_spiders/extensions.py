"""Crawl health: a ``crawl_runs`` row per crawl, opened at start and closed with a verdict.

Status, in order of precedence:
- ``blocked``: challenge/login walls stopped the crawl (blocked pages, no report stored);
- ``broken``: no report was found or none could be stored — loudly, in the log too;
- ``degraded``: reports were stored but something was lost on the way (list pages
  declared but not fetched, failed requests, pages that failed to parse, blocked pages);
- ``ok``.
"""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.extensions.memusage import MemoryUsage
from scrapy.utils.defer import deferred_from_coro

from gaar_spiders.status import RunStatus


def verdict(counts: dict, failures: dict) -> tuple[RunStatus, str]:
    """(status, reason) from the run's counters.

    Optional counts: ``list_pages_missing`` (declared pages not fetched, per column),
    ``list_records_declared`` / ``list_records_listed`` (what the lists said they hold and
    what their walks listed), ``unreadable_columns`` (the 年报 columns whose lists gave no
    report link: named in the reason).
    """
    found, stored = counts["reports_found"], counts["reports_stored"]
    blocked, failed = counts["blocked_pages"], counts["reports_failed"]
    declared, fetched = counts["list_pages_declared"], counts["list_pages_fetched"]
    unreadable = counts.get("unreadable_columns") or []
    unreadable_words = f"年报 column(s) with no readable report link: {' '.join(unreadable)}" if unreadable else ""
    if blocked and not stored:
        return RunStatus.BLOCKED, f"{blocked} page(s) behind a challenge or login wall and no report stored"
    if found == 0:
        why = "no report link found: the 年报 column was not found or its lists changed"
        return RunStatus.BROKEN, f"{why}; {unreadable_words}" if unreadable else why
    if stored == 0:
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
    if problems:
        return RunStatus.DEGRADED, "; ".join(problems)
    return RunStatus.OK, f"{stored} report(s) stored"


class CrawlHealth:
    def __init__(self, crawler):
        self.crawler = crawler
        self.storage = None
        self.run_id = None

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
        from pipelines.crawler_db import storage_from_crawler

        self.storage = storage_from_crawler(self.crawler)
        # runs that never closed (their crawl was killed) are closed as interrupted, never left running
        for run_id in self.storage.close_interrupted_runs(spider.name, processes.alive):
            spider.logger.warning("GAAR crawl health: run %s never closed; closed now as degraded (interrupted)",
                                  run_id)
        job = getattr(spider, "_job", None)  # scrapyd passes its job id as -a _job=…
        self.run_id = self.storage.start_run(spider.name, run_id=job, process=processes.identity())
        spider.run_id = self.run_id

    def spider_closed(self, spider, reason):
        if self.storage is None:
            return
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
        extra = {
            "list_pages_missing": int(stats.get("gaar/list_pages_missing", 0)),
            "list_records_declared": int(stats.get("gaar/list_records_declared", 0)),
            "list_records_listed": int(stats.get("gaar/list_records_listed", 0)),
            "unreadable_columns": str(stats.get("gaar/list_unreadable_columns", "")).split(),
        }
        status, why = verdict({**counts, **extra}, failures)
        if reason not in ("finished",):
            why = f"crawl ended: {reason}; {why}"
            status = RunStatus.DEGRADED if status == RunStatus.OK else status
        if status == RunStatus.BROKEN:
            spider.logger.error("GAAR crawl health: BROKEN — %s", why)
        else:
            spider.logger.info("GAAR crawl health: %s — %s", status, why)
        keep = {k: v for k, v in stats.items() if isinstance(v, (int, float, str))}
        self.storage.finish_run(self.run_id, status=status, reason=why,
                                stats=json.loads(json.dumps(keep, default=str)), **counts)
        self.storage.close()


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
