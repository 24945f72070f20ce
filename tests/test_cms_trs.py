"""The TRS WCM adapter (``cms/trs.py``), as a spec: static lists, ``createPageHTML`` in its argument
orders, and the article pager that splits one report into parts.

Real pages (``tests/data/crawl/pages``, sources in its README): 01 (鄂尔多斯恩格贝 年报 column),
05 (山西 detail page, the article pager), 08 (国家统计局 pagenav). What
``test_cms_real_pages.py`` already asserts on them (01's four 年报 links, 08's 25 pages, 05
not being a list) is not repeated here. The shaoyang argument order is known from a
scraper configuration only (crawl README §2, no saved page): its tests use small pages.
"""

from pathlib import Path

import pytest

from gaar_spiders import cms
from gaar_spiders.cms import trs
from gaar_spiders.cms.base import ListPage, join_parts
from gaar_spiders.localportals.families import family_portal
from gaar_spiders.localportals.families._trs_shared import split_in_tables
from gaar_spiders.localportals.families.trs_createpage import INFO
from gaar_spiders.localportals.render import page_html, report_body_html
from gaar_spiders.report.parse import parse_report

PAGES = Path(__file__).resolve().parent / "data" / "crawl" / "pages"
ORDOS = "http://www.ordos.gov.cn/egb/xxgk/xxgknb/"
STATS = "http://www.stats.gov.cn/tjsj/zxfb/"
SHANXI = "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml"


def page(html: str, url: str) -> ListPage:
    return ListPage.from_html(html, url, column_url=url)


def real(name: str, url: str) -> ListPage:
    return ListPage(url=url, body=(PAGES / name).read_bytes(), column_url=url)


def ordos_as_served() -> str:
    """Real page 01 as the server sends it: the pager script without its document.write output
    (01 is a browser-saved DOM that holds both)."""
    html = (PAGES / "01_ordos_egb_xxgknb_list.html").read_text(encoding="utf-8")
    rendered = html.index("</script>共计") + len("</script>")
    return html[:rendered] + html[html.index("</td>", rendered):]


# --- static lists: the inline pager script (01), the rendered pager (01, 08) -----------------------


def test_01_as_served_its_pager_script_alone_declares_the_second_page():
    p = page(ordos_as_served(), ORDOS)
    assert 'href="index_1.html"' not in p.text  # no rendered link to page 2 is left
    adapter, score = cms.detect(p)
    assert adapter.name == "trs" and score >= cms.STRONG  # var countPage: a TRS list by itself
    listing = adapter.read_list(p)
    assert listing.declared_pages == 2 and [r.url for r in listing.requests] == [ORDOS + "index_1.html"]
    assert "var countPage" in listing.plan
    assert len(listing.reports) == 4 and len(listing.skipped) == 6  # the news of the mixed column, skipped


def test_the_script_pager_of_page_2_asks_nothing_new_and_names_its_files_as_the_script_does():
    script = ('<script>var currentPage = 1;//所在页从0开始\nvar countPage = 3//共多少页\n'
              'document.write("<a href=\\"index"+"_" + nextPage + "."+"shtml\\">下一页</a>");</script>')
    listing = cms.get("trs").read_list(page(script, "http://x.gov.cn/xxgknb/index_1.shtml"))
    assert [r.url for r in listing.requests] == ["http://x.gov.cn/xxgknb/index_2.shtml"]  # .shtml, from the script
    assert [r.page for r in listing.requests] == [3]


def test_a_printed_gongji_count_declares_the_pages_without_any_pager_link():
    html = '<td class="page">共计&nbsp;<font style="color:#FF8008">3&nbsp;</font>页&nbsp;上一页</td>'
    listing = cms.get("trs").read_list(page(html, "http://x.gov.cn/xxgknb/"))
    assert listing.declared_pages == 3
    assert [r.url for r in listing.requests] == ["http://x.gov.cn/xxgknb/index_1.html", "http://x.gov.cn/xxgknb/index_2.html"]


def test_08_records_are_the_cont_tit03_titles_with_their_dates_other_columns_included():
    listing = cms.get("trs").read_list(real("08_stats_gov_trs_pagenav_fragment.html", STATS))
    assert len(listing.records) == 20 and all(r.date for r in listing.records)
    first = listing.records[0]
    assert (first.url, first.text, first.date) == (
        "http://www.stats.gov.cn/tjsj/sjjd/202001/t20200109_1721987.html", "解读：2019年12月份CPI涨幅稳定PPI降幅收窄",
        "2020-01-09")
    assert not any("2020-01-09" in r.text or "2019-12" in r.text for r in listing.records)  # the date is not the title
    other_column = [r.url for r in listing.records if "/tjsj/sjjd/" in r.url]
    assert len(other_column) == 8  # records filed under another column are records too
    assert listing.reports == []  # statistics releases, no 年报 among them


def test_08_read_from_a_later_group_still_asks_every_page_and_not_itself():
    """The 下5页 link jumps groups: pages come from the count, never from following next links."""
    listing = cms.get("trs").read_list(real("08_stats_gov_trs_pagenav_fragment.html", STATS + "index_9.html"))
    urls = [r.url for r in listing.requests]
    assert len(urls) == 23 and STATS + "index_9.html" not in urls
    assert urls[0] == STATS + "index_1.html" and urls[-1] == STATS + "index_24.html"


def test_a_column_url_ending_in_a_slash_takes_the_extension_of_its_pager_links():
    html = ('共6页&nbsp;<span id="pagenav_0">1</span><a id="pagenav_1" href="index_1.shtml">2</a>'
            '<a id="pagenav_nextgroup" href="index_5.shtml">下5页</a><a id="pagenav_tail" href="index_5.shtml">尾页</a>')
    listing = cms.get("trs").read_list(page(html, "http://x.gov.cn/bmxxgknb/"))
    assert [r.url.rsplit("/", 1)[1] for r in listing.requests] == [f"index_{k}.shtml" for k in range(1, 6)]


def test_a_breadcrumb_link_to_the_column_is_never_one_of_its_records():
    html = ('<div class="position"><a href="/nb/xlist.shtml">政府信息公开年报</a></div>'
            '<div class="main"><ul><li><a href="./202301/t20230101_1.shtml">某县2022年政府信息公开工作年度报告</a>'
            '<span>2023-01-01</span></li></ul></div>')
    listing = cms.get("trs").read_list(page(html, "http://x.gov.cn/nb/xlist.shtml"))
    assert [r.text for r in listing.records] == ["某县2022年政府信息公开工作年度报告"]


# --- createPageHTML: its argument orders, told apart by the values ----------------------------------


SHAOYANG = "http://www.shaoyang.gov.cn/stjgb/"


def test_the_shaoyang_order_names_pages_by_their_number():
    """createPageHTML('page_div', pages, current, 'xlist', 'shtml', records): the column page prints current 1."""
    html = "<div id='page_div'></div><script>createPageHTML('page_div',10, 1,'xlist','shtml',189);</script>"
    score, listing = cms.get("trs").detect(page(html, SHAOYANG + "xlist.shtml")), cms.get("trs").read_list(
        page(html, SHAOYANG + "xlist.shtml"))
    assert score >= cms.STRONG
    assert listing.declared_pages == 10 and listing.declared_records == 189
    assert [r.url for r in listing.requests] == [f"{SHAOYANG}xlist_{k}.shtml" for k in range(2, 11)]
    assert [r.page for r in listing.requests] == list(range(2, 11))
    assert listing.plan == "createPageHTML: xlist.shtml, xlist_{k}.shtml"


def test_the_shaoyang_order_from_a_later_page_and_from_the_last():
    later = "<script>createPageHTML('page_div',10, 3,'xlist','shtml',189);</script>"
    listing = cms.get("trs").read_list(page(later, SHAOYANG + "xlist_3.shtml"))
    assert [r.url for r in listing.requests][0] == SHAOYANG + "xlist_4.shtml" and len(listing.requests) == 7
    last = "<script>createPageHTML('page_div',10, 10,'xlist','shtml',189);</script>"
    assert cms.get("trs").read_list(page(last, SHAOYANG + "xlist_10.shtml")).requests == []


def test_the_order_is_read_from_the_values_not_the_positions():
    """An element-first call whose column page prints current 0 counts from 0, as TRS's own order does."""
    html = '<script>createPageHTML("pager", 3, 0, "index", "htm");</script>'
    listing = cms.get("trs").read_list(page(html, "http://x.gov.cn/nb/index.htm"))
    assert [r.url for r in listing.requests] == ["http://x.gov.cn/nb/index_1.htm", "http://x.gov.cn/nb/index_2.htm"]
    (call,) = trs.pager_calls(html, "http://x.gov.cn/nb/index.htm")
    assert (call.element, call.count, call.current, call.name, call.ext, call.first_index) == ("pager", 3, 0, "index",
                                                                                               "htm", 0)


def test_a_function_definition_is_not_a_call():
    html = ("<script>function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){}"
            "createPageHTML(2, 0, 'index', 'shtml');</script>")
    (call,) = trs.pager_calls(html, "http://x.gov.cn/nb/")
    assert (call.count, call.name, call.ext) == (2, "index", "shtml")


# --- the article pager: one report in parts --------------------------------------------------------


def test_05_the_article_pager_of_one_page_names_no_parts():
    p = real("05_shanxi_trs_detail.html", SHANXI)
    assert cms.get("trs").document_parts(p) == []
    assert trs.script_pager(p.text, p.url) is None  # its toPage()'s var countPage is the article's, not a list's
    (call,) = trs.pager_calls(p.text, p.url)
    assert call.is_document and call.count == 1


def test_an_article_in_three_parts_names_parts_1_and_2_from_its_first_part_only():
    html = '<div class="TRS_Editor">…</div><script>createPageHTML(3,0,"t20190918_693227","shtml");</script>'
    parts = cms.get("trs").document_parts(page(html, SHANXI))
    assert parts == [SHANXI.replace(".shtml", "_1.shtml"), SHANXI.replace(".shtml", "_2.shtml")]
    second = html.replace("3,0,", "3,1,")
    assert cms.get("trs").document_parts(page(second, SHANXI.replace(".shtml", "_1.shtml"))) == []
    assert cms.get("trs").read_list(page(html, SHANXI)).requests == []  # never list pagination


def test_a_report_pages_parts_are_asked_of_the_adapters_that_split_documents_not_of_list_detection():
    """The spider asks ``cms.document_parts`` of every report page: the adapters that split documents
    answer (no list detection, which reads every link with its date); a pin decides alone."""
    html = '<div class="TRS_Editor">…</div><script>createPageHTML(3,0,"t20190918_693227","shtml");</script>'
    parts = [SHANXI.replace(".shtml", "_1.shtml"), SHANXI.replace(".shtml", "_2.shtml")]
    assert cms.document_parts(page(html, SHANXI)) == parts
    assert cms.document_parts(page(html, SHANXI), "trs") == parts
    assert cms.document_parts(page(html, SHANXI), "hanweb") == []  # a portal pinned to a family that splits none
    assert cms.document_parts(real("05_shanxi_trs_detail.html", SHANXI)) == []  # the real page: one part


def test_parts_split_inside_a_table_are_joined_into_one_table():
    """A TRS editor's page break falls where it falls: part 1 ends with the table open, part 2 closes it."""
    chrome = ('<html><body><div class="nav">首页</div><div class="TRS_Editor">{}</div>'
              '<script>createPageHTML(2,{},"t20230101_1","html");</script><div class="footer">网站标识码</div></body></html>')
    first = chrome.format('<p>一、总体情况</p><table><tbody><tr><td>甲</td><td>1</td></tr>', 0)
    second = chrome.format('<tr><td>乙</td><td>2</td></tr></tbody></table><p>二、主动公开</p>', 1)
    joined = join_parts([first, second])
    assert "<tr><td>甲</td><td>1</td></tr><tr><td>乙</td><td>2</td></tr></tbody></table>" in joined
    assert joined.count("网站标识码") == 1 and joined.count("首页") == 1
    assert joined.index("甲") < joined.index("乙") < joined.index("二、主动公开") < joined.index("网站标识码")


def test_the_local_portals_report_in_three_parts_reads_whole_once_joined():
    """trs_createpage's report in parts: split inside the requests and review tables, joined by the
    spider's join: the parser reads every cell the report was generated with."""
    portal = family_portal("trs_createpage")
    site = portal.sites[0]
    (entry,) = [e for e in portal.reports if e["report"].year == 2022 and e["report"].organ == "隆回县人民政府"]
    first = site.resolve("GET", entry["url"].split(site.host, 1)[1])
    parts = cms.get("trs").document_parts(ListPage(url=entry["url"], body=first.body))
    assert [p.rsplit("/", 1)[1] for p in parts] == [entry["url"].rsplit("/", 1)[1].replace(".shtml", f"_{i}.shtml")
                                                    for i in (1, 2)]
    bodies = [first.body.decode("utf-8")] + [site.resolve("GET", u.split(site.host, 1)[1]).body.decode("utf-8")
                                             for u in parts]
    expected = {(c.table, c.row, c.col): c.value for c in entry["report"].cells}
    whole = parse_report(join_parts(bodies), url=entry["url"])
    assert {(c.table, c.row, c.col): c.value for c in whole.cells} == expected
    alone = parse_report(bodies[0], url=entry["url"])
    assert len(alone.cells) < len(expected)  # the first part alone stops inside the requests table
    # and the text is the text of the same report printed whole on one page (no row lost at a seam)
    report = entry["report"]
    one_page = page_html(report.title, report_body_html(report), family="trs", published_on=report.published_on,
                         source=report.organ, site=INFO)
    assert whole.body_text == parse_report(one_page, url=entry["url"]).body_text


def test_a_report_body_is_split_inside_its_requests_and_review_tables():
    report = family_portal("trs_createpage").reports[0]["report"]
    pieces = split_in_tables(report_body_html(report))
    assert len(pieces) == 3 and "".join(pieces) == report_body_html(report)
    assert pieces[1].startswith("<tr>") and pieces[2].startswith("<tr>")
    assert pieces[0].count("<table") == 2 and pieces[0].count("</table>") == 1  # the requests table left open


@pytest.mark.parametrize("name", ["01_ordos_egb_xxgknb_list.html", "08_stats_gov_trs_pagenav_fragment.html"])
def test_real_trs_lists_have_no_article_parts(name):
    assert cms.get("trs").document_parts(real(name, ORDOS)) == []
