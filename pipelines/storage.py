"""The write/read API over GAAR's SQLite file, shared by the item pipelines,
``gaar parse --db``, ``gaar reparse`` and the crawl-health extension.

Every write is one explicit transaction (a page, a report with all its rows, a
run), and every piece of text from a page reaches SQLite as a bound parameter.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Iterator, Mapping, Optional
from urllib.parse import unquote, urlsplit

from itemadapter import ItemAdapter

from . import db as schema
from .offices import OfficeStorage
from .version import parser_version

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FILENAME_STAR = re.compile(r"filename\*\s*=\s*[^']*'[^']*'([^;]+)", re.I)
_FILENAME = re.compile(r'filename\s*=\s*"?([^";]+)"?', re.I)

#: the counters ``finish_run`` accepts, as columns of ``crawl_runs``
RUN_COUNTERS = (
    "list_pages_declared",
    "list_pages_fetched",
    "reports_found",
    "reports_stored",
    "reports_failed",
    "blocked_pages",
)


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value if value is not None else {}, ensure_ascii=False, sort_keys=True, default=str)


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
    parse_status: str  # as stored; the steps overwrite it when they process the page again
    report_id: Optional[str]
    # filled in by the steps when the page is processed again (same names as PageItem)
    text: Optional[str] = None
    chrome_method: Optional[str] = None
    page_meta: dict = field(default_factory=dict)
    report: Any = None
    parse_error: Optional[str] = None


class Storage(OfficeStorage):
    """One connection to one GAAR database file. Open it, write through it, close it.

    ``Storage(path)`` creates the file or upgrades an older one; a file from a
    newer GAAR raises :class:`pipelines.db.SchemaTooNew` (unless ``readonly``).
    """

    def __init__(self, path: str, *, readonly: bool = False, busy_timeout: float = schema.DEFAULT_BUSY_TIMEOUT):
        self.path = str(path)
        self.readonly = readonly
        self.db = schema.connect(self.path, busy_timeout=busy_timeout, readonly=readonly)
        try:
            if readonly:
                self.found_version = schema.check_readable(self.db, self.path)
            else:
                self.found_version = schema.ensure_schema(self.db, self.path)
        except BaseException:
            self.db.close()
            raise
        self.parser_version = parser_version()

    # --- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Storage":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self):
        if self.readonly:
            raise schema.SchemaError(f"{self.path} was opened read-only")
        return schema.write_transaction(self.db)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    # --- crawl runs --------------------------------------------------------------

    def start_run(self, spider: str, *, run_id: Optional[str] = None, started_at: Optional[str] = None) -> str:
        """Open a ``crawl_runs`` row (status 'running'); returns its id (scrapyd's job id if given)."""
        run_id = run_id or f"{spider}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        with self._write():
            self.conn.execute(
                "INSERT INTO crawl_runs (run_id, spider, started_at, status) VALUES (?, ?, ?, 'running') "
                "ON CONFLICT(run_id) DO UPDATE SET status = 'running', finished_at = NULL",
                (run_id, spider, started_at or utc_now()),
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
        if status not in schema.RUN_STATUSES:
            raise ValueError(f"crawl run status must be one of {schema.RUN_STATUSES}, got {status!r}")
        unknown = set(counts) - set(RUN_COUNTERS)
        if unknown:
            raise ValueError(f"unknown crawl run counters {sorted(unknown)}; known: {RUN_COUNTERS}")
        assignments = ", ".join(f"{name} = ?" for name in counts)
        with self._write():
            cur = self.conn.execute(
                "UPDATE crawl_runs SET status = ?, reason = ?, finished_at = ?, stats_json = ?"
                + (", " + assignments if assignments else "")
                + " WHERE run_id = ?",
                (status, reason, finished_at or utc_now(), _json(stats) if stats is not None else None,
                 *counts.values(), run_id),
            )
            if cur.rowcount == 0:
                raise KeyError(f"no crawl run {run_id!r}; call start_run first")

    def _ensure_run(self, run_id: Optional[str], spider: str, started_at: str) -> None:
        if run_id:
            self.conn.execute(
                "INSERT OR IGNORE INTO crawl_runs (run_id, spider, started_at, status) VALUES (?, ?, ?, 'running')",
                (run_id, spider, started_at),
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
        fetched_at = a.get("fetched_at") or utc_now()
        sha = hashlib.sha256(body).hexdigest()
        run_id = a.get("run_id")
        with self._write():
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
                    _json(headers), headers.get("content-type"), a.get("encoding"), sha, len(body),
                    gzip.compress(body, mtime=0), a.get("source_url"), a.get("link_text"), _json(a.get("hints")),
                ),
            ).fetchone()[0]
            if kind == "attachment":
                self.conn.execute(
                    """INSERT OR IGNORE INTO attachments
                       (page_id, url, source_url, filename, content_type, size, link_text)
                       VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (page_id, url, a.get("source_url"), attachment_filename(url, headers),
                     headers.get("content-type"), len(body), a.get("link_text")),
                )
        return page_id

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

    def page_ids(self, *, since: Optional[str] = None, statuses: Optional[tuple[str, ...]] = None) -> list[int]:
        """Pages fetched on or after ``since`` (an ISO date or time), optionally of some parse statuses."""
        sql, params = "SELECT page_id FROM pages WHERE 1 = 1", []
        if since:
            sql += " AND fetched_at >= ?"
            params.append(since)
        if statuses:
            sql += f" AND parse_status IN ({', '.join('?' for _ in statuses)})"
            params.extend(statuses)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY page_id", params)]

    def mark_page(
        self,
        page_id: int,
        status: str,
        reason: Optional[str] = None,
        *,
        chrome_method: Optional[str] = None,
        page_meta: Optional[Mapping[str, Any]] = None,
    ) -> None:
        """Record that a page did not become a report, and why (never drop it silently).

        ``status`` is one of failed / not_report / unsupported / needs_ocr
        (anything else is stored as 'failed' with the status in the reason).
        """
        if status not in schema.PARSE_STATUSES or status == "parsed":
            reason = f"{status}: {reason}" if reason else str(status)
            status = "failed"
        with self._write():
            self.conn.execute(
                """UPDATE pages SET parse_status = ?, parse_reason = ?, parsed_at = ?, report_id = NULL,
                       chrome_method = coalesce(?, chrome_method),
                       page_meta_json = coalesce(?, page_meta_json)
                   WHERE page_id = ?""",
                (status, reason, utc_now(), chrome_method, _json(page_meta) if page_meta else None, page_id),
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
        body_text = getattr(report, "body_text", None)
        if not isinstance(body_text, str) or not body_text.strip():
            raise ValueError("a report needs body text to be stored (store the page as failed instead)")
        hints = dict(hints or {})
        report_id = report.report_id
        now = utc_now()
        warnings = list(report.warnings or [])
        published_on = _iso_date(report.published_on, "published_on", warnings)
        signed_on = _iso_date(report.signed_on, "signed_on", warnings)
        year = _year(report.year, warnings)
        organ, organ_source = _with_source(report.organ, hints.get("organ"))
        region, region_source = _with_source(report.region, hints.get("region"))
        cells = _unique_cells(report.cells, warnings)
        checks = list(report.checks or [])
        sections = list(report.sections or [])

        with self._write():
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
                    region_source, hints.get("portal"), *_division(report, hints), spider, _json(hints),
                    page_id, len(cells), len(sections), len(checks),
                    sum(1 for c in checks if c.ok is False), self.parser_version, now, now,
                    *_office_fields(report, organ_source), *_identity(report),
                ),
            )
            for table in ("cells", "sections", "checks"):
                self.conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (report_id,))
            self.conn.executemany(
                'INSERT INTO cells (report_id, "table", row, col, value, raw, recovered, candidates) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(report_id, c.table, c.row, c.col, _number(c.value), c.raw or "",
                  int(bool(getattr(c, "recovered", False))), _candidates(getattr(c, "candidates", None)))
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
                    """UPDATE pages SET parse_status = 'parsed', parse_reason = NULL, parsed_at = ?,
                           report_id = ?, chrome_method = coalesce(?, chrome_method),
                           page_meta_json = coalesce(?, page_meta_json)
                       WHERE page_id = ?""",
                    (now, report_id, chrome_method, _json(page_meta) if page_meta else None, page_id),
                )
                self.conn.execute("UPDATE attachments SET report_id = ? WHERE page_id = ?", (report_id, page_id))
        return report_id

    def source_page_report(self, source_url: str) -> Optional[tuple[str, Optional[int], Optional[str], int]]:
        """(report_id, year, organ, filled cells) of the report the page at ``source_url`` carries."""
        return self.conn.execute(
            """SELECT r.report_id, r.year, r.organ,
                      (SELECT count(*) FROM cells c WHERE c.report_id = r.report_id
                           AND (c.value IS NOT NULL OR c.raw != ''))
               FROM pages p JOIN reports r ON r.report_id = p.report_id
               WHERE p.url = ? ORDER BY p.page_id DESC LIMIT 1""",
            (source_url,),
        ).fetchone()

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
               FROM reports r WHERE r.year = ? AND (r.organ IS NOT NULL OR r.organ_key IS NOT NULL)""",
            (int(year) - 1,),
        ):
            if organ_key and stored_key:
                same = stored_key == organ_key
            else:  # one of the two not identified (stored before schema 6, or no division): by name
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

    def add_source(self, report_id: str, page_id: int, url: str) -> None:
        """Record another page or attachment that carries an already stored report (one transaction)."""
        now = utc_now()
        with self._write():
            self.conn.execute(
                """INSERT INTO report_urls (report_id, url, page_id, first_seen_at, last_seen_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(report_id, url) DO UPDATE SET last_seen_at = excluded.last_seen_at,
                       page_id = excluded.page_id""",
                (report_id, url, page_id, now, now),
            )
            self.conn.execute("UPDATE pages SET parse_status = 'parsed', parse_reason = NULL, parsed_at = ?, "
                              "report_id = ? WHERE page_id = ?", (now, report_id, page_id))
            self.conn.execute("UPDATE attachments SET report_id = ? WHERE page_id = ?", (report_id, page_id))

    def replace_report(self, old_id: str, new_id: str) -> None:
        """Move every source of ``old_id`` onto ``new_id`` (which carries the same report, better)."""
        if old_id == new_id:
            return
        now = utc_now()
        with self._write():
            self.conn.execute(
                """INSERT INTO report_urls (report_id, url, page_id, first_seen_at, last_seen_at)
                   SELECT ?, url, page_id, first_seen_at, ? FROM report_urls WHERE report_id = ?
                   ON CONFLICT(report_id, url) DO NOTHING""",
                (new_id, now, old_id),
            )
            self.conn.execute("UPDATE pages SET report_id = ? WHERE report_id = ?", (new_id, old_id))
            self.conn.execute("UPDATE attachments SET report_id = ? WHERE report_id = ?", (new_id, old_id))
            self.conn.execute("DELETE FROM reports WHERE report_id = ?", (old_id,))

    def prune_reports(self, report_ids) -> list[str]:
        """Delete those of ``report_ids`` that no page leads to any more (after a re-parse
        gave their pages another body); their cells, sections and checks go with them."""
        removed = []
        with self._write():
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
        fetched_at = a.get("fetched_at") or utc_now()
        body = a.get("body")
        body_gzip = gzip.compress(bytes(body), mtime=0) if body else None
        with self._write():
            self._ensure_run(a.get("run_id"), a["spider"], fetched_at)
            self.conn.execute(
                """INSERT INTO failures (url, reason, detail, http_status, spider, run_id, fetched_at, body_gzip)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT DO UPDATE SET detail = excluded.detail, http_status = excluded.http_status,
                       fetched_at = excluded.fetched_at, body_gzip = coalesce(excluded.body_gzip, body_gzip)""",
                (a["url"], a["reason"], a.get("detail") or "", a.get("status"), a["spider"], a.get("run_id"), fetched_at,
                 body_gzip),
            )

    # --- reading -------------------------------------------------------------------

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

    def stats(self, *, failed_pages_limit: int = 50) -> dict[str, Any]:
        """What the database holds, for ``gaar stats``: counts people ask for first."""
        q = self.conn.execute

        def pairs(sql):
            return [list(r) for r in q(sql)]

        return {
            "path": self.path,
            "schema_version": schema.schema_version(self.db),
            "reports": q("SELECT count(*) FROM reports").fetchone()[0],
            "organs": q("SELECT count(DISTINCT organ) FROM reports").fetchone()[0],
            "reports_without_organ": q("SELECT count(*) FROM reports WHERE organ IS NULL").fetchone()[0],
            "years": pairs("SELECT year, count(*) FROM reports GROUP BY year ORDER BY year"),
            "templates": pairs("SELECT template, count(*) FROM reports GROUP BY template ORDER BY template"),
            "failed_checks": pairs(
                'SELECT "check", count(DISTINCT report_id) FROM checks WHERE ok = 0 GROUP BY "check" ORDER BY 2 DESC, 1'
            ),
            "reports_with_failed_checks": q("SELECT count(*) FROM reports WHERE n_checks_failed > 0").fetchone()[0],
            "pages": q("SELECT count(*) FROM pages").fetchone()[0],
            "page_statuses": pairs("SELECT parse_status, count(*) FROM pages GROUP BY 1 ORDER BY 1"),
            "pages_not_parsed": [
                dict(zip(("page_id", "url", "kind", "status", "reason"), r))
                for r in q(
                    "SELECT page_id, url, kind, parse_status, parse_reason FROM pages "
                    "WHERE parse_status NOT IN ('parsed', 'pending') ORDER BY page_id LIMIT ?",
                    (failed_pages_limit,),
                )
            ],
            "failures": pairs("SELECT reason, count(*) FROM failures GROUP BY reason ORDER BY 2 DESC, 1"),
            "crawl_runs": [
                dict(zip(("run_id", "spider", "started_at", "status", "reason", "reports_stored"), r))
                for r in q(
                    "SELECT run_id, spider, started_at, status, reason, reports_stored FROM crawl_runs "
                    "ORDER BY started_at DESC LIMIT 10"
                )
            ],
        }

    def report_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT report_id FROM reports")}

    def iter_rows(self, sql: str, params=()) -> Iterator[tuple]:
        yield from self.conn.execute(sql, params)


# --- value hygiene: what the parser hands over becomes the column types promised -------------


def _office_fields(report, organ_source) -> tuple:
    """(organ_short, level, template_source) as the parser read them; the short name describes the
    parser's organ, so it is left out when the organ came from the spider's hints (the level stays:
    a report that never names its office still shows its level by 我镇/我局)."""
    short = getattr(report, "organ_short", None) if organ_source == "parser" else None
    return short, getattr(report, "level", None), getattr(report, "template_source", None)


def _division(report, hints) -> tuple:
    """(division_code,): the report's resolved division (``gaar_spiders/divisions``); a report stored
    without being identified keeps the portal's code, as before issue 18."""
    identified = any(getattr(report, f, None) for f in ("division_code", "division_source", "division_reason"))
    return (getattr(report, "division_code", None) if identified else hints.get("division_code"),)


def _identity(report) -> tuple:
    """(organ_key, division_source, division_reason) as the store step identified them."""
    return tuple(getattr(report, f, None) for f in ("organ_key", "division_source", "division_reason"))


def _with_source(from_parser: Optional[str], from_hints: Optional[str]):
    if from_parser:
        return from_parser, "parser"
    if from_hints:
        return str(from_hints), "hints"
    return None, None


def _iso_date(value: Any, name: str, warnings: list) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    warnings.append(f"storage: {name} {value!r} is not an ISO date; stored as NULL")
    return None


def _year(value: Any, warnings: list) -> Optional[int]:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        warnings.append(f"storage: year {value!r} is not a number; stored as NULL")
        return None


def _number(value: Any):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _candidates(candidates) -> Optional[str]:
    """An unsettled cell's candidates as JSON (numbers, null for a blank); NULL when settled."""
    if candidates is None:
        return None
    return json.dumps([_number(v) for v in candidates])


def _unique_cells(cells, warnings: list) -> list:
    """One cell per (table, row, col): the first one printed wins, the others become warnings."""
    seen, out = set(), []
    for c in cells or []:
        key = (c.table, c.row, c.col)
        if key in seen:
            warnings.append(f"storage: duplicate cell {c.table}/{c.row}/{c.col} raw {c.raw!r} not stored")
            continue
        seen.add(key)
        out.append(c)
    return out


def attachment_filename(url: str, headers: Mapping[str, str]) -> Optional[str]:
    disposition = headers.get("content-disposition", "")
    m = _FILENAME_STAR.search(disposition) or _FILENAME.search(disposition)
    if m:
        return unquote(m.group(1).strip())
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return name or None
