"""Crawl safety, unit by unit: reasons, caps, loops, mojibake, XML, parser bounds, disk writes."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree
from scrapy import Request, Spider
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from twisted.internet.defer import CancelledError

from gaar_spiders import settings as project_settings
from gaar_spiders.cms.hanweb import datastore_records as hanweb_records
from gaar_spiders.items import FailureItem, PageItem
from gaar_spiders.localportals.hostile import hostile_datastore
from gaar_spiders.middlewares import (
    GaarIgnore, MojibakeSpiderMiddleware, RedirectLoopMiddleware, SafetyLimitsMiddleware, TimeoutRetryMiddleware,
    failure_reason, request_kind,
)
from gaar_spiders.report import bounds
from gaar_spiders.report.layouts import html_to_blocks
from pipelines.read import ReadPipeline, read_page

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}


class _Spider(Spider):
    name = "t"

    def parse_list(self, response):
        pass

    def parse_report_page(self, response):
        pass

    def parse_attachment(self, response):
        pass


def crawler(**overrides):
    return get_crawler(_Spider, {**SETTINGS, **overrides})


# --- settings --------------------------------------------------------------------------------------


def test_settings_are_far_below_scrapys_defaults_and_agree_with_the_parser():
    s = SETTINGS
    assert s["DOWNLOAD_TIMEOUT"] < 180 and s["GAAR_ATTACHMENT_TIMEOUT"] < 180
    assert s["DOWNLOAD_MAXSIZE"] <= 64 * 1024 * 1024  # Scrapy: 1 GiB
    assert s["GAAR_MAX_LIST_BYTES"] <= s["GAAR_MAX_PAGE_BYTES"] <= s["DOWNLOAD_MAXSIZE"]
    assert s["GAAR_MAX_PAGE_BYTES"] <= bounds.MAX_MARKUP_CHARS  # a page the crawl keeps is never too large to parse
    assert s["REDIRECT_MAX_TIMES"] <= 10 and s["GAAR_MAX_LIST_PAGES"] <= 500
    assert s["MEMUSAGE_LIMIT_MB"] > 0


# --- reasons ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("exc, reason", [
    (DownloadTimeoutError("Getting x took longer than 30 seconds."), "timeout"),
    (DownloadCancelledError("Expected to receive 4000000000 bytes which is larger than download max size"), "too_large"),
    (CancelledError(), "too_large"),
    (IgnoreRequest("Ignored response because its body exceeded DOWNLOAD_MAXSIZE (8 B) during decompression."),
     "too_large"),
    (IgnoreRequest("max redirections reached"), "redirect_loop"),
    (GaarIgnore("blocked", "JS cookie challenge at x"), "blocked"),
    (ValueError("odd"), "valueerror"),
])
def test_every_download_failure_gets_a_reason_in_words(exc, reason):
    got, detail = failure_reason(exc)
    assert got == reason and detail


def test_a_cancel_at_the_size_cap_says_which_cap():
    request = Request("http://www.a.gov.cn/x.html", meta={"download_maxsize": 1234, "gaar_kind": "page"})
    assert failure_reason(CancelledError(), request) == (
        "too_large", "the body passed the size cap of 1234 bytes while downloading (page)")


# --- size caps and timeouts per kind ---------------------------------------------------------------------


def test_each_kind_of_request_gets_its_cap_and_timeout():
    c = crawler(GAAR_MAX_PAGE_BYTES=100, GAAR_MAX_LIST_BYTES=50, DOWNLOAD_MAXSIZE=1000, GAAR_ATTACHMENT_TIMEOUT=99)
    mw = SafetyLimitsMiddleware.from_crawler(c)
    spider = _Spider()

    def kind(name):
        return {"gaar_kind": name}

    cases = {
        Request("http://a.gov.cn/", meta=kind("entry")): ("entry", 50, None),
        Request("http://a.gov.cn/zwgk/", meta=kind("nav")): ("nav", 50, None),
        Request("http://a.gov.cn/list", meta=kind("list")): ("list", 50, None),
        Request("http://a.gov.cn/dataproxy.jsp", meta=kind("list_api")): ("list_api", 50, None),
        Request("http://a.gov.cn/p.html", meta=kind("page")): ("page", 100, None),
        Request("http://a.gov.cn/f.pdf", meta=kind("attachment")): ("attachment", 1000, 99),
        Request("http://a.gov.cn/other.pdf"): ("attachment", 1000, 99),  # by URL when no kind is given
        Request("http://a.gov.cn/robots.txt"): ("page", 100, None),
        Request("http://a.gov.cn/big", meta={"download_maxsize": 7}): ("page", 7, None),  # a request's own wins
        # the kind is read from meta, never from the callback's name
        Request("http://a.gov.cn/x.html", callback=spider.parse_list, meta=kind("page")): ("page", 100, None),
    }
    for request, (kind_, cap, timeout) in cases.items():
        assert mw.process_request(request) is None
        assert (request_kind(request), request.meta["download_maxsize"], request.meta.get("download_timeout")) == (
            kind_, cap, timeout), request


def test_a_timed_out_request_is_retried_then_given_up_with_its_reason():
    c = crawler(GAAR_TIMEOUT_RETRIES=1, RETRY_TIMES=3)
    mw = TimeoutRetryMiddleware.from_crawler(c)
    c.spider = _Spider.from_crawler(c)
    request = Request("http://a.gov.cn/slow.html", meta={"download_timeout": 3})
    retry = mw.process_exception(request, DownloadTimeoutError("slow"))  # RetryMiddleware's own retry
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    with pytest.raises(GaarIgnore) as raised:
        mw.process_exception(retry, DownloadTimeoutError("slow"))
    assert raised.value.gaar_reason == "timeout" and "2 tries" in raised.value.gaar_detail
    # other retryable errors keep RETRY_TIMES
    other = Request("http://a.gov.cn/flaky.html")
    for tries in range(1, 4):
        other = mw.process_exception(other, ConnectionRefusedError("refused"))
        assert isinstance(other, Request) and other.meta["retry_times"] == tries
    assert mw.process_exception(other, ConnectionRefusedError("refused")) is None  # given up: the errback's turn
    assert mw.process_exception(Request("http://a.gov.cn/"), ValueError("x")) is None  # not its business


def test_a_tag_flood_is_refused_before_any_tree_is_built():
    mw = SafetyLimitsMiddleware.from_crawler(crawler())
    request = Request("http://a.gov.cn/p.html", meta={"gaar_kind": "page"})
    flood = HtmlResponse(request.url, body=b"<html><body>" + b"<b></b>" * (bounds.MAX_TAGS // 2 + 1), request=request)
    with pytest.raises(GaarIgnore) as raised:
        mw.process_response(request, flood)
    assert raised.value.gaar_reason == "unreadable_markup"
    fine = HtmlResponse(request.url, body=b"<html><body><p>x</p></body></html>", request=request)
    assert mw.process_response(request, fine) is fine
    pdf = Request("http://a.gov.cn/f.pdf", meta={"gaar_kind": "attachment"})
    binary = Response(pdf.url, body=b"<" * (bounds.MAX_TAGS + 1), request=pdf)
    assert mw.process_response(pdf, binary) is binary  # attachments are read elsewhere, with their own limits


# --- redirects -----------------------------------------------------------------------------------


def _redirect(request, to, status=302):
    return Response(request.url, status=status, headers={"Location": to}, request=request)


def test_a_redirect_back_into_its_own_chain_stops_at_once():
    mw = RedirectLoopMiddleware.from_crawler(crawler())
    request = Request("http://a.gov.cn/b.html", meta={"redirect_urls": ["http://a.gov.cn/a.html"], "redirect_times": 1})
    with pytest.raises(GaarIgnore) as raised:
        mw.process_response(request, _redirect(request, "/a.html"))
    assert raised.value.gaar_reason == "redirect_loop" and "redirects back" in raised.value.gaar_detail
    to_self = Request("http://a.gov.cn/c.html")
    with pytest.raises(GaarIgnore):
        mw.process_response(to_self, _redirect(to_self, "http://A.gov.cn/c.html#top"))


def test_an_endless_redirect_chain_stops_after_the_allowed_hops():
    mw = RedirectLoopMiddleware.from_crawler(crawler(REDIRECT_MAX_TIMES=3))
    chain = [f"http://a.gov.cn/n/{k}.html" for k in range(1, 4)]
    request = Request("http://a.gov.cn/n/4.html", meta={"redirect_urls": chain, "redirect_times": 3})
    with pytest.raises(GaarIgnore) as raised:
        mw.process_response(request, _redirect(request, "/n/5.html"))
    assert "more than REDIRECT_MAX_TIMES=3" in raised.value.gaar_detail
    first = Request("http://a.gov.cn/n/1.html")
    response = _redirect(first, "/n/2.html")
    assert mw.process_response(first, response) is response  # an ordinary redirect goes on
    ok = Response(first.url, status=200, request=first)
    assert mw.process_response(first, ok) is ok


# --- mojibake ------------------------------------------------------------------------------------------


def test_a_mojibake_report_page_is_kept_failed_and_recorded():
    mw = MojibakeSpiderMiddleware.from_crawler(crawler())
    request = Request("http://a.gov.cn/p.html", meta={"gaar_mojibake": True, "gaar_encoding": "utf-8"})
    response = HtmlResponse(request.url, body=b"\xef\xbf\xbd" * 10, request=request)
    page = PageItem(url=request.url, body=response.body, spider="t", kind="page")
    out = list(mw.process_spider_output(response, [page, "other"]))
    assert out[0] is page and page.parse_status == "failed" and page.parse_error.startswith("mojibake")
    assert isinstance(out[1], FailureItem) and out[1].reason == "mojibake" and out[1].url == request.url
    assert out[2] == "other"
    clean = HtmlResponse(request.url, body=b"<p>ok</p>", request=Request(request.url))
    page2 = PageItem(url=request.url, body=clean.body, spider="t", kind="page")
    assert list(mw.process_spider_output(clean, [page2])) == [page2] and page2.parse_status is None


# --- XML (Hanweb dataproxy) -------------------------------------------------------------------------


def test_a_billion_laughs_answer_is_read_without_expanding_anything():
    xml = hostile_datastore(['<li><a href="/a.html">t</a></li>']).encode("utf-8")
    records, total = hanweb_records(xml)
    assert records[0] == '<li><a href="/a.html">t</a></li>'
    assert sum(len(r) for r in records) < 100 and total == 3


def test_an_external_entity_is_never_fetched_or_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY remote "REMOTE-VALUE">')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/evil.dtd"
        for external in (secret.as_uri(), url):
            records, _ = hanweb_records(hostile_datastore(["<li>x</li>"], external=external).encode("utf-8"))
            assert "TOP-SECRET" not in "".join(records)
        dtd = f'<?xml version="1.0"?><!DOCTYPE d SYSTEM "{url}"><datastore><record>&remote;</record></datastore>'
        records, _ = hanweb_records(dtd.encode("utf-8"))
        assert "REMOTE-VALUE" not in "".join(records)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert hits == []


# --- parser bounds ------------------------------------------------------------------------------------

TITLE = "示范县人民政府2022年政府信息公开工作年度报告"


def test_markup_nested_past_the_parsers_depth_is_refused_with_a_reason():
    html = f"<html><body><h1>{TITLE}</h1>" + "<div>" * 10_000 + "一、总体情况" + "</div>" * 10_000 + "</body></html>"
    outcome = read_page(html.encode("utf-8"), {}, "http://www.example.gov.cn/deep.html")
    assert outcome.status == "failed" and "nested deeper than 255" in outcome.reason
    assert outcome.report.checks[0].ok is False and outcome.report.checks[0].detail == outcome.reason
    assert outcome.chrome_method == "refused" and "nested" in outcome.page_meta["markup"]


def test_too_much_markup_or_text_is_refused_with_a_reason():
    for source in ("<p>" + "x" * (bounds.MAX_MARKUP_CHARS + 1) + "</p>", "<b>" * (bounds.MAX_TAGS + 1),
                   "x" * (bounds.MAX_MARKUP_CHARS + 1)):
        outcome = read_page(source.encode("utf-8"), {}, "http://www.example.gov.cn/big.html")
        assert outcome.status == "failed" and outcome.reason.startswith("unreadable markup")
        assert outcome.report.checks[0].ok is False


def test_the_html_walker_reads_trees_deeper_than_python_recursion():
    root = etree.Element("div")
    el = root
    for _ in range(20_000):  # built by hand: deeper than libxml2 would ever build
        el = etree.SubElement(el, "div")
    el.text = "最深处的文字"
    blocks, _ = html_to_blocks(root)
    assert blocks[-1] == "最深处的文字"


# --- attachments' limits reach the crawl ----------------------------------------------------------------


def test_attachment_limits_come_from_the_crawl_settings():
    pipeline = ReadPipeline.from_crawler(crawler(GAAR_EXTRACT_TIMEOUT="7", GAAR_PDF_MAX_PAGES="9"))
    assert (pipeline.limits.timeout, pipeline.limits.max_pages) == (7.0, 9)


# --- nothing named by a portal reaches the disk ------------------------------------------------------------

#: the only places GAAR writes files, each with a name of its own (never a URL or an attachment name)
DISK_WRITERS = {
    "gaar_spiders/attachments/doc_converter.py",  # attachment<.doc|.wps> in a private temporary directory
    "gaar_spiders/attachments/ocr.py",  # page images in a private temporary directory
    "gaar_spiders/cli/serve.py",  # Datasette metadata (a temporary file, or --metadata-out)
    "gaar_spiders/attachments/slot.py",  # opens the crawl's extraction lock (tempfile.mkstemp, pipelines/read.py)
}
_WRITES = re.compile(r"write_bytes|write_text|open\([^)]*[\"'][wax]b?[\"']|shutil\.copy|\.rename\(|os\.replace")


def test_only_known_places_write_files_and_none_by_a_portals_names():
    writers = set()
    for path in [*ROOT.joinpath("gaar_spiders").rglob("*.py"), *ROOT.joinpath("pipelines").rglob("*.py")]:
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("gaar_spiders/localportals/"):
            continue  # the test servers write nothing either, but serve only
        if _WRITES.search(path.read_text(encoding="utf-8")):
            writers.add(rel)
    assert writers <= DISK_WRITERS, writers - DISK_WRITERS
    converter = ROOT.joinpath("gaar_spiders/attachments/doc_converter.py").read_text(encoding="utf-8")
    assert 'f"attachment{' in converter and "filename" not in converter


# --- the crawl's own memory guard ------------------------------------------------------------------------

GUARD_CHILD = """
from scrapy.extensions.memusage import MemoryUsage
from scrapy.utils.test import get_crawler
from gaar_spiders.extensions import MemoryGuard
crawler = get_crawler(settings_dict={"MEMUSAGE_ENABLED": True})
print(MemoryUsage(crawler).get_virtual_size() >> 20, MemoryGuard(crawler).get_virtual_size() >> 20)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_memory_guard_measures_the_crawl_not_the_process_that_started_it():
    """A crawl started by a large process (pytest, any big parent) inherits its peak in ``ru_maxrss``
    across ``execve``; Scrapy's guard then closed a fresh crawl at once (memusage_exceeded)."""
    import subprocess
    import sys

    big = ("import os, sys; ballast = b'x' * (400 << 20); "
           f"os.execv(sys.executable, [sys.executable, '-c', {GUARD_CHILD!r}])")
    out = subprocess.run([sys.executable, "-c", big], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT)})
    scrapys, ours = map(int, out.stdout.split())
    assert scrapys >= 400 > 200 > ours  # the inherited peak, and what the crawl holds
    assert project_settings.EXTENSIONS["scrapy.extensions.memusage.MemoryUsage"] is None
    assert project_settings.MEMUSAGE_LIMIT_MB == 256
