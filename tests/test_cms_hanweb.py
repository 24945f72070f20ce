"""The Hanweb jpage adapter (``cms/hanweb.py``), as a spec.

Real page 03 (定西, ``tests/data/crawl/pages/03_dingxi_hanweb_datastore.xml``) is a datastore
as a column page carries it inline and as dataproxy answers it: 45 records, a ``nextgroup``
link, no totals, one record on a sibling host. Page 06 is a jcms detail page. The 江苏人社
answer with totals, the old jslib path and the GET/POST forms are known from crawler code
only (crawl README §2): those tests use small pages written to the documented shapes.
"""

import re
from pathlib import Path

import pytest

from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage
from gaar_spiders.cms.hanweb import inline_datastores, jpage_calls, parse_datastore
from gaar_spiders.cms.walk import Walker

PAGES = Path(__file__).resolve().parent / "data" / "crawl" / "pages"
DINGXI_XML = (PAGES / "03_dingxi_hanweb_datastore.xml").read_text(encoding="utf-8")
COLUMN = "http://www.dingxi.gov.cn/col/col12377/index.html"
PROXY = "http://www.dingxi.gov.cn/module/web/jpage/dataproxy.jsp"
#: 03's nextgroup href, byte for byte: appid twice, webname percent-encoded twice
NEXTGROUP = re.search(r'<nextgroup><!\[CDATA\[<a href="([^"]+)">', DINGXI_XML)[1]
#: 03's records as the file prints them: (href, title attribute, cut link text, date)
RECORDS = re.findall(r'<a target="_blank" href="([^"]+)" title="([^"]*)">([^<]*)</a>\s*<b>([^<]+)</b>', DINGXI_XML)

hanweb = cms.get("hanweb")


def column_page(html: str, url: str = COLUMN) -> ListPage:
    return ListPage.from_html(html, url, column_url=url)


def dingxi_column() -> ListPage:
    """03's datastore where a jcms column page carries it: in the list unit's ``<script type="text/xml">``."""
    return column_page('<html><head><script src="/module/jslib/jquery/jquery.js"></script></head><body>'
                       f'<div id="38486"><script type="text/xml">{DINGXI_XML}</script></div></body></html>')


def absolute(href: str) -> str:
    return href if href.startswith("http") else "http://www.dingxi.gov.cn" + href


# --- real page 03 -----------------------------------------------------------------------------------

def test_the_fixture_is_what_the_crawl_readme_says():
    assert len(RECORDS) == 45 and sum(text.endswith("...") for _, _, text, _ in RECORDS) == 12
    assert "<totalrecord>" not in DINGXI_XML and "<totalpage>" not in DINGXI_XML
    assert NEXTGROUP.count("appid=1") == 2 and "webname=%25E5%25AE%259A" in NEXTGROUP


def test_a_dingxi_column_page_lists_exactly_the_45_records_of_its_inline_datastore_by_title():
    page = dingxi_column()
    adapter, score = cms.detect(page)
    assert adapter.name == "hanweb" and score >= cms.STRONG  # the unit lists this very column (12377)
    listing = adapter.read_list(page)
    assert [(link.url, link.text, link.date) for link in listing.records] == [
        (absolute(href), title, date) for href, title, _, date in RECORDS]
    assert not any(link.text.endswith("...") for link in listing.records)  # titles, never the cut text
    assert listing.reports == []  # a notice column: nothing is a 年报


def test_the_record_on_the_sibling_host_is_kept_with_its_host():
    listing = hanweb.read_list(dingxi_column())
    assert [link.url for link in listing.records if "dingxi.gov.cn/art" in link.url
            and not link.url.startswith("http://www.")] == ["http://zwgk.dingxi.gov.cn/art/2021/11/4/art_12480_1461862.html"]


def test_dataproxy_requests_are_the_nextgroup_link_as_printed_with_its_page_counted_up():
    """No total printed and no jpage parameters: the nextgroup link is the only way on. It is sent
    as printed (appid twice, webname double-encoded), and the page after it is asked at once:
    03 does not show whether page=1 repeats the inline group or follows it."""
    listing = hanweb.read_list(dingxi_column())
    first, second = listing.requests
    assert first.url == "http://www.dingxi.gov.cn" + NEXTGROUP
    assert second.url == first.url.replace("?page=1&", "?page=2&")
    assert all(r.method == "GET" and r.form in (None, {}) and r.answer == "xml" and r.adapter == "hanweb"
               for r in listing.requests)
    assert listing.declared_pages is None and listing.declared_records is None
    assert "nextgroup" in listing.plan


def test_03_read_as_a_page_of_its_own_is_the_same_list():
    """A registry column URL may point at the dataproxy itself: the bare datastore is a list too."""
    page = column_page(DINGXI_XML, PROXY + "?page=1&columnid=12377")
    assert hanweb.detect(page) >= cms.STRONG
    assert len(hanweb.read_list(page).records) == 45


def test_a_dingxi_answer_without_totals_asks_the_next_page_and_the_empty_answer_ends_the_walk():
    first = hanweb.read_list(dingxi_column()).requests[1]  # page=2
    answer = ListPage(url=first.url, body=DINGXI_XML.encode("utf-8"), answer="xml")
    listing = hanweb.read_answer(answer, first.state)
    # the same 45 links as the column page showed: an answer repeating them adds nothing
    assert listing.records == [] and listing.record_count == 0 and listing.pages_covered == 0
    other = hanweb.read_answer(answer, {**first.state, "shown": []})
    assert len(other.records) == 45 and other.pages_covered == 1
    assert [r.url for r in other.requests] == [first.url.replace("?page=2&", "?page=3&")]
    empty = ListPage(url=first.url, body=b'<?xml version="1.0"?><datastore><recordset></recordset></datastore>',
                     answer="xml")
    assert hanweb.read_answer(empty, first.state).requests == []


@pytest.mark.parametrize("repeats", [True, False], ids=["page=1 repeats the inline group", "page=1 follows it"])
def test_either_reading_of_page_1_reaches_every_record_and_records_no_loop(repeats):
    """A column of 10 records, 3 inline: the walk rule plus the adapter reach all 10 whichever way the
    server numbers its pages, and never record a pagination loop."""
    urls = [f"/art/2024/1/{d}/art_12377_{1000 + d}.html" for d in range(1, 11)]
    titles = [f"定西市某局{2013 + d}年政府信息公开工作年度报告" for d in range(1, 11)]
    records = [f'<li><a href="{u}" title="{t}">{t[:8]}...</a> <b>2024-01-01</b></li>' for u, t in zip(urls, titles)]

    def store(chunk):
        return ('<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=110'
                '&path=/&columnid=12377&unitid=38486&permissiontype=0"></a>]]></nextgroup><recordset>'
                + "".join(f"<record><![CDATA[{r}]]></record>" for r in chunk) + "</recordset></datastore>")

    def dataproxy(n):
        start = (n - 1) * 3 if repeats else n * 3
        return store(records[start:start + 3]).encode("utf-8")

    walker = Walker()
    walk = walker.start(COLUMN, "hanweb")
    page = column_page(f'<div id="38486"><script type="text/xml">{store(records[:3])}</script></div>')
    step = walker.step(walk, hanweb.read_list(page), COLUMN, first=True, new_records=3)
    found = {link.url for link in hanweb.read_list(page).records}
    queue, failures = list(step.requests), list(step.failures)
    while queue:
        request = queue.pop(0)
        answer = ListPage(url=request.url, body=dataproxy(int(re.search(r"page=(\d+)", request.url)[1])),
                          answer="xml")
        listing = hanweb.read_answer(answer, request.state)
        new = sum(1 for link in listing.records if link.url not in walker.seen_records)
        found |= {link.url for link in listing.records}
        step = walker.step(walk, listing, request.url, first=False, new_records=new)
        queue += step.requests
        failures += step.failures
    assert found == {"http://www.dingxi.gov.cn" + u for u in urls}
    assert failures == []


# --- totals (江苏人社, code only) -------------------------------------------------------------------

JIANGSU_RSJ = ('<datastore><totalrecord>7</totalrecord><totalpage>3</totalpage><recordset>'
               + "".join(f'<record><![CDATA[<li><a href="/art/2023/1/{d}/art_77278_{d}.html" title="江苏省人力资源和社会'
                         f'保障厅202{d}年政府信息公开工作年度报告">…</a><span>2023-01-0{d}</span></li>]]></record>'
                         for d in (1, 2, 3)) + "</recordset></datastore>")


def test_a_jiangsu_rsj_answer_with_totals_asks_every_declared_page_at_once():
    """江苏人社 (code only): GET dataproxy.jsp?page=1&… answers <totalrecord>/<totalpage>."""
    url = ("http://jshrss.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=67&path=/"
           "&columnid=77278&unitid=303271&permissiontype=0")
    state = {"mode": "pages", "template": url, "page": 1, "shown": []}
    listing = hanweb.read_answer(ListPage(url=url, body=JIANGSU_RSJ.encode("utf-8"), answer="xml"), state)
    assert listing.declared_pages == 3 and listing.declared_records == 7 and len(listing.reports) == 3
    assert [r.url for r in listing.requests] == [url.replace("page=1", f"page={n}") for n in (2, 3)]
    last = hanweb.read_answer(ListPage(url=url, body=JIANGSU_RSJ.encode("utf-8"), answer="xml"), {**state, "page": 3})
    assert last.requests == []


def test_an_inline_datastore_with_totals_declares_them_on_the_column_page():
    page = column_page(f'<div id="303271"><script type="text/xml">{JIANGSU_RSJ.replace("<recordset>", NEXT77278)}'
                       "</script></div>", "http://jshrss.jiangsu.gov.cn/col/col77278/index.html")
    listing = hanweb.read_list(page)
    assert listing.declared_records == 7 and listing.declared_pages == 3
    assert [int(re.search(r"page=(\d+)", r.url)[1]) for r in listing.requests] == [1, 2, 3]


NEXT77278 = ('<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=67&path=/'
             '&columnid=77278&unitid=303271&permissiontype=0"></a>]]></nextgroup><recordset>')


# --- the jpage call: wherever the page writes it, GET or POST, old and new paths ---------------------

FORM = {"col": "1", "appid": "1", "webid": "2", "path": "/", "columnid": "2671", "sourceContentType": "1",
        "unitid": "8836", "webname": "东阿县人民政府", "permissiontype": "0"}
OLD = "/module/jslib/jquery/jpage/dataproxy.jsp"
DONGE = "http://www.donge.gov.cn/col/col2671/index.html"


def test_an_older_hanweb_page_declares_the_jpage_settings_in_variables_elsewhere_and_posts_them():
    html = f"""<head><script>var proxyUrl = '{OLD}'; var perPageNum = 2; var totalRecordNum = 8;
var jpageParam = {{col:1, appid:1, webid:2, path:'/', columnid:cid, sourceContentType:1, unitid:8836,
  webname:'东阿县人民政府', permissiontype:0}};
var cid = 2671;</script></head><body><div id="8836"></div>
<script>$(document).ready(function(){{ $('#8836').jpage({{dataStore: null, proxyUrl: proxyUrl, perPage: perPageNum,
  totalRecord: totalRecordNum, groupSize: 3, barPosition: 'bottom', dataBefore: '<ul class="list">',
  callback: function (a) {{ return {{x: 1}}; }}, ajaxParam: jpageParam}}); }});</script></body>"""
    score, listing = hanweb.detect(column_page(html, DONGE)), hanweb.read_list(column_page(html, DONGE))
    assert score >= cms.STRONG and listing.declared_records == 8 and listing.declared_pages == 4
    (request,) = listing.requests
    assert request.url == f"http://www.donge.gov.cn{OLD}?startrecord=1&endrecord=6&perpage=2"
    assert request.method == "POST" and request.form == FORM and request.answer == "xml"
    body = "".join(f'<record><![CDATA[<li><a href="/art/2024/1/{d}/art_2671_{d}.html">东阿县{2015 + d}年政府信息公开工作'
                   f'年度报告</a></li>]]></record>' for d in range(1, 7))
    answer = ListPage(url=request.url, body=f"<datastore><totalrecord>8</totalrecord><recordset>{body}</recordset>"
                      "</datastore>".encode(), answer="xml")
    got = hanweb.read_answer(answer, request.state)
    assert len(got.reports) == 6 and got.pages_covered == 3
    (follow,) = got.requests
    assert "startrecord=7&endrecord=12" in follow.url and follow.form == FORM and follow.method == "POST"


def test_the_whole_settings_object_may_be_a_variable_too():
    html = (f"<script>var cfg = {{proxyUrl: '{OLD}', perPage: 10, ajaxParam: {{columnid: 2671, unitid: 8836}}}};"
            "$('#8836').jpage(cfg);</script>")
    (call,) = jpage_calls(html)
    assert call.proxy == OLD and call.per_page == 10 and call.form == {"columnid": "2671", "unitid": "8836"}


def test_the_fields_go_into_the_get_query_when_the_call_asks_for_get():
    html = f"<script>$('#u').jpage({{proxyUrl: '{OLD}', type: 'get', perPage: 15, ajaxParam: {{columnid: 2671}}}});</script>"
    (request,) = hanweb.read_list(column_page(html, DONGE)).requests
    assert request.method == "GET" and request.form == {"columnid": "2671"}


def test_fields_written_into_the_proxy_url_make_a_get_request():
    """Older Hanweb, GET form (crawl README §2): the fields in the query, ``…&page=1`` included."""
    html = (f"<script>$('#u').jpage({{proxyUrl: '{OLD}?col=1&appid=1&webid=2&path=/&columnid=2671&unitid=8836"
            "&permissiontype=0&page=1', perPage: 15});</script>")
    (request,) = hanweb.read_list(column_page(html, DONGE)).requests
    assert request.method == "GET" and not request.form
    assert request.url.startswith(f"http://www.donge.gov.cn{OLD}?col=1&appid=1&webid=2&path=/&columnid=2671")
    assert request.url.endswith("&page=1&startrecord=1&endrecord=45&perpage=15")


def test_inline_records_and_a_jpage_call_the_proxy_is_asked_from_the_record_after_them():
    records = "".join(f'<record><![CDATA[<li><a href="/art/2024/1/{d}/art_2671_{d}.html">东阿县{2015 + d}年政府信息'
                      f'公开工作年度报告</a></li>]]></record>' for d in range(1, 4))
    html = (f'<div id="8836"><script type="text/xml"><datastore><recordset>{records}</recordset></datastore></script>'
            f"</div><script>$('#8836').jpage({{proxyUrl: '{OLD}', perPage: 3, totalRecord: 9, "
            "ajaxParam: {columnid: 2671}});</script>")
    listing = hanweb.read_list(column_page(html, DONGE))
    assert len(listing.reports) == 3 and listing.pages_covered == 1
    (request,) = listing.requests
    assert "startrecord=4&endrecord=12" in request.url


# --- detection: a column's own list, not any Hanweb page ---------------------------------------------

def test_a_home_page_with_units_of_other_columns_is_hanweb_but_not_a_list_by_itself():
    store = DINGXI_XML  # the notice column's unit (12377) shown on the home page
    home = column_page(f'<div id="38486"><script type="text/xml">{store}</script></div>', "http://www.dingxi.gov.cn/")
    adapter, score = cms.detect(home)
    assert adapter.name == "hanweb" and score < cms.STRONG
    other = column_page(home.text, "http://www.dingxi.gov.cn/col/col99/index.html")  # another column's page
    assert hanweb.detect(other) < cms.STRONG


def test_06_a_jcms_detail_page_is_hanweb_and_no_list():
    page = column_page((PAGES / "06_zjdpc_hanweb_jcms_detail.html").read_text(encoding="utf-8"),
                       "http://fzggw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html")
    adapter, score = cms.detect(page)
    assert adapter.name == "hanweb" and 0 < score < cms.STRONG
    assert hanweb.read_list(page).requests == [] and inline_datastores(page.text) == []


def test_a_nextgroup_href_is_never_html_unescaped_beyond_amp():
    """``&para…`` in an href is a parameter, not the ¶ entity; ``&amp;`` is an ampersand."""
    store = parse_datastore(b'<datastore><nextgroup><![CDATA[<a href="/p.jsp?page=1&amp;columnid=1&paraId=2">'
                            b'</a>]]></nextgroup></datastore>')
    assert store.nextgroup == "/p.jsp?page=1&columnid=1&paraId=2"


def test_a_hostile_page_of_jpage_calls_and_variables_is_read_in_bounded_work():
    """Every call names 200 variables, each declared: only MAX_CALLS calls and MAX_LOOKUPS variables are read,
    and an unclosed settings object is read no further than MAX_OBJECT characters."""
    from gaar_spiders.cms import hanweb as H

    names = ", ".join(f"k{i}: v{i}" for i in range(200))
    declarations = "".join(f"var v{i} = '{i}';" for i in range(200))
    call = f"$('#u').jpage({{proxyUrl: '{OLD}', ajaxParam: {{{names}}}}});"
    calls = jpage_calls(f"<script>{declarations}{call * 100}</script>")
    assert len(calls) == H.MAX_CALLS and all(len(c.form) == H.MAX_LOOKUPS for c in calls)
    script = H.Script("")
    unclosed = "{a: '" + "x" * (2 * H.MAX_OBJECT)
    assert script.value(unclosed, 0) is None


def test_an_answer_is_read_in_its_own_charset_and_a_dtd_before_it_is_left_behind():
    xml = ('<?xml version="1.0" encoding="GBK"?><!DOCTYPE datastore [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           '<datastore><recordset><record><![CDATA[<li><a href="/art/2024/1/1/art_1_1.html" title="渭源县2023年政府'
           '信息公开工作年度报告">渭源县…</a></li>]]></record><record>&xxe;</record></recordset></datastore>')
    state = {"mode": "pages", "template": PROXY + "?page=1&columnid=1", "page": 1}
    answer = ListPage(url=state["template"], body=xml.encode("gbk"), encoding="gbk", answer="xml")
    listing = hanweb.read_answer(answer, state)
    assert [link.text for link in listing.reports] == ["渭源县2023年政府信息公开工作年度报告"]
    assert "root:" not in str(listing.records)
