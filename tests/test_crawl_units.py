"""Small units of the crawl: link kinds, pagination strategies, the registry, crawl health."""

import json

import pytest

from gaar_spiders.crawl import links as L
from gaar_spiders.crawl import pagination as P
from gaar_spiders.extensions import verdict
from gaar_spiders.portals import RegistryError, load_registry, parse_registry


@pytest.mark.parametrize("text,kind", [
    ("精河县托里镇人民政府2021年政府信息公开工作年度报告", "report"),
    ("城月鎮人民政府2020年度政府信息公開工作年度報告", "report"),
    ("2021年法治政府建设年度报告", "non_report"),
    ("重庆市大足区2022年度网站工作年度报表", "non_report"),
    ("2020年度工作总结报告", "non_report"),
    ("政府信息公开年报", "column"),
    ("政府信息公开工作年度报告", "column"),
    ("政务公开", "nav"),
    ("区级部门", "other"),
])
def test_link_kinds(text, kind):
    assert L.classify(text) == kind


def test_attachments_by_extension_or_text():
    assert L.is_attachment("http://x.gov.cn/a/1.PDF")
    assert L.is_attachment("http://x.gov.cn/download?id=3", "2021年年报.docx")
    assert not L.is_attachment("http://x.gov.cn/a/1.html", "年报")


def test_page_links_take_titles_and_dates():
    html = ('<ul><li><a href="./202101/t1.html" title="某县2020年政府信息公开工作年度报告">某县2020年…</a>'
            '<span>2021-01-20</span></li><li><a href="javascript:void(0)">x</a></li></ul>')
    (link,) = L.page_links(html, "http://www.x.gov.cn/ndbg/index.html")
    assert link.url == "http://www.x.gov.cn/ndbg/202101/t1.html"
    assert link.text == "某县2020年政府信息公开工作年度报告" and link.date == "2021-01-20"


def test_trs_pagination_counts_from_create_page_html():
    html = '<script>createPageHTML(4, 0, "index", "html");</script>'
    plan = P.trs(html, "http://x.gov.cn/ndbg/index.html")
    assert (plan.strategy, plan.declared_pages, plan.next_url) == ("trs", 4, "http://x.gov.cn/ndbg/index_1.html")
    last = P.trs('<script>createPageHTML(4, 3, "index", "html");</script>', "http://x.gov.cn/ndbg/index_3.html")
    assert last.next_url is None


@pytest.mark.parametrize("param", ["page", "pageNum", "pageNo", "currPage"])
def test_query_parameter_pagination(param):
    html = f'<div>共3页 <a href="list.jsp?c=1&{param}=2">2</a> <a href="list.jsp?c=1&{param}=3">3</a></div>'
    plan = P.plan(html, "http://x.gov.cn/list.jsp?c=1")
    assert (plan.strategy, plan.declared_pages) == ("query", 3)
    assert plan.next_url == f"http://x.gov.cn/list.jsp?c=1&{param}=2"
    assert P.plan(html, f"http://x.gov.cn/list.jsp?c=1&{param}=3").next_url is None


def test_numbered_pages():
    html = '<a href="2.html">2</a><a href="3.html">3</a><a href="3.html">尾页</a>'
    plan = P.plan(html, "http://x.gov.cn/ndbg/index.html")
    assert (plan.strategy, plan.declared_pages, plan.next_url) == ("numbered", 3, "http://x.gov.cn/ndbg/2.html")
    assert P.plan(html, "http://x.gov.cn/ndbg/2.html").next_url == "http://x.gov.cn/ndbg/3.html"


def test_next_link_fallback():
    plan = P.plan('<a href="list_b.html">下一页</a>', "http://x.gov.cn/ndbg/list_a.html")
    assert (plan.strategy, plan.next_url, plan.declared_pages) == ("next_link", "http://x.gov.cn/ndbg/list_b.html", None)


def test_hanweb_dataproxy_plan_and_records():
    html = """<script>$('#div1').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15,
      totalRecord: 38, ajaxParam: {col:1, columnid:1234, unitid:5678, webname:'精河县人民政府'}});</script>"""
    plan = P.hanweb(html, "http://www.xjjh.gov.cn/col/col1234/index.html")
    assert plan.proxy_url == "http://www.xjjh.gov.cn/module/web/jpage/dataproxy.jsp"
    assert plan.params == {"col": "1", "columnid": "1234", "unitid": "5678", "webname": "精河县人民政府"}
    assert plan.declared_pages == 3
    xml = ('<?xml version="1.0"?><datastore><totalrecord>38</totalrecord><recordset>'
           '<record><![CDATA[<li><a href="/art/1.html">x</a></li>]]></record></recordset></datastore>').encode()
    assert P.hanweb_records(xml) == (['<li><a href="/art/1.html">x</a></li>'], 38)


def test_hanweb_xml_never_expands_entities():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
    <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>
    <datastore><totalrecord>1</totalrecord><recordset><record>&c;&x;</record></recordset></datastore>"""
    records, total = P.hanweb_records(bomb)
    assert total == 1 and all("aaaa" not in r and "root:" not in r for r in records)


def test_registry_entries_are_validated():
    assert set(load_registry()) == {"jinghe", "dazu", "daowai", "suixi", "qingshan"}
    assert load_registry()["dazu"].division_code == "500111"
    good = {"name": "xian", "organ": "托里县人民政府", "region": "新疆维吾尔自治区塔城地区托里县", "division_code": "654224",
            "root_url": "http://www.x.gov.cn/"}
    parse_registry(json.dumps({"portals": [good]}))
    for bad, message in [({**good, "division_code": "12"}, "division_code"),
                         ({**good, "division_code": "123456"}, "123456 is in no division list"),
                         ({**good, "division_code": "510132"}, "no longer in force: today's code is 510118"),
                         ({**good, "region": "新疆维吾尔自治区塔城地区精河县"}, "does not name division 654224"),
                         # 青山区 is two districts: the region's city says which one the code must be
                         ({**good, "division_code": "150204", "region": "湖北省武汉市青山区"},
                          "does not name division 150204 .*; it names 420107"),
                         ({**good, "root_url": "www.x.gov.cn"}, "root_url"),
                         ({**good, "cms": "wordpress"}, "cms"),
                         ({**good, "obey_robots": False}, "robots_reason"),
                         ({**good, "politeness": {"download_delay": "slow"}}, "download_delay"),
                         ({**good, "colour": "red"}, "unknown fields")]:
        with pytest.raises(RegistryError, match=message):
            parse_registry(json.dumps({"portals": [bad]}))


def test_health_verdicts():
    base = dict(list_pages_declared=3, list_pages_fetched=3, reports_found=10, reports_stored=10,
                reports_failed=0, blocked_pages=0)
    assert verdict(base, {})[0] == "ok"
    assert verdict({**base, "list_pages_fetched": 1}, {}) == ("degraded", "only 1 of 3 declared list pages fetched")
    assert verdict({**base, "reports_stored": 0, "blocked_pages": 4}, {"blocked": 4})[0] == "blocked"
    assert verdict({**base, "reports_found": 0, "reports_stored": 0}, {})[0] == "broken"
    assert verdict(base, {"http_404": 2}) == ("degraded", "failed requests: http_404 2")
