"""One database from several: ``gaar merge OUT.db NODE.db...`` (a distributed crawl, issue 19).

Each node of a distributed crawl writes its own SQLite file (docs/distributed.md says why); the
merge makes them one, the product. It is idempotent — merging a file twice, or a file that holds
what another holds, adds nothing — because every row is keyed by what it is, not by its row id:

- ``reports`` by ``report_id`` (a fingerprint of the body text: the same report from two nodes is
  one row, its cells, sections and checks come with the first copy merged);
- ``pages`` by ``(url, sha256)`` (page ids are renumbered; a page still ``pending`` in one file
  takes the reading another file made of the same bytes), ``attachments`` with their page,
  ``report_urls`` by ``(report_id, url)``;
- ``crawl_runs`` by ``run_id``, kept per node (``process`` names the node's host and process); a
  run id two nodes both used for different runs gets ``@<file name>`` in the merge;
- ``failures`` once per ``(url, reason, run)``, ``links`` and ``column_walks`` by ``(spider, url)``
  (the earliest first sight, the latest sight and walk, the fewest failures in a row).

Then what depends on several files at once is computed again in the merged file: which report a
URL gives now (``superseded_by``), the cross-year checks of every office, and runs left ``running``
by a crawl process of this machine that is gone (closed as interrupted, as a crawl would).
A node file is only read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .. import db as schema


@dataclass
class Merged:
    """What one file brought to the merged database."""

    path: str
    reports: int = 0
    pages: int = 0
    runs: int = 0
    failures: int = 0
    links: int = 0


def _columns(conn: sqlite3.Connection, table: str, *, without: tuple = ()) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")') if row[1] not in without]


def _q(names) -> str:
    return ", ".join(f'"{n}"' for n in names)


def source_problem(path: str, out: str) -> Optional[str]:
    """Why ``path`` cannot be merged into ``out``, or None."""
    from .access import database_problem

    if Path(path).resolve() == Path(out).resolve():
        return f"{path} is the output database itself"
    problem = database_problem(path)
    if problem:
        return problem
    db = schema.connect(path, readonly=True)
    try:
        version = schema.schema_version(db)
    finally:
        db.close()
    if version != schema.SCHEMA_VERSION:
        return (f"{path} has database schema {version}, this GAAR writes {schema.SCHEMA_VERSION}: "
                f"{'open it once with this GAAR (gaar reparse --db ' + path + ')' if version < schema.SCHEMA_VERSION else 'merge it with the newer GAAR that wrote it'}")
    return None


class Merger:
    """Merges GAAR files into the one ``storage`` (a :class:`Storage`) writes."""

    def __init__(self, storage):
        self.storage = storage
        self.conn = storage.conn
        self.transaction = storage.transaction

    def settle(self) -> dict:
        """After the last file: what depends on several files at once, computed in the merged one."""
        from gaar_spiders.crawl import processes

        from .. import years

        superseded = self.storage.settle_all_current()
        checks = years.recheck_all(self.storage)
        closed = self.storage.close_interrupted_runs("", processes.alive)
        return {"superseded": len(superseded), "cross_year_rows": checks, "runs_closed": closed}

    def merge_from(self, path: str) -> Merged:
        """Merge the GAAR database at ``path`` into this one, in one transaction (see the module)."""
        conn = self.conn
        label = Path(path).stem
        counts = Merged(path=path)
        conn.execute("ATTACH DATABASE ? AS src", (str(path),))
        try:
            with self.transaction():
                counts.runs = self._merge_runs(label)
                counts.reports = self._merge_reports()
                counts.pages = self._merge_pages()
                self._merge_report_sources()
                counts.failures = self._merge_failures()
                counts.links = self._merge_frontier()
            return counts
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.run_map")
            conn.execute("DROP TABLE IF EXISTS temp.page_map")
            conn.execute("DROP TABLE IF EXISTS temp.new_reports")
            conn.execute("DETACH DATABASE src")

    def _merge_runs(self, label: str) -> int:
        conn = self.conn
        conn.execute("CREATE TEMP TABLE run_map (src TEXT PRIMARY KEY, dst TEXT NOT NULL)")
        # the same run (id, start and process alike) keeps its id; another run under a taken id is renamed
        conn.execute(
            """INSERT INTO temp.run_map
               SELECT s.run_id, CASE WHEN m.run_id IS NULL
                        OR (m.started_at = s.started_at AND m.process IS s.process) THEN s.run_id
                   ELSE s.run_id || '@' || ? END
               FROM src.crawl_runs s LEFT JOIN main.crawl_runs m ON m.run_id = s.run_id""", (label,))
        names = _columns(conn, "crawl_runs")
        values = ["r.dst" if n == "run_id" else f's."{n}"' for n in names]
        rest = [n for n in names if n != "run_id"]
        before = conn.total_changes
        # the node's file is the truth about its own runs: a run merged while it ran is brought up to date
        conn.execute(
            f"""INSERT INTO main.crawl_runs ({_q(names)})
                SELECT {', '.join(values)} FROM src.crawl_runs s JOIN temp.run_map r ON r.src = s.run_id WHERE true
                ON CONFLICT(run_id) DO UPDATE SET {', '.join(f'"{n}" = excluded."{n}"' for n in rest)}
                WHERE main.crawl_runs.finished_at IS NULL AND excluded.finished_at IS NOT NULL""")
        return conn.total_changes - before

    def _merge_reports(self) -> int:
        conn = self.conn
        conn.execute("CREATE TEMP TABLE new_reports (report_id TEXT PRIMARY KEY)")
        conn.execute("INSERT INTO temp.new_reports SELECT report_id FROM src.reports "
                     "WHERE report_id NOT IN (SELECT report_id FROM main.reports)")
        # page_id and superseded_by are set once pages are in and every URL is settled again
        names = _columns(conn, "reports", without=("page_id", "superseded_by", "superseded_at"))
        conn.execute(f"INSERT INTO main.reports ({_q(names)}) SELECT {_q(names)} FROM src.reports "
                     "WHERE report_id IN (SELECT report_id FROM temp.new_reports)")
        for table in ("cells", "sections", "checks"):
            cols = _columns(conn, table)
            conn.execute(f"INSERT INTO main.{table} ({_q(cols)}) SELECT {_q(cols)} FROM src.{table} "
                         "WHERE report_id IN (SELECT report_id FROM temp.new_reports)")
        return conn.execute("SELECT count(*) FROM temp.new_reports").fetchone()[0]

    def _merge_pages(self) -> int:
        conn = self.conn
        names = _columns(conn, "pages", without=("page_id",))
        values = [f"(SELECT dst FROM temp.run_map WHERE src = s.run_id)" if n == "run_id" else f's."{n}"'
                  for n in names]
        added = conn.execute(
            f"""INSERT INTO main.pages ({_q(names)}) SELECT {', '.join(values)} FROM src.pages s
                WHERE NOT EXISTS (SELECT 1 FROM main.pages m WHERE m.url = s.url AND m.sha256 = s.sha256)""").rowcount
        conn.execute("CREATE TEMP TABLE page_map (src INTEGER PRIMARY KEY, dst INTEGER NOT NULL)")
        conn.execute("INSERT INTO temp.page_map SELECT s.page_id, m.page_id FROM src.pages s "
                     "JOIN main.pages m ON m.url = s.url AND m.sha256 = s.sha256")
        # the same bytes: fetched over the widest span; read, if either file read them
        conn.execute(
            """UPDATE main.pages AS m SET
                   fetched_at = min(m.fetched_at, s.fetched_at), last_fetched_at = max(m.last_fetched_at,
                   s.last_fetched_at), times_fetched = max(m.times_fetched, s.times_fetched),
                   parse_status = CASE WHEN m.parse_status = 'pending' THEN s.parse_status ELSE m.parse_status END,
                   parse_reason = CASE WHEN m.parse_status = 'pending' THEN s.parse_reason ELSE m.parse_reason END,
                   parsed_at = CASE WHEN m.parse_status = 'pending' THEN s.parsed_at ELSE m.parsed_at END,
                   chrome_method = coalesce(m.chrome_method, s.chrome_method),
                   page_meta_json = coalesce(m.page_meta_json, s.page_meta_json),
                   report_id = CASE WHEN m.parse_status = 'pending' THEN s.report_id ELSE m.report_id END
               FROM src.pages s JOIN temp.page_map p ON p.src = s.page_id
               WHERE m.page_id = p.dst""")
        attachment = _columns(conn, "attachments")
        conn.execute(f"""INSERT OR IGNORE INTO main.attachments ({_q(attachment)})
                         SELECT {', '.join('p.dst' if n == 'page_id' else f'a."{n}"' for n in attachment)}
                         FROM src.attachments a JOIN temp.page_map p ON p.src = a.page_id""")
        conn.execute("""UPDATE main.reports SET page_id = (SELECT p.dst FROM src.reports s
                            JOIN temp.page_map p ON p.src = s.page_id WHERE s.report_id = main.reports.report_id)
                        WHERE report_id IN (SELECT report_id FROM temp.new_reports)""")
        return added

    def _merge_report_sources(self) -> None:
        self.conn.execute(
            """INSERT INTO main.report_urls (report_id, url, page_id, first_seen_at, last_seen_at)
               SELECT u.report_id, u.url, p.dst, u.first_seen_at, u.last_seen_at
               FROM src.report_urls u LEFT JOIN temp.page_map p ON p.src = u.page_id WHERE true
               ON CONFLICT(report_id, url) DO UPDATE SET
                   first_seen_at = min(first_seen_at, excluded.first_seen_at),
                   last_seen_at = max(last_seen_at, excluded.last_seen_at),
                   page_id = coalesce(page_id, excluded.page_id)""")

    def _merge_failures(self) -> int:
        names = _columns(self.conn, "failures", without=("failure_id",))
        values = [f"(SELECT dst FROM temp.run_map WHERE src = f.run_id)" if n == "run_id" else f'f."{n}"'
                  for n in names]
        return self.conn.execute(f"INSERT INTO main.failures ({_q(names)}) SELECT {', '.join(values)} "
                                 "FROM src.failures f WHERE true ON CONFLICT DO NOTHING").rowcount

    def _merge_frontier(self) -> int:
        conn = self.conn
        names = _columns(conn, "links")
        values = [f"(SELECT dst FROM temp.run_map WHERE src = l.run_id)" if n == "run_id" else f'l."{n}"'
                  for n in names]
        fewer = "excluded.failures < links.failures"
        before = conn.execute("SELECT count(*) FROM main.links").fetchone()[0]
        conn.execute(
            f"""INSERT INTO main.links ({_q(names)}) SELECT {', '.join(values)} FROM src.links l WHERE true
                ON CONFLICT(spider, url) DO UPDATE SET
                    first_seen_at = min(first_seen_at, excluded.first_seen_at),
                    last_seen_at = max(last_seen_at, excluded.last_seen_at),
                    failures = min(failures, excluded.failures),
                    last_reason = CASE WHEN {fewer} THEN excluded.last_reason ELSE last_reason END,
                    last_failed_at = CASE WHEN {fewer} THEN excluded.last_failed_at ELSE last_failed_at END,
                    retry_after = CASE WHEN {fewer} THEN excluded.retry_after ELSE retry_after END""")
        added = conn.execute("SELECT count(*) FROM main.links").fetchone()[0] - before
        walk = _columns(conn, "column_walks")
        values = [f"(SELECT dst FROM temp.run_map WHERE src = w.run_id)" if n == "run_id" else f'w."{n}"'
                  for n in walk]
        conn.execute(
            f"""INSERT INTO main.column_walks ({_q(walk)}) SELECT {', '.join(values)} FROM src.column_walks w
                WHERE true ON CONFLICT(spider, url) DO UPDATE SET run_id = excluded.run_id,
                    completed_at = excluded.completed_at, list_pages = excluded.list_pages,
                    reports_listed = excluded.reports_listed
                WHERE excluded.completed_at > column_walks.completed_at""")
        return added
