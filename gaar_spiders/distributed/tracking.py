"""The extension that tells the node a popped request is done: its page is stored.

A report page or attachment request leaves its node's in-flight hash (``scheduler.py``) when the
item it gave — its ``PageItem``, or the ``FailureItem`` of its errback — has gone through every
item pipeline (``item_scraped``, or ``item_dropped`` / ``item_error``: it was handled, if badly).
Only then, and once the batch holding those writes is committed (``GroupCommit.after_commit``):
a node killed while the page was being read or stored, or before its batch was committed, gives
the request back, and the next holder fetches it again. Off (``NotConfigured``) unless the crawl runs in a node; this module
imports no Redis client at all.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import NotConfigured

from gaar_spiders.items import FailureItem, PageItem


class InFlightDone:
    def __init__(self, crawler, server, key: str):
        self.crawler, self.server, self.key = crawler, server, key

    @classmethod
    def from_crawler(cls, crawler):
        node = crawler.settings.get("GAAR_NODE_ID")
        if not node:
            raise NotConfigured
        from scrapy_redis.connection import get_redis_from_settings

        from .keys import Keys

        ext = cls(crawler, get_redis_from_settings(crawler.settings),
                  Keys(crawler.settings.get("GAAR_REDIS_PREFIX") or "gaar").inflight(node))
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(ext.item_done, signal=signal)
        return ext

    def item_done(self, item, response=None, spider=None, **kwargs):
        if isinstance(item, FailureItem):
            if item.kind not in ("page", "attachment"):
                return  # a bad link on a page, a list walk's failure: not the request's own outcome
        elif not isinstance(item, PageItem):
            return
        request = getattr(response, "request", None)
        ident = request.meta.get("gaar_inflight") if request is not None else None
        if not ident:
            return
        from pipelines.crawler_db import CrawlDatabase

        database = CrawlDatabase.current(self.crawler)
        done = lambda: self._done(ident)  # noqa: E731
        if database is None:  # nothing written (pipelines off): nothing to wait for
            done()
        else:
            database.batch.after_commit(done)

    def _done(self, ident: str) -> None:
        self.server.hdel(self.key, ident)
        self.crawler.stats.inc_value("gaar/distributed/requests_done")
