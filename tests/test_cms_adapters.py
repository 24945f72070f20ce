"""The ported adapters on small pages, the registry, and the spider's glue to Scrapy."""

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from gaar_spiders import cms
from gaar_spiders.cms.base import Adapter, ListPage, ListRequest, join_parts
from gaar_spiders.spiders.portal import list_page, scrapy_request


def read(name: str, html: str, url: str):
    page = ListPage.from_html(html, url, column_url=url)
    return cms.get(name).detect(page), cms.get(name).read_list(page)


def test_the_registry_holds_each_family_once_generic_last():
    assert cms.names()[-1] == "generic"
    assert {"trs", "hanweb", "query_param", "numbered", "next_link", "generic"} <= set(cms.names())
    with pytest.raises(KeyError, match="known"):
        cms.get("wordpress")


def test_trs_create_page_html_asks_for_every_page_at_once():
    score, listing = read("trs", '<script>createPageHTML(4, 0, "index", "html");</script>', "http://x.gov.cn/ndbg/index.html")
    assert score >= cms.STRONG and listing.declared_pages == 4
    assert [r.url for r in listing.requests] == [f"http://x.gov.cn/ndbg/index_{k}.html" for k in (1, 2, 3)]
    assert [r.page for r in listing.requests] == [2, 3, 4]
    _, last = read("trs", '<script>createPageHTML(4, 3, "index", "html");</script>', "http://x.gov.cn/ndbg/index_3.html")
    assert last.requests == []


@pytest.mark.parametrize("param", ["page", "pageNum", "pageNo", "currPage", "cur_page"])
def test_query_parameter_pagination(param):
    html = f'<div>共3页 <a href="list.jsp?c=1&{param}=2">2</a> <a href="list.jsp?c=1&{param}=3">3</a></div>'
    score, listing = read("query_param", html, "http://x.gov.cn/list.jsp?c=1")
    assert score > 0 and listing.declared_pages == 3
    assert [r.url for r in listing.requests] == [f"http://x.gov.cn/list.jsp?c=1&{param}=2"]
    assert read("query_param", html, f"http://x.gov.cn/list.jsp?c=1&{param}=3")[1].requests == []


def test_numbered_pages():
    html = '<a href="2.html">2</a><a href="3.html">3</a><a href="3.html">尾页</a>'
    score, listing = read("numbered", html, "http://x.gov.cn/ndbg/index.html")
    assert score > 0 and listing.declared_pages == 3
    assert [r.url for r in listing.requests] == ["http://x.gov.cn/ndbg/2.html"]
    assert [r.url for r in read("numbered", html, "http://x.gov.cn/ndbg/2.html")[1].requests] == [
        "http://x.gov.cn/ndbg/3.html"]


def test_next_link_and_detection_order():
    html = '<a href="list_b.html">下一页</a>'
    score, listing = read("next_link", html, "http://x.gov.cn/ndbg/list_a.html")
    assert score > 0 and [r.url for r in listing.requests] == ["http://x.gov.cn/ndbg/list_b.html"]
    assert listing.declared_pages is None
    page = ListPage.from_html(html, "http://x.gov.cn/ndbg/list_a.html")
    assert cms.detect(page)[0].name == "next_link"
    numbered = ListPage.from_html(html + '<a href="index_2.html">2</a>', "http://x.gov.cn/ndbg/index.html")
    assert cms.detect(numbered)[0].name == "numbered"  # a count beats a next link
    assert cms.detect(ListPage.from_html("<p>nothing</p>", "http://x.gov.cn/"))[0].name == "generic"


JPAGE = """<script>$('#div1').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15,
  totalRecord: 38, ajaxParam: {col:1, columnid:1234, unitid:5678, webname:'精河县人民政府'}});</script>"""


def test_hanweb_column_page_asks_the_dataproxy_with_its_ajax_param_form():
    score, listing = read("hanweb", JPAGE, "http://www.xjjh.gov.cn/col/col1234/index.html")
    assert score >= cms.STRONG and listing.declared_pages == 3 and listing.declared_records == 38
    (request,) = listing.requests
    assert request.url.startswith("http://www.xjjh.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45")
    assert request.method == "POST" and request.answer == "xml" and request.adapter == "hanweb"
    assert request.form == {"col": "1", "columnid": "1234", "unitid": "5678", "webname": "精河县人民政府"}
    xml = ('<?xml version="1.0"?><datastore><totalrecord>38</totalrecord><recordset>'
           '<record><![CDATA[<li><a href="/art/1.html" title="精河县2021年政府信息公开工作年度报告">精河县…</a></li>]]>'
           '</record></recordset></datastore>').encode()
    answer = ListPage(url=request.url, body=xml, answer="xml")
    got = cms.get("hanweb").read_answer(answer, request.state)
    assert [(r.url, r.text) for r in got.reports] == [("http://www.xjjh.gov.cn/art/1.html", "精河县2021年政府信息公开工作年度报告")]
    assert "startrecord=2" in got.requests[0].url  # 1 of 38: the next group
    assert cms.get("hanweb").read_answer(ListPage(url=request.url, body=b"<datastore/>"), request.state).requests == []


def test_sub_columns_are_short_links_below_the_column_and_never_pager_links():
    html = ('<a href="/ndbg/qzf/">区政府</a><a href="/ndbg/2023nd/">2023年度</a><a href="/ndbg/index_2.html">下一页</a>'
            '<a href="/ndbg/2.html">2</a><a href="/other/">区政府</a><a href="/ndbg/a.pdf">附件</a>')
    _, listing = read("generic", html, "http://x.gov.cn/ndbg/")
    assert [s.url for s in listing.sub_columns] == ["http://x.gov.cn/ndbg/qzf/", "http://x.gov.cn/ndbg/2023nd/"]


def test_list_request_is_a_checked_value():
    with pytest.raises(ValueError):
        ListRequest("http://x/", method="PUT")
    with pytest.raises(ValueError):
        ListRequest("http://x/", answer="csv")
    with pytest.raises(ValueError):
        ListRequest("http://x/", form={"a": "1"}, body="{}")
    assert ListRequest("http://X/a#top").key == ListRequest("http://x/a").key  # the fragment is not identity
    assert ListRequest("http://x/a?code=1").key != ListRequest("http://x/a?code=2").key  # the query is


def test_list_requests_become_scrapy_requests_of_their_kind():
    post = scrapy_request(ListRequest("http://x.gov.cn/api", method="POST", form={"page": "2"}, answer="json"),
                          callback=None)
    assert post.method == "POST" and post.body == b"page=2" and post.meta["gaar_kind"] == "list_api"
    assert post.dont_filter  # the walk dedupes list requests itself
    get = scrapy_request(ListRequest("http://x.gov.cn/api?a=1", form={"page": "2"}), callback=None)
    assert get.method == "GET" and get.url == "http://x.gov.cn/api?a=1&page=2" and get.meta["gaar_kind"] == "list"
    raw = scrapy_request(ListRequest("http://x.gov.cn/api", method="POST", body='{"pageNo":2}', answer="json",
                                     headers={"Content-Type": "application/json"}), callback=None)
    assert raw.body == b'{"pageNo":2}' and raw.headers["Content-Type"] == b"application/json"


def test_a_json_answer_reaches_the_adapter_as_a_list_page():
    response = TextResponse("http://x.gov.cn/api/all/0?page=1", body='{"articles": [{"title": "甲"}]}'.encode(),
                            encoding="utf-8", request=Request("http://x.gov.cn/api/all/0?page=1"))
    page = list_page(response, state={"page": 1}, column="http://x.gov.cn/gkmlpt/index", answer="json")
    assert page.json() == {"articles": [{"title": "甲"}]} and page.state == {"page": 1} and page.answer == "json"
    html = HtmlResponse("http://x.gov.cn/", body='<meta name="SiteIDCode" content="6527220001">'.encode(),
                        encoding="utf-8", request=Request("http://x.gov.cn/"))
    assert list_page(html).meta("SiteIDCode") == "6527220001"


def test_an_adapter_without_an_answer_reader_says_so():
    class Lister(Adapter):
        name = "lister"

    with pytest.raises(NotImplementedError, match="lister"):
        Lister().read_answer(ListPage(url="http://x/", body=b"{}", answer="json"), {})
    assert Lister().document_parts(ListPage(url="http://x/", body=b"")) == []


def test_document_parts_are_joined_into_one_body():
    first = ('<html><head><title>年报</title></head><body><div class="nav">首页</div>'
             '<div class="TRS_Editor"><p>一、总体情况</p></div><div class="footer">x</div></body></html>')
    second = '<html><body><div class="nav">首页</div><div class="TRS_Editor"><p>二、主动公开</p></div></body></html>'
    joined = join_parts([first, second])
    assert joined.count("首页") == 1 and joined.index("一、总体情况") < joined.index("二、主动公开") < joined.index("footer")


def test_the_spider_fetches_a_documents_parts_and_stores_them_as_one_page(monkeypatch):
    """An adapter's ``document_parts`` (the TRS article pager) makes the spider fetch the parts in order
    and yield one page: the first part's URL and chrome, every part's body."""
    from scrapy.utils.test import get_crawler

    from gaar_spiders.items import PageItem
    from gaar_spiders.spiders.portal import PortalSpider

    base = "http://www.x.gov.cn/nb/201909/t20190918_693227"

    class Paged(Adapter):
        name = "paged"

        def document_parts(self, page):
            return [f"{base}_1.shtml", f"{base}_2.shtml"] if page.url == base + ".shtml" else []

    monkeypatch.setattr(cms, "adapters", lambda: (Paged(),))
    spider = PortalSpider.from_crawler(get_crawler(PortalSpider), url="http://www.x.gov.cn/")
    html = '<html><body><div class="nav">首页</div><div class="TRS_Editor"><p>{}</p></div></body></html>'

    def response(url, text, request=None):
        request = request or Request(url, meta={"gaar_kind": "page"})
        return HtmlResponse(url, body=html.format(text).encode(), encoding="utf-8", request=request)

    kwargs = {"link_text": "某县2019年政府信息公开工作年度报告", "list_url": "http://www.x.gov.cn/nb/", "list_date": None}
    out = list(spider.parse_report_page(response(base + ".shtml", "第一部分"), **kwargs))
    for text in ("第二部分", "第三部分"):
        (follow,) = out
        assert isinstance(follow, Request)
        out = list(spider.parse_report_page(response(follow.url, text, follow), **follow.cb_kwargs))
    (item,) = [o for o in out if isinstance(o, PageItem)]
    assert item.url == base + ".shtml" and item.kind == "page"
    body = item.body.decode("utf-8")
    assert body.count("首页") == 1 and body.index("第一部分") < body.index("第二部分") < body.index("第三部分")


def test_a_family_module_adds_sub_column_rules_for_every_adapter(monkeypatch):
    """Year and organ sub-columns are not one family's: a module's SUB_COLUMN_RULES apply to all pages."""
    html = '<a href="/other/2023/">2023年</a><a href="/ndbg/qzf/">区政府</a>'
    page = ListPage.from_html(html, "http://x.gov.cn/ndbg/", column_url="http://x.gov.cn/ndbg/")
    assert [s.text for s in cms.get("trs").read_list(page).sub_columns] == ["区政府"]
    monkeypatch.setattr(cms, "sub_column_rules", lambda: (lambda link, page: link.text == "2023年",))
    page = ListPage.from_html(html, "http://x.gov.cn/ndbg/", column_url="http://x.gov.cn/ndbg/")
    assert [s.text for s in cms.get("trs").read_list(page).sub_columns] == ["2023年", "区政府"]
