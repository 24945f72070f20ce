"""The Fujian 集约化 adapter (``cms/fujian.py``), as a spec: "动静结合" columns — static first
records, the rest from ``POST /fjdzapp/search`` as JSON.

Real page 02 (平潭 政府信息公开年报, ``tests/data/crawl/pages``, source in its README) is the
column page. The API request the adapter builds is INFERRED: the page's ``listArgs``
plus the form the archive's own crawler and Fujian spiders' code send (crawl README §2);
no saved request or answer for this column exists, so the answers below are small JSON
documents in the documented shapes (``data[].docpuburl``, the province's
``docs[].chnldocurl``).
"""

import json
from pathlib import Path

from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage

PAGES = Path(__file__).resolve().parent / "data" / "crawl" / "pages"
PINGTAN = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"
SEARCH = "https://www.pingtan.gov.cn/fjdzapp/search"


def pingtan(url: str = PINGTAN, replace: tuple[str, str] = ("", "")) -> ListPage:
    html = (PAGES / "02_pingtan_zfxxgknb_list.html").read_text(encoding="utf-8")
    if replace[0]:
        assert replace[0] in html
        html = html.replace(*replace)
    return ListPage.from_html(html, url, column_url=url)


def answer(data, state: dict, url: str = SEARCH) -> ListPage:
    body = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    return ListPage(url=url, body=body, answer="json", state=state)


def test_02_is_a_fujian_column_and_not_a_plain_trs_list():
    p = pingtan()
    adapter, score = cms.detect(p)
    assert adapter.name == "fujian" and score >= cms.STRONG
    assert cms.get("trs").detect(p) < score  # TRS documents and markers, but the list is the API's


def test_02_lists_exactly_its_ten_static_reports_and_asks_the_api_for_the_rest():
    listing = cms.get("fujian").read_list(pingtan())
    reports = [(r.url, r.text, r.date) for r in listing.reports]
    assert len(reports) == 10 and listing.records == listing.reports
    assert reports[0] == (PINGTAN + "202603/t20260313_105587.htm", "平潭综合实验区2025年度政府信息公开工作年度报告",
                          "2026-03-10")
    assert reports[-1] == (PINGTAN + "201701/t20170118_80485.htm", "平潭综合实验区2016年度政府信息公开工作年度报告",
                           "2017-01-18")
    assert listing.sub_columns == []  # the left nav's zfxxgknb/nlist.htm is this column itself
    assert listing.declared_records == 20 and listing.declared_pages == 2
    (request,) = listing.requests  # recordCount '20', 10 static: page 2 of the search, POSTed
    assert (request.url, request.method, request.answer, request.adapter, request.page) == (
        SEARCH, "POST", "json", "fujian", 2)
    assert request.form == {"channelid": "200210", "classsql": "chnlid=1813", "sortfield": "-docorderpri,-docreltime",
                            "page": "2", "prepage": "10"}
    assert "/fjdzapp/search" in listing.plan and "chnlid=1813" in listing.plan


def test_02_reached_by_its_nav_link_nlist_htm_reads_the_same():
    listing = cms.get("fujian").read_list(pingtan(PINGTAN + "nlist.htm"))
    assert len(listing.reports) == 10 and listing.requests[0].form["page"] == "2"


def test_a_column_whose_record_count_the_static_page_holds_asks_nothing():
    listing = cms.get("fujian").read_list(pingtan(replace=("recordCount: '20'", "recordCount: '10'")))
    assert listing.requests == [] and listing.declared_records == 10 and len(listing.reports) == 10


def test_the_api_is_asked_for_every_page_after_the_static_one():
    listing = cms.get("fujian").read_list(pingtan(replace=("recordCount: '20'", "recordCount: '35'")))
    assert [r.form["page"] for r in listing.requests] == ["2", "3", "4"] and listing.declared_pages == 4


def test_without_classsql_in_listargs_the_pages_chnlid_meta_keeps_the_search_to_the_column():
    listing = cms.get("fujian").read_list(pingtan(replace=('classsql: "" || "chnlid=1813",', "")))
    assert listing.requests[0].form["classsql"] == "chnlid=1813"


def test_a_channelid_given_as_a_number_is_used_as_is():
    listing = cms.get("fujian").read_list(pingtan(replace=("channelid: SiteInfo.searchId", "channelid: 229105")))
    assert listing.requests[0].form["channelid"] == "229105"


def state_of_page_2() -> dict:
    return cms.get("fujian").read_list(pingtan()).requests[0].state


def test_a_pingtan_answer_gives_its_records_by_docpuburl_with_clean_titles_and_dates():
    data = {"pageCount": 2, "data": [
        {"docpuburl": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201601/t20160120_80460.htm",
         "chnldocurl": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201601/t20160120_80460.htm",
         "doctitle": "平潭综合实验区<em>2015</em>年度政府信息公开工作年度报告", "pubdate": "2016-01-20 10:12:00",
         "docreltime": "2016-01-20 10:12:00", "chnlid": 1813},
        {"docpuburl": "/zwgk/zfxxgk/zfxxgknb/201501/t20150122_80441.htm", "doctitle": "平潭综合实验区2014年度政府信息公开工作年度报告",
         "docreltime": "2015/1/22"},
    ]}
    listing = cms.get("fujian").read_answer(answer(data, state_of_page_2()), state_of_page_2())
    assert [(r.url, r.text, r.date) for r in listing.reports] == [
        (PINGTAN + "201601/t20160120_80460.htm", "平潭综合实验区2015年度政府信息公开工作年度报告", "2016-01-20"),
        (PINGTAN + "201501/t20150122_80441.htm", "平潭综合实验区2014年度政府信息公开工作年度报告", "2015-01-22"),
    ]
    assert listing.record_count == 2 and listing.declared_pages == 2 and listing.requests == []


def test_a_province_answer_gives_its_records_by_docs_chnldocurl():
    data = {"pageCount": 1, "docs": [{"chnldocurl": "https://www.fujian.gov.cn/zwgk/zfxxgk/gzbg/202301/t20230130_6098.htm",
                                      "doctitle": "福建省2022年政府信息公开工作年度报告", "pubdate": "2023-01-30"}]}
    listing = cms.get("fujian").read_answer(answer(data, {}), {})
    assert [r.url for r in listing.reports] == ["https://www.fujian.gov.cn/zwgk/zfxxgk/gzbg/202301/t20230130_6098.htm"]


def test_an_answer_with_more_pages_than_the_column_page_declared_asks_for_them():
    """A column that grew since its static page was published: the answer's pageCount leads."""
    data = {"pageCount": 3, "data": [{"docpuburl": "/a/t20160120_1.htm", "doctitle": "某县2015年政府信息公开工作年度报告"}]}
    state = state_of_page_2()
    listing = cms.get("fujian").read_answer(answer(data, state), state)
    (follow,) = listing.requests
    assert follow.form["page"] == "3" and follow.form["classsql"] == "chnlid=1813" and follow.method == "POST"


def test_an_error_page_instead_of_json_lists_nothing_and_asks_nothing():
    state = state_of_page_2()
    for body in (b"<html><body>502 Bad Gateway</body></html>", b'{"result": "error", "msg": "\xe6\xa3\x80\xe7\xb4\xa2"}',
                 b'{"data": "x", "pageCount": "many"}'):
        listing = cms.get("fujian").read_answer(answer(body, state), state)
        assert listing.records == [] and listing.requests == []


def test_fujian_does_not_claim_other_families_pages():
    for name in ("01_ordos_egb_xxgknb_list.html", "03_dingxi_hanweb_datastore.xml", "04_wanzai_detail_tjgb.html",
                 "05_shanxi_trs_detail.html", "06_zjdpc_hanweb_jcms_detail.html", "07_yichun_home.html",
                 "08_stats_gov_trs_pagenav_fragment.html"):
        p = ListPage(url="http://x.gov.cn/a/", body=(PAGES / name).read_bytes())
        assert cms.get("fujian").detect(p) == 0.0, name
