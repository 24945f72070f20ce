"""The database file: keys, indexes, WAL, versions and upgrades, views, Chinese full-text search."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils
from tests.storage_support import make_report

from gaar_spiders.report import templates
from pipelines import db as schema
from pipelines.storage import Reader, Storage


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / "gaar.db")


def rows(path_or_store, sql, params=()):
    if isinstance(path_or_store, Reader):
        return path_or_store.conn.execute(sql, params).fetchall()
    with sqlite3.connect(path_or_store) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_new_database_has_every_table_with_keys_and_indexes(path):
    Storage(path).close()
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"crawl_runs", "pages", "reports", "report_urls", "cells", "sections", "checks", "attachments",
            "failures", "reports_fts"} <= tables
    for child in ("cells", "sections", "checks", "report_urls"):
        fks = conn.execute(f"PRAGMA foreign_key_list({child})").fetchall()
        assert ("reports", "report_id", "report_id") in {(f[2], f[3], f[4]) for f in fks}
    indexed = {r[0] for r in conn.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'index'")}
    assert {"reports", "pages", "cells", "checks", "report_urls"} <= indexed
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_connections_wait_for_each_other_and_enforce_foreign_keys(path):
    store = Storage(path, busy_timeout=12)
    assert rows(store, "PRAGMA busy_timeout") == [(12000,)]
    assert rows(store, "PRAGMA foreign_keys") == [(1,)]
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO cells (report_id, \"table\", row, col, value) VALUES ('nope', 'a', 'b', 'c', 1)")
    store.close()


def _make_version_1(path):
    """A database as GAAR schema version 1 left it (no full-text index yet), with a report in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    schema.UPGRADES[1](sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    report = make_report()
    conn.execute(
        "INSERT INTO reports (report_id, title, organ, year, body_text, n_cells, n_sections, n_checks, "
        "n_checks_failed, parser_version, parsed_at, first_stored_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 'old', 'x', 'x')",
        (report.report_id, report.title, report.organ, report.year, report.body_text),
    )
    conn.close()
    return report


def test_an_older_database_is_upgraded_when_opened_and_keeps_its_rows(path):
    old = _make_version_1(path)
    with Storage(path) as store:
        assert store.found_version == 1
        assert rows(store, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
        hits = rows(store, "SELECT report_id FROM reports WHERE rowid IN "
                           "(SELECT rowid FROM reports_fts WHERE reports_fts MATCH '政府集中采购')")
        assert hits == [(old.report_id,)]


#: the full-text index as GAAR schema version 2 wrote it by hand (before sqlite-utils made it)
VERSION_2_FTS = """
CREATE VIRTUAL TABLE [reports_fts] USING FTS5 ([title], [organ], [body_text], tokenize='trigram', content=[reports]);
CREATE TRIGGER [reports_ai] AFTER INSERT ON [reports] BEGIN
  INSERT INTO [reports_fts] (rowid, [title], [organ], [body_text]) VALUES (new.rowid, new.[title], new.[organ], new.[body_text]);
END;
CREATE TRIGGER [reports_ad] AFTER DELETE ON [reports] BEGIN
  INSERT INTO [reports_fts] ([reports_fts], rowid, [title], [organ], [body_text])
  VALUES('delete', old.rowid, old.[title], old.[organ], old.[body_text]);
END;
CREATE TRIGGER [reports_au] AFTER UPDATE ON [reports] BEGIN
  INSERT INTO [reports_fts] ([reports_fts], rowid, [title], [organ], [body_text])
  VALUES('delete', old.rowid, old.[title], old.[organ], old.[body_text]);
  INSERT INTO [reports_fts] (rowid, [title], [organ], [body_text]) VALUES (new.rowid, new.[title], new.[organ], new.[body_text]);
END;
INSERT INTO [reports_fts] ([reports_fts]) VALUES ('rebuild');
"""


def test_a_version_2_database_gets_the_index_sqlite_utils_makes_and_keeps_finding(path):
    old = _make_version_1(path)
    conn = sqlite3.connect(path)
    conn.executescript(VERSION_2_FTS + "PRAGMA user_version = 2;")
    conn.close()
    with Storage(path) as store:
        assert store.found_version == 2
        fts = store.db["reports"].detect_fts()
        assert fts == "reports_fts" and '"reports"' in store.db[fts].schema  # rebuilt as sqlite-utils writes it
        assert store.db["reports"].search("政府集中采购")  # what `sqlite-utils search` and Datasette do
        assert {t.name for t in store.db["reports"].triggers} == {"reports_ai", "reports_ad", "reports_au"}
        store.save_report(make_report(organ="某某镇人民政府", seed=9, body_extra="依申请公开的特别事项"))
        hits = rows(store, "SELECT title FROM reports WHERE rowid IN "
                           "(SELECT rowid FROM reports_fts WHERE reports_fts MATCH '特别事项')")
        assert len(hits) == 1 and old.report_id in {r[0] for r in rows(store, "SELECT report_id FROM reports")}


def test_the_status_words_are_the_databases_check_constraints(path):
    from gaar_spiders.status import PageStatus, RunStatus

    with Storage(path) as store:
        run = store.start_run("dazu")
        page_id = store.save_page({"url": "https://x.gov.cn/1", "body": b"x", "spider": "dazu", "run_id": run})
        for status in PageStatus:
            store.conn.execute("UPDATE pages SET parse_status = ? WHERE page_id = ?", (status.value, page_id))
        for status in RunStatus:
            store.conn.execute("UPDATE crawl_runs SET status = ? WHERE run_id = ?", (status.value, run))
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE pages SET parse_status = 'exploded' WHERE page_id = ?", (page_id,))
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE crawl_runs SET status = 'fine' WHERE run_id = ?", (run,))


def test_a_database_from_a_newer_gaar_is_refused_with_what_to_do(path):
    Storage(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    before = open(path, "rb").read()
    with pytest.raises(schema.SchemaTooNew) as err:
        Storage(path)
    message = str(err.value)
    assert "upgrade GAAR" in message and str(schema.SCHEMA_VERSION + 1) in message
    assert open(path, "rb").read() == before
    with Reader(path) as store:  # reading stays possible, and only reading
        assert rows(store, "SELECT count(*) FROM reports") == [(0,)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("INSERT INTO crawl_runs (run_id, spider, started_at) VALUES ('r', 'dazu', 'x')")


def test_a_foreign_sqlite_file_is_not_taken_over(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE chickens (name TEXT)")
    with pytest.raises(schema.SchemaError, match="not a GAAR"):
        Storage(path)


def test_wide_views_have_a_column_for_every_template_cell(path):
    with Storage(path) as store:
        for table in schema.WIDE_TABLES:
            columns = [r[1] for r in rows(store, f"PRAGMA table_info({table}_wide)")]
            expected = [schema.wide_column(r, c) for r, c in schema.wide_keys(table)]
            assert columns[:len(schema.WIDE_LEADING_COLUMNS)] == list(schema.WIDE_LEADING_COLUMNS)
            assert columns[len(schema.WIDE_LEADING_COLUMNS):] == expected
        requests = {c for r, c in schema.wide_keys("requests")} | {r for r, c in schema.wide_keys("requests")}
        assert set(templates.REQUEST_COLUMNS) <= requests
        assert {r.key for r in templates.REQUEST_ROWS} <= requests
        for t in templates.TABLE_TEMPLATES:
            for row, cols in templates.ACTIVE_COLUMNS[t].items():
                assert {(row, c) for c in cols} <= set(schema.wide_keys("active"))


def test_wide_views_put_each_cell_in_its_column_one_row_per_report(path):
    with Storage(path) as store:
        r2019, r2021 = make_report(year=2020, seed=1), make_report(year=2022, seed=2)
        store.save_report(r2019)
        store.save_report(r2021)
        assert rows(store, "SELECT count(*) FROM requests_wide") == [(2,)]
        got = rows(store, "SELECT denied_state_secret__natural_person, new__total, other__total, "
                          "other_no_fee__total FROM requests_wide WHERE report_id = ?", (r2021.report_id,))
        assert got == [(r2021.value("requests", "denied.state_secret", "natural_person"),
                        r2021.value("requests", "new", "total"), None,
                        r2021.value("requests", "other.no_fee", "total"))]
        assert rows(store, "SELECT rules__made, rules__issued FROM active_wide WHERE report_id = ?",
                    (r2019.report_id,)) == [(r2019.value("active", "rules", "made"), None)]
        assert rows(store, "SELECT litigation_after__total FROM review_wide WHERE report_id = ?",
                    (r2019.report_id,)) == [(r2019.value("review", "litigation_after", "total"),)]


def test_failed_checks_and_coverage_views(path):
    with Storage(path) as store:
        store.save_report(make_report(year=2021, balanced=False))
        store.save_report(make_report(year=2022, seed=3))
        store.save_report(make_report(year=2022, seed=4))
        failed = rows(store, 'SELECT organ, year, "check", detail FROM failed_checks')
        assert failed == [("重庆市大足区邮亭镇人民政府", 2021, "requests.balance",
                           "requests.balance[total]: new does not equal results_total + carry_forward")]
        coverage = rows(store, "SELECT organ, year, reports, checks_failed FROM coverage ORDER BY year")
        assert coverage == [("重庆市大足区邮亭镇人民政府", 2021, 1, 1), ("重庆市大足区邮亭镇人民政府", 2022, 2, 0)]


def test_full_text_search_finds_chinese_and_follows_updates_and_deletes(path):
    assert schema.sqlite_supports_trigram(), sqlite3.sqlite_version
    with Storage(path) as store:
        report = make_report(body_extra="本机关全年未收取任何费用。")
        store.save_report(report)
        search = ("SELECT r.report_id FROM reports r WHERE r.rowid IN "
                  "(SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)")
        assert rows(store, search, ("政府集中采购",)) == [(report.report_id,)]
        assert rows(store, search, ("未收取任何费用",)) == [(report.report_id,)]
        assert rows(store, search, ("不存在的句子",)) == []
        # two characters are below the trigram: LIKE finds them
        assert rows(store, "SELECT report_id FROM reports WHERE body_text LIKE ?", ("%采购%",)) == [(report.report_id,)]
        report.title = "更正后的标题政务公开年报"
        store.save_report(report)
        assert rows(store, search, ("更正后的标题",)) == [(report.report_id,)]
        store.prune_reports([report.report_id])
        assert rows(store, search, ("政府集中采购",)) == []
        assert rows(store, "INSERT INTO reports_fts(reports_fts, rank) VALUES ('integrity-check', 1)") == []
