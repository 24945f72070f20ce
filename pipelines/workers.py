"""CPU-bound pipeline steps (chrome stripping, parsing) in a worker process.

A crawl process is one Python thread: parsing a report there (a few ms)
stops the downloads meanwhile. With ``GAAR_PARSE_WORKERS = N`` (default 1)
the chrome and parse steps run in N worker processes on another core while
the crawl goes on; the raw store before them and the store after them stay in
the crawl process, so bytes are kept before anything can fail and SQLite has
one writer per crawl. ``GAAR_PARSE_WORKERS = 0`` runs every step inline.

The workers are spawned (not forked: the crawl process has threads), so they
import GAAR the way the crawl did (its ``sys.path`` goes with them, eggs too).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Optional

_pool: Optional[ProcessPoolExecutor] = None
_size = 0


def _get(workers: int) -> ProcessPoolExecutor:
    global _pool, _size
    if _pool is None or _size != workers:
        shutdown()
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        _size = workers
    return _pool


def shutdown() -> None:
    global _pool, _size
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=False)
    _pool, _size = None, 0


async def run_step(step: Callable[[Any], Any], item: Any, workers: int) -> Any:
    """``step(item)`` in a worker (returns the worker's updated copy), or inline when workers == 0.

    A worker that dies (out of memory, killed) costs only that item's step: it
    is run again inline, so the item still ends with a status and a reason.
    """
    if workers <= 0:
        return step(item)
    try:
        future = _get(workers).submit(step, item)
        return await asyncio.wrap_future(future)
    except BrokenProcessPool:
        shutdown()
        return step(item)


class WorkerStep:
    """Base of a Scrapy pipeline whose step may run in the worker processes."""

    step: Callable[[Any], Any]

    def __init__(self, crawler):
        self.workers = crawler.settings.getint("GAAR_PARSE_WORKERS", 1)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close_spider(self):
        shutdown()

    @staticmethod
    def applies(item) -> bool:
        return hasattr(item, "body") and hasattr(item, "kind")

    async def process_item(self, item):
        if not self.applies(item):
            return item
        return await run_step(type(self).step, item, self.workers)
