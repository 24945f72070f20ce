"""The Hanweb jpaas ``build/unit`` adapter (``cms/hanweb_jpaas.py``), as a spec.

Built from **code descriptions only** (crawl README §2 and pattern 5: ``www.hhtz.gov.cn``'s list
API in crawler code; samr/miit/mohurd answering JSON whose ``data.html`` holds the list HTML).
No real jpaas page or answer was saved: the pages and answers below are written to the
documented URL shape, and how a column page hands over the parameters is inferred.
"""

import json
from urllib.parse import parse_qsl, urlsplit

from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage
from gaar_spiders.cms.hanweb_jpaas import API, unit_parameters

jpaas = cms.get("hanweb_jpaas")
HHTZ = "http://www.hhtz.gov.cn/col/col1487002/index.html"
#: the request the hhtz crawler code makes, its parameters in order
DOCUMENTED = ["parseType", "webId", "tplSetId", "pageType", "tagId", "editType", "pageId", "paramJson"]
SCRIPT = """<div id="unit_list"></div><script>
var unitParam = {parseType: 'bulidstatic', webId: '2945', tplSetId: 'a8f1', pageType: 'column',
  tagId: '阳光政务_分页列表', editType: null, pageId: '1487002'};
function loadUnit(pageNo) { $.get('/api-gateway/jpaas-publish-server/front/page/build/unit',
  $.extend({}, unitParam, {paramJson: JSON.stringify({pageNo: pageNo, pageSize: 50})}),
  function (res) { $('#unit_list').html(res.data.html); }); }
loadUnit(1);</script>"""


def page(html: str, url: str = HHTZ) -> ListPage:
    return ListPage.from_html(html, url, column_url=url)


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def answer(request, html: str) -> ListPage:
    body = json.dumps({"success": True, "data": {"html": html}}, ensure_ascii=False).encode("utf-8")
    return ListPage(url=request.url, body=body, answer="json")


def records(year_from: int, n: int) -> str:
    return '<ul class="list">' + "".join(
        f'<li><a href="/art/2024/1/{i + 1}/art_1487002_{9000 + i}.html" title="海头镇{year_from + i}年政府信息公开工作年度报告">'
        f"海头镇{year_from + i}年…</a><span>2024-01-0{i + 1}</span></li>" for i in range(n)) + "</ul>"


def test_an_hhtz_column_page_asks_build_unit_with_the_documented_parameters_from_page_1():
    p = page(SCRIPT)
    adapter, score = cms.detect(p)
    assert adapter.name == "hanweb_jpaas" and score >= cms.STRONG
    listing = adapter.read_list(p)
    (request,) = listing.requests  # the page shows no record itself: page 1 only
    assert request.url.startswith("http://www.hhtz.gov.cn" + API + "?")
    q = query(request.url)
    assert [k for k, _ in q] == DOCUMENTED
    assert dict(q) == {"parseType": "bulidstatic", "webId": "2945", "tplSetId": "a8f1", "pageType": "column",
                       "tagId": "阳光政务_分页列表", "editType": "null", "pageId": "1487002",
                       "paramJson": '{"pageNo":1,"pageSize":50}'}
    assert request.method == "GET" and request.answer == "json" and request.adapter == "hanweb_jpaas"


def test_a_build_unit_url_written_in_the_page_is_taken_as_it_is():
    url = ("/api-gateway/jpaas-publish-server/front/page/build/unit?parseType=bulidstatic&amp;webId=2945"
           "&amp;tplSetId=a8f1&amp;pageType=column&amp;tagId=%E9%98%B3%E5%85%89%E6%94%BF%E5%8A%A1_%E5%88%86%E9%A1%B5"
           "%E5%88%97%E8%A1%A8&amp;editType=null&amp;pageId=1487002&amp;paramJson={&quot;pageNo&quot;:1,"
           "&quot;pageSize&quot;:50}")
    params = unit_parameters(page(f'<div class="list" data-url="{url}"></div>'))
    assert params["tagId"] == "阳光政务_分页列表" and params["pageSize"] == "50" and params["webId"] == "2945"


def test_page_id_defaults_to_the_column_id_of_the_page():
    """hhtz: pageId = the col id of /col/col1487002/index.html."""
    params = unit_parameters(page(SCRIPT.replace(", pageId: '1487002'", "")))
    assert params["pageId"] == "1487002"


def test_an_answer_lists_the_records_of_data_html_by_title_and_asks_the_pages_its_pager_declares():
    request = jpaas.read_list(page(SCRIPT)).requests[0]
    listing = jpaas.read_answer(answer(request, records(2019, 3) + '<div class="page">共3页</div>'), request.state)
    assert [(r.text, r.date) for r in listing.reports] == [
        ("海头镇2019年政府信息公开工作年度报告", "2024-01-01"), ("海头镇2020年政府信息公开工作年度报告", "2024-01-02"),
        ("海头镇2021年政府信息公开工作年度报告", "2024-01-03")]
    assert listing.reports[0].url == "http://www.hhtz.gov.cn/art/2024/1/1/art_1487002_9000.html"
    assert listing.declared_pages == 3
    assert [json.loads(dict(query(r.url))["paramJson"])["pageNo"] for r in listing.requests] == [2, 3]


def test_without_a_pager_the_next_page_is_asked_until_an_answer_lists_nothing():
    request = jpaas.read_list(page(SCRIPT)).requests[0]
    listing = jpaas.read_answer(answer(request, records(2019, 2)), request.state)
    assert listing.declared_pages is None
    (follow,) = listing.requests
    assert json.loads(dict(query(follow.url))["paramJson"]) == {"pageNo": 2, "pageSize": 50}
    assert jpaas.read_answer(answer(follow, '<ul class="list"></ul>'), follow.state).requests == []


def test_an_answer_that_is_no_build_unit_json_lists_nothing_and_asks_nothing():
    request = jpaas.read_list(page(SCRIPT)).requests[0]
    for body in (b"<html>error</html>", b'{"success": false, "data": null}'):
        listing = jpaas.read_answer(ListPage(url=request.url, body=body, answer="json"), request.state)
        assert listing.records == [] and listing.requests == []


def test_records_the_column_page_shows_itself_are_not_counted_again():
    """If a page is built with its first records (parseType=bulidstatic), page 1 may repeat them:
    pages 1 and 2 are asked at once, and the repeat adds nothing."""
    p = page(records(2019, 2) + SCRIPT)
    listing = jpaas.read_list(p)
    assert len(listing.reports) == 2 and len(listing.requests) == 2
    again = jpaas.read_answer(answer(listing.requests[0], records(2019, 2)), listing.requests[0].state)
    assert again.records == [] and again.pages_covered == 0


def test_a_home_page_loading_units_of_its_own_is_not_a_column_list():
    home = SCRIPT.replace("pageType: 'column'", "pageType: 'index'").replace("pageId: '1487002'", "pageId: '1'")
    score = jpaas.detect(page(home, "http://www.hhtz.gov.cn/"))
    assert 0 < score < cms.STRONG
    assert jpaas.detect(page("<p>no api</p>")) == 0
