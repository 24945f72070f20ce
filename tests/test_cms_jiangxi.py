"""Jiangxi 集约化 platform (crawl README pattern 6): the ``jiangxi`` adapter.

On the real pages 04 (万载县 detail page, its breadcrumb shows the organ sub-sites and
their ``?code=`` columns) and 07 (宜春 home page, the entry chain); the platform's list
pages were never saved, so the organ directory, an organ sub-site and a column are small
pages in the shapes 04's breadcrumb and nav show. The local portal ``jiangxi`` is crawled
in ``tests/test_families_crawl.py``.
"""

from pathlib import Path

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from gaar_spiders import cms
from gaar_spiders.cms import jiangxi
from gaar_spiders.cms.base import ListPage
from gaar_spiders.cms.walk import Walker
from gaar_spiders.spiders.portal import PortalSpider

PAGES = Path(__file__).resolve().parent / "data" / "crawl" / "pages"
JX = cms.get("jiangxi")


def real(name: str, url: str) -> ListPage:
    return ListPage(url=url, body=(PAGES / name).read_bytes(), column_url=url)


def followed_from(name: str, url: str) -> dict[str, str]:
    """What the spider follows from a real page reached as a start page: {url: role}."""
    spider = PortalSpider.from_crawler(get_crawler(PortalSpider), url=url)
    response = HtmlResponse(url, body=(PAGES / name).read_bytes(), encoding="utf-8",
                            request=Request(url, meta={"gaar_kind": "entry"}))
    return {r.url: r.cb_kwargs["role"] for r in spider.parse_entry(response, depth=0, role="start")}


YICHUN = "http://www.yichun.gov.cn/"


def test_07_yichun_home_is_the_jiangxi_platform_but_not_a_list():
    page = real("07_yichun_home.html", YICHUN)
    adapter, score = cms.detect(page)
    assert adapter.name == "jiangxi" and jiangxi.website_code(page) == "ycsrmzf"
    assert score < cms.STRONG  # a home page: read for its links, never as a 年报 column


def test_07_the_entry_chain_zwgk_and_the_redirecting_xxgk_and_nianbao_links_are_followed():
    followed = followed_from("07_yichun_home.html", YICHUN)
    site = YICHUN + "ycsrmzf/"
    assert followed[site + "zwgk/zwgk.shtml"] == "nav"  # 政务公开
    assert followed[site + "xxgk/redirect_firstChannel.shtml"] == "nav"  # 信息公开 (a redirect)
    assert followed[site + "zfxxgknb/redirect_firstChannel.shtml"] == "column"  # 政府信息公开年度报告
    # the list templates of the home page have both names; the platform knows them as lists
    page = real("07_yichun_home.html", YICHUN)
    templates = {link.url.rsplit("/", 1)[-1] for link in page.links if jiangxi.page_kind(link.url) == jiangxi.LIST}
    assert templates == {"xxgk_list.shtml", "xxgk_lists.shtml"}
    assert site + "zfwzgzndbb/list.shtml" not in followed  # 网站年度报表: not the 年报 column


WANZAI = "http://www.wanzai.gov.cn/wzxrmzf/"
DETAIL = WANZAI + "tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml"


def test_04_wanzai_detail_page_is_the_platform_and_leads_to_the_organ_directory():
    page = real("04_wanzai_detail_tjgb.html", DETAIL)
    adapter, score = cms.detect(page)
    assert adapter.name == "jiangxi" and jiangxi.website_code(page) == "wzxrmzf" and score < cms.STRONG
    followed = followed_from("04_wanzai_detail_tjgb.html", DETAIL)
    assert followed == {WANZAI + "zwgk/zwgk.shtml": "nav", WANZAI + "bmxxgkml/zzxxgk_bm.shtml": "nav"}


def test_04_breadcrumb_organ_site_and_code_columns_are_each_a_page_of_its_own():
    page = real("04_wanzai_detail_tjgb.html", DETAIL)
    kinds = {link.url: jiangxi.page_kind(link.url) for link in page.links if jiangxi.page_kind(link.url)}
    assert kinds == {
        WANZAI + "bmxxgkml/zzxxgk_bm.shtml": "directory",
        WANZAI + "tjj/xxgk.shtml": "organ_site",
        WANZAI + "tjj/xxgk.shtml?code=fdzdgknrtj&temp=xsqbmxxgk_list": "column",
        WANZAI + "tjj/xxgk.shtml?code=gzdta&temp=xsqbmxxgk_lists&parentCode=fdzdgknrtj": "column",
        WANZAI + "tjj/xxgk.shtml?code=tjsja&temp=xsqbmxxgk_list&parentCode=fdzdgknrtj": "column",
    }
    walker = Walker()  # one path, four pages: the query string is part of each one's identity
    assert all(walker.start(url, "jiangxi") is not None for url in kinds)


SCRIPT = '<script>var websiteId = "f2c9eb56dd984ccbb9389bdc2c0c7cdf", websiteCode = "wzxrmzf";</script>'


def test_the_organ_directory_is_a_list_whose_sub_columns_are_the_organ_sub_sites():
    html = SCRIPT + ('<div class="crumb"><a href="/wzxrmzf/index.shtml">首页</a><a href="/wzxrmzf/zwgk/zwgk.shtml">政务公开</a></div>'
                     '<ul class="bm-list"><li><a href="/wzxrmzf/tjj/xxgk.shtml">统计局</a></li>'
                     '<li><a href="/wzxrmzf/jyj/xxgk.shtml">教育体育局</a></li></ul>')
    page = ListPage.from_html(html, WANZAI + "bmxxgkml/zzxxgk_bm.shtml")
    assert cms.detect(page) == (JX, 0.9) and 0.9 >= cms.STRONG
    listing = JX.read_list(page)
    assert [(s.url, s.text) for s in listing.sub_columns] == [
        (WANZAI + "tjj/xxgk.shtml", "统计局"), (WANZAI + "jyj/xxgk.shtml", "教育体育局")]
    assert listing.records == [] and listing.requests == []


ORGAN = WANZAI + "tjj/xxgk.shtml"
ORGAN_NAV = ('<ul class="xxgk-nav">'
             '<li><a href="xxgk.shtml?code=xxgkzn&temp=xsqbmxxgk_tt">政府信息公开指南</a></li>'
             '<li><a href="xxgk.shtml?code=fdzdgknrtj&temp=xsqbmxxgk_list">法定主动公开内容</a></li>'
             '<li><a href="xxgk.shtml?code=zfxxgknb&temp=xsqbmxxgk_list">政府信息公开年报</a></li></ul>')


def test_an_organ_sub_site_leads_to_its_nianbao_nav_item_by_its_code():
    page = ListPage.from_html(SCRIPT + ORGAN_NAV, ORGAN, column_url=ORGAN)
    assert cms.detect(page)[0] is JX
    listing = JX.read_list(page)
    assert [s.url for s in listing.sub_columns] == [ORGAN + "?code=zfxxgknb&temp=xsqbmxxgk_list"]
    assert listing.records == []


def test_a_code_column_lists_its_records_its_child_columns_and_pages_by_its_pager():
    column = ORGAN + "?code=zfxxgknb&temp=xsqbmxxgk_list"
    children = ('<ul class="sub"><li><a href="xxgk.shtml?code=nb2023&temp=xsqbmxxgk_list&parentCode=zfxxgknb">2023年度</a></li>'
                '<li><a href="xxgk.shtml?code=tjgbn&temp=xsqbmxxgk_list&parentCode=zfxxgknb">历年公报</a></li></ul>')
    records = ('<ul class="common_newslist"><li><a href="/wzxrmzf/tjjnb/202401/0a1b2c3d4e5f60718293a4b5c6d7e8f9.shtml" '
               'title="万载县统计局2023年政府信息公开工作年度报告">万载县统计局2023年…</a><span class="time">2024-01-20</span></li>'
               '<li><a href="/wzxrmzf/tjjnb/202305/7215380191c5400397df5d7d0b5fd06b.shtml" '
               'title="万载县2022年国民经济和社会发展统计公报">万载县2022年国民经济…</a><span class="time">2023-05-11</span></li></ul>')
    pager = f'<div class="page">共2页 <a href="{column}&page=2">2</a> <a href="{column}&page=2">下一页</a></div>'
    page = ListPage.from_html(SCRIPT + ORGAN_NAV + children + records + pager, column, column_url=column)
    listing = JX.read_list(page)
    assert [r.text for r in listing.reports] == ["万载县统计局2023年政府信息公开工作年度报告"]
    assert [r.text for r in listing.skipped] == ["万载县2022年国民经济和社会发展统计公报"]  # a mixed column
    # child columns by parentCode, on the same path; the left nav's siblings are not
    assert [s.text for s in listing.sub_columns] == ["2023年度", "历年公报"]
    (request,) = listing.requests
    assert (request.url, request.adapter, request.page) == (column + "&page=2", "jiangxi", 2)
    assert listing.declared_pages == 2


def test_a_template_list_pages_by_numbered_files():
    url = "http://www.yifeng.gov.cn/yfxrmzf/zfxxgknb/xxgk_list.shtml"
    pager = '共2页 <a href="xxgk_list_2.shtml">2</a> <a href="xxgk_list_2.shtml">尾页</a>'
    page = ListPage.from_html(SCRIPT + pager, url, column_url=url)
    assert cms.detect(page)[0] is JX
    listing = JX.read_list(page)
    assert [(r.url, r.adapter) for r in listing.requests] == [(url.replace("list.", "list_2."), "jiangxi")]
