"""Files read in several processes (``gaar parse FILE... --workers N``), in argument order.

Reading a report is a few ms of CPU in one Python thread; a folder of files is read on every
core the user has. The processes are forked from ``gaar parse`` once the parser is imported
(``gaar parse`` has no threads, so a fork is safe and starts at once), ignore Ctrl-C (the
command stops them), and send back each file's ``Outcome`` (pickled, as a crawl's parse
workers do) or the OSError that kept it from being opened. Extractions of PDF and Word files
take turns across the processes (one lock file, ``gaar_spiders/attachments/slot.py``), so the
memory bound of one extraction at a time holds here as in a crawl.
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import signal
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

_read: Callable[[Path], Any] = None  # the read step, in each worker


def _start(read: Callable[..., Any], slot: str) -> None:
    global _read
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from gaar_spiders.attachments.limits import Limits

    limits = dataclasses.replace(Limits.from_settings(), slot=slot)
    _read = functools.partial(read, limits=limits)


def _one(path: Path) -> tuple[Path, Any]:
    try:
        return path, _read(path)
    except OSError as exc:
        return path, exc


def chunk_size(files: int, workers: int) -> int:
    """Files handed to a worker at a time: a few per message (each message costs the command a
    wake-up and a pickle), never so many that a worker waits at the end while another still reads."""
    return max(1, min(16, files // (workers * 4)))


def read_in_processes(files: list[Path], read: Callable[..., Any], workers: int) -> Iterator[tuple[Path, Any]]:
    """``(path, read(path, limits=…) or its OSError)`` for each file, in order, read by ``workers``
    processes (``read`` takes the attachment ``Limits`` that share the extraction slot)."""
    handle, slot = tempfile.mkstemp(prefix="gaar-parse-slot-")
    os.close(handle)
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(min(workers, len(files)), initializer=_start, initargs=(read, slot)) as pool:
            yield from pool.imap(_one, files, chunksize=chunk_size(len(files), workers))
    finally:
        os.unlink(slot)
