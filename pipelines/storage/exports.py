"""What ``gaar export`` reads: a single-file copy of the database, and the tables of a workbook.

A GAAR database is a WAL-mode SQLite file: while any writer has it open, recent commits
live in ``gaar.db-wal`` beside it, so copying ``gaar.db`` alone can lose them, and a
WAL-mode file in a folder nobody can write needs care to open. ``copy_to`` writes a
checkpointed, self-contained copy (SQLite's ``VACUUM INTO``: every committed row, compacted,
in one file in rollback-journal mode) — the file to hand to someone.
"""

from __future__ import annotations

import sqlite3
from typing import Iterator

#: the sheets of ``gaar export --xlsx``: (sheet name, SELECT). Reports without their body text
#: (an Excel cell holds 32,767 characters at most; the text stays in the database)
SHEETS = (
    ("reports", "SELECT report_id, organ, organ_short, level, region, division_code, organ_key, year, template, "
                "published_on, signed_on, title, url, portal, n_cells, n_checks, n_checks_failed "
                "FROM reports ORDER BY region, organ, year"),
    ("requests_wide", "SELECT * FROM requests_wide ORDER BY region, organ, year"),
    ("active_wide", "SELECT * FROM active_wide ORDER BY region, organ, year"),
    ("review_wide", "SELECT * FROM review_wide ORDER BY region, organ, year"),
    ("failed_checks", 'SELECT kind, organ, year, "check", detail, url, report_id FROM failed_checks '
                      'ORDER BY organ, year, "check"'),
    ("coverage", "SELECT organ_key, organ, level, portal, division_code, year, status, reports, templates, "
                 "checks_failed, cross_year_failed FROM coverage ORDER BY organ_key, year"),
    ("crawl_runs", "SELECT run_id, spider, started_at, finished_at, status, reason, list_pages_declared, "
                   "list_pages_fetched, reports_found, reports_stored, reports_failed, blocked_pages "
                   "FROM crawl_runs ORDER BY started_at"),
)


class ExportReads:
    """Mixed into ``Reader``: ``self.conn`` is its connection."""

    conn: sqlite3.Connection

    def copy_to(self, target: str) -> None:
        """A checkpointed single-file copy of the database at ``target`` (which must not exist)."""
        self.conn.execute("VACUUM INTO ?", (str(target),))
        copy = sqlite3.connect(str(target), isolation_level=None)
        try:
            copy.execute("PRAGMA journal_mode = DELETE")  # opens anywhere, a read-only folder too
        finally:
            copy.close()

    def sheets(self) -> Iterator[tuple[str, list[str], Iterator[tuple]]]:
        """(name, column names, rows) for every sheet of the workbook, rows read as they are written."""
        for name, sql in SHEETS:
            cursor = self.conn.execute(sql)
            yield name, [d[0] for d in cursor.description], iter(cursor)
