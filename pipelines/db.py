"""Every piece of SQL GAAR's database is made of: schema, version and upgrades,
views, full-text search, and the connection settings that make one file safe
for several writers and many readers.

Writers open the file through :func:`connect` and :func:`ensure_schema`;
nothing else in the project creates tables or views. The schema is explained
for people in ``docs/database.md``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import sqlite_utils

from gaar_spiders.report import templates

#: the schema version this GAAR writes (``PRAGMA user_version``)
SCHEMA_VERSION = 6

#: seconds a writer waits for another writer's transaction before giving up
DEFAULT_BUSY_TIMEOUT = 60.0

#: FTS5's trigram tokenizer (needed for Chinese) arrived in SQLite 3.34
MIN_SQLITE_FOR_TRIGRAM = (3, 34, 0)

PARSE_STATUSES = ("pending", "parsed", "failed", "not_report", "unsupported", "needs_ocr")
RUN_STATUSES = ("running", "ok", "degraded", "broken", "blocked")


class SchemaError(RuntimeError):
    """The file cannot be used as a GAAR database as it is; the message says what to do."""


class SchemaTooNew(SchemaError):
    """The file was written by a newer GAAR: this one must not write to it."""


# --- connection -------------------------------------------------------------------


def connect(path: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT, readonly: bool = False) -> sqlite_utils.Database:
    """Open ``path`` with the settings every GAAR connection uses.

    * autocommit at the driver level (``isolation_level=None``): transactions
      are explicit (:func:`write_transaction`), so a report is never split
      across two of them by the driver;
    * WAL: readers never block the writer and never see a half-written report;
    * ``busy_timeout``: writers from several scrapyd jobs queue instead of failing;
    * foreign keys on, and ``synchronous=NORMAL``: in WAL mode a committed report
      survives any crash of GAAR (a killed process, scrapyd stopping a job); only a
      power cut or OS crash can lose the last commits, never corrupt the file.
      ``GAAR_DB_SYNCHRONOUS=FULL`` (environment) trades an fsync per commit for that too.
    """
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        _enable_wal(conn, busy_timeout)
        level = os.environ.get("GAAR_DB_SYNCHRONOUS", "NORMAL").upper()
        conn.execute(f"PRAGMA synchronous = {level if level in ('NORMAL', 'FULL', 'EXTRA') else 'NORMAL'}")
    return sqlite_utils.Database(conn)


def _enable_wal(conn: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch to WAL, waiting out other processes that open the same new file at the same moment.

    Changing the journal mode needs an exclusive lock and SQLite reports
    "database is locked" at once rather than calling the busy handler, so wait here.
    """
    deadline = time.monotonic() + busy_timeout
    delay = 0.01
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One ``BEGIN IMMEDIATE`` … ``COMMIT``: all of it is written, or none of it.

    IMMEDIATE takes the write lock up front, so two writers queue on the busy
    timeout instead of one failing when it upgrades a read lock.
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def sqlite_supports_trigram() -> bool:
    return sqlite3.sqlite_version_info >= MIN_SQLITE_FOR_TRIGRAM


# --- schema, step by step -------------------------------------------------------------

_CORE_TABLES = """
CREATE TABLE crawl_runs (
    run_id TEXT PRIMARY KEY,
    spider TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'ok', 'degraded', 'broken', 'blocked')),
    reason TEXT,
    list_pages_declared INTEGER,
    list_pages_fetched INTEGER,
    reports_found INTEGER,
    reports_stored INTEGER,
    reports_failed INTEGER,
    blocked_pages INTEGER,
    stats_json TEXT
);

CREATE TABLE pages (
    page_id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    final_url TEXT,
    http_status INTEGER,
    kind TEXT NOT NULL DEFAULT 'page' CHECK (kind IN ('page', 'attachment')),
    spider TEXT NOT NULL,
    run_id TEXT REFERENCES crawl_runs(run_id),
    fetched_at TEXT NOT NULL,
    last_fetched_at TEXT NOT NULL,
    times_fetched INTEGER NOT NULL DEFAULT 1,
    headers_json TEXT NOT NULL DEFAULT '{}',
    content_type TEXT,
    encoding TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    body_gzip BLOB NOT NULL,
    source_url TEXT,
    link_text TEXT,
    hints_json TEXT NOT NULL DEFAULT '{}',
    parse_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (parse_status IN ('pending', 'parsed', 'failed', 'not_report', 'unsupported', 'needs_ocr')),
    parse_reason TEXT,
    parsed_at TEXT,
    chrome_method TEXT,
    page_meta_json TEXT,
    report_id TEXT REFERENCES reports(report_id) ON DELETE SET NULL,
    UNIQUE (url, sha256)
);
CREATE INDEX pages_fetched_at ON pages(fetched_at);
CREATE INDEX pages_parse_status ON pages(parse_status);
CREATE INDEX pages_report_id ON pages(report_id);
CREATE INDEX pages_sha256 ON pages(sha256);
CREATE INDEX pages_run_id ON pages(run_id);

CREATE TABLE reports (
    report_id TEXT PRIMARY KEY,
    url TEXT,
    title TEXT,
    organ TEXT,
    region TEXT,
    year INTEGER CHECK (year IS NULL OR typeof(year) = 'integer'),
    template TEXT CHECK (template IN ('2019', '2021', 'legacy')),
    published_on TEXT CHECK (published_on IS NULL OR published_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    signed_on TEXT CHECK (signed_on IS NULL OR signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body_text TEXT NOT NULL,
    layout TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    organ_source TEXT CHECK (organ_source IN ('parser', 'hints')),
    region_source TEXT CHECK (region_source IN ('parser', 'hints')),
    portal TEXT,
    division_code TEXT,
    spider TEXT,
    hints_json TEXT NOT NULL DEFAULT '{}',
    page_id INTEGER REFERENCES pages(page_id) ON DELETE SET NULL,
    n_cells INTEGER NOT NULL,
    n_sections INTEGER NOT NULL,
    n_checks INTEGER NOT NULL,
    n_checks_failed INTEGER NOT NULL,
    parser_version TEXT NOT NULL,
    parsed_at TEXT NOT NULL,
    first_stored_at TEXT NOT NULL
);
CREATE INDEX reports_organ_year ON reports(organ, year);
CREATE INDEX reports_region_year ON reports(region, year);
CREATE INDEX reports_year ON reports(year);
CREATE INDEX reports_template ON reports(template);

CREATE TABLE report_urls (
    report_id TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    page_id INTEGER REFERENCES pages(page_id) ON DELETE SET NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (report_id, url)
);
CREATE INDEX report_urls_url ON report_urls(url);

CREATE TABLE cells (
    report_id TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    "table" TEXT NOT NULL,
    row TEXT NOT NULL,
    col TEXT NOT NULL,
    value NUMERIC CHECK (typeof(value) IN ('integer', 'real', 'null')),
    raw TEXT NOT NULL DEFAULT '',
    recovered INTEGER NOT NULL DEFAULT 0 CHECK (recovered IN (0, 1)),
    PRIMARY KEY (report_id, "table", row, col)
);
CREATE INDEX cells_key ON cells("table", row, col);

CREATE TABLE sections (
    report_id TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
);
CREATE INDEX sections_key ON sections(key);

CREATE TABLE checks (
    report_id TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    "check" TEXT NOT NULL,
    ok INTEGER CHECK (ok IN (0, 1)),
    detail TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, position)
);
CREATE INDEX checks_check_ok ON checks("check", ok);

CREATE TABLE attachments (
    page_id INTEGER PRIMARY KEY REFERENCES pages(page_id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    source_url TEXT,
    filename TEXT,
    content_type TEXT,
    size INTEGER NOT NULL,
    link_text TEXT,
    report_id TEXT REFERENCES reports(report_id) ON DELETE SET NULL
);
CREATE INDEX attachments_source_url ON attachments(source_url);
CREATE INDEX attachments_report_id ON attachments(report_id);

CREATE TABLE failures (
    failure_id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    http_status INTEGER,
    spider TEXT NOT NULL,
    run_id TEXT REFERENCES crawl_runs(run_id),
    fetched_at TEXT NOT NULL
);
CREATE UNIQUE INDEX failures_once_per_run ON failures(url, reason, coalesce(run_id, ''));
CREATE INDEX failures_reason ON failures(reason);
"""

#: the columns of ``reports`` the full-text index covers
FTS_COLUMNS = ("title", "organ", "body_text")


def _full_text_search_sql() -> str:
    """An external-content FTS5 index over ``reports`` kept in sync by triggers.

    Named and shaped as sqlite-utils makes it (``reports_fts``, content=[reports],
    triggers reports_ai/_ad/_au) so ``sqlite-utils search`` and Datasette find it.
    The trigram tokenizer indexes every 3 characters, which is what makes
    Chinese searchable (the default tokenizer sees a whole sentence as one word).
    """
    cols = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
    new = ", ".join(f"new.[{c}]" for c in FTS_COLUMNS)
    old = ", ".join(f"old.[{c}]" for c in FTS_COLUMNS)
    return f"""
CREATE VIRTUAL TABLE [reports_fts] USING FTS5 (
    {cols},
    tokenize='trigram',
    content=[reports]
);
CREATE TRIGGER [reports_ai] AFTER INSERT ON [reports] BEGIN
  INSERT INTO [reports_fts] (rowid, {cols}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER [reports_ad] AFTER DELETE ON [reports] BEGIN
  INSERT INTO [reports_fts] ([reports_fts], rowid, {cols}) VALUES('delete', old.rowid, {old});
END;
CREATE TRIGGER [reports_au] AFTER UPDATE ON [reports] BEGIN
  INSERT INTO [reports_fts] ([reports_fts], rowid, {cols}) VALUES('delete', old.rowid, {old});
  INSERT INTO [reports_fts] (rowid, {cols}) VALUES (new.rowid, {new});
END;
INSERT INTO [reports_fts] ([reports_fts]) VALUES ('rebuild');
"""


def _step_1_core_tables(conn: sqlite3.Connection) -> None:
    _run_script(conn, _CORE_TABLES)


def _step_2_full_text_search(conn: sqlite3.Connection) -> None:
    if not sqlite_supports_trigram():
        raise SchemaError(
            f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer (needs 3.34 or later); "
            "install a Python built against a newer SQLite to create a GAAR database"
        )
    _run_script(conn, _full_text_search_sql())


#: the report levels (docs/parser.md): the CHECK of ``reports.level``
REPORT_LEVELS = ("township", "county", "department", "city", "province")
#: where ``reports.template`` was read (report/formats.py)
TEMPLATE_SOURCES = ("cells", "labels", "legacy", "notice")


def _step_3_organ_short_level(conn: sqlite3.Connection) -> None:
    """The bare name and level of the reporting office, and where the template was read (issue 12)."""
    levels = ", ".join(f"'{v}'" for v in REPORT_LEVELS)
    sources = ", ".join(f"'{v}'" for v in TEMPLATE_SOURCES)
    _run_script(conn, f"""
ALTER TABLE reports ADD COLUMN organ_short TEXT;
ALTER TABLE reports ADD COLUMN level TEXT CHECK (level IN ({levels}));
ALTER TABLE reports ADD COLUMN template_source TEXT CHECK (template_source IN ({sources}));
CREATE INDEX reports_level_year ON reports(level, year);
CREATE INDEX reports_organ_short ON reports(organ_short);
""")


def _step_4_failure_bodies(conn: sqlite3.Connection) -> None:
    """``failures.body_gzip``: the page of a failure that was fetched but could not be read
    (``list_unreadable``: a 年报 column whose adapter found no report link), kept for diagnosis."""
    _run_script(conn, "ALTER TABLE failures ADD COLUMN body_gzip BLOB;")


def _step_5_cell_candidates(conn: sqlite3.Connection) -> None:
    """``cells.candidates``: the values an unsettled cell can take (JSON list; ``[]`` when the
    text does not give the cell at all), NULL for a settled cell (docs/database.md)."""
    conn.execute(
        "ALTER TABLE cells ADD COLUMN candidates TEXT "
        "CHECK (candidates IS NULL OR (json_valid(candidates) AND json_type(candidates) = 'array'))"
    )


#: where ``reports.division_code`` came from (gaar_spiders/divisions/resolve.py)
DIVISION_SOURCES = ("registry", "site_id_code", "report")
#: how much a failed cross-year check weighs (gaar_spiders/report/crossyear.py)
CROSS_YEAR_SEVERITIES = ("error", "warning")


def _step_6_organ_identity(conn: sqlite3.Connection) -> None:
    """The same office across years (issue 18): ``reports.organ_key`` and where the division came
    from, and the checks between an office's consecutive reports (table ``cross_year``).
    Rows stored before keep ``organ_key`` NULL and the portal's ``division_code`` until
    ``gaar reparse`` identifies them."""
    sources = ", ".join(f"'{v}'" for v in DIVISION_SOURCES)
    severities = ", ".join(f"'{v}'" for v in CROSS_YEAR_SEVERITIES)
    _run_script(conn, f"""
ALTER TABLE reports ADD COLUMN organ_key TEXT;
ALTER TABLE reports ADD COLUMN division_source TEXT CHECK (division_source IN ({sources}));
ALTER TABLE reports ADD COLUMN division_reason TEXT;
CREATE INDEX reports_organ_key_year ON reports(organ_key, year);
CREATE INDEX reports_division_code ON reports(division_code);
CREATE TABLE cross_year (
    report_id TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    previous_report_id TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    organ_key TEXT NOT NULL,
    "check" TEXT NOT NULL,
    ok INTEGER CHECK (ok IN (0, 1)),
    severity TEXT NOT NULL DEFAULT 'error' CHECK (severity IN ({severities})),
    detail TEXT NOT NULL DEFAULT '',
    cells_json TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (report_id, previous_report_id, position)
);
CREATE INDEX cross_year_previous ON cross_year(previous_report_id);
CREATE INDEX cross_year_organ_key ON cross_year(organ_key);
CREATE INDEX cross_year_check_ok ON cross_year("check", ok);
""")


#: version -> the step that upgrades a database from ``version - 1`` to ``version``.
#: Append new steps; never edit a released one (databases in the wild ran it).
UPGRADES: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _step_1_core_tables,
    2: _step_2_full_text_search,
    3: _step_3_organ_short_level,
    4: _step_4_failure_bodies,
    5: _step_5_cell_candidates,
    6: _step_6_organ_identity,
}
assert sorted(UPGRADES) == list(range(1, SCHEMA_VERSION + 1))


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction (``executescript`` would commit it)."""
    for statement in _split_statements(script):
        conn.execute(statement)


def _split_statements(script: str) -> list[str]:
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        candidate = "\n".join(current).strip()
        if candidate and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def too_new_message(path: str, found: int) -> str:
    return (
        f"{path} has GAAR schema version {found}, but this GAAR only knows versions up to "
        f"{SCHEMA_VERSION}. It was written by a newer GAAR: upgrade GAAR "
        "(pip install -U gaar, or pull the latest code) before writing to it. "
        "Reading it with sqlite-utils or Datasette is safe."
    )


def check_readable(db: sqlite_utils.Database, path: str) -> int:
    """The version of an existing database, refusing files that are not GAAR's."""
    found = schema_version(db)
    if found == 0 and db.table_names():
        raise SchemaError(
            f"{path} is an SQLite database but not a GAAR one (no schema version, tables "
            f"{', '.join(db.table_names()[:5])}); give gaar a new file name"
        )
    return found


def ensure_schema(db: sqlite_utils.Database, path: str = "database") -> int:
    """Create or upgrade the schema to :data:`SCHEMA_VERSION` and refresh the views.

    Runs in one write transaction, so concurrent writers opening a new file
    create it once, and a failed upgrade leaves the old version intact.
    Returns the version found before upgrading (0 for a new file).
    """
    with write_transaction(db):
        found = check_readable(db, path)
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(too_new_message(path, found))
        for version in range(found + 1, SCHEMA_VERSION + 1):
            UPGRADES[version](db.conn)
        if found != SCHEMA_VERSION:
            db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        sync_views(db.conn)
    return found


# --- views --------------------------------------------------------------------------

_KEY = re.compile(r"^[a-z][a-z0-9_.]*$")


def wide_column(row: str, col: str) -> str:
    """The wide views' column for a (row, col) key: ``denied.state_secret`` × ``total``
    -> ``denied_state_secret__total`` (dots become ``_``, row and col are joined by ``__``)."""
    return f"{row.replace('.', '_')}__{col}"


def _ordered_unique(items) -> list:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def wide_keys(table: str) -> list[tuple[str, str]]:
    """Every (row, col) any template defines for ``table``, in printed order."""
    if table == "requests":
        defined = {r for t in templates.TABLE_TEMPLATES for r in templates.REQUEST_TEMPLATE_ROWS[t]}
        # printed order, with 2021's 'other.*' rows next to 2019's single 'other' row
        rows = [row.key for row in templates.REQUEST_ROWS if row.key in defined]
        return [(r, c) for r in rows for c in templates.REQUEST_COLUMNS]
    if table == "active":
        keys = []
        for row in templates.ACTIVE_ROWS:
            cols = _ordered_unique(
                c for t in templates.TABLE_TEMPLATES for c in templates.ACTIVE_COLUMNS[t].get(row.key, ())
            )
            keys.extend((row.key, c) for c in cols)
        return keys
    if table == "review":
        return [(row.key, c) for row in templates.REVIEW_ROWS for c in templates.REVIEW_COLUMNS]
    raise ValueError(f"no wide view for table {table!r}")


WIDE_TABLES = ("requests", "active", "review")
#: the report's columns each wide view starts with, before one column per cell
WIDE_LEADING_COLUMNS = ("report_id", "organ", "organ_short", "level", "region", "year", "template", "url")


def _wide_view_sql(table: str) -> str:
    columns = []
    for row, col in wide_keys(table):
        if not (_KEY.match(row) and _KEY.match(col)):
            raise ValueError(f"unexpected template key {row!r}/{col!r}")
        columns.append(
            f"    max(CASE WHEN c.row = '{row}' AND c.col = '{col}' THEN c.value END) AS {wide_column(row, col)}"
        )
    return (
        "SELECT " + ", ".join(f"r.{c}" for c in WIDE_LEADING_COLUMNS) + ",\n"
        + ",\n".join(columns)
        + f"\nFROM reports r\nLEFT JOIN cells c ON c.report_id = r.report_id AND c.\"table\" = '{table}'\n"
        "GROUP BY r.report_id"
    )


#: the office a report is counted under in ``coverage``: its organ_key, else its printed organ
#: within its portal (a report whose office did not resolve is still seen)
_OFFICE = "coalesce(organ_key, '?' || coalesce(portal, '') || '/' || coalesce(organ, ''))"
#: the reports a year is expected from: the portal crawled, else the county (first six digits)
_SCOPE = "coalesce(portal, substr(division_code, 1, 6), '')"


def _coverage_sql() -> str:
    """Office × year from each office's first report to the latest year its portal (or county)
    has a report for; a year without a report is a row with ``status`` = 'missing'."""
    return f"""WITH RECURSIVE
rep AS (
    SELECT report_id, organ_key, organ, organ_short, level, portal, division_code, year, template,
        n_checks_failed, {_OFFICE} AS office, {_SCOPE} AS scope
    FROM reports WHERE year IS NOT NULL
),
scopes AS (SELECT scope, max(year) AS last_year FROM rep GROUP BY scope),
offices AS (
    SELECT office, max(organ_key) AS organ_key, max(scope) AS scope, max(portal) AS portal,
        max(division_code) AS division_code, min(year) AS first_year
    FROM rep GROUP BY office
),
names AS (
    SELECT office, organ, organ_short, level FROM (
        SELECT office, organ, organ_short, level,
            row_number() OVER (PARTITION BY office ORDER BY year DESC, report_id) AS latest
        FROM rep)
    WHERE latest = 1
),
expected(office, year) AS (
    SELECT office, first_year FROM offices
    UNION ALL
    SELECT e.office, e.year + 1 FROM expected e JOIN offices o ON o.office = e.office
        JOIN scopes s ON s.scope = o.scope
    WHERE e.year < s.last_year
),
found AS (
    SELECT office, year, count(*) AS reports, group_concat(template) AS templates,
        sum(n_checks_failed) AS checks_failed, group_concat(report_id) AS report_ids
    FROM rep GROUP BY office, year
),
across AS (
    SELECT rep.office, rep.year, count(*) AS failed
    FROM cross_year x JOIN rep ON rep.report_id = x.report_id
    WHERE x.ok = 0 AND x.severity = 'error'
    GROUP BY rep.office, rep.year
)
SELECT o.organ_key, n.organ, n.organ_short, n.level, o.portal, o.division_code, e.year,
    CASE WHEN f.reports IS NULL THEN 'missing' ELSE 'reported' END AS status,
    coalesce(f.reports, 0) AS reports, f.templates, f.checks_failed,
    CASE WHEN f.reports IS NULL THEN NULL ELSE coalesce(a.failed, 0) END AS cross_year_failed,
    f.report_ids
FROM expected e
JOIN offices o ON o.office = e.office
JOIN names n ON n.office = e.office
LEFT JOIN found f ON f.office = e.office AND f.year = e.year
LEFT JOIN across a ON a.office = e.office AND a.year = e.year"""


def view_definitions() -> dict[str, str]:
    """name -> SELECT of every view GAAR maintains (rebuilt when they differ)."""
    views = {f"{t}_wide": _wide_view_sql(t) for t in WIDE_TABLES}
    views["failed_checks"] = (
        'SELECT r.report_id, r.organ, r.level, r.region, r.year, k."check", k.detail, r.title, r.url,\n'
        "    'report' AS kind, r.organ_key, NULL AS previous_report_id\n"
        "FROM checks k JOIN reports r ON r.report_id = k.report_id\n"
        "WHERE k.ok = 0\n"
        "UNION ALL\n"
        'SELECT r.report_id, r.organ, r.level, r.region, r.year, x."check", x.detail, r.title, r.url,\n'
        "    'cross_year' AS kind, x.organ_key, x.previous_report_id\n"
        "FROM cross_year x JOIN reports r ON r.report_id = x.report_id\n"
        "WHERE x.ok = 0 AND x.severity = 'error'"
    )
    views["cross_year_checks"] = (
        'SELECT x.organ_key, r.organ, r.division_code, r.portal, p.year AS previous_year, r.year, x."check",\n'
        "    x.ok, x.severity, x.detail, x.cells_json, x.previous_report_id, x.report_id,\n"
        "    p.organ AS previous_organ, r.url, p.url AS previous_url\n"
        "FROM cross_year x\n"
        "JOIN reports r ON r.report_id = x.report_id\n"
        "JOIN reports p ON p.report_id = x.previous_report_id"
    )
    views["coverage"] = _coverage_sql()
    views["report_pages"] = (
        "SELECT u.report_id, u.url, p.kind, p.final_url, p.fetched_at, p.chrome_method,\n"
        "    json_extract(p.page_meta_json, '$.ArticleTitle') AS page_title,\n"
        "    json_extract(p.page_meta_json, '$.PubDate') AS page_pub_date,\n"
        "    json_extract(p.page_meta_json, '$.SiteIDCode') AS site_id_code,\n"
        "    json_extract(p.page_meta_json, '$.ContentSource') AS content_source,\n"
        "    a.source_url AS attached_to\n"
        "FROM report_urls u\n"
        "LEFT JOIN pages p ON p.page_id = u.page_id\n"
        "LEFT JOIN attachments a ON a.page_id = u.page_id"
    )
    views["parse_failures"] = (
        "SELECT page_id, url, kind, spider, run_id, fetched_at, parse_status, parse_reason\n"
        "FROM pages\n"
        "WHERE parse_status NOT IN ('parsed', 'pending')"
    )
    return views


def sync_views(conn: sqlite3.Connection) -> None:
    """(Re)create views whose definition changed, e.g. after templates.py gained a row."""
    existing = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    for name, select in view_definitions().items():
        sql = f"CREATE VIEW {name} AS\n{select}"
        if existing.get(name) == sql:
            continue
        if name in existing:
            conn.execute(f"DROP VIEW {name}")
        conn.execute(sql)
