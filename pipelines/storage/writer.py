"""The write half of storage: every row GAAR writes, each write one transaction.

``Storage(path)`` creates the file or upgrades an older one (a file from a
newer GAAR raises :class:`pipelines.db.SchemaTooNew`), and can read
everything ``Reader`` can. Every piece of text from a page reaches SQLite as a
bound parameter.

Writes nest: ``with storage.transaction():`` around several writes makes
them one transaction (each write opens its own only when none is open, and is a
savepoint inside one), so a caller can group many pages into one commit: a crawl
does, in batches (``GroupCommit``, ``storage/batches.py``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping, Optional

from itemadapter import ItemAdapter

from gaar_spiders.report.normalize import label_key
from gaar_spiders.status import PageStatus, RunStatus

from .. import db as schema
from ..version import parser_version
from . import values as V
from .crawlstate import CrawlStateWrites
from .offices import OfficeWrites
from .reader import Reader

logger = logging.getLogger(__name__)

#: the counters ``finish_run`` accepts, as columns of ``crawl_runs``
RUN_COUNTERS = (
    "list_pages_declared",
    "list_pages_fetched",
    "reports_found",
    "reports_stored",
    "reports_failed",
    "blocked_pages",
)


def _filled(report: Any) -> int:
    return sum(1 for c in report.cells if c.value is not None or c.raw)


def _same_office(a: Optional[str], b: Optional[str]) -> bool:
    if not a or not b:
        return True
    ka, kb = label_key(a), label_key(b)
    return ka == kb or ka in kb or kb in ka  # 区民政局 / 某某区民政局


class Storage(Reader, OfficeWrites, CrawlStateWrites):
    """One read-write connection to one GAAR database file. Open it, write through it, close it."""

    readonly = False

    def __init__(self, path: str, *, busy_timeout: float = schema.DEFAULT_BUSY_TIMEOUT,
                 synchronous: Optional[str] = None):
        self.path = str(path)
        self.db = schema.connect(self.path, busy_timeout=busy_timeout, synchronous=synchronous)
        try:
            self.found_version = schema.ensure_schema(self.db, self.path)
        except BaseException:
            self.db.close()
            raise
        self.parser_version = parser_version()
        #: reports the last ``save_reading`` superseded (their offices' cross-year checks run again)
        self.superseded: list[str] = []

    @contextmanager
    def transaction(self) -> Iterator["Storage"]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``); inside another, part of it.

        Inside an open transaction (an outer write, or a batch of group commits:
        ``storage/batches.py``) the write is a SAVEPOINT (sqlite-utils' ``atomic``): it joins the
        transaction, and if it fails it leaves nothing of itself while the rest stands, as a
        write that failed in a transaction of its own would. One code path for every write,
        batched or not."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        with schema.write_transaction(self.db):
            yield self

    # --- crawl runs --------------------------------------------------------------

    def start_run(self, spider: str, *, run_id: Optional[str] = None, started_at: Optional[str] = None,
                  process: Optional[str] = None) -> str:
        """Open a ``crawl_runs`` row (status 'running'); returns its id (scrapyd's job id if given).
        ``process`` (``host:pid:start``) lets the next crawl tell whether this one is still running."""
        run_id = run_id or f"{spider}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        with self.transaction():
            self.conn.execute(
                "INSERT INTO crawl_runs (run_id, spider, started_at, status, process) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(run_id) DO UPDATE SET status = excluded.status, finished_at = NULL, "
                "process = excluded.process",
                (run_id, spider, started_at or V.utc_now(), RunStatus.RUNNING.value, process),
            )
        return run_id

    def finish_run(
        self,
        run_id: str,
        *,
        status: str,
        reason: Optional[str] = None,
        finished_at: Optional[str] = None,
        stats: Optional[Mapping[str, Any]] = None,
        **counts: Optional[int],
    ) -> None:
        """Close a run with its health (ok|degraded|broken|blocked), reason and counters."""
        if status not in RunStatus.values():
            raise ValueError(f"crawl run status must be one of {RunStatus.values()}, got {status!r}")
        unknown = set(counts) - set(RUN_COUNTERS)
        if unknown:
            raise ValueError(f"unknown crawl run counters {sorted(unknown)}; known: {RUN_COUNTERS}")
        assignments = ", ".join(f"{name} = ?" for name in counts)
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE crawl_runs SET status = ?, reason = ?, finished_at = ?, stats_json = ?"
                + (", " + assignments if assignments else "")
                + " WHERE run_id = ?",
                (str(status), reason, finished_at or V.utc_now(), V.as_json(stats) if stats is not None else None,
                 *counts.values(), run_id),
            )
            if cur.rowcount == 0:
                raise KeyError(f"no crawl run {run_id!r}; call start_run first")

    def _ensure_run(self, run_id: Optional[str], spider: str, started_at: str) -> None:
        if run_id:
            self.conn.execute(
                "INSERT OR IGNORE INTO crawl_runs (run_id, spider, started_at, status) VALUES (?, ?, ?, ?)",
                (run_id, spider, started_at, RunStatus.RUNNING.value),
            )

    # --- raw pages -----------------------------------------------------------------

    def save_page(self, item: Any) -> int:
        """Keep a fetched page or attachment exactly as it came; returns its ``page_id``.

        ``item`` is a PageItem or a mapping with its fields. The same url with
        the same bytes is one row (``times_fetched`` counts the fetches).
        """
        a = ItemAdapter(item) if not isinstance(item, Mapping) else item
        body = bytes(a.get("body") or b"")
        url, spider = a.get("url"), a.get("spider")
        if not url or not spider:
            raise ValueError("save_page needs url and spider")
        kind = a.get("kind") or "page"
        headers = {str(k).lower(): str(v) for k, v in (a.get("headers") or {}).items()}
        fetched_at = a.get("fetched_at") or V.utc_now()
        sha = hashlib.sha256(body).hexdigest()
        run_id = a.get("run_id")
        with self.transaction():
            self._ensure_run(run_id, spider, fetched_at)
            page_id = self.conn.execute(
                """INSERT INTO pages (url, final_url, http_status, kind, spider, run_id, fetched_at,
                       last_fetched_at, headers_json, content_type, encoding, sha256, size, body_gzip,
                       source_url, link_text, hints_json)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url, sha256) DO UPDATE SET
                       last_fetched_at = excluded.last_fetched_at,
                       times_fetched = times_fetched + 1
                   RETURNING page_id""",
                (
                    url, a.get("final_url"), a.get("status"), kind, spider, run_id, fetched_at, fetched_at,
                    V.as_json(headers), headers.get("content-type"), a.get("encoding"), sha, len(body),
                    gzip.compress(body, mtime=0), a.get("source_url"), a.get("link_text"), V.as_json(a.get("hints")),
                ),
            ).fetchone()[0]
            if kind == "attachment":
                self.conn.execute(
                    """INSERT OR IGNORE INTO attachments
                       (page_id, url, source_url, filename, content_type, size, link_text)
                       VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (page_id, url, a.get("source_url"), V.attachment_filename(url, headers),
                     headers.get("content-type"), len(body), a.get("link_text")),
                )
        return page_id

    # --- what reading a page made of it ----------------------------------------------

    def save_reading(self, item: Any) -> Optional[str]:
        """Record what the read step made of a stored page, in ONE transaction; the report_id or None.

        ``item`` (a PageItem, or a StoredPage being re-read) has ``page_id``, ``url``,
        ``kind``, ``source_url``, ``hints`` and the read step's ``parse_status``,
        ``parse_error``, ``report``, ``chrome_method``, ``page_meta``. A parsed report
        is written with all its rows; an attachment that carries the same report as
        the page linking it (same year, same office where both name one) becomes a
        source of that report, whose tables come from whichever has more of them.
        A report that cannot be stored (say, a value SQLite refuses) leaves the page
        failed with the reason, and the item says so too.
        """
        self.superseded = []
        with self.transaction():
            if item.parse_status == PageStatus.PARSED and item.report is not None:
                try:
                    with self.db.atomic():  # a savepoint: a report that fails to store leaves nothing
                        return self._store_report_of(item)
                except Exception as exc:
                    logger.exception("could not store the report of %s", item.url)
                    item.parse_status = PageStatus.FAILED
                    item.parse_error = f"store: {type(exc).__name__}: {exc}"[:500]
            self._mark_page(item.page_id, item.parse_status or PageStatus.FAILED, item.parse_error,
                            chrome_method=item.chrome_method, page_meta=item.page_meta or None)
        return None

    def _store_report_of(self, item: Any) -> str:
        report = item.report
        if item.kind == "attachment" and item.source_url:
            found = self.source_page_report(item.source_url)
            if found is not None:
                page_report_id, year, organ, page_filled = found
                same = report.year is not None and year is not None and report.year == year \
                    and _same_office(report.organ, organ)
                if same and _filled(report) > page_filled:
                    new_id = self._write_report(report, item.page_id, item.hints, url=item.url)
                    self._move_sources(page_report_id, new_id)
                    return new_id
                if same:
                    self._add_source(page_report_id, item.page_id, item.url)
                    return page_report_id
        report_id = self._write_report(report, item.page_id, item.hints, url=item.url,
                                       chrome_method=item.chrome_method, page_meta=item.page_meta)
        if item.kind == "attachment" and item.source_url:
            self._credit_source_page(item.source_url, report_id, item.url)
        return report_id

    def _credit_source_page(self, source_url: str, report_id: str, attachment_url: str) -> None:
        """The page that links an attachment whose report was just stored, when reading the page
        itself gave no report (it only links or cites it): ``via_attachment``, not a failure."""
        self.conn.execute(
            "UPDATE pages SET parse_status = ?, parse_reason = ?, report_id = ? "
            "WHERE (url = ? OR final_url = ?) AND kind = 'page' AND parse_status = ?",
            (PageStatus.VIA_ATTACHMENT.value, f"its report was read from its attachment {attachment_url}",
             report_id, source_url, source_url, PageStatus.NOT_REPORT.value),
        )

    def mark_page(self, page_id: int, status: str, reason: Optional[str] = None, *,
                  chrome_method: Optional[str] = None, page_meta: Optional[Mapping[str, Any]] = None) -> None:
        """Record that a page did not become a report, and why (never drop it silently)."""
        with self.transaction():
            self._mark_page(page_id, status, reason, chrome_method=chrome_method, page_meta=page_meta)

    def _mark_page(self, page_id: int, status: str, reason: Optional[str], *,
                   chrome_method: Optional[str], page_meta: Optional[Mapping[str, Any]]) -> None:
        # failed / not_report / unsupported / needs_ocr; anything else is kept as failed, named in the reason
        if status not in PageStatus.values() or status in (PageStatus.PARSED, PageStatus.VIA_ATTACHMENT):
            reason = f"{status}: {reason}" if reason else str(status)
            status = PageStatus.FAILED
        report_id = None
        if status == PageStatus.NOT_REPORT:  # its attachment may have been read first
            found = self.attachment_report(page_id)
            if found is not None:
                report_id, attachment_url = found
                status, reason = PageStatus.VIA_ATTACHMENT, f"its report was read from its attachment {attachment_url}"
        self.conn.execute(
            """UPDATE pages SET parse_status = ?, parse_reason = ?, parsed_at = ?, report_id = ?,
                   chrome_method = coalesce(?, chrome_method),
                   page_meta_json = coalesce(?, page_meta_json)
               WHERE page_id = ?""",
            (str(status), reason, V.utc_now(), report_id, chrome_method,
             V.as_json(page_meta) if page_meta else None, page_id),
        )
        self.conn.execute("UPDATE attachments SET report_id = NULL WHERE page_id = ?", (page_id,))

    # --- reports -------------------------------------------------------------------

    def save_report(
        self,
        report: Any,
        page_id: Optional[int] = None,
        hints: Optional[Mapping[str, Any]] = None,
        *,
        url: Optional[str] = None,
        chrome_method: Optional[str] = None,
        page_meta: Optional[Mapping[str, Any]] = None,
    ) -> str:
        """Upsert a parsed Report with all its cells, sections and checks, in ONE transaction.

        The report row is keyed by ``report.report_id`` (a fingerprint of the
        body), so the same body parsed again, or found at another URL, stays one
        report; every URL it was found at is kept in ``report_urls``. Organ and
        region from the spider's ``hints`` fill in where the parser found none
        (``organ_source``/``region_source`` say which). Returns the report_id.
        """
        with self.transaction():
            return self._write_report(report, page_id, hints, url=url, chrome_method=chrome_method,
                                      page_meta=page_meta)

    def _write_report(self, report: Any, page_id: Optional[int], hints: Optional[Mapping[str, Any]], *,
                      url: Optional[str] = None, chrome_method: Optional[str] = None,
                      page_meta: Optional[Mapping[str, Any]] = None) -> str:
        body_text = getattr(report, "body_text", None)
        if not isinstance(body_text, str) or not body_text.strip():
            raise ValueError("a report needs body text to be stored (store the page as failed instead)")
        hints = dict(hints or {})
        report_id = report.report_id
        now = V.utc_now()
        warnings = list(report.warnings or [])
        published_on = V.iso_date(report.published_on, "published_on", warnings)
        signed_on = V.iso_date(report.signed_on, "signed_on", warnings)
        year = V.year(report.year, warnings)
        organ, organ_source = V.with_source(report.organ, hints.get("organ"))
        region, region_source = V.with_source(report.region, hints.get("region"))
        cells = V.unique_cells(report.cells, warnings)
        checks = list(report.checks or [])
        sections = list(report.sections or [])

        page_url, spider = None, hints.get("spider")
        if page_id is not None:
            found = self.conn.execute("SELECT url, spider FROM pages WHERE page_id = ?", (page_id,)).fetchone()
            if found is None:
                raise KeyError(f"no page {page_id}")
            page_url, spider = found
        url = url or page_url or report.url
        self.conn.execute(
            """INSERT INTO reports (report_id, url, title, organ, region, year, template, published_on,
                   signed_on, body_text, layout, warnings, organ_source, region_source, portal,
                   division_code, spider, hints_json, page_id, n_cells, n_sections, n_checks,
                   n_checks_failed, parser_version, parsed_at, first_stored_at,
                   organ_short, level, template_source, organ_key, division_source, division_reason)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                       ?, ?, ?)
               ON CONFLICT(report_id) DO UPDATE SET
                   url = coalesce(reports.url, excluded.url),
                   title = excluded.title, organ = excluded.organ, region = excluded.region,
                   year = excluded.year, template = excluded.template,
                   published_on = excluded.published_on, signed_on = excluded.signed_on,
                   body_text = excluded.body_text, layout = excluded.layout, warnings = excluded.warnings,
                   organ_source = excluded.organ_source, region_source = excluded.region_source,
                   portal = coalesce(excluded.portal, reports.portal),
                   division_code = excluded.division_code, organ_key = excluded.organ_key,
                   division_source = excluded.division_source, division_reason = excluded.division_reason,
                   spider = coalesce(excluded.spider, reports.spider),
                   hints_json = excluded.hints_json,
                   page_id = coalesce(excluded.page_id, reports.page_id),
                   n_cells = excluded.n_cells, n_sections = excluded.n_sections,
                   n_checks = excluded.n_checks, n_checks_failed = excluded.n_checks_failed,
                   parser_version = excluded.parser_version, parsed_at = excluded.parsed_at,
                   organ_short = excluded.organ_short, level = excluded.level,
                   template_source = excluded.template_source""",
            (
                report_id, url, report.title, organ, region, year, report.template, published_on, signed_on,
                body_text, report.layout, json.dumps(warnings, ensure_ascii=False), organ_source,
                region_source, hints.get("portal"), V.division_code(report, hints), spider, V.as_json(hints),
                page_id, len(cells), len(sections), len(checks),
                sum(1 for c in checks if c.ok is False), self.parser_version, now, now,
                *V.office_fields(report, organ_source), *V.identity(report),
            ),
        )
        for table in ("cells", "sections", "checks"):
            self.conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (report_id,))
        self.conn.executemany(
            'INSERT INTO cells (report_id, "table", row, col, value, raw, recovered, candidates) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(report_id, c.table, c.row, c.col, V.number(c.value), c.raw or "",
              int(bool(getattr(c, "recovered", False))), V.candidates(getattr(c, "candidates", None)))
             for c in cells],
        )
        self.conn.executemany(
            "INSERT INTO sections (report_id, position, key, heading, text) VALUES (?, ?, ?, ?, ?)",
            [(report_id, i, s.key, s.heading or "", s.text or "") for i, s in enumerate(sections)],
        )
        self.conn.executemany(
            'INSERT INTO checks (report_id, position, "check", ok, detail) VALUES (?, ?, ?, ?, ?)',
            [(report_id, i, c.check, None if c.ok is None else int(bool(c.ok)), c.detail or "")
             for i, c in enumerate(checks)],
        )
        if url:
            self.conn.execute(
                """INSERT INTO report_urls (report_id, url, page_id, first_seen_at, last_seen_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(report_id, url) DO UPDATE SET
                       last_seen_at = excluded.last_seen_at,
                       page_id = coalesce(excluded.page_id, report_urls.page_id)""",
                (report_id, url, page_id, now, now),
            )
        if page_id is not None:
            self.conn.execute(
                """UPDATE pages SET parse_status = ?, parse_reason = NULL, parsed_at = ?,
                       report_id = ?, chrome_method = coalesce(?, chrome_method),
                       page_meta_json = coalesce(?, page_meta_json)
                   WHERE page_id = ?""",
                (PageStatus.PARSED.value, now, report_id, chrome_method,
                 V.as_json(page_meta) if page_meta else None, page_id),
            )
            self.conn.execute("UPDATE attachments SET report_id = ? WHERE page_id = ?", (report_id, page_id))
        if url:
            self._settle_current(url)
        return report_id

    # --- a corrected page supersedes its earlier report ---------------------------------

    def _current_report_of(self, url: str) -> Optional[str]:
        """The report ``url`` gives now: the one its latest fetched body that was read as a report gave
        (a body that fails later does not take the report away)."""
        row = self.conn.execute(
            "SELECT report_id FROM pages WHERE url = ? AND parse_status = ? AND report_id IS NOT NULL "
            "ORDER BY last_fetched_at DESC, page_id DESC LIMIT 1", (url, PageStatus.PARSED.value)).fetchone()
        return row[0] if row else None

    def _settle_current(self, url: str) -> list[str]:
        """After ``url`` was read: its current report is live, and every other report it gave before is
        superseded by it (``superseded_by``; the row, its cells and checks stay as history) unless
        another URL still gives that report. Returns the reports superseded now."""
        current = self._current_report_of(url)
        if current is None:
            return []
        now = V.utc_now()
        self.conn.execute("UPDATE reports SET superseded_by = NULL, superseded_at = NULL "
                          "WHERE report_id = ? AND superseded_by IS NOT NULL", (current,))
        superseded = []
        for (old,) in self.conn.execute("SELECT DISTINCT report_id FROM report_urls WHERE url = ? AND report_id != ?",
                                        (url, current)).fetchall():
            elsewhere = [u for (u,) in self.conn.execute(
                "SELECT url FROM report_urls WHERE report_id = ? AND url != ?", (old, url)).fetchall()]
            if any(self._current_report_of(u) == old for u in elsewhere):
                continue
            if self.conn.execute("UPDATE reports SET superseded_by = ?, superseded_at = ? "
                                 "WHERE report_id = ? AND superseded_by IS NOT ?", (current, now, old, current)).rowcount:
                superseded.append(old)
        self.superseded.extend(superseded)
        return superseded

    def settle_all_current(self) -> list[str]:
        """``_settle_current`` for every URL a report was found at (``gaar reparse``, after pruning)."""
        with self.transaction():
            out = []
            for (url,) in self.conn.execute("SELECT DISTINCT url FROM report_urls ORDER BY url").fetchall():
                out += self._settle_current(url)
            return out

    def _add_source(self, report_id: str, page_id: int, url: str) -> None:
        """Another page or attachment that carries an already stored report."""
        now = V.utc_now()
        self.conn.execute(
            """INSERT INTO report_urls (report_id, url, page_id, first_seen_at, last_seen_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(report_id, url) DO UPDATE SET last_seen_at = excluded.last_seen_at,
                   page_id = excluded.page_id""",
            (report_id, url, page_id, now, now),
        )
        self.conn.execute("UPDATE pages SET parse_status = ?, parse_reason = NULL, parsed_at = ?, "
                          "report_id = ? WHERE page_id = ?", (PageStatus.PARSED.value, now, report_id, page_id))
        self.conn.execute("UPDATE attachments SET report_id = ? WHERE page_id = ?", (report_id, page_id))
        self._settle_current(url)

    def _move_sources(self, old_id: str, new_id: str) -> None:
        """Every source of ``old_id`` onto ``new_id`` (which carries the same report, better); old_id goes."""
        if old_id == new_id:
            return
        now = V.utc_now()
        self.conn.execute(
            """INSERT INTO report_urls (report_id, url, page_id, first_seen_at, last_seen_at)
               SELECT ?, url, page_id, first_seen_at, ? FROM report_urls WHERE report_id = ?
               ON CONFLICT(report_id, url) DO NOTHING""",
            (new_id, now, old_id),
        )
        self.conn.execute("UPDATE pages SET report_id = ? WHERE report_id = ?", (new_id, old_id))
        self.conn.execute("UPDATE attachments SET report_id = ? WHERE report_id = ?", (new_id, old_id))
        self.conn.execute("UPDATE reports SET superseded_by = ? WHERE superseded_by = ?", (new_id, old_id))
        self.conn.execute("DELETE FROM reports WHERE report_id = ?", (old_id,))

    def prune_reports(self, report_ids) -> list[str]:
        """Delete those of ``report_ids`` that no page leads to any more (after a re-parse
        gave their pages another body); their cells, sections and checks go with them."""
        removed = []
        with self.transaction():
            for rid in set(report_ids):
                if self.conn.execute("SELECT 1 FROM pages WHERE report_id = ? LIMIT 1", (rid,)).fetchone():
                    continue
                if self.conn.execute("DELETE FROM reports WHERE report_id = ?", (rid,)).rowcount:
                    removed.append(rid)
        return sorted(removed)

    # --- failures ------------------------------------------------------------------

    def save_failure(self, item: Any) -> None:
        """Record a URL the crawl could not turn into a page (blocked, http_404, too_large …)."""
        a = ItemAdapter(item) if not isinstance(item, Mapping) else item
        if not a.get("url") or not a.get("reason") or not a.get("spider"):
            raise ValueError("save_failure needs url, reason and spider")
        fetched_at = a.get("fetched_at") or V.utc_now()
        body = a.get("body")
        body_gzip = gzip.compress(bytes(body), mtime=0) if body else None
        with self.transaction():
            self._ensure_run(a.get("run_id"), a["spider"], fetched_at)
            self.conn.execute(
                """INSERT INTO failures (url, reason, detail, http_status, spider, run_id, fetched_at, body_gzip)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT DO UPDATE SET detail = excluded.detail, http_status = excluded.http_status,
                       fetched_at = excluded.fetched_at, body_gzip = coalesce(excluded.body_gzip, body_gzip)""",
                (a["url"], a["reason"], a.get("detail") or "", a.get("status"), a["spider"], a.get("run_id"), fetched_at,
                 body_gzip),
            )
