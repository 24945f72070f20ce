"""Step 1: provenance and raw store. Every fetched page or attachment is kept,
compressed, with where and how it came, before any later step can fail.
FailureItems (blocked, 404, too large …) are recorded here too, and what makes a
crawl resumable: the links it is about to request (``LinksItem``) and the columns
whose walk it completed (``ColumnWalkItem``), in the order the spider yields them.
Each item's writes join the crawl's open batch (group commits: ``crawler_db.py``), so
a commit never holds a page without the link it was fetched from."""

from __future__ import annotations

from typing import Any

from gaar_spiders.crawl.backoff import Backoff
from gaar_spiders.items import ColumnWalkItem, FailureItem, LinksItem, PageItem

from .storage import Storage
from .storage.crawlstate import BACKOFF_KINDS
from .crawler_db import StorageStep


def store_raw(storage: Storage, item: Any) -> int:
    item.page_id = storage.save_page(item)
    return item.page_id


class RawStorePipeline(StorageStep):
    """Scrapy wrapper of the raw store, on the crawl's database (``GAAR_DB``), one batch item per item."""

    def open_spider(self):
        super().open_spider()
        self.backoff = Backoff.from_settings(self.crawler.settings)

    def process_item(self, item):
        with self.batch.item():
            self._write(item)
        return item

    def _write(self, item) -> None:
        if isinstance(item, PageItem):
            if item.page_id is None:  # a page left unread by an earlier crawl is stored already
                store_raw(self.storage, item)
                self.crawler.stats.inc_value("gaar/pages_stored")
        elif isinstance(item, FailureItem):
            with self.storage.transaction():
                self.storage.save_failure(item)
                if item.kind in BACKOFF_KINDS:
                    self.storage.link_failed(item.spider, item.url, item.kind, item.reason, self.backoff.retry_after)
            self.crawler.stats.inc_value(f"gaar/failures/{item.reason}")
        elif isinstance(item, LinksItem):
            self.storage.save_links(item.spider, item.links, run_id=item.run_id)
        elif isinstance(item, ColumnWalkItem):
            self.storage.save_walk(item.spider, item.url, run_id=item.run_id, list_pages=item.list_pages,
                                   reports_listed=item.reports_listed)
