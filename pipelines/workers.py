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

Ctrl-C in a terminal signals the whole process group, workers included. A worker
ignores SIGINT: the crawl process decides how to stop (Scrapy closes the crawl and
finishes the pages under way, which still need their worker). A worker killed
anyway (SIGTERM to the group, out of memory) costs only its page, which is then
read inline; nothing it raises may escape into the crawl's event loop.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Optional

_pool: Optional[ProcessPoolExecutor] = None
_size = 0


def _ignore_interrupts() -> None:
    """Each worker's first act: Ctrl-C is for the crawl process, which stops the crawl in order.
    (It was started with SIGINT blocked, ``_interrupts_held``: one that came meanwhile is
    dropped here.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _interrupts_held():
    """A worker may start here (``submit`` starts them): it must not take a Ctrl-C before its
    initializer ignores SIGINT, or it dies half-imported. The signal mask survives ``exec``,
    so SIGINT is blocked in this thread while a worker may start; the worker starts with it
    blocked. The crawl process loses nothing: a Ctrl-C meanwhile waits for this thread, or is
    taken by another thread of the process and handed to Python's handler as usual.
    multiprocessing's resource tracker unblocks SIGINT when it starts, so it is started first."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)


def _get(workers: int) -> ProcessPoolExecutor:
    global _pool, _size
    if _pool is None or _size != workers:
        shutdown()
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_ignore_interrupts)
        _size = workers
    return _pool


def shutdown(wait: bool = True) -> None:
    global _pool, _size
    if _pool is not None:
        _pool.shutdown(wait=wait, cancel_futures=False)
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
        with _interrupts_held():
            future = _get(workers).submit(step, *args, **kwargs)
        return await asyncio.wrap_future(future)
    except (BrokenProcessPool, KeyboardInterrupt, SystemExit):
        # a worker that died, or one interrupted before its handler was in place: never let
        # that end the crawl's event loop (the process would hang at exit); read the page here
        shutdown(wait=False)
        return step(*args, **kwargs)
