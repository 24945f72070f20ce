"""The read half of storage: every question the rest of GAAR asks the database.

The spider asks which URLs an incremental run may skip, the crawl-health
extension how many pages of a run failed, ``gaar stats``, ``gaar jobs``,
``gaar schedule`` and ``gaar demo`` for their summaries, ``gaar reparse`` for
the stored pages. ``Reader(path)`` opens the file read-only; the write half
(``Storage``) inherits all of it.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from gaar_spiders.status import DONE_STATUSES, READ_STATUSES, PageStatus

from .. import db as schema
from .crawlstate import CrawlState, CrawlStateReads
from .exports import ExportReads
from .offices import OfficeReads


@dataclass
class StoredPage:
    """A raw page as kept in ``pages``: the fields a PageItem had, body decompressed."""

    page_id: int
    url: str
    body: bytes
    spider: str
    kind: str
    status: Optional[int]
    final_url: Optional[str]
    headers: dict
    encoding: Optional[str]
    fetched_at: str
    run_id: Optional[str]
    source_url: Optional[str]
    link_text: Optional[str]
    hints: dict
    parse_status: str  # as stored; reading the page again overwrites it
    report_id: Optional[str]
    # what reading it again made of it (the same names as PageItem's)
    chrome_method: Optional[str] = None
    page_meta: dict = field(default_factory=dict)
    report: Any = None
    parse_error: Optional[str] = None


#: the tables that keep raw bodies (``body_gzip``), by their key
RAW_BODY_TABLES = {"pages": "page_id", "failures": "failure_id"}

#: page statuses ``gaar stats`` does not list as pages that failed to parse
NOT_FAILURES = tuple(s.value for s in (*READ_STATUSES, PageStatus.PENDING))

#: the crawl_runs columns ``last_runs`` gives, for ``gaar jobs``
RUN_FIELDS = ("run_id", "spider", "started_at", "finished_at", "status", "reason", "reports_found",
              "reports_stored", "reports_failed", "blocked_pages", "list_pages_declared", "list_pages_fetched")


def _in(values) -> str:
    return ", ".join("?" for _ in values)


class Reader(OfficeReads, CrawlStateReads, ExportReads):
    """One read-only connection to one GAAR database file.

    Refuses a SQLite file that is not GAAR's; a file from a newer GAAR is fine to read.
    A missing file is an ``sqlite3.OperationalError`` (unable to open).
    """

    readonly = True

    def __init__(self, path: str, *, busy_timeout: float = schema.DEFAULT_BUSY_TIMEOUT):
        self.path = str(path)
        self.db = self._open(busy_timeout)

    def _open(self, busy_timeout: float):
        db = schema.connect(self.path, busy_timeout=busy_timeout, readonly=True)
        try:
            self.found_version = schema.check_readable(db, self.path)
        except BaseException:
            db.close()
            raise
        return db

    # --- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def _one(self, sql: str, params=()) -> Any:
        return self.conn.execute(sql, params).fetchone()[0]

    def _pairs(self, sql: str, params=()) -> list[list]:
        return [list(r) for r in self.conn.execute(sql, params)]

    # --- what a crawl needs ------------------------------------------------------

    def failed_pages(self, run_id: str) -> int:
        """Pages of a run that failed to be read (a page that is not a report is not a failure)."""
        return int(self._one("SELECT count(*) FROM pages WHERE run_id = ? AND parse_status = ?",
                             (run_id, PageStatus.FAILED.value)))

    def source_page_report(self, source_url: str) -> Optional[tuple[str, Optional[int], Optional[str], int]]:
        """(report_id, year, organ, filled cells) of the report the page at ``source_url`` carries."""
        return self.conn.execute(
            """SELECT r.report_id, r.year, r.organ,
                      (SELECT count(*) FROM cells c WHERE c.report_id = r.report_id
                           AND (c.value IS NOT NULL OR c.raw != ''))
               FROM pages p JOIN reports r ON r.report_id = p.report_id
               WHERE p.url = ? AND p.parse_status = ? ORDER BY p.page_id DESC LIMIT 1""",
            (source_url, PageStatus.PARSED.value),
        ).fetchone()

    def attachment_report(self, page_id: int) -> Optional[tuple[str, str]]:
        """(report_id, url) of a report read from an attachment the page ``page_id`` links, if any."""
        return self.conn.execute(
            """SELECT a.report_id, a.url FROM pages p
               JOIN pages a ON a.kind = 'attachment' AND a.source_url IN (p.url, p.final_url)
               WHERE p.page_id = ? AND a.parse_status = ? AND a.report_id IS NOT NULL
               ORDER BY a.page_id LIMIT 1""",
            (page_id, PageStatus.PARSED.value),
        ).fetchone()

    # --- stored pages, for gaar reparse --------------------------------------------

    def load_page(self, page_id: int) -> StoredPage:
        row = self.conn.execute(
            """SELECT page_id, url, body_gzip, spider, kind, http_status, final_url, headers_json, encoding,
                      fetched_at, run_id, source_url, link_text, hints_json, parse_status, report_id
               FROM pages WHERE page_id = ?""",
            (page_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no page {page_id}")
        return StoredPage(
            page_id=row[0], url=row[1], body=gzip.decompress(row[2]), spider=row[3], kind=row[4], status=row[5],
            final_url=row[6], headers=json.loads(row[7] or "{}"), encoding=row[8], fetched_at=row[9],
            run_id=row[10], source_url=row[11], link_text=row[12], hints=json.loads(row[13] or "{}"),
            parse_status=row[14], report_id=row[15],
        )

    def raw_body(self, table: str, row_id: int, *, chunk: int = 64 * 1024) -> Optional[tuple[str, Iterator[bytes]]]:
        """A stored raw body (``pages`` or ``failures``, by its id) as (content type, its bytes inflated
        piece by piece from the blob, never more than ``chunk`` at a time), or None when there is none.
        Iterate while the reader is open (``gaar serve``'s downloads: the bodies stay out of every view)."""
        key = RAW_BODY_TABLES.get(table)
        if key is None:
            return None
        found = self.conn.execute(f"SELECT body_gzip IS NOT NULL FROM {table} WHERE {key} = ?", (row_id,)).fetchone()
        if not found or not found[0]:
            return None
        content_type = None
        if table == "pages":
            content_type = self._one("SELECT content_type FROM pages WHERE page_id = ?", (row_id,))
        return content_type or "application/octet-stream", self._inflated(table, row_id, chunk)

    def _inflated(self, table: str, row_id: int, chunk: int) -> Iterator[bytes]:
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)  # the gzip GAAR stored
        with self.conn.blobopen(table, "body_gzip", row_id, readonly=True) as blob:
            while piece := blob.read(chunk):
                data = inflate.decompress(piece, chunk)  # however well it inflates, a chunk at a time
                while True:
                    if data:
                        yield data
                    if not inflate.unconsumed_tail:
                        break
                    data = inflate.decompress(inflate.unconsumed_tail, chunk)
        rest = inflate.flush()
        if rest:
            yield rest

    def page_ids(self, *, since: Optional[str] = None, statuses: Optional[tuple[str, ...]] = None) -> list[int]:
        """Pages fetched on or after ``since`` (an ISO date or time), optionally of some parse statuses."""
        sql, params = "SELECT page_id FROM pages WHERE 1 = 1", []
        if since:
            sql += " AND fetched_at >= ?"
            params.append(since)
        if statuses:
            sql += f" AND parse_status IN ({_in(statuses)})"
            params.extend(str(s) for s in statuses)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY page_id", params)]

    def previous_report(self, organ: Optional[str], year: Optional[int], organ_key: Optional[str] = None) -> Any:
        """The same office's stored report on ``year - 1``, as a parser ``Report`` (its cells;
        an unsettled cell keeps its candidates), or None. The office is matched by its
        ``organ_key`` when the report has one (巨源镇人民政府 finds 道外区巨源镇人民政府), else by
        its name as stored (parser or portal hints), compared as printed labels are
        (``label_key``); the report with the most settled cells wins when there are several."""
        if not (organ or organ_key) or year is None:
            return None
        from gaar_spiders.report.model import Cell, Report
        from gaar_spiders.report.normalize import label_key

        key = label_key(organ) if organ else None
        best = None
        for report_id, stored_organ, stored_key, template, settled in self.conn.execute(
            """SELECT r.report_id, r.organ, r.organ_key, r.template,
                      (SELECT count(*) FROM cells c WHERE c.report_id = r.report_id AND c.candidates IS NULL)
               FROM reports r WHERE r.year = ? AND r.superseded_by IS NULL
                   AND (r.organ IS NOT NULL OR r.organ_key IS NOT NULL)""",
            (int(year) - 1,),
        ):
            if organ_key and stored_key:
                same = stored_key == organ_key
            else:  # one of the two not identified (stored before schema 7, or no division): by name
                same = key is not None and stored_organ is not None and label_key(stored_organ) == key
            if same and (best is None or settled > best[4]):
                best = (report_id, stored_organ, stored_key, template, settled)
        if best is None:
            return None
        cells = [
            Cell(t, r, c, v, raw or "", candidates=None if cands is None else json.loads(cands))
            for t, r, c, v, raw, cands in self.conn.execute(
                'SELECT "table", row, col, value, raw, candidates FROM cells WHERE report_id = ?', (best[0],)
            )
        ]
        return Report(organ=best[1], year=int(year) - 1, template=best[3], cells=cells)

    def report_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT report_id FROM reports")}

    def report_snapshot(self, report_ids) -> dict[str, dict]:
        """report_id -> {'cells': {(table,row,col): (value, raw[, candidates])}, 'checks': {(check, n): (ok, detail)}}.

        An unsettled cell carries its candidates as a third element, so a re-parse that settles
        it (or unsettles it) shows as a cell change."""
        snap: dict[str, dict] = {}
        for rid in set(report_ids):
            cells = {
                (t, r, c): (v, raw) if cands is None else (v, raw, json.loads(cands))
                for t, r, c, v, raw, cands in self.conn.execute(
                    'SELECT "table", row, col, value, raw, candidates FROM cells WHERE report_id = ?', (rid,)
                )
            }
            checks: dict = {}
            for name, ok, detail in self.conn.execute(
                'SELECT "check", ok, detail FROM checks WHERE report_id = ? ORDER BY position', (rid,)
            ):
                n = sum(1 for key in checks if key[0] == name)
                checks[(name, n)] = (ok, detail)
            snap[rid] = {"cells": cells, "checks": checks}
        return snap

    # --- summaries for people ------------------------------------------------------

    def stats(self, *, failed_pages_limit: int = 50) -> dict[str, Any]:
        """What the database holds, for ``gaar stats``: counts people ask for first."""
        q = self.conn.execute
        return {
            "path": self.path,
            "schema_version": schema.schema_version(self.db),
            "reports": self._one(f"SELECT count(*) FROM reports WHERE {schema.CURRENT}"),
            "reports_superseded": self._one(f"SELECT count(*) FROM reports WHERE NOT {schema.CURRENT}"),
            "organs": self._one(f"SELECT count(DISTINCT organ) FROM reports WHERE {schema.CURRENT}"),
            "reports_without_organ": self._one(f"SELECT count(*) FROM reports WHERE organ IS NULL AND {schema.CURRENT}"),
            "years": self._pairs(f"SELECT year, count(*) FROM reports WHERE {schema.CURRENT} GROUP BY year ORDER BY year"),
            "templates": self._pairs(
                f"SELECT template, count(*) FROM reports WHERE {schema.CURRENT} GROUP BY template ORDER BY template"),
            "failed_checks": self._pairs(
                'SELECT "check", count(DISTINCT k.report_id) FROM checks k JOIN reports r USING (report_id) '
                f'WHERE k.ok = 0 AND r.{schema.CURRENT} GROUP BY "check" ORDER BY 2 DESC, 1'
            ),
            "reports_with_failed_checks": self._one(
                f"SELECT count(*) FROM reports WHERE n_checks_failed > 0 AND {schema.CURRENT}"),
            "pages": self._one("SELECT count(*) FROM pages"),
            "page_statuses": self._pairs("SELECT parse_status, count(*) FROM pages GROUP BY 1 ORDER BY 1"),
            "pages_not_parsed": [
                dict(zip(("page_id", "url", "kind", "status", "reason"), r))
                for r in q(
                    "SELECT page_id, url, kind, parse_status, parse_reason FROM pages "
                    f"WHERE parse_status NOT IN ({_in(NOT_FAILURES)}) ORDER BY page_id LIMIT ?",
                    (*NOT_FAILURES, failed_pages_limit),
                )
            ],
            "failures": self._pairs("SELECT reason, count(*) FROM failures GROUP BY reason ORDER BY 2 DESC, 1"),
            "crawl_runs": [
                dict(zip(("run_id", "spider", "started_at", "status", "reason", "reports_stored"), r))
                for r in q(
                    "SELECT run_id, spider, started_at, status, reason, reports_stored FROM crawl_runs "
                    "ORDER BY started_at DESC LIMIT 10"
                )
            ],
        }

    def last_runs(self, last: int) -> list[dict]:
        """The ``last`` most recent crawl_runs rows of every spider, newest first (``gaar jobs``)."""
        sql = (
            f"SELECT {', '.join(RUN_FIELDS)} FROM ("
            f"  SELECT *, row_number() OVER (PARTITION BY spider ORDER BY started_at DESC, rowid DESC) AS n"
            f"  FROM crawl_runs) WHERE n <= ? ORDER BY spider, started_at DESC, rowid DESC"
        )
        return [dict(zip(RUN_FIELDS, row)) for row in self.conn.execute(sql, (last,))]

    def run_ids(self) -> set[str]:
        """Every crawl run id used (``gaar schedule`` never reuses one)."""
        return {row[0] for row in self.conn.execute("SELECT run_id FROM crawl_runs")}

    def demo_summary(self) -> dict[str, Any]:
        """What ``gaar demo`` prints: reports per portal and year, crawl health, failed checks, pages."""
        q = self.conn.execute
        return {
            "years": [y for (y,) in q("SELECT DISTINCT year FROM reports WHERE year IS NOT NULL "
                                      f"AND {schema.CURRENT} ORDER BY year")],
            "reports_per_portal_year": {(p, y): n for p, y, n in q(
                f"SELECT coalesce(portal, spider), year, count(*) FROM reports WHERE {schema.CURRENT} GROUP BY 1, 2")},
            "runs": [dict(zip(("spider", "status", "reason", "declared", "fetched", "found", "stored"), r))
                     for r in q("SELECT spider, status, reason, list_pages_declared, list_pages_fetched, "
                                "reports_found, reports_stored FROM crawl_runs ORDER BY spider")],
            "failed_checks": [dict(zip(("organ", "year", "check", "detail"), r))
                              for r in q('SELECT organ, year, "check", detail FROM failed_checks ORDER BY organ, year')],
            "reports_failing": self._one("SELECT count(DISTINCT report_id) FROM failed_checks"),
            "page_statuses": self._pairs("SELECT parse_status, count(*) FROM pages GROUP BY 1 ORDER BY 1"),
            "failures": self._pairs("SELECT reason, count(*) FROM failures GROUP BY 1 ORDER BY 1"),
        }


def known_urls(db_path: Optional[str], spider: Optional[str] = None) -> set[str]:
    """``Reader(db_path).known_urls(spider)``; nothing is known of a missing, empty or foreign file."""
    if not db_path or not Path(db_path).exists():
        return set()
    try:
        with Reader(str(Path(db_path).resolve()), busy_timeout=30) as reader:
            return reader.known_urls(spider)
    except (sqlite3.Error, schema.SchemaError):
        return set()


def crawl_state(db_path: Optional[str], spider: str) -> CrawlState:
    """``Reader(db_path).crawl_state(spider)``; nothing is left to do in a missing, empty or foreign
    file, or in one from before schema 8 (its tables come with the crawl's first write)."""
    if not db_path or not Path(db_path).exists():
        return CrawlState()
    try:
        with Reader(str(Path(db_path).resolve()), busy_timeout=30) as reader:
            if reader.found_version < 8:
                return CrawlState(known=_known_before_8(reader, spider))
            return reader.crawl_state(spider)
    except (sqlite3.Error, schema.SchemaError):
        return CrawlState()


def _known_before_8(reader: Reader, spider: str) -> set[str]:
    """A database a GAAR before schema 8 wrote, read before this crawl upgrades it: what it read,
    but its ``not_report`` report pages (their attachment links were never recorded)."""
    return {url for (url,) in reader.conn.execute(
        "SELECT url FROM pages WHERE spider = ? AND parse_status IN ('parsed', 'needs_ocr', 'unsupported') "
        "OR (spider = ? AND parse_status = 'not_report' AND kind = 'attachment')", (spider, spider))}
