"""Small units of the crawl: link kinds, the registry, crawl health (adapters: test_cms_*.py)."""

import json

import pytest

from gaar_spiders.crawl import links as L
from gaar_spiders.extensions import interrupted, verdict
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


def test_one_bad_href_is_reported_and_the_rest_of_the_page_is_read():
    html = ('<a href="http://[bad-ipv6/x.html">某县2021年政府信息公开工作年度报告</a>'
            '<a href="./2.html">某县2020年政府信息公开工作年度报告</a>')
    links, bad = L.read_links(html, "http://www.x.gov.cn/ndbg/")
    assert [link.url for link in links] == ["http://www.x.gov.cn/ndbg/2.html"]
    assert [(b.href, b.text) for b in bad] == [("http://[bad-ipv6/x.html", "某县2021年政府信息公开工作年度报告")]


def test_registrable_domains_come_from_the_offline_public_suffix_list():
    from gaar_spiders.crawl.hosts import registrable_domain, same_registrable_domain

    assert registrable_domain("zwgk.dingxi.gov.cn") == registrable_domain("www.dingxi.gov.cn") == "dingxi.gov.cn"
    assert registrable_domain("www.gov.cn") == "www.gov.cn"  # gov.cn is a public suffix: the centre is not a county
    assert registrable_domain("127.0.0.1") == ""
    assert same_registrable_domain("http://xxgk.x.gov.cn/nb/", ["www.x.gov.cn"])
    assert not same_registrable_domain("http://www.gov.cn/zhengce/", ["www.x.gov.cn"])
    assert not same_registrable_domain("http://www.y.gov.cn/", ["www.x.gov.cn"])


def test_page_links_take_titles_and_dates():
    html = ('<ul><li><a href="./202101/t1.html" title="某县2020年政府信息公开工作年度报告">某县2020年…</a>'
            '<span>2021-01-20</span></li><li><a href="javascript:void(0)">x</a></li></ul>')
    (link,) = L.page_links(html, "http://www.x.gov.cn/ndbg/index.html")
    assert link.url == "http://www.x.gov.cn/ndbg/202101/t1.html"
    assert link.text == "某县2020年政府信息公开工作年度报告" and link.date == "2021-01-20"


def test_a_date_is_read_from_the_next_cell_never_from_the_block_after_a_breadcrumb():
    cells = '<table><tr><td><a href="t1.html">某县2020年政府信息公开工作年度报告</a></td><td>2021-01-20</td></tr></table>'
    assert L.page_links(cells, "http://www.x.gov.cn/ndbg/")[0].date == "2021-01-20"
    labelled = cells.replace("<td>2021-01-20</td>", "<td>[发布日期：2021年01月20日 10:33:59]</td>")
    assert L.page_links(labelled, "http://www.x.gov.cn/ndbg/")[0].date == "2021-01-20"
    crumb = ('<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/ndbg/">政府信息公开年报</a></div>'
             '<div class="main"><ul><li><a href="t1.html">某县2020年政府信息公开工作年度报告</a><span>2021-01-20</span>'
             "</li></ul></div>")
    dates = {link.text: link.date for link in L.page_links(crumb, "http://www.x.gov.cn/ndbg/")}
    assert dates == {"首页": None, "政府信息公开年报": None, "某县2020年政府信息公开工作年度报告": "2021-01-20"}


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
                         ({**good, "cms": "wordpress"}, "cms must be one of"),
                         ({**good, "obey_robots": False}, "robots_reason"),
                         ({**good, "politeness": {"download_delay": "slow"}}, "download_delay"),
                         ({**good, "politeness": {"download_delay": 0}}, "download_delay must be more than 0"),
                         ({**good, "politeness": {"concurrent_requests_per_domain": 0}}, "more than 0"),
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
    # fewer records than the lists declared is never ok
    assert verdict({**base, "list_records_declared": 20, "list_records_listed": 10}, {}) == (
        "degraded", "the lists declared 20 record(s), their walks listed 10")
    # a 年报 column whose lists gave no report link is named
    status, why = verdict({**base, "unreadable_columns": ["http://x.gov.cn/ndbg/"]}, {"list_unreadable": 1})
    assert status == "degraded" and "http://x.gov.cn/ndbg/" in why
    status, why = verdict({**base, "reports_found": 0, "reports_stored": 0,
                           "unreadable_columns": ["http://x.gov.cn/ndbg/"]}, {"list_unreadable": 1})
    assert status == "broken" and "http://x.gov.cn/ndbg/" in why


def test_health_verdicts_of_daily_runs():
    """A re-crawl of an unchanged portal, -a since after every report, a start page that failed,
    an interrupted run (issue 15)."""
    base = dict(list_pages_declared=3, list_pages_fetched=3, reports_found=14, reports_stored=0,
                reports_failed=0, blocked_pages=0, reports_known=14)
    assert verdict(base, {}) == ("ok", "nothing new (14 already stored)")
    assert verdict({**base, "reports_stored": 2, "reports_found": 16}, {}) == (
        "ok", "2 new report(s) stored (14 already stored)")
    # the portal's standing trouble is still degraded, never broken or blocked
    assert verdict({**base, "reports_found": 15, "blocked_pages": 1}, {"blocked": 1}) == (
        "degraded", "1 page(s) blocked; nothing new (14 already stored)")
    assert verdict({**base, "reports_found": 15}, {"http_404": 1})[0] == "degraded"
    # the next day that 404 waits for its back-off, not fetched: the report is still missing, and said so
    assert verdict({**base, "reports_found": 15, "skipped_backoff": 1}, {}) == (
        "degraded", "1 link(s) that failed before wait for their back-off (-a retry_failed=1 tries them now); "
        "nothing new (14 already stored)")
    # never stored anything: still broken
    assert verdict({**base, "reports_known": 0}, {}) == ("broken", "14 report link(s) found but none stored")
    none = {**base, "reports_found": 0, "reports_known": 0}
    assert verdict({**none, "skipped_before_since": 14, "since": 2030}, {}) == (
        "ok", "nothing new: no report of 2030 or later listed (14 older report link(s) skipped by -a since=2030)")
    assert verdict({**none, "start_failures": [("http://127.0.0.1:9/", "connection_refused")]}, {}) == (
        "broken", "no report link found: the start page http://127.0.0.1:9/ could not be fetched: connection_refused")
    status, why = interrupted(verdict(base, {})[1])
    assert status == "degraded" and why.startswith("interrupted: ")


def test_the_registry_cms_field_pins_an_adapter():
    good = {"name": "xian", "organ": "托里县人民政府", "region": "新疆维吾尔自治区塔城地区托里县", "division_code": "654224",
            "root_url": "http://www.x.gov.cn/"}
    from gaar_spiders import cms

    for name in cms.names():
        assert parse_registry(json.dumps({"portals": [{**good, "cms": name}]}))["xian"].cms == name
    assert parse_registry(json.dumps({"portals": [good]}))["xian"].cms == "unknown"  # detect every page
    assert {p.cms for p in load_registry().values()} <= set(cms.names()) | {"unknown"}
