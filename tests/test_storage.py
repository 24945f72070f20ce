"""Storage: raw pages kept as they came, one row per report, hints noted, text bound not spliced."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3

import pytest
from storage_support import make_report

from gaar_spiders.items import FailureItem, PageItem
from gaar_spiders.report.model import Cell
from pipelines.storage import Storage


@pytest.fixture
def store(tmp_path):
    s = Storage(str(tmp_path / "gaar.db"))
    yield s
    s.close()


def one(store, sql, params=()):
    return store.conn.execute(sql, params).fetchone()


def page(url="https://www.dazu.gov.cn/zwgk/1.html", body="<html><p>报告</p></html>".encode(), **kw):
    return PageItem(url=url, body=body, spider="dazu", **kw)


def test_a_page_is_kept_compressed_and_byte_exact(store):
    body = "<html><meta charset=gbk><p>政府信息公开</p></html>".encode("gbk") * 50
    pid = store.save_page(page(body=body, status=200, final_url="https://www.dazu.gov.cn/x", encoding="gbk",
                               headers={"Content-Type": "text/html; charset=gbk"}, run_id="run-1",
                               hints={"organ": "大足区人民政府"}))
    stored = store.load_page(pid)
    assert stored.body == body
    assert stored.hints == {"organ": "大足区人民政府"}
    size, sha, blob, ctype, status, enc = one(
        store, "SELECT size, sha256, body_gzip, content_type, http_status, encoding FROM pages WHERE page_id = ?", (pid,))
    assert (size, sha) == (len(body), hashlib.sha256(body).hexdigest())
    assert gzip.decompress(blob) == body and len(blob) < len(body)
    assert (ctype, status, enc) == ("text/html; charset=gbk", 200, "gbk")
    # the run it belongs to exists even before the crawl-health extension reports on it
    assert one(store, "SELECT status FROM crawl_runs WHERE run_id = 'run-1'") == ("running",)


def test_same_url_and_bytes_is_one_page_different_bytes_another(store):
    a = store.save_page(page())
    assert store.save_page(page()) == a
    assert one(store, "SELECT times_fetched FROM pages WHERE page_id = ?", (a,)) == (2,)
    b = store.save_page(page(body=b"<html>changed</html>"))
    assert b != a
    assert one(store, "SELECT count(*) FROM pages") == (2,)


def test_storing_a_report_twice_leaves_one_report_with_one_set_of_rows(store):
    report = make_report()
    pid = store.save_page(page())
    rid = store.save_report(report, pid)
    assert store.save_report(report, pid) == rid == report.report_id
    assert one(store, "SELECT count(*) FROM reports") == (1,)
    assert one(store, "SELECT count(*) FROM cells") == (len(report.cells),)
    assert one(store, "SELECT count(*) FROM checks") == (len(report.checks),)
    assert one(store, "SELECT parse_status, report_id FROM pages WHERE page_id = ?", (pid,)) == ("parsed", rid)


def test_same_body_at_two_urls_is_one_report_with_both_urls(store):
    report = make_report()
    first = store.save_page(page(url="https://www.dazu.gov.cn/a.html"))
    second = store.save_page(page(url="https://www.cq.gov.cn/b.html"))
    store.save_report(report, first)
    store.save_report(report, second)
    assert one(store, "SELECT count(*), url FROM reports") == (1, "https://www.dazu.gov.cn/a.html")
    urls = [r[0] for r in store.conn.execute("SELECT url FROM report_urls ORDER BY url")]
    assert urls == ["https://www.cq.gov.cn/b.html", "https://www.dazu.gov.cn/a.html"]


def test_spider_hints_fill_in_what_the_parser_did_not_find_and_say_so(store):
    report = make_report(organ=None, region=None)
    store.save_report(report, None, {"organ": "邮亭镇人民政府", "region": "重庆市大足区", "portal": "dazu"})
    assert one(store, "SELECT organ, organ_source, region, region_source, portal FROM reports") == (
        "邮亭镇人民政府", "hints", "重庆市大足区", "hints", "dazu")
    store.save_report(make_report(organ="重庆市大足区邮亭镇人民政府", seed=2), None, {"organ": "别的"})
    assert one(store, "SELECT organ_source FROM reports WHERE organ = '重庆市大足区邮亭镇人民政府'") == ("parser",)


def test_column_types_are_what_queries_expect(store):
    report = make_report()
    report.cells.append(Cell("active", "procurement", "amount", 1037000.5, "103.70005万元"))
    report.cells.append(Cell("requests", "granted", "extra", None, "—"))
    report.published_on = "2023年1月5日"  # not ISO: not stored as a date
    store.save_report(report)
    types = dict(store.conn.execute("SELECT typeof(value), count(*) FROM cells GROUP BY 1").fetchall())
    assert set(types) == {"integer", "real", "null"}
    assert one(store, "SELECT raw FROM cells WHERE value IS NULL") == ("—",)
    year, published, signed, warnings = one(store, "SELECT year, published_on, signed_on, warnings FROM reports")
    assert (year, published, signed) == (2022, None, "2023-01-15")
    assert "published_on" in warnings
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE cells SET value = 'abc' WHERE rowid = 1")


def test_text_from_pages_is_stored_verbatim_never_executed(store):
    hostile = "'); DROP TABLE reports;--"
    report = make_report(organ=hostile, body_extra=hostile)
    report.title = hostile
    report.body_text = hostile
    report.cells[0].raw = hostile
    pid = store.save_page(page(body=hostile.encode(), link_text=hostile, hints={"organ": hostile}))
    rid = store.save_report(report, pid, {"portal": hostile})
    store.mark_page(store.save_page(page(url="https://x.gov.cn/2", body=b"x")), "failed", hostile)
    assert one(store, "SELECT body_text, title, organ, portal FROM reports WHERE report_id = ?", (rid,)) == (
        hostile, hostile, hostile, hostile)
    assert store.load_page(pid).body == hostile.encode()
    assert one(store, "SELECT count(*) FROM cells WHERE raw = ?", (hostile,)) == (1,)
    assert "reports" in store.db.table_names()


def test_a_report_is_written_whole_or_not_at_all(store):
    good = make_report()
    store.save_report(good)
    bad = make_report(seed=1)
    bad.cells[len(bad.cells) // 2] = Cell(None, "new", "total", 1, "1")  # violates NOT NULL mid-way
    with pytest.raises(sqlite3.IntegrityError):
        store.save_report(bad)
    assert one(store, "SELECT count(*) FROM reports WHERE report_id = ?", (bad.report_id,)) == (0,)
    assert one(store, "SELECT count(*) FROM cells WHERE report_id = ?", (bad.report_id,)) == (0,)
    assert one(store, "SELECT count(*) FROM cells") == (len(good.cells),)


def test_a_page_that_did_not_parse_keeps_its_status_and_reason(store):
    pid = store.save_page(page())
    store.mark_page(pid, "not_report", "the title names another document (法治政府建设)")
    assert one(store, "SELECT parse_status, parse_reason FROM pages") == (
        "not_report", "the title names another document (法治政府建设)")
    store.mark_page(pid, "exploded", "boom")  # a status nobody declared is still kept, as a failure
    assert one(store, "SELECT parse_status, parse_reason FROM pages") == ("failed", "exploded: boom")
    assert one(store, "SELECT url, parse_status FROM parse_failures") == (page().url, "failed")


def test_failures_are_recorded_once_per_run(store):
    item = FailureItem(url="https://www.dazu.gov.cn/big.pdf", reason="too_large", spider="dazu",
                       detail="52 MB", run_id="run-1")
    store.save_failure(item)
    store.save_failure(item)
    store.save_failure(FailureItem(url=item.url, reason="too_large", spider="dazu", run_id="run-2"))
    assert one(store, "SELECT count(*) FROM failures") == (2,)
    assert one(store, "SELECT reason, detail FROM failures WHERE run_id = 'run-1'") == ("too_large", "52 MB")


def test_crawl_runs_open_and_close_with_their_health(store):
    run_id = store.start_run("dazu")
    store.finish_run(run_id, status="degraded", reason="3 of 10 list pages blocked",
                     list_pages_declared=10, list_pages_fetched=7, blocked_pages=3, stats={"item_scraped_count": 4})
    row = one(store, "SELECT spider, status, reason, list_pages_declared, blocked_pages, stats_json, finished_at "
                     "FROM crawl_runs WHERE run_id = ?", (run_id,))
    assert row[:6] == ("dazu", "degraded", "3 of 10 list pages blocked", 10, 3, '{"item_scraped_count": 4}')
    assert row[6]
    with pytest.raises(ValueError):
        store.finish_run(run_id, status="fine")
    with pytest.raises(KeyError):
        store.finish_run("no-such-run", status="ok")
    assert store.start_run("dazu", run_id="job-42") == "job-42"


def test_attachments_are_listed_with_their_file_name(store):
    pid = store.save_page(page(url="https://www.dazu.gov.cn/files/2022%E5%B9%B4%E6%8A%A5.pdf", body=b"%PDF-1.7",
                               kind="attachment", source_url="https://www.dazu.gov.cn/zwgk/1.html",
                               headers={"content-type": "application/pdf"}))
    assert one(store, "SELECT filename, source_url, content_type, size FROM attachments WHERE page_id = ?", (pid,)) == (
        "2022年报.pdf", "https://www.dazu.gov.cn/zwgk/1.html", "application/pdf", 8)


def test_pruning_removes_only_reports_no_page_leads_to(store):
    kept, orphan = make_report(seed=1), make_report(seed=2)
    pid = store.save_page(page())
    store.save_report(kept, pid)
    store.save_report(orphan)
    assert store.prune_reports([kept.report_id, orphan.report_id]) == [orphan.report_id]
    assert one(store, "SELECT count(*) FROM cells WHERE report_id = ?", (orphan.report_id,)) == (0,)
    assert one(store, "SELECT count(*) FROM reports") == (1,)
