"""The item pipelines in a real Scrapy crawl of a portal served on 127.0.0.1, and the steps alone."""

from __future__ import annotations

import http.server
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gaar_spiders.items import PageItem
from gaar_spiders.report import parse as parse_module
from gaar_spiders.report import parse_report
from pipelines.process import process_page
from pipelines.read import read_page
from pipelines.storage import Storage

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))

NOT_A_REPORT = "<html><head><title>某县2022年法治政府建设年度报告</title></head><body><h1>某县2022年法治政府建设年度报告</h1><p>一年来，我县深入推进依法行政。</p></body></html>"

SPIDER = '''
import scrapy
from gaar_spiders.items import FailureItem, PageItem

class LocalPortal(scrapy.Spider):
    name = "local_portal"
    custom_settings = {"HTTPERROR_ALLOW_ALL": True, "ROBOTSTXT_OBEY": False}

    async def start(self):
        for path in PATHS:
            yield scrapy.Request(BASE + path)

    def parse(self, response):
        if response.status != 200:
            yield FailureItem(url=response.url, reason=f"http_{response.status}", spider=self.name,
                              status=response.status, run_id="run-local")
            return
        yield PageItem(url=response.url, body=response.body, spider=self.name, status=response.status,
                       headers={"content-type": response.headers.get("Content-Type", b"").decode()},
                       run_id="run-local", hints={"portal": "local", "region": "测试省测试县"})
'''


@pytest.fixture
def portal(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for seed in SEEDS:
        (site / f"{seed.stem}.txt").write_bytes(seed.read_bytes())
    (site / "fazhi.html").write_text(NOT_A_REPORT, encoding="gbk")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(site), **kw)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.slow
def test_a_crawl_stores_every_page_report_and_failure(tmp_path, portal):
    paths = [f"{s.stem}.txt" for s in SEEDS] + ["fazhi.html", "missing.html"]
    spider = tmp_path / "local_spider.py"
    spider.write_text(f"BASE = {portal!r}\nPATHS = {paths!r}\n" + SPIDER, encoding="utf-8")
    db = tmp_path / "crawl.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "runspider", str(spider), "-s", f"GAAR_DB={db}", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    conn = sqlite3.connect(db)
    statuses = dict(conn.execute("SELECT parse_status, count(*) FROM pages GROUP BY 1"))
    assert statuses == {"parsed": len(SEEDS), "not_report": 1}
    assert conn.execute("SELECT count(*) FROM reports").fetchone() == (len(SEEDS),)
    reason = conn.execute("SELECT parse_reason FROM pages WHERE parse_status = 'not_report'").fetchone()[0]
    assert reason  # the parser's own words for why this is not a report
    assert conn.execute("SELECT url, reason, http_status FROM failures").fetchall() == [
        (portal + "missing.html", "http_404", 404)]
    # the portal's region fills in only where the report itself names none
    sources = dict(conn.execute("SELECT region_source, count(*) FROM reports GROUP BY 1"))
    assert sum(sources.values()) == len(SEEDS) and set(sources) <= {"parser", "hints"}
    assert conn.execute("SELECT count(*) FROM reports WHERE region_source = 'hints' AND region != '测试省测试县'"
                        ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM reports WHERE portal = 'local'").fetchone() == (len(SEEDS),)
    assert "gaar/reports_stored" in result.stderr


def page_item(body, **kw):
    return PageItem(url="https://www.example.gov.cn/nb/1.html", body=body, spider="t", **kw)


def test_the_read_step_decodes_gbk_pages():
    body = "<html><head><meta charset=gb2312></head><body>政府信息公开工作年度报告</body></html>".encode("gbk")
    outcome = read_page(body, {}, "https://x.gov.cn/1.html")
    assert "政府信息公开工作年度报告" in outcome.report.body_text
    assert outcome.encoding == outcome.page_meta["encoding"] == "gb18030"


def test_a_parser_exception_is_stored_with_its_reason_and_the_item_goes_on(tmp_path, monkeypatch):
    def explode(*args):
        raise ValueError("bad table")

    monkeypatch.setattr(parse_module, "_read_source", explode)
    with Storage(str(tmp_path / "g.db")) as store:
        item = process_page(store, page_item(SEEDS[0].read_bytes()))
        assert (item.parse_status, item.parse_error) == ("failed", "parser error: ValueError: bad table")
        row = store.conn.execute("SELECT parse_status, parse_reason, size FROM pages").fetchone()
    assert row == ("failed", "parser error: ValueError: bad table", len(SEEDS[0].read_bytes()))


def test_attachments_without_a_reader_are_kept_as_unsupported(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "gaar_spiders.attachments", None)  # the optional extra not installed
    with Storage(str(tmp_path / "g.db")) as store:
        item = process_page(store, page_item(b"%PDF-1.7 ...", kind="attachment"))
        assert item.parse_status == "unsupported" and "gaar[attachments]" in item.parse_error
        assert store.conn.execute("SELECT count(*) FROM attachments").fetchone() == (1,)


def test_attachments_go_through_the_attachment_reader(tmp_path, monkeypatch):
    import gaar_spiders.attachments as attachments

    calls = []

    def reader(data, *, url, filename, content_type, limits):
        calls.append((url, filename, content_type))
        return parse_report(SEEDS[0].read_text(encoding="utf-8"), url=url), "ok", ""

    monkeypatch.setattr(attachments, "report_from_attachment", reader)
    with Storage(str(tmp_path / "g.db")) as store:
        item = PageItem(url="https://www.example.gov.cn/files/nb.pdf", body=b"%PDF-1.7", spider="t",
                        kind="attachment", headers={"content-type": "application/pdf"})
        process_page(store, item)
        assert calls == [("https://www.example.gov.cn/files/nb.pdf", "nb.pdf", "application/pdf")]
        assert item.parse_status == "parsed"
        assert store.conn.execute("SELECT report_id FROM attachments").fetchone() == (item.report.report_id,)
