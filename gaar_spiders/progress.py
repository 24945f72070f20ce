"""A progress line during a crawl, in GAAR's words: pages fetched, reports stored, failures, rate.

Scrapy's LogStats says "Crawled 1200 pages, scraped 1150 items"; a long crawl of a big
portal wants to know how many reports are in the database so far and whether pages are
failing, without waiting for the end. Every ``GAAR_PROGRESS_INTERVAL`` seconds (settings.py;
0 turns it off), on Scrapy's looping call, one INFO line:

    progress: 1,204 pages fetched (38/min), 311 reports stored, 4 failures, 12 list pages

and a last one when the crawl closes.
"""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)


def figures(stats: dict) -> dict:
    """The counts a progress line shows, from the crawl's stats."""
    return {
        "pages": int(stats.get("response_received_count", 0)),
        "reports": int(stats.get("gaar/reports_stored", 0)),
        "failures": sum(int(v) for k, v in stats.items() if k.startswith("gaar/failed/")),
        "lists": int(stats.get("gaar/list_pages_fetched", 0)),
        "known": int(stats.get("gaar/skipped_known", 0)),
    }


def progress_line(now: dict, pages_per_minute: float, final: bool = False) -> str:
    line = (f"{'done' if final else 'progress'}: {now['pages']:,} pages fetched ({pages_per_minute:,.0f}/min), "
            f"{now['reports']:,} reports stored, {now['failures']:,} failures, {now['lists']:,} list pages")
    return line + (f", {now['known']:,} already stored skipped" if now["known"] else "")


class CrawlProgress:
    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.task = None
        self.started = self.last_time = 0.0
        self.last_pages = 0

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("GAAR_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.started = self.last_time = time.monotonic()
        logger.info("progress every %g s (GAAR_PROGRESS_INTERVAL)", self.interval, extra={"spider": spider})
        self.task = create_looping_call(self.tick, spider)
        self.task.start(self.interval, now=False)

    def tick(self, spider) -> None:
        now = figures(self.crawler.stats.get_stats())
        moment = time.monotonic()
        minutes = max(moment - self.last_time, 1e-9) / 60
        rate = (now["pages"] - self.last_pages) / minutes
        self.last_time, self.last_pages = moment, now["pages"]
        logger.info("%s", progress_line(now, rate), extra={"spider": spider})

    def spider_closed(self, spider, reason):
        if self.task is not None and self.task.running:
            self.task.stop()
        now = figures(self.crawler.stats.get_stats())
        minutes = max(time.monotonic() - self.started, 1e-9) / 60
        logger.info("%s", progress_line(now, now["pages"] / minutes, final=True), extra={"spider": spider})
