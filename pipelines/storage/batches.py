"""Group commits: a writer's items go into one transaction per batch, bounded by a number of
reports and a time, whichever comes first, and always at close.

A commit per write made every page of a crawl cost several WAL commits (the raw page, its
reading, its office's cross-year checks, its link; each one also updates the trigram index
through the triggers) while readers gain nothing from seeing a page a second earlier. So a
writer opens a transaction (``BEGIN IMMEDIATE``) at its first item after a commit, every write
after that joins it (``Storage.transaction`` nests as a SAVEPOINT: a write that fails leaves
nothing of itself, the rest of the batch stands), and the batch is committed when it holds
``reports`` reports or has been open ``seconds`` seconds, and whenever the writer closes.

Why a crash stays consistent: one connection and one thread write, in the order the items
come, and a batch is committed only between two items (never inside one). So every commit is
a prefix of what was written: a link is committed before or with the page fetched from it, a
column walk is recorded complete no earlier than the links of its pages, a report never
without its cells and checks. A crash (SIGKILL, a power cut) loses the open batch at most;
the crawl's frontier (``crawlstate.py``) makes the next incremental crawl fetch those pages
again. A reader (``gaar stats``, Datasette, WAL) sees committed batches only.

What is done *because* writes were stored — a distributed node telling Redis a request is
finished (``gaar_spiders/distributed/tracking.py``) — waits for the commit: ``after_commit``.
Said earlier, a crash would lose the batch and the acknowledgement would lose the request.

``seconds`` = 0 turns grouping off: every write is its own transaction, as before group commits.
``reports`` = 1 commits after every item that stored a report.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

logger = logging.getLogger(__name__)

#: ``schedule(delay, function)``: call ``function`` once after ``delay`` seconds; returns a handle
#: with ``cancel()`` (Scrapy's ``scrapy.utils.asyncio.call_later`` in a crawl)
Schedule = Callable[[float, Callable[[], None]], Any]


class GroupCommit:
    """The batches of one ``Storage``'s writes (see the module's docstring).

    ``schedule`` lets the time bound hold when no item arrives (a crawl waiting on slow
    portals): the batch is committed ``seconds`` after it opened, by a timer. Without it (a
    loop that writes without pause: ``gaar reparse``) the bound is checked after each item."""

    def __init__(self, storage: Any, *, reports: int = 50, seconds: float = 1.0,
                 schedule: Optional[Schedule] = None, clock: Callable[[], float] = time.monotonic):
        self.storage = storage
        self.max_reports = max(1, int(reports))
        self.max_seconds = max(0.0, float(seconds))
        self.schedule = schedule
        self.clock = clock
        #: when the open batch began (``clock()``), None when no batch is open
        self.opened_at: Optional[float] = None
        self.reports = 0
        self.items = 0
        #: batches committed so far
        self.commits = 0
        self._timer: Any = None
        #: what waits for the open batch to be committed (``after_commit``)
        self._after: list[Callable[[], None]] = []

    @property
    def grouping(self) -> bool:
        return self.max_seconds > 0

    @property
    def open(self) -> bool:
        return self.opened_at is not None

    @contextmanager
    def item(self) -> Iterator[Any]:
        """Around the writes of one item: they join the open batch (one opens if none is), and
        after them the batch is committed if it reached a bound."""
        if self.grouping and not self.open and not self.storage.conn.in_transaction:
            self._begin()  # (inside a transaction of the caller's, the writes are part of it instead)
        try:
            yield self.storage
        finally:
            if self.open:
                self.items += 1
                if self.due():
                    self.commit()

    def add_reports(self, n: int = 1) -> None:
        """The item being written stored ``n`` report(s) (the batch's report bound counts them)."""
        if self.open:
            self.reports += n

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once everything written so far is committed: at once when no batch is
        open, else right after the open batch commits. A crash before that loses the batch and
        the callback both, so what the callback acknowledges is still owed."""
        if self.open:
            self._after.append(callback)
        else:
            callback()

    def due(self) -> bool:
        return self.open and (self.reports >= self.max_reports or self.clock() - self.opened_at >= self.max_seconds)

    def commit(self) -> None:
        """Commit the open batch now (at a bound, at close, at exit); nothing when none is open."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self.open:
            return
        conn = self.storage.conn
        if conn.in_transaction:
            conn.execute("COMMIT")
        self.commits += 1
        logger.debug("committed a batch: %d report(s) in %d item(s), open %.2f s", self.reports, self.items,
                     self.clock() - self.opened_at)
        self.opened_at, self.reports, self.items = None, 0, 0
        waiting, self._after = self._after, []
        for callback in waiting:
            try:
                callback()
            except Exception as exc:  # one waiting call failing must not stop the others, nor the crawl
                logger.error("after a commit: %s", exc)

    def close(self) -> None:
        self.commit()

    # --- inside -----------------------------------------------------------------------------

    def _begin(self) -> None:
        self.storage.conn.execute("BEGIN IMMEDIATE")  # the write lock up front, as every GAAR write takes it
        self.opened_at = self.clock()
        if self.schedule is not None:
            self._timer = self.schedule(self.max_seconds, self._on_timer)

    def _on_timer(self) -> None:
        """The time bound, with no item arriving: commit the batch (a failure is logged, and the
        batch is committed at the next bound or at close)."""
        self._timer = None
        try:
            self.commit()
        except Exception as exc:
            logger.error("could not commit a batch of writes: %s (tried again at the next bound or at close)", exc)


def bounds(settings: Any = None) -> tuple[int, float]:
    """(``GAAR_COMMIT_REPORTS``, ``GAAR_COMMIT_SECONDS``) from a crawl's Scrapy ``settings``, or (``gaar parse
    --db``, ``gaar reparse``) the environment and the defaults; ValueError saying what to write."""
    from gaar_spiders import config

    given_reports = config.setting("GAAR_COMMIT_REPORTS", settings)
    given_seconds = config.setting("GAAR_COMMIT_SECONDS", settings)
    try:
        reports = int(given_reports)
        assert reports >= 1
    except (TypeError, ValueError, AssertionError):
        raise ValueError(f"GAAR_COMMIT_REPORTS takes a whole number of reports, 1 or more (default 50), "
                         f"not {given_reports!r}") from None
    try:
        seconds = float(given_seconds)
        assert 0 <= seconds < float("inf")
    except (TypeError, ValueError, AssertionError):
        raise ValueError(f"GAAR_COMMIT_SECONDS takes seconds, 0 (no batches) or more (default 1.0), "
                         f"not {given_seconds!r}") from None
    return reports, seconds


def settings_problem(settings: Any = None) -> Optional[str]:
    """Why the group-commit settings cannot work, or None (checked before a crawl or a command starts)."""
    try:
        bounds(settings)
    except ValueError as exc:
        return str(exc)
    return None


def from_settings(storage: Any, settings: Any = None, *, schedule: Optional[Schedule] = None) -> GroupCommit:
    """``GroupCommit`` of ``storage`` with the bounds of :func:`bounds`."""
    reports, seconds = bounds(settings)
    return GroupCommit(storage, reports=reports, seconds=seconds, schedule=schedule)
