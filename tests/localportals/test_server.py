"""The bundled local portals behave like the real sites the crawler must handle.

Everything here goes over real HTTP to servers on 127.0.0.1 that the tests start.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import urllib.error
import urllib.request
from html import unescape
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from gaar_spiders.localportals import PortalServer, make_report
from gaar_spiders.localportals.site import MANIFEST_FIELDS
from gaar_spiders.report import templates as T

PORTALS = ("dazu", "jinghe", "daowai", "suixi", "qingshan")


@pytest.fixture(scope="module")
def server():
    with PortalServer() as s:
        yield s


# --- a small crawler: follows what a page shows, nothing else -------------------------------------


def fetch(server, real_url, *, retries=2, data=None):
    """(status, content-type, body) of a real portal URL, retrying 5xx like a crawler."""
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(urllib.request.Request(server.local_url(real_url), data=data), timeout=10) as r:
                return r.status, r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            if e.code >= 500 and attempt < retries:
                continue
            return e.code, e.headers.get("Content-Type", ""), e.read()


def decode(body: bytes, content_type: str) -> str:
    m = re.search(r"charset=([\w-]+)", content_type)
    try:
        return body.decode(m.group(1) if m else "utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", "replace")


def normal(url: str) -> str:
    url = url.split("#")[0]
    return url[: -len("index.html")] if url.endswith("/index.html") else url


HREF = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.I)
TRS_PAGER = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"(\w+)",\s*"(\w+)"\)')
HANWEB = re.compile(r"proxyUrl:\s*'([^']+)'.*?perPage:\s*(\d+).*?totalRecord:\s*(\d+).*?ajaxParam:\s*\{([^}]*)\}", re.S)


def links(base: str, html: str, server, host: str) -> list[str]:
    found = [urljoin(base, unescape(h)) for h in HREF.findall(html)]
    m = TRS_PAGER.search(html)
    if m:
        pages, _, prefix, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        found += [urljoin(base, f"{prefix}_{k}.{ext}") for k in range(1, pages)]
    m = HANWEB.search(html)
    if m:
        proxy, per_page, total = m.group(1), int(m.group(2)), int(m.group(3))
        params = dict(re.findall(r"(\w+)\s*:\s*'?([^,']*)'?", m.group(4)))
        for start in range(1, total + 1, per_page * 3):
            query = urlencode({"startrecord": start, "endrecord": start + per_page * 3 - 1, "perpage": per_page, **params})
            status, ctype, body = fetch(server, urljoin(base, proxy) + "?" + query)
            xml = body.decode("utf-8")
            for record in re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", xml, re.S):
                found += [urljoin(base, unescape(h)) for h in HREF.findall(record)]
    return [u for u in found if urlsplit(u).hostname == host and urlsplit(u).scheme == "http"]


def walk(server, name):
    """Every URL of the portal reachable from its home page: {normalised real URL: (status, type, body)}."""
    host = server.host(name)
    seen, queue = {}, [server.start_url(name)]
    while queue:
        url = normal(queue.pop())
        if url in seen:
            continue
        status, ctype, body = fetch(server, url)
        seen[url] = (status, ctype, body)
        if status == 200 and ctype.startswith("text/html"):
            queue += [normal(u) for u in links(url, decode(body, ctype), server, host)]
    return seen


# --- server ----------------------------------------------------------------------------------------


def test_each_portal_listens_on_its_own_loopback_port(server):
    addresses = [server.address(n) for n in PORTALS]
    assert len(set(addresses)) == len(PORTALS)
    assert all(a.startswith("127.0.0.1:") for a in addresses)
    assert set(server.host_map) == {"www.dazu.gov.cn", "www.xjjh.gov.cn", "www.hrbdw.gov.cn",
                                    "www.suixi.gov.cn", "www.qingshan.gov.cn"}
    for name in PORTALS:
        status, ctype, body = fetch(server, server.start_url(name))
        assert status == 200 and ctype.startswith("text/html")
    # not reachable on another interface of this machine
    try:
        other = socket.gethostbyname(socket.gethostname())
    except OSError:
        other = None
    if other and other != "127.0.0.1":
        port = int(server.address("dazu").split(":")[1])
        with pytest.raises(OSError):
            socket.create_connection((other, port), timeout=2).close()


def test_stop_frees_the_ports():
    s = PortalServer(["qingshan"]).start()
    port = int(s.address("qingshan").split(":")[1])
    s.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_manifest_matches_what_the_portals_link(server):
    for name in PORTALS:
        site = walk(server, name)
        entries = [e for e in server.manifest if e["portal"] == name]
        documents = {normal(e["url"]) for e in entries}
        navigation = {normal(u) for u in server.navigation_urls(name)}
        assert len(documents) == len(entries), f"{name}: duplicate manifest URLs"
        assert set(site) == documents | navigation, name
        for e in entries:
            assert set(e) == set(MANIFEST_FIELDS)
            status, ctype, body = site[normal(e["url"])]
            if e["trap"] == "http_404":
                assert status == 404
            elif e["trap"] == "js_challenge":
                assert status == 412
            else:
                assert status == 200, e["url"]
            if e["kind"] in ("report_html", "report_text_page", "non_report") and e["trap"] != "wrong_charset":
                assert e["title"] in decode(body, ctype)
        assert 15 <= len(entries) <= 45, name


def test_manifest_reports_are_genuine_and_expected_failures_are_stated(server):
    kinds = {e["kind"] for e in server.manifest}
    assert {"report_html", "report_text_page", "report_pdf", "report_docx", "non_report", "trap"} <= kinds
    traps = {e["trap"] for e in server.manifest}
    assert {"http_404", "flaky_500", "redirect", "js_challenge", "truncated", "wrong_charset"} <= traps
    for e in server.manifest:
        if e["generator_args"]:
            assert make_report(**e["generator_args"]).cells == e["report"].cells
        if e["generator_args"] and e["generator_args"]["broken_arithmetic"]:
            assert e["expected_failed_checks"]
    broken = [e for e in server.manifest if e["expected_failed_checks"] and e["trap"] != "truncated"]
    assert len(broken) >= 8
    years = {e["year"] for e in server.manifest if e["kind"] == "report_html"}
    assert years == {2019, 2020, 2021, 2022, 2023}


def test_parser_reads_every_published_report_as_generated(server):
    """The portals publish what the manifest says: same cells, and exactly the stated failed checks."""
    from gaar_spiders.report import parse_report

    for e in server.manifest:
        if e["kind"] not in ("report_html", "report_text_page"):
            continue
        status, ctype, body = fetch(server, e["url"])
        report = parse_report(body, url=e["url"])
        assert sorted(c.check for c in report.failed_checks) == e["expected_failed_checks"], e["url"]
        assert report.year == e["year"], e["url"]
        if e["report"] is not None and e["trap"] != "truncated":
            got = {(c.table, c.row, c.col): (c.value, c.raw) for c in report.cells}
            assert got == {(c.table, c.row, c.col): (c.value, c.raw) for c in e["report"].cells}, e["url"]


# --- list pages and pagination ------------------------------------------------------------------------


def _column_entries(server, source_prefix):
    return [e for e in server.manifest if e["source_url"] and e["source_url"].startswith(source_prefix)]


def test_trs_list_pages_declare_their_count_only_in_script(server):
    base = "http://www.dazu.gov.cn/zwgk/zfxxgkndbg/zj/"
    status, ctype, body = fetch(server, base)
    html = decode(body, ctype)
    pages, current, prefix, ext = TRS_PAGER.search(html).groups()
    assert int(pages) >= 3 and current == "0" and (prefix, ext) == ("index", "html")
    assert "index_1.html" not in html  # the pager is drawn by the script
    total = 0
    for k in range(int(pages)):
        status, ctype, body = fetch(server, base + ("index.html" if k == 0 else f"index_{k}.html"))
        page = decode(body, ctype)
        assert status == 200 and f"createPageHTML({pages}, {k}," in page
        total += len(re.findall(r"<span>\d{4}-\d{2}-\d{2}</span></li>", page))
    assert fetch(server, base + f"index_{pages}.html")[0] == 404
    assert total == len(_column_entries(server, base))
    _, ctype, body = fetch(server, sorted(e["url"] for e in _column_entries(server, base) if e["kind"] == "report_html")[0])
    assert re.search(r'<div class="[^"]*TRS_(Editor|UEDITOR)', decode(body, ctype))


def test_hanweb_list_comes_only_from_the_dataproxy(server):
    column = "http://www.xjjh.gov.cn/col/col1234/index.html"
    _, ctype, body = fetch(server, column)
    html = decode(body, ctype)
    assert "/art/" not in html and "dataproxy.jsp" in html and "columnid:1234" in html
    entries = [e for e in server.manifest if e["portal"] == "jinghe"]
    total = int(HANWEB.search(html).group(3))
    assert total == len(entries)
    form = urlencode({"startrecord": 16, "endrecord": 30, "perpage": 15, "columnid": 1234}).encode()
    status, ctype, body = fetch(server, "http://www.xjjh.gov.cn/module/web/jpage/dataproxy.jsp", data=form)
    xml = body.decode("utf-8")
    assert status == 200 and f"<totalrecord>{total}</totalrecord>" in xml
    assert xml.count("<record>") == 15
    detail = next(e for e in entries if e["kind"] == "report_html" and not e["trap"])
    assert re.search(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_1234_\d+\.html$", detail["url"])
    _, ctype, body = fetch(server, detail["url"])
    assert '<div id="zoom">' in decode(body, ctype)


def test_query_numbered_and_next_only_pagination(server):
    # daowai: list.jsp?columnId=12&pageNo=N with a numbered pager
    _, ctype, body = fetch(server, "http://www.hrbdw.gov.cn/list.jsp?columnId=12")
    html = decode(body, ctype)
    assert "list.jsp?columnId=12&amp;pageNo=3" in html or "list.jsp?columnId=12&pageNo=3" in html
    assert fetch(server, "http://www.hrbdw.gov.cn/list.jsp?pageNo=3&columnId=12")[0] == 200
    # suixi: index.html, 2.html, 3.html, and per-year sub-columns
    for page in ("index.html", "2.html", "3.html"):
        assert fetch(server, f"http://www.suixi.gov.cn/zwgk/ndbg/{page}")[0] == 200
    _, ctype, body = fetch(server, "http://www.suixi.gov.cn/zwgk/ndbg/index.html")
    assert "/zwgk/ndbg/2020nd/" in decode(body, ctype)
    # qingshan: only 下一页
    url, pages = "http://www.qingshan.gov.cn/xxgk/ndbg/jd/", 0
    while url:
        _, ctype, body = fetch(server, url)
        html = decode(body, ctype)
        pages += 1
        assert not re.search(r">\s*\d+\s*</a>", html)
        m = re.search(r'<a href="([^"]+)">下一页</a>', html)
        url = urljoin(url, m.group(1)) if m else None
    assert pages >= 3


# --- encodings -----------------------------------------------------------------------------------------


def test_gbk_portal_is_gbk_bytes_throughout(server):
    for e in [e for e in server.manifest if e["portal"] == "daowai" and e["trap"] is None][:4] + [
            {"url": "http://www.hrbdw.gov.cn/list.jsp?columnId=12"}]:
        status, ctype, body = fetch(server, e["url"])
        assert ctype == "text/html; charset=GBK"
        assert '<meta charset="gbk">' in body.decode("gbk")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")


def test_wrong_charset_page_is_gbk_under_a_utf8_declaration(server):
    e = next(e for e in server.manifest if e["trap"] == "wrong_charset")
    status, ctype, body = fetch(server, e["url"])
    assert status == 200 and ctype == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gbk")
    assert '<meta charset="utf-8">' in text and e["title"] in text


# --- traps ------------------------------------------------------------------------------------------------


def test_flaky_url_answers_500_once_then_200():
    with PortalServer(["jinghe"]) as s:
        e = next(e for e in s.manifest if e["trap"] == "flaky_500")
        assert fetch(s, e["url"], retries=0)[0] == 500
        status, ctype, body = fetch(s, e["url"], retries=0)
        assert status == 200 and e["title"] in decode(body, ctype)


def test_js_challenge_answers_412_with_cookie_script(server):
    e = next(e for e in server.manifest if e["trap"] == "js_challenge")
    status, _, body = fetch(server, e["url"])
    assert status == 412
    assert re.search(rb"<script>document\.cookie=\('__jsl_clearance=", body)


def test_redirect_leads_to_the_report(server):
    e = next(e for e in server.manifest if e["trap"] == "redirect")
    parts = urlsplit(server.local_url(e["url"]))
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", parts.path)
    response = conn.getresponse()
    assert response.status in (301, 302)
    location = response.getheader("Location")
    conn.close()
    assert urljoin(e["url"], location) == e["final_url"]
    status, ctype, body = fetch(server, e["final_url"])
    assert status == 200 and e["title"] in decode(body, ctype)


def test_truncated_page_stops_inside_the_requests_table(server):
    e = next(e for e in server.manifest if e["trap"] == "truncated")
    status, ctype, body = fetch(server, e["url"])
    html = decode(body, ctype)
    assert status == 200 and e["title"] in html
    assert "</html>" not in html and html.count("<table") == 2 and html.rstrip().endswith(">")
    assert T.REVIEW_COLUMN_LABELS["pending"][0] not in html
    assert "cells.complete" in e["expected_failed_checks"]


def test_non_report_document_is_in_the_column(server):
    entries = [e for e in server.manifest if e["kind"] == "non_report"]
    assert entries and all(any(w in e["title"] for w in T.NON_REPORT_TITLE_WORDS) for e in entries)


# --- seeds and attachments ----------------------------------------------------------------------------------


def test_seed_reports_are_published_as_text_pages(server):
    from importlib import resources

    from gaar_spiders.localportals.cms.base import seed_body
    from gaar_spiders.localportals.portals import portal_spec

    entries = [e for e in server.manifest if e["kind"] == "report_text_page"]
    assert {e["portal"] for e in entries} == set(PORTALS)
    for e in entries:
        seed = resources.files("gaar_spiders.localportals.seeds").joinpath(e["seed_file"]).read_text("utf-8")
        doc = next(d for c in portal_spec(e["portal"]).columns for d in c.docs if d.seed_file == e["seed_file"])
        body = seed_body(doc)
        assert len(body) > 0.9 * len(seed) - 400  # only the page chrome around the report is left out
        _, ctype, raw = fetch(server, e["url"])
        html = unescape(decode(raw, ctype))
        for line in body.splitlines():
            assert f"<p>{line.strip()}</p>" in html, (e["url"], line)


def _requests_row_raws(report, row):
    return [report.cell("requests", row, c).raw for c in T.REQUEST_COLUMNS]


def test_pdf_and_docx_attachments_carry_the_report_tables(server):
    import docx
    import pdfplumber

    pdf_entry = next(e for e in server.manifest if e["kind"] == "report_pdf")
    status, ctype, body = fetch(server, pdf_entry["url"])
    assert status == 200 and ctype == "application/pdf"
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        rows = [row for page in pdf.pages for table in page.extract_tables() for row in table]
    report = pdf_entry["report"]
    assert report.organ in text
    new_label = T.REQUEST_ROWS[0].labels[0]
    new_row = next(r for r in rows if r[0] and r[0].replace("\n", "") == new_label)
    assert new_row[-7:] == _requests_row_raws(report, "new")

    docx_entry = next(e for e in server.manifest if e["kind"] == "report_docx")
    status, ctype, body = fetch(server, docx_entry["url"])
    assert status == 200 and "wordprocessingml" in ctype
    document = docx.Document(io.BytesIO(body))
    assert len(document.tables) == 3
    report = docx_entry["report"]
    requests = document.tables[1]
    new_row = next(r for r in requests.rows if r.cells[0].text == new_label)
    assert [c.text for c in new_row.cells[-7:]] == _requests_row_raws(report, "new")
    assert requests.rows[5].cells[0]._tc is requests.rows[6].cells[0]._tc  # 三、本年度办理结果 merged down


def test_bench_portal_generates_pages_on_request():
    with PortalServer([], bench_reports=45) as s:
        assert s.names == ["bench"]
        site = walk(s, "bench")
        documents = {normal(e["url"]) for e in s.manifest}
        assert len(documents) == 45
        assert set(site) == documents | {normal(u) for u in s.navigation_urls("bench")}
        _, ctype, body = site[normal(s.manifest[44]["url"])]
        assert s.manifest[44]["title"] in decode(body, ctype)
