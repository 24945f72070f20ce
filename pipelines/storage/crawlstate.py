"""Storage for resumable crawls (issue 14): what a crawl left to do, read back by the next one.

The database keeps the crawl's frontier, so a crawl killed at any point is finished by the
next run, whatever was in flight:

- ``links``: every report page and attachment link a crawl found, recorded *before* it is
  requested (a report page's attachment links before the page itself). A link with no page
  read yet is pending: the next run requests it directly, wherever its list page is. Each
  link also counts its failures in a row and the time before which it is not tried again
  (``gaar_spiders.crawl.backoff``);
- ``pages`` with ``parse_status = 'pending'``: stored, not read; the next run reads them
  from the database, without the network;
- ``column_walks``: the 年报 columns whose list walk was completed. An incremental walk
  stops at the first list page with nothing new only in such a column; a column whose walk
  was never completed is walked to its end;
- ``crawl_runs`` still ``running`` whose process is gone are closed as interrupted when the
  next crawl starts.

Two mixins, the reads of :class:`Reader` and the writes of :class:`Storage`, as in ``offices.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional

from gaar_spiders.status import DONE_STATUSES, INTERRUPTED, PageStatus, RunStatus

from . import values as V

#: link kinds that back off after failing (entry and list pages are tried on every run)
BACKOFF_KINDS = ("page", "attachment")


def _in(values) -> str:
    return ", ".join("?" for _ in values)


@dataclass
class Link:
    """A pending link, with what it takes to request it as the crawl that found it would have."""

    url: str
    kind: str  # page | attachment
    source_url: Optional[str] = None  # the list page (a report page) or the report page (an attachment)
    link_text: Optional[str] = None
    list_url: Optional[str] = None  # an attachment's report page's list page
    list_date: Optional[str] = None


@dataclass
class CrawlState:
    """What one spider's earlier crawls left in the database, for the next crawl to go on from."""

    #: URLs read already (an incremental run does not fetch them again)
    known: set[str] = field(default_factory=set)
    #: URLs that failed and wait for their back-off: url -> the ISO time they may be tried again
    waiting: dict[str, str] = field(default_factory=dict)
    #: pages stored but never read: read them from the database
    pending_pages: list[int] = field(default_factory=list)
    #: links found but never read (killed in flight, or their list page is not reached any more)
    pending_links: list[Link] = field(default_factory=list)
    #: column URLs whose list walk was completed
    completed_columns: set[str] = field(default_factory=set)


class CrawlStateReads:
    """Reads for a crawl that goes on where the last one stopped (needs ``conn``)."""

    def known_urls(self, spider: Optional[str] = None) -> set[str]:
        """URLs an incremental run need not fetch again (``gaar_spiders.status.DONE_STATUSES``).

        A report page stored as ``not_report`` by a crawl before schema 8 is not among them: such
        a crawl kept no record of the page's attachment links (``links``), so the page is fetched
        once more and its attachments are found (the PDF/DOCX-only reports)."""
        sql = f"SELECT url FROM pages p WHERE parse_status IN ({_in(DONE_STATUSES)})"
        params: tuple = tuple(s.value for s in DONE_STATUSES)
        if spider:
            sql += " AND spider = ?"
            params += (spider,)
            sql += (" AND NOT (kind = 'page' AND parse_status = ? AND NOT EXISTS "
                    "(SELECT 1 FROM links l WHERE l.spider = p.spider AND l.url = p.url))")
            params += (PageStatus.NOT_REPORT.value,)
        return {row[0] for row in self.conn.execute(sql, params)}

    def crawl_state(self, spider: str, *, now: Optional[str] = None) -> CrawlState:
        """Everything ``spider``'s earlier crawls left to do (see the module's docstring)."""
        now = now or V.utc_now()
        state = CrawlState(known=self.known_urls(spider))
        pending_urls = set()
        for page_id, url in self.conn.execute(
                "SELECT page_id, url FROM pages WHERE spider = ? AND parse_status = ? ORDER BY page_id",
                (spider, PageStatus.PENDING.value)):
            state.pending_pages.append(page_id)
            pending_urls.add(url)
        for url, kind, source, text, list_url, list_date, retry_after in self.conn.execute(
                "SELECT url, kind, source_url, link_text, list_url, list_date, retry_after FROM links "
                "WHERE spider = ? ORDER BY first_seen_at, rowid", (spider,)):
            if url in state.known or url in pending_urls:
                continue
            if retry_after and retry_after > now:
                state.waiting[url] = retry_after
            state.pending_links.append(Link(url, kind, source, text, list_url, list_date))
        state.completed_columns = {url for (url,) in self.conn.execute(
            "SELECT url FROM column_walks WHERE spider = ?", (spider,))}
        return state

    def links_of(self, spider: str) -> list[dict]:
        """Every link ``spider`` found, with its failures (for people and tests)."""
        cur = self.conn.execute("SELECT * FROM links WHERE spider = ? ORDER BY url", (spider,))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur]


class CrawlStateWrites:
    """Writes of a crawl's frontier, walks, back-off and unfinished runs (needs ``conn``, ``transaction``)."""

    def save_links(self, spider: str, links: Iterable[Mapping[str, Any]], *, run_id: Optional[str] = None,
                   seen_at: Optional[str] = None) -> int:
        """Record links a crawl found (before requesting them); a link found again keeps its first
        record and its failures, and is marked seen."""
        now = seen_at or V.utc_now()
        rows = [(spider, link["url"], link.get("kind") or "page", link.get("source_url"), link.get("link_text"),
                 link.get("list_url"), link.get("list_date"), run_id, now, now) for link in links]
        if not rows:
            return 0
        with self.transaction():
            self.conn.executemany(
                """INSERT INTO links (spider, url, kind, source_url, link_text, list_url, list_date, run_id,
                       first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(spider, url) DO UPDATE SET last_seen_at = excluded.last_seen_at""", rows)
        return len(rows)

    def save_walk(self, spider: str, url: str, *, run_id: Optional[str] = None, list_pages: Optional[int] = None,
                  reports_listed: Optional[int] = None) -> None:
        """A column whose list walk was completed (every list page read, or its CMS's end reached)."""
        with self.transaction():
            self.conn.execute(
                """INSERT INTO column_walks (spider, url, run_id, completed_at, list_pages, reports_listed)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(spider, url) DO UPDATE SET run_id = excluded.run_id,
                       completed_at = excluded.completed_at, list_pages = excluded.list_pages,
                       reports_listed = excluded.reports_listed""",
                (spider, url, run_id, V.utc_now(), list_pages, reports_listed))

    def link_failed(self, spider: str, url: str, kind: str, reason: str, retry_after: Callable[[int], str]) -> int:
        """One more failure in a row of a report page or attachment link; ``retry_after(n)`` gives the
        time before which the link is not tried again after its n-th. Returns n."""
        now = V.utc_now()
        with self.transaction():
            self.conn.execute(
                """INSERT INTO links (spider, url, kind, first_seen_at, last_seen_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT(spider, url) DO NOTHING""",
                (spider, url, kind if kind in BACKOFF_KINDS else "page", now, now))
            (failures,) = self.conn.execute(
                "UPDATE links SET failures = failures + 1, last_reason = ?, last_failed_at = ? "
                "WHERE spider = ? AND url = ? RETURNING failures", (reason[:200], now, spider, url)).fetchone()
            self.conn.execute("UPDATE links SET retry_after = ? WHERE spider = ? AND url = ?",
                              (retry_after(failures), spider, url))
        return failures

    def link_succeeded(self, spider: str, url: str) -> None:
        """A link that was read: its failures are forgotten."""
        with self.transaction():
            self.conn.execute(
                "UPDATE links SET failures = 0, last_reason = NULL, last_failed_at = NULL, retry_after = NULL "
                "WHERE spider = ? AND url = ? AND failures > 0", (spider, url))

    def drop_older_failed_bodies(self, page_id: int) -> int:
        """Keep one body per failing URL: the bodies of ``page_id``'s URL that failed before it go
        (the newest failing body stays, with its reason; bodies that gave a report are history and
        stay). A page that fails with new bytes on every fetch then never grows the database."""
        with self.transaction():
            return self.conn.execute(
                """DELETE FROM pages WHERE page_id != ? AND parse_status = ? AND report_id IS NULL
                       AND url = (SELECT url FROM pages WHERE page_id = ?)
                       AND spider = (SELECT spider FROM pages WHERE page_id = ?)""",
                (page_id, PageStatus.FAILED.value, page_id, page_id)).rowcount

    def close_interrupted_runs(self, spider: str, alive: Callable[[str], Optional[bool]]) -> list[str]:
        """Close the runs still ``running`` whose crawl is gone: ``degraded``, reason ``interrupted: …``.

        ``alive(process)`` says whether the process recorded with a run still runs (None: it cannot
        tell, e.g. another host). A run with no process recorded (a crawl before schema 8, a run
        named by a page alone) is closed when a crawl of the same spider starts."""
        closed = []
        with self.transaction():
            for run_id, run_spider, process in self.conn.execute(
                    "SELECT run_id, spider, process FROM crawl_runs WHERE status = ?",
                    (RunStatus.RUNNING.value,)).fetchall():
                if process:
                    if alive(process) is not False:
                        continue
                    why = f"{INTERRUPTED}: the crawl process ({process}) ended without closing its run"
                elif run_spider == spider:
                    why = f"{INTERRUPTED}: the run never closed (no process recorded); closed when {spider} started again"
                else:
                    continue
                self.conn.execute(
                    "UPDATE crawl_runs SET status = ?, reason = ?, finished_at = coalesce(finished_at, ?) "
                    "WHERE run_id = ? AND status = ?",
                    (RunStatus.DEGRADED.value, why, V.utc_now(), run_id, RunStatus.RUNNING.value))
                closed.append(run_id)
        return closed
