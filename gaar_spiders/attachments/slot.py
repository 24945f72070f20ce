"""One extraction at a time: the memory a crawl's process tree may take is bounded by ONE child.

Each extraction child may use ``GAAR_EXTRACT_MAX_MEMORY`` (and LibreOffice converting a .doc some
200 MB); two at once would double it. Within a process a lock makes them take turns (threads: the
read step inline, ``GAAR_PARSE_WORKERS = 0``); across a crawl's parse workers, an advisory lock
(``flock``) on a file the crawl makes for the purpose (``Limits.slot``, a private temporary file,
removed at the end of the crawl) does the same.
"""

from __future__ import annotations

import fcntl
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

_in_process = threading.Lock()


@contextmanager
def extraction_slot(lock_file: Optional[str]) -> Iterator[None]:
    """Hold the crawl's one extraction slot while the block runs."""
    with _in_process:
        if not lock_file:
            yield
            return
        with open(lock_file, "ab") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
