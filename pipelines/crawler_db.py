"""The storage settings as the pipelines read them (defaults in gaar_spiders/settings.py)."""

from __future__ import annotations

from . import db as schema
from .storage import Storage

DEFAULT_DB = "gaar.db"


def storage_from_crawler(crawler) -> Storage:
    settings = crawler.settings
    return Storage(
        settings.get("GAAR_DB") or DEFAULT_DB,
        busy_timeout=settings.getfloat("GAAR_DB_BUSY_TIMEOUT", schema.DEFAULT_BUSY_TIMEOUT),
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
