"""Path-number pagination (crawl README pattern 8): the ``numbered`` adapter.

Built from code descriptions only (no saved list page exists): ``jyj.yanan.gov.cn``
``zfxxgknb/1.html → {N}.html``; ``rsj.km.gov.cn`` ``index_{page}.shtml`` against
``czj.km.gov.cn`` ``index_{page + 1}.shtml``; ``rsj.qj.gov.cn`` ``list/xxgknb/auto/124.html``.
The pages below are small pages in those shapes.
"""

from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage

NUMBERED = cms.get("numbered")


def listing(html: str, url: str, column: str = None, state: dict = None):
    page = ListPage.from_html(html, url, column_url=column or url, state=state or {})
    return NUMBERED.detect(page), NUMBERED.read_list(page)


def pager(*links: tuple[str, str], count: int = None) -> str:
    shown = (f"共{count}页 " if count else "") + " ".join(f'<a href="{href}">{text}</a>' for href, text in links)
    return f'<ul><li><a href="./202301/t1.html">某县2022年政府信息公开工作年度报告</a><span>2023-01-20</span></li></ul>' \
           f'<div class="page">{shown}</div>'


YANAN = "http://jyj.yanan.gov.cn/zfxxgk/zfxxgknb/"


def test_a_yanan_column_starts_at_1_html_and_asks_for_2_html_then_3_html():
    html = pager(("1.html", "1"), ("2.html", "2"), ("3.html", "3"), ("2.html", "下一页"), ("3.html", "尾页"), count=3)
    score, first = listing(html, YANAN + "1.html")
    assert score > 0 and first.declared_pages == 3 and first.plan == "{N}.html (pager links)"
    (request,) = first.requests
    assert (request.url, request.page) == (YANAN + "2.html", 2)
    _, second = listing(html, YANAN + "2.html", column=YANAN + "1.html", state=request.state)
    assert [(r.url, r.page) for r in second.requests] == [(YANAN + "3.html", 3)]
    _, last = listing(html, YANAN + "3.html", column=YANAN + "1.html", state=request.state)
    assert last.requests == []


def test_a_column_read_from_its_directory_url_is_page_1_of_its_numbered_files():
    _, first = listing(pager(("2.html", "2"), ("2.html", "下一页")), YANAN)
    assert [r.url for r in first.requests] == [YANAN + "2.html"]


KM = "http://czj.km.gov.cn/zfxxgk/zfxxgknb/"


def test_kunming_natural_numbering_page_k_is_index_k():
    """czj.km.gov.cn: page 1 index.shtml, page 2 index_2.shtml (the crawler's index_{page + 1})."""
    _, first = listing(pager(("index_2.shtml", "2"), ("index_3.shtml", "3"), ("index_3.shtml", "尾页")), KM)
    assert first.declared_pages == 3 and first.plan == "index.shtml, index_{k}.shtml (pager links)"
    (request,) = first.requests
    assert (request.url, request.page) == (KM + "index_2.shtml", 2)


def test_kunming_trs_numbering_page_k_is_index_k_minus_1_told_by_the_index_1_link():
    """rsj.km.gov.cn: page 2 is index_1.shtml; the first page's pager links it, so the numbering is TRS's."""
    html = pager(("index_1.shtml", "2"), ("index_2.shtml", "3"), ("index_1.shtml", "下一页"))
    _, first = listing(html, KM)
    assert first.declared_pages == 3 and first.plan == "index.shtml, index_{k-1}.shtml (pager links)"
    (request,) = first.requests
    assert (request.url, request.page) == (KM + "index_1.shtml", 2)
    # the numbering travels with the request: page 2's own window may not show index_1
    window = pager(("index.shtml", "1"), ("index_2.shtml", "3"), ("index_2.shtml", "下一页"))
    _, second = listing(window, KM + "index_1.shtml", column=KM, state=request.state)
    assert [(r.url, r.page) for r in second.requests] == [(KM + "index_2.shtml", 3)]


QJ = "http://rsj.qj.gov.cn/list/xxgknb/auto/"


def test_a_column_whose_file_number_is_its_id_is_not_taken_for_a_page():
    """qj: 124.html is the 年报 column; 123.html and 125.html beside it are other columns, not pages."""
    nav = ('<ul class="left-nav"><li><a href="123.html">政策文件</a></li><li><a href="124.html">政府信息公开年报</a></li>'
           '<li><a href="125.html">规划计划</a></li></ul>')
    score, read = listing(nav + pager(), QJ + "124.html")
    assert score == 0 and read.requests == [] and read.declared_pages is None
    assert cms.detect(ListPage.from_html(nav + pager(), QJ + "124.html"))[0].name != "numbered"
    # if its pager does link further pages, they are the column's own numbered files
    _, paged = listing(nav + pager(("124_2.html", "2"), ("124_2.html", "下一页")), QJ + "124.html")
    assert [r.url for r in paged.requests] == [QJ + "124_2.html"]


def test_a_jiangxi_xxgk_list_template_pages_as_xxgk_list_n():
    column = "http://www.yifeng.gov.cn/yfxrmzf/zfxxgknb/xxgk_list.shtml"
    _, first = listing(pager(("xxgk_list_2.shtml", "2"), ("xxgk_list_2.shtml", "尾页"), count=2), column)
    assert [(r.url, r.page) for r in first.requests] == [
        ("http://www.yifeng.gov.cn/yfxrmzf/zfxxgknb/xxgk_list_2.shtml", 2)]
