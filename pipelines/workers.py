"""The CPU-bound pipeline step (reading a page: decoding, chrome, parsing) in worker processes.

A crawl process is one Python thread: parsing a report there (a few ms)
stops the downloads meanwhile. With ``GAAR_PARSE_WORKERS = N`` (default: the
cores the crawl may use) the read step runs in N worker processes while the crawl goes
on, one trip per page: the page's bytes and headers go out, its ``Outcome``
comes back. The raw store before it and the store after it stay in the crawl
process, so bytes are kept before anything can fail and SQLite has one writer
per crawl. ``GAAR_PARSE_WORKERS = 0`` reads inline.

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


async def run_step(step: Callable[..., Any], args: tuple, kwargs: dict, workers: int) -> Any:
    """``step(*args, **kwargs)`` in a worker process (its result comes back pickled), or inline
    when ``workers`` is 0.

    A worker that dies (out of memory, killed) costs only that call: it is run
    again inline, so the page still ends with a status and a reason.
    """
    if workers <= 0:
        return step(*args, **kwargs)
    try:
        future = _get(workers).submit(step, *args, **kwargs)
        return await asyncio.wrap_future(future)
    except BrokenProcessPool:
        shutdown()
        return step(*args, **kwargs)
