"""Query-parameter pagination (crawl README pattern 7): the ``query_param`` adapter.

Built from code descriptions only (no saved page or answer exists for any of these):
``hrss.yn.gov.cn InfoPublic.aspx?cid=&pid=&page=N&kw=`` (a 年报 column), 绵竹
``iList.jsp?node_id=&cat_id=&cur_page=N`` with records ``div.ewb-job > ul > li > a[title]``,
a scraper config's "``pageNo`` starting at 0", and bafy's ``POST newsList.ashx`` with
``currpage``. The pages below are small pages in those shapes; the local portals
``query_param`` and ``query_param_asp`` are crawled in ``tests/test_families_crawl.py``.
"""

from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage

QP = cms.get("query_param")


def read(html: str, url: str, **kwargs):
    page = ListPage.from_html(html, url, column_url=url, **kwargs)
    return QP.detect(page), QP.read_list(page)


YN = "https://hrss.yn.gov.cn/InfoPublic.aspx"
REPORT = '<li><a href="/InfoDetail.aspx?id=9{n}" title="云南省人力资源和社会保障厅202{n}年政府信息公开工作年度报告">…</a></li>'


def asp_page(current: int) -> str:
    nav = (f'<ul class="left"><li><a href="{YN}?cid=1020&pid=971&page=1&kw=">政府信息公开指南</a></li>'
           f'<li><a href="{YN}?cid=1021&pid=971&page=9&kw=">依申请公开</a></li></ul>')
    pages = " ".join(f'<a href="InfoPublic.aspx?cid=1019&pid=971&page={k}&kw=">{k}</a>' for k in (1, 2, 3))
    return (nav + "<ul>" + REPORT.format(n=current) + "</ul>"
            + f'<div class="pager">共3页 {pages} <a href="InfoPublic.aspx?cid=1019&pid=971&page=3&kw=">尾页</a></div>')


def test_an_asp_net_column_pages_by_rewriting_page_and_keeps_the_blank_kw():
    score, listing = read(asp_page(1), f"{YN}?cid=1019&pid=971&page=1&kw=")
    assert score > 0 and listing.plan == "?page=N"
    # the left nav's sibling columns on the same path (page=9 of cid 1021) are not pages of this one
    assert listing.declared_pages == 3
    (request,) = listing.requests
    assert (request.url, request.page) == (f"{YN}?cid=1019&pid=971&page=2&kw=", 2)
    assert read(asp_page(3), f"{YN}?cid=1019&pid=971&page=3&kw=")[1].requests == []


def test_a_page_parameter_in_the_url_with_no_pager_printed_asks_for_the_next_page_blind():
    """The crawler code rewrites page=\\d+ itself: with no count the walk rule ends at a page with nothing new."""
    _, listing = read("<ul>" + REPORT.format(n=1) + "</ul>", f"{YN}?cid=1019&pid=971&page=1&kw=")
    assert listing.declared_pages is None
    assert [r.url for r in listing.requests] == [f"{YN}?cid=1019&pid=971&page=2&kw="]


def test_a_bare_p_is_a_column_id_not_a_page_unless_the_pager_varies_it():
    score, listing = read("<ul>" + REPORT.format(n=1) + "</ul>", "http://www.bafy.gov.cn/NewsList.aspx?p=70&type=2")
    assert score == 0 and listing.requests == []
    paged = '<a href="NewsList.aspx?p=2&type=2">2</a>'
    _, listing = read(paged, "http://www.bafy.gov.cn/NewsList.aspx?type=2")
    assert [r.url for r in listing.requests] == ["http://www.bafy.gov.cn/NewsList.aspx?type=2&p=2"]


MZ = "https://www.mz.gov.cn/info/iList.jsp?node_id=GKmzs&cat_id=15971"

MIANZHU = """<div class="side"><h3>热点</h3><ul><li><a href="/info/1.html" title="德阳市2022年政府信息公开工作年度报告">德阳市2022年…</a></li></ul></div>
<div class="ewb-job"><ul>
<li><a href="/info/15971/101.html" title="绵竹市2022年政府信息公开工作年度报告">绵竹市2022年政府信息公开工作年度…</a></li>
<li><a href="/info/15971/102.html" title="绵竹市教育局2022年政府信息公开工作年度报告">绵竹市教育局2022年…</a></li>
<li><a href="/info/15971/103.html" title="绵竹市召开政务公开工作推进会">绵竹市召开政务公开工作推进会</a></li>
</ul></div>
<div class="pager"><a href="iList.jsp?node_id=GKmzs&cat_id=15971&cur_page=2">下一页</a></div>"""


def test_a_mianzhu_list_reads_its_records_from_the_ewb_job_container_with_their_titles():
    score, listing = read(MIANZHU, MZ + "&cur_page=1")
    assert score > 0
    assert [(r.url.rsplit("/", 1)[-1], r.text) for r in listing.reports] == [
        ("101.html", "绵竹市2022年政府信息公开工作年度报告"), ("102.html", "绵竹市教育局2022年政府信息公开工作年度报告")]
    # the undated news inside the list is a record (skipped by the title rule); the sidebar's report is not
    assert [r.text for r in listing.skipped] == ["绵竹市召开政务公开工作推进会"]
    assert [r.url for r in listing.requests] == [MZ + "&cur_page=2"]


SY = "http://www.shaoyang.gov.cn/syzf/zfxxgknb/list.jsp"


def test_a_page_no_counted_from_0_asks_for_page_no_1_as_page_2():
    pager = ('共3页 <a href="list.jsp?col=5&pageNo=1">2</a> <a href="list.jsp?col=5&pageNo=2">3</a>'
             ' <a href="list.jsp?col=5&pageNo=1">下一页</a>')
    score, listing = read(pager, SY + "?col=5")
    assert score > 0 and listing.declared_pages == 3 and listing.plan == "?pageNo=N (from 0)"
    (request,) = listing.requests
    assert (request.url, request.page) == (SY + "?col=5&pageNo=1", 2)
    assert read(pager, SY + "?col=5&pageNo=2")[1].requests == []  # pageNo=2 is the third and last page
    # a first page that says pageNo=0 itself
    _, listing = read('<a href="list.jsp?col=5&pageNo=1">下一页</a>', SY + "?col=5&pageNo=0")
    assert [r.page for r in listing.requests] == [2]


BAFY = "http://www.bafy.gov.cn/News/List.aspx?p=70&type=2&p1=6&p2=57"
POST_SCRIPT = """<div id="newslist"></div><script>
function load(page) {
  $.post("/Ajax/newslist/newsList.ashx", {operate: 4, currpage: page, p: 70, type: 2, p1: 6, p2: 57},
         function (html) { $("#newslist").html(html); });
}
var currpage = 0;
$.post("/Ajax/newslist/newsList.ashx", {operate: 4, currpage: 0, p: 70, type: 2, p1: 6, p2: 57},
       function (html) { $("#newslist").html(html); });
</script>"""


def test_a_bafy_column_posts_its_form_to_news_list_ashx_from_currpage_0_until_an_answer_lists_nothing():
    score, listing = read(POST_SCRIPT, BAFY)
    assert score >= 0.5 and listing.pages_covered == 0 and "currpage" in listing.plan
    (request,) = listing.requests
    assert request.url == "http://www.bafy.gov.cn/Ajax/newslist/newsList.ashx" and request.method == "POST"
    assert request.form == {"operate": "4", "currpage": "0", "p": "70", "type": "2", "p1": "6", "p2": "57"}
    assert request.answer == "html" and request.adapter == "query_param" and request.page == 1
    fragment = ('<li><a href="/News/Show.aspx?id=301" title="八步区2023年政府信息公开工作年度报告">八步区2023年…</a>'
                "<span>2024-01-20</span></li>")
    answer = ListPage.from_html(fragment, request.url, state=request.state)
    got = QP.read_list(answer)
    assert [r.text for r in got.reports] == ["八步区2023年政府信息公开工作年度报告"]
    (follow,) = got.requests
    assert follow.form["currpage"] == "1" and follow.form["p"] == "70" and follow.page == 2
    empty = QP.read_list(ListPage.from_html("", follow.url, state=follow.state))
    assert empty.records == [] and empty.requests == [] and empty.pages_covered == 0


def test_an_ashx_form_written_as_a_query_string_is_read_too():
    script = ('<script>$.ajax({url: "/Ajax/newslist/newsList.ashx", type: "POST", '
              'data: "operate=4&currpage=0&p=70&type=2&p1=6&p2=57", success: show});</script>')
    (request,) = read(script, BAFY)[1].requests
    assert request.form["currpage"] == "0" and request.form["p2"] == "57"
