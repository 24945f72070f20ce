"""The storage settings as a crawl reads them (defaults and why: gaar_spiders/settings.py)."""

from __future__ import annotations

from gaar_spiders import config

from .storage import Storage


def storage_from_crawler(crawler) -> Storage:
    """``Storage`` on the crawl's ``GAAR_DB``, with its ``GAAR_DB_BUSY_TIMEOUT`` and ``GAAR_DB_SYNCHRONOUS``."""
    settings = crawler.settings
    return Storage(
        config.setting("GAAR_DB", settings),
        busy_timeout=float(config.setting("GAAR_DB_BUSY_TIMEOUT", settings)),
        synchronous=config.setting("GAAR_DB_SYNCHRONOUS", settings),
    )


class StorageStep:
    """Base of the pipeline steps that write: one connection to ``GAAR_DB`` for the whole crawl."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.storage: Storage | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.storage = storage_from_crawler(self.crawler)

    def close_spider(self):
        if self.storage is not None:
            self.storage.close()
            self.storage = None
