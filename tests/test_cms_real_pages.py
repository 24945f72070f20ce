"""The CMS adapters on real portal pages (tests/data/crawl/pages, sources in its README).

For each real list page: the family detected, and the adapter yields exactly its
report links. Where the family is another group's (Fujian 动静结合, Hanweb
``nextgroup``, Jiangxi, the TRS article pager), only detection is tested here.
"""

from pathlib import Path

import pytest

from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage

PAGES = Path(__file__).resolve().parent / "data" / "crawl" / "pages"


def page(name: str, url: str, **kwargs) -> ListPage:
    return ListPage(url=url, body=(PAGES / name).read_bytes(), column_url=url, **kwargs)


ORDOS = "http://www.ordos.gov.cn/egb/xxgk/xxgknb/"


def test_01_ordos_is_a_trs_column_whose_reports_are_the_nianbao_titles_only():
    p = page("01_ordos_egb_xxgknb_list.html", ORDOS)
    adapter, score = cms.detect(p)
    assert adapter.name == "trs" and score >= 0.5
    listing = adapter.read_list(p)
    assert [(link.url, link.text) for link in listing.reports] == [
        (ORDOS + "202009/t20200903_2748784.html", "鄂尔多斯市2019年政府信息公开工作年度报告"),
        (ORDOS + "202003/t20200311_2593126.html", "鄂尔多斯市人民政府办公室2019年政府信息公开工作年度报告"),
        (ORDOS + "201905/t20190530_2380968.html", "鄂尔多斯市2018年政府信息公开年度报告"),
        (ORDOS + "201905/t20190530_2380967.html", "内蒙古自治区2018年政府信息公开工作年度报告"),
    ]
    # the news mixed into the column are records too, skipped (and counted by the spider)
    skipped = [link.text for link in listing.skipped]
    assert "恩格贝生态示范区召开2020年度工作会暨党风廉政建设会议" in skipped and "一图读懂示范区2017年重点工作" in skipped
    assert len(listing.records) == 10
    assert all(link.date for link in listing.records)  # the date cell beside each title
    # page 2 of 2, TRS naming (page k = index_{k-1}); nothing of the left nav is a sub-column
    assert [r.url for r in listing.requests] == [ORDOS + "index_1.html"] and listing.declared_pages == 2
    assert listing.sub_columns == []


def test_02_pingtan_is_detected_as_trs():
    """The Fujian 动静结合 reading (static records + POST /fjdzapp/search) is the TRS group's adapter."""
    adapter, score = cms.detect(page("02_pingtan_zfxxgknb_list.html", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"))
    assert adapter.name == "trs" and score >= 0.5


DINGXI = "http://www.dingxi.gov.cn/module/web/jpage/dataproxy.jsp?page=1&columnid=12377"


def test_03_dingxi_datastore_records_are_read_with_their_full_titles():
    answer = page("03_dingxi_hanweb_datastore.xml", DINGXI, answer="xml")
    state = {"proxy": "http://www.dingxi.gov.cn/module/web/jpage/dataproxy.jsp", "per_page": 15, "start": 1,
             "form": {"columnid": "12377", "unitid": "38486", "webid": "110"}}
    listing = cms.get("hanweb").read_answer(answer, state)
    assert listing.record_count == 45 and len(listing.records) == 45
    texts = [link.text for link in listing.records]
    assert not any(t.endswith("...") for t in texts)  # the title attribute, not the cut link text
    first = listing.records[0]
    assert first.url == "http://www.dingxi.gov.cn/art/2022/1/20/art_12377_1486865.html" and first.date == "2022-01-20"
    cross = [link.url for link in listing.records if "zwgk.dingxi.gov.cn" in link.url]
    assert cross == ["http://zwgk.dingxi.gov.cn/art/2021/11/4/art_12480_1461862.html"]  # the other host is kept
    assert listing.reports == []  # a notice column: no 年报 title among them
    # no total printed: the next group is asked for; the walk rule stops at an empty answer
    (follow,) = listing.requests
    assert listing.declared_records is None and follow.method == "POST" and follow.answer == "xml"
    assert "startrecord=46" in follow.url and follow.form["columnid"] == "12377"


def test_03_dingxi_is_detected_as_hanweb_and_06_too():
    xml = page("03_dingxi_hanweb_datastore.xml", DINGXI)
    assert cms.detect(xml)[0].name == "hanweb"
    detail = page("06_zjdpc_hanweb_jcms_detail.html", "http://fzggw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html")
    assert cms.detect(detail)[0].name == "hanweb"


def test_05_the_article_pager_is_not_a_list_pager():
    p = page("05_shanxi_trs_detail.html", "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml")
    adapter, score = cms.detect(p)
    assert adapter.name == "trs" and score < cms.STRONG  # TRS markers, but createPageHTML names a document
    assert cms.get("trs").read_list(p).requests == []


STATS = "http://www.stats.gov.cn/tjsj/zxfb/"


def test_08_stats_pagenav_declares_25_pages_in_trs_naming():
    p = page("08_stats_gov_trs_pagenav_fragment.html", STATS)
    adapter, _ = cms.detect(p)
    assert adapter.name == "trs"
    listing = adapter.read_list(p)
    assert listing.declared_pages == 25
    assert [r.url for r in listing.requests] == [f"{STATS}index_{k}.html" for k in range(1, 25)]


@pytest.mark.parametrize("name", ["04_wanzai_detail_tjgb.html", "07_yichun_home.html"])
def test_jiangxi_platform_pages_are_not_taken_for_trs_or_hanweb_lists(name):
    """The Jiangxi 集约化 adapter is the platforms group's; until it exists no family claims these strongly."""
    _, score = cms.detect(page(name, "http://www.wanzai.gov.cn/wzxrmzf/"))
    assert score < cms.STRONG
