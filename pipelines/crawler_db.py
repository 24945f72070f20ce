"""The crawl's database: one writer of ``GAAR_DB`` per process, with its group commits.

The pipeline steps that write (``raw.py``, ``store.py``) and the crawl-health extension share
one ``Storage`` connection and one ``GroupCommit`` (``storage/batches.py``), and so do all the
crawls one process runs on the same file (``gaar demo`` runs five). One connection is what makes
a batch consistent: the writes are made, and committed, in the order the crawl makes them.
(Two connections of one process holding batches on one file would also wait on each other's
write lock in the one thread that could release it.)

The settings (defaults and why: ``gaar_spiders/settings.py``): ``GAAR_DB``,
``GAAR_DB_BUSY_TIMEOUT``, ``GAAR_DB_SYNCHRONOUS``, ``GAAR_COMMIT_REPORTS``, ``GAAR_COMMIT_SECONDS``.
"""

from __future__ import annotations

import atexit
import logging
import os
from typing import Any, ClassVar, Optional

from gaar_spiders import config

from .storage import Storage
from .storage import batches
from .storage.batches import GroupCommit

logger = logging.getLogger(__name__)


def storage_from_settings(settings: Any) -> Storage:
    """``Storage`` on the crawl's ``GAAR_DB``, with its ``GAAR_DB_BUSY_TIMEOUT`` and ``GAAR_DB_SYNCHRONOUS``."""
    return Storage(
        config.setting("GAAR_DB", settings),
        busy_timeout=float(config.setting("GAAR_DB_BUSY_TIMEOUT", settings)),
        synchronous=config.setting("GAAR_DB_SYNCHRONOUS", settings),
    )


class CrawlDatabase:
    """The process's one writer of a GAAR database file: ``storage`` and its ``batch``.

    ``acquire(crawler)`` at a component's open, ``release()`` at its close: a release commits the
    open batch (a clean stop — spider close, Ctrl-C, SIGTERM — never loses it), and the last one
    closes the connection. At exit (a second Ctrl-C stops the reactor without closing anything)
    the open batch is committed too.
    """

    _open: ClassVar[dict[str, "CrawlDatabase"]] = {}

    def __init__(self, path: str, settings: Any):
        from scrapy.utils.asyncio import call_later  # the reactor's (or asyncio loop's) timer

        self.path = path
        self.storage = storage_from_settings(settings)
        self.batch = batches.from_settings(self.storage, settings, schedule=call_later)
        self.users = 0
        atexit.register(self._at_exit)

    @classmethod
    def acquire(cls, crawler) -> "CrawlDatabase":
        path = os.path.abspath(str(config.setting("GAAR_DB", crawler.settings)))
        database = cls._open.get(path)
        if database is None:
            database = cls._open[path] = cls(path, crawler.settings)
        database.users += 1
        return database

    @classmethod
    def current(cls, crawler) -> Optional["CrawlDatabase"]:
        """The open writer of the crawl's ``GAAR_DB``, if a component holds it now."""
        return cls._open.get(os.path.abspath(str(config.setting("GAAR_DB", crawler.settings))))

    def release(self) -> None:
        """This user is done: the open batch is committed; the last user closes the connection."""
        try:
            self.batch.commit()
        finally:
            self.users -= 1
            if self.users <= 0:
                self._close()

    def _close(self) -> None:
        if self._open.get(self.path) is self:
            del self._open[self.path]
        atexit.unregister(self._at_exit)
        try:
            self.batch.close()
        finally:
            self.storage.close()

    def _at_exit(self) -> None:
        try:
            self._close()
        except Exception as exc:  # at exit: one line, never a traceback; the next crawl fetches the rest again
            logger.warning("could not commit the last writes to %s at exit: %s", self.path, exc)


class StorageStep:
    """Base of the pipeline steps that write: the crawl's one connection to ``GAAR_DB``
    (``self.storage``) and its batches (``self.batch``: ``with self.batch.item():`` around an item's writes)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.database: Optional[CrawlDatabase] = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def storage(self) -> Optional[Storage]:
        return self.database.storage if self.database else None

    @property
    def batch(self) -> GroupCommit:
        return self.database.batch

    def open_spider(self):
        self.database = CrawlDatabase.acquire(self.crawler)

    def close_spider(self):
        if self.database is not None:
            self.database.release()
            self.database = None
