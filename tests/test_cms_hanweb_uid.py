"""The Hanweb server-side pages adapter (``cms/hanweb_uid.py``), as a spec.

Built from **code descriptions only** (crawl README §2: RSSHub's 江苏省人民政府 年报 route,
``/col/col31251/index.html?uid=300520&pageNum={N}``, the list read from ``#300520`` with the
regex ``<li>.+</li>``; a crawler's 江西省生态环境厅 ``/col/col42150/index.html?uid=380055&pageNum={}``).
No page was saved: the pages below are written to that shape, the pager's markup inferred.
"""

from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage

uid = cms.get("hanweb_uid")
JIANGSU = "http://www.jiangsu.gov.cn/col/col31251/index.html"


def li(n: int, title: str) -> str:
    return f'<li><a href="/art/2024/1/{n}/art_31251_{n}.html" title="{title}" target="_blank">{title[:10]}…</a><span>2024-01-0{n}</span></li>'


def jiangsu_page(unit: str, pager: str = "", aside: str = "", url: str = JIANGSU) -> ListPage:
    html = (f'<html><body><div class="tzgg">{aside}</div><div class="lm-right"><div id="300520">{unit}</div>'
            f"{pager}</div></body></html>")
    return ListPage.from_html(html, url, column_url=JIANGSU)


def pager(pages: int) -> str:
    links = "".join(f'<a href="/col/col31251/index.html?uid=300520&pageNum={k}">{k}</a>' for k in range(1, pages + 1))
    return f'<div class="pagination">共 {pages} 页 {links}<a href="/col/col31251/index.html?uid=300520&pageNum=2">下一页</a></div>'


CDATA_UNIT = ('<script type="text/xml"><datastore><recordset>'
              f'<record><![CDATA[{li(1, "江苏省2023年政府信息公开工作年度报告")}]]></record>'
              f'<record><![CDATA[{li(2, "江苏省2022年政府信息公开工作年度报告")}]]></record>'
              "</recordset></datastore></script>")
NOTICE = ('<ul><li><a href="/art/2023/12/5/art_9_77.html">关于做好2023年政府信息公开工作年度报告编制发布工作的通知</a>'
          "<span>2023-12-05</span></li></ul>")


def test_the_jiangsu_nianbao_column_is_read_from_its_unit_element_and_paged_by_uid_and_pagenum():
    page = jiangsu_page(CDATA_UNIT, pager(3), aside=NOTICE)
    adapter, score = cms.detect(page)
    assert adapter.name == "hanweb_uid" and score >= cms.STRONG  # beats query_param's pageNum reading
    listing = adapter.read_list(page)
    assert [link.text for link in listing.records] == ["江苏省2023年政府信息公开工作年度报告", "江苏省2022年政府信息公开工作年度报告"]
    assert listing.declared_pages == 3
    assert [(r.url, r.page) for r in listing.requests] == [
        (f"{JIANGSU}?uid=300520&pageNum=2", 2), (f"{JIANGSU}?uid=300520&pageNum=3", 3)]
    assert listing.requests[0].adapter == "hanweb_uid" and listing.requests[0].answer == "html"


def test_a_notice_about_the_reports_beside_the_list_is_never_a_record():
    """Outside #300520 a report-like title (a notice on compiling the reports) is not the column's."""
    listing = uid.read_list(jiangsu_page(CDATA_UNIT, pager(2), aside=NOTICE))
    assert not any("通知" in link.text for link in listing.records)
    assert any("通知" in link.text for link in cms.get("query_param").read_list(
        jiangsu_page(CDATA_UNIT, pager(2), aside=NOTICE)).records)  # what a page-wide reading would take


def test_plain_li_records_in_the_unit_are_read_too():
    listing = uid.read_list(jiangsu_page(f'<ul>{li(3, "江苏省2021年政府信息公开工作年度报告")}</ul>', pager(2)))
    assert [link.url for link in listing.records] == ["http://www.jiangsu.gov.cn/art/2024/1/3/art_31251_3.html"]


def test_the_last_page_asks_for_nothing_more():
    page = jiangsu_page(CDATA_UNIT, pager(3), url=f"{JIANGSU}?uid=300520&pageNum=3")
    listing = uid.read_list(page)
    assert listing.declared_pages == 3 and listing.requests == []


def test_a_jiangxi_column_url_with_uid_but_no_page_count_walks_on_until_nothing_new():
    """A registry column URL may carry uid and pageNum itself (江西生态环境厅's crawler); with no count printed
    the next page is asked while pages list records (the walk rule stops at one that brings nothing new)."""
    url = "http://sthjt.jiangxi.gov.cn/col/col42150/index.html?uid=380055&pageNum=1"
    html = f'<div id="380055"><ul>{li(1, "江西省生态环境厅2023年政府信息公开工作年度报告")}</ul></div>'
    page = ListPage.from_html(html, url, column_url=url)
    assert uid.detect(page) >= cms.STRONG
    (follow,) = uid.read_list(page).requests
    assert follow.url == "http://sthjt.jiangxi.gov.cn/col/col42150/index.html?uid=380055&pageNum=2"
    empty = ListPage.from_html('<div id="380055"><ul></ul></div>', follow.url, column_url=url)
    assert uid.read_list(empty).requests == []


def test_a_page_without_uid_pages_is_left_to_the_other_hanweb_adapters():
    page = jiangsu_page(CDATA_UNIT)  # no pager with uid=&pageNum=, no uid in the URL
    assert uid.detect(page) == 0 and cms.detect(page)[0].name == "hanweb"
    missing = jiangsu_page("", pager(2)).text.replace('id="300520"', 'id="other"')
    assert uid.detect(ListPage.from_html(missing, JIANGSU)) == 0  # the unit element must be there
