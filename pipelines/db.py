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
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator, Optional

import sqlite_utils

from gaar_spiders import config
from gaar_spiders.report import templates
from gaar_spiders.status import READ_STATUSES, PageStatus, RunStatus

#: the schema version this GAAR writes (``PRAGMA user_version``)
SCHEMA_VERSION = 9

#: seconds a writer waits for another writer's transaction (``GAAR_DB_BUSY_TIMEOUT``)
DEFAULT_BUSY_TIMEOUT = float(config.setting("GAAR_DB_BUSY_TIMEOUT"))

#: FTS5's trigram tokenizer (needed for Chinese) arrived in SQLite 3.34
MIN_SQLITE_FOR_TRIGRAM = (3, 34, 0)

#: what ``GAAR_DB_SYNCHRONOUS`` may say (SQLite's ``PRAGMA synchronous`` levels that keep commits)
SYNCHRONOUS_LEVELS = ("NORMAL", "FULL", "EXTRA")


class SchemaError(RuntimeError):
    """The file cannot be used as a GAAR database as it is; the message says what to do."""


class SchemaTooNew(SchemaError):
    """The file was written by a newer GAAR: this one must not write to it."""


# --- connection -------------------------------------------------------------------


def connect(path: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT, readonly: bool = False,
            synchronous: Optional[str] = None) -> sqlite_utils.Database:
    """Open ``path`` with the settings every GAAR connection uses.

    * autocommit at the driver level (``isolation_level=None``): transactions
      are explicit (:func:`write_transaction`), so a report is never split
      across two of them by the driver;
    * WAL: readers never block the writer and never see a half-written report;
    * ``busy_timeout``: writers from several scrapyd jobs queue instead of failing;
    * foreign keys on, and ``synchronous=NORMAL``: in WAL mode a committed report
      survives any crash of GAAR (a killed process, scrapyd stopping a job); only a
      power cut or OS crash can lose the last commits, never corrupt the file.
      ``synchronous`` (default: the ``GAAR_DB_SYNCHRONOUS`` setting) ``FULL`` trades an
      fsync per commit for that too.
    """
    if readonly:
        conn = sqlite3.connect(readonly_uri(path), uri=True, timeout=busy_timeout, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        _enable_wal(conn, busy_timeout)
        level = str(synchronous or config.setting("GAAR_DB_SYNCHRONOUS")).upper()
        conn.execute(f"PRAGMA synchronous = {level if level in SYNCHRONOUS_LEVELS else 'NORMAL'}")
    return sqlite_utils.Database(conn)


def wal_in_use(path: str) -> bool:
    """Whether ``path`` has committed changes waiting in its ``-wal`` file (not yet checkpointed
    into the file itself). A GAAR database stays in WAL mode; when its last writer closes,
    SQLite folds the log back and removes it, so a file handed over has none."""
    wal = Path(str(path) + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def readonly_uri(path: str) -> str:
    """The URI a read-only command opens ``path`` with.

    ``mode=ro`` reads without writing, but SQLite still needs the ``-shm`` index next to
    a WAL-mode file, which it cannot make in a folder it cannot write (a read-only mount, a
    colleague's folder, a CD): there the file is opened ``immutable=1`` — no locks, no
    ``-shm``, read as it lies — which is right as long as no changes wait in a ``-wal`` file
    (none does after a clean close, or in a copy made by ``gaar export``). With changes
    waiting, ``mode=ro`` is tried and fails: the caller says to copy the files or export.
    """
    resolved = Path(path).resolve()
    uri = resolved.as_uri() + "?mode=ro"
    if not os.access(resolved.parent, os.W_OK) and not wal_in_use(str(resolved)):
        uri += "&immutable=1"
    return uri


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

def _sql_in(words) -> str:
    """``'a', 'b'`` for a CHECK (… IN (…)) constraint."""
    return ", ".join(f"'{w}'" for w in words.values())


def _sql_in_values(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def core_tables_sql() -> str:
    """The tables and indexes of schema version 1 (``pipelines/schema_v1.sql``), the CHECK
    constraints on statuses written from ``gaar_spiders.status``."""
    script = resources.files(__package__).joinpath("schema_v1.sql").read_text(encoding="utf-8")
    script = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    return script.replace("RUN_STATUSES", _sql_in(RunStatus)).replace("PAGE_STATUSES", _sql_in(PageStatus))


#: the columns of ``reports`` the full-text index covers
FTS_COLUMNS = ("title", "organ", "body_text")


def _full_text_search(db: sqlite_utils.Database, *, replace: bool = False) -> None:
    """An external-content FTS5 index over ``reports`` (``reports_fts``) kept in step by
    triggers (``reports_ai/_ad/_au``), made by sqlite-utils, so ``sqlite-utils search`` and
    Datasette find it. The trigram tokenizer indexes every 3 characters, which is what
    makes Chinese searchable (the default tokenizer sees a whole sentence as one word).
    With ``replace``, an index made otherwise is rebuilt (and refilled) this way.
    """
    if not sqlite_supports_trigram():
        raise SchemaError(
            f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer (needs 3.34 or later); "
            "install a Python built against a newer SQLite to create a GAAR database"
        )
    db["reports"].enable_fts(FTS_COLUMNS, create_triggers=True, tokenize="trigram", replace=replace)


def _step_1_core_tables(db: sqlite_utils.Database) -> None:
    db.executescript(core_tables_sql())  # inside ensure_schema's transaction: sqlite-utils does not commit


def _step_2_full_text_search(db: sqlite_utils.Database) -> None:
    # Up to GAAR's schema version 2 this step wrote the same index as hand-written DDL;
    # step 6 rebuilds an index made that way.
    _full_text_search(db)


#: the report levels (docs/parser.md): the CHECK of ``reports.level``
REPORT_LEVELS = ("township", "county", "department", "city", "province")
#: where ``reports.template`` was read (report/formats.py)
TEMPLATE_SOURCES = ("cells", "labels", "legacy", "notice")


def _step_3_organ_short_level(db: sqlite_utils.Database) -> None:
    """The bare name and level of the reporting office, and where the template was read (issue 12)."""
    levels = ", ".join(f"'{v}'" for v in REPORT_LEVELS)
    sources = ", ".join(f"'{v}'" for v in TEMPLATE_SOURCES)
    db.executescript(f"""
ALTER TABLE reports ADD COLUMN organ_short TEXT;
ALTER TABLE reports ADD COLUMN level TEXT CHECK (level IN ({levels}));
ALTER TABLE reports ADD COLUMN template_source TEXT CHECK (template_source IN ({sources}));
CREATE INDEX reports_level_year ON reports(level, year);
CREATE INDEX reports_organ_short ON reports(organ_short);
""")


def _step_4_failure_bodies(db: sqlite_utils.Database) -> None:
    """``failures.body_gzip``: the page of a failure that was fetched but could not be read
    (``list_unreadable``: a 年报 column whose adapter found no report link), kept for diagnosis."""
    db.execute("ALTER TABLE failures ADD COLUMN body_gzip BLOB")


def _step_5_cell_candidates(db: sqlite_utils.Database) -> None:
    """``cells.candidates``: the values an unsettled cell can take (JSON list; ``[]`` when the
    text does not give the cell at all), NULL for a settled cell (docs/database.md)."""
    db.execute(
        "ALTER TABLE cells ADD COLUMN candidates TEXT "
        "CHECK (candidates IS NULL OR (json_valid(candidates) AND json_type(candidates) = 'array'))"
    )


def _step_6_full_text_search_by_sqlite_utils(db: sqlite_utils.Database) -> None:
    _full_text_search(db, replace=True)


#: where ``reports.division_code`` came from (gaar_spiders/divisions/resolve.py)
DIVISION_SOURCES = ("registry", "site_id_code", "report")
#: how much a failed cross-year check weighs (gaar_spiders/report/crossyear.py)
CROSS_YEAR_SEVERITIES = ("error", "warning")


def _step_7_organ_identity(db: sqlite_utils.Database) -> None:
    """The same office across years (issue 18): ``reports.organ_key`` and where the division came
    from, and the checks between an office's consecutive reports (table ``cross_year``).
    Rows stored before keep ``organ_key`` NULL and the portal's ``division_code`` until
    ``gaar reparse`` identifies them."""
    sources = ", ".join(f"'{v}'" for v in DIVISION_SOURCES)
    severities = ", ".join(f"'{v}'" for v in CROSS_YEAR_SEVERITIES)
    db.executescript(f"""
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


#: what a link the crawl found leads to (``links.kind``): a report page or an attachment
LINK_KINDS = ("page", "attachment")


def _step_8_resumable_crawls(db: sqlite_utils.Database) -> None:
    """Resumable crawls and corrected reports (issue 14), in one step:

    - ``reports.superseded_by`` / ``superseded_at``: a report whose page was fetched again and now
      gives another report is kept as history, pointing at the report that replaced it; the views
      show current reports only;
    - ``crawl_runs.process``: ``host:pid:start`` of the crawl process, so the next start can tell a
      run that died (``running`` for ever after a kill) from one still going, and close it;
    - ``links``: the crawl's frontier in the database: every report page and attachment link a
      crawl found, recorded before it is requested, with its failures and back-off (a link with no
      page read yet is pending: the next run fetches it);
    - ``column_walks``: the 年报 columns whose list walk was completed, so an incremental walk stops
      at the first page with nothing new only where a whole walk was done before.
    """
    kinds = ", ".join(f"'{k}'" for k in LINK_KINDS)
    db.executescript(f"""
ALTER TABLE reports ADD COLUMN superseded_by TEXT REFERENCES reports(report_id) ON DELETE SET NULL;
ALTER TABLE reports ADD COLUMN superseded_at TEXT;
CREATE INDEX reports_superseded_by ON reports(superseded_by);
ALTER TABLE crawl_runs ADD COLUMN process TEXT;
CREATE INDEX crawl_runs_status ON crawl_runs(status);
CREATE TABLE links (
    spider TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ({kinds})),
    source_url TEXT,
    link_text TEXT,
    list_url TEXT,
    list_date TEXT,
    run_id TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    last_reason TEXT,
    last_failed_at TEXT,
    retry_after TEXT,
    PRIMARY KEY (spider, url)
);
CREATE INDEX links_url ON links(url);
CREATE INDEX links_source_url ON links(source_url);
CREATE TABLE column_walks (
    spider TEXT NOT NULL,
    url TEXT NOT NULL,
    run_id TEXT,
    completed_at TEXT NOT NULL,
    list_pages INTEGER,
    reports_listed INTEGER,
    PRIMARY KEY (spider, url)
);
""")


#: the CHECK constraints written from ``gaar_spiders.status``: (table, column, its words)
STATUS_CHECKS = (("pages", "parse_status", PageStatus), ("crawl_runs", "status", RunStatus))


def _status_check_sql(table_sql: str, column: str, words) -> str:
    """``table_sql`` with its ``CHECK (column IN (…))`` listing ``words``."""
    pattern = re.compile(rf"(CHECK\s*\(\s*{column}\s+IN\s*\()([^)]*)(\)\s*\))")
    if not pattern.search(table_sql):
        raise SchemaError(f"no CHECK on {column} found to bring up to date: {table_sql[:80]}…")
    return pattern.sub(lambda m: m.group(1) + _sql_in(words) + m.group(3), table_sql, count=1)


def follow_status_words(db: sqlite_utils.Database) -> None:
    """Make the status CHECK constraints list every word of ``gaar_spiders/status.py``.

    SQLite cannot alter a CHECK constraint, and rebuilding ``pages`` would fire the
    ``ON DELETE SET NULL`` of every table that points at it. Widening a CHECK does not
    change how anything is stored, so this is SQLite's documented schema edit
    (``PRAGMA writable_schema``, the schema version bumped so every connection re-reads
    it), inside the upgrade's transaction. Words are only ever added, never removed, so
    every stored row still satisfies the new constraint. Any upgrade step that adds a
    status word calls this.
    """
    conn = db.conn
    changed = False
    for table, column, words in STATUS_CHECKS:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
        new = _status_check_sql(sql, column, words)
        if new != sql:
            conn.execute("PRAGMA writable_schema = ON")
            try:
                conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (new, table))
            finally:
                conn.execute("PRAGMA writable_schema = OFF")
            changed = True
    if changed:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute(f"PRAGMA schema_version = {version + 1}")


def _step_9_via_attachment(db: sqlite_utils.Database) -> None:
    """``via_attachment`` (issue 15): a page whose report was read from its attachment is no
    failure. The status CHECKs follow ``gaar_spiders/status.py``; pages kept ``not_report``
    before stay so until ``gaar reparse`` reads them again."""
    follow_status_words(db)


#: version -> the step that upgrades a database from ``version - 1`` to ``version``.
#: Append new steps; never edit a released one (databases in the wild ran it).
UPGRADES: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _step_1_core_tables,
    2: _step_2_full_text_search,
    3: _step_3_organ_short_level,
    4: _step_4_failure_bodies,
    5: _step_5_cell_candidates,
    6: _step_6_full_text_search_by_sqlite_utils,
    7: _step_7_organ_identity,
    8: _step_8_resumable_crawls,
    9: _step_9_via_attachment,
}
assert sorted(UPGRADES) == list(range(1, SCHEMA_VERSION + 1))


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
            UPGRADES[version](db)
        if found != SCHEMA_VERSION:
            db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        sync_views(db)
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
        f"WHERE r.{CURRENT}\nGROUP BY r.report_id"
    )


#: a report that is live: not superseded by a corrected version of its page (step 8)
CURRENT = "superseded_by IS NULL"
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
    FROM reports WHERE year IS NOT NULL AND {CURRENT}
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
        f"WHERE k.ok = 0 AND r.{CURRENT}\n"
        "UNION ALL\n"
        'SELECT r.report_id, r.organ, r.level, r.region, r.year, x."check", x.detail, r.title, r.url,\n'
        "    'cross_year' AS kind, x.organ_key, x.previous_report_id\n"
        "FROM cross_year x JOIN reports r ON r.report_id = x.report_id\n"
        f"WHERE x.ok = 0 AND x.severity = 'error' AND r.{CURRENT}"
    )
    views["cross_year_checks"] = (
        'SELECT x.organ_key, r.organ, r.division_code, r.portal, p.year AS previous_year, r.year, x."check",\n'
        "    x.ok, x.severity, x.detail, x.cells_json, x.previous_report_id, x.report_id,\n"
        "    p.organ AS previous_organ, r.url, p.url AS previous_url\n"
        "FROM cross_year x\n"
        "JOIN reports r ON r.report_id = x.report_id\n"
        "JOIN reports p ON p.report_id = x.previous_report_id\n"
        f"WHERE r.{CURRENT} AND p.{CURRENT}"
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
        f"WHERE parse_status NOT IN ({_sql_in_values((*READ_STATUSES, PageStatus.PENDING))})"
    )
    return views


def sync_views(db: sqlite_utils.Database) -> None:
    """(Re)create the views whose definition changed, e.g. after templates.py gained a row."""
    for name, select in view_definitions().items():
        db.create_view(name, select, replace=True)
