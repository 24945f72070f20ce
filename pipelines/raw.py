"""Step 1: provenance and raw store. Every fetched page or attachment is kept,
compressed, with where and how it came, before any later step can fail.
FailureItems (blocked, 404, too large …) are recorded here too."""

from __future__ import annotations

from typing import Any

from gaar_spiders.items import FailureItem, PageItem

from .storage import Storage
from .crawler_db import StorageStep


def store_raw(storage: Storage, item: Any) -> int:
    item.page_id = storage.save_page(item)
    return item.page_id


class RawStorePipeline(StorageStep):
    """Opens the database named by the ``GAAR_DB`` setting for the whole crawl."""

    def process_item(self, item):
        if isinstance(item, PageItem):
            store_raw(self.storage, item)
            self.crawler.stats.inc_value("gaar/pages_stored")
        elif isinstance(item, FailureItem):
            self.storage.save_failure(item)
            self.crawler.stats.inc_value(f"gaar/failures/{item.reason}")
        return item
