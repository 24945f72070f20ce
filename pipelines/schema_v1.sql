-- GAAR schema version 1: the tables and indexes (pipelines/db.py, step 1; docs/database.md).
-- Released: never edit it (databases in the wild were made by it); a change is a new step.
-- RUN_STATUSES and PAGE_STATUSES stand for the words of gaar_spiders/status.py.
CREATE TABLE crawl_runs (
    run_id TEXT PRIMARY KEY,
    spider TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN (RUN_STATUSES)),
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
        CHECK (parse_status IN (PAGE_STATUSES)),
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
