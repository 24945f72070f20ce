"""Separate 信息公开 platform hosts (crawl README pattern 9): the ``xxgk_platform`` adapter.

Built from code descriptions only (no platform page was saved): 北京
``zfxxgk.beijing.gov.cn/{organ}/zfxxgknb/list.shtml``, 合肥 ``spage.xp?doAction=sindex&unitid=&frame=nb``,
邯郸 ``hdzfxxgk.hd.gov.cn/zfxxgknb/``, 会昌 ``xxgk.huichang.gov.cn/xxgknb/`` (records
``#in_list>ul>li a[title]``). The pages below are small pages in those shapes; the local
portal ``xxgk_platform`` (platform on 127.0.0.2, a decoy on another government's host) is
crawled in ``tests/test_families_crawl.py``.
"""

from gaar_spiders import cms
from gaar_spiders.cms import xxgk_platform
from gaar_spiders.cms.base import ListPage
from gaar_spiders.crawl.hosts import same_registrable_domain

XP = cms.get("xxgk_platform")
PLATFORM = "http://zfxxgk.bjmtg.gov.cn/"


def read(html: str, url: str):
    page = ListPage.from_html(html, url, column_url=url)
    return XP.detect(page), XP.read_list(page)


def ul(*pairs) -> str:
    return "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in pairs) + "</ul>"


DIRECTORY = ul(("/", "首页"), ("/11010900/index.shtml", "门头沟区人民政府"), ("/11010901/index.shtml", "区教委"),
               ("/11010901/zfxxgkzn/index.shtml", "区教委"), ("/11010902/index.shtml", "大台街道办事处"),
               ("http://zfxxgk.beijing.gov.cn/110016/index.shtml", "北京市教育委员会"))


def test_the_platform_home_is_an_organ_directory_whose_sub_columns_are_the_organs_by_code():
    score, listing = read(DIRECTORY, PLATFORM)
    assert score >= cms.STRONG
    # one link per organ code on the platform's own host (another government's platform is not one)
    assert [(s.url, s.text) for s in listing.sub_columns] == [
        (PLATFORM + "11010900/index.shtml", "门头沟区人民政府"), (PLATFORM + "11010901/index.shtml", "区教委"),
        (PLATFORM + "11010902/index.shtml", "大台街道办事处")]
    assert listing.records == []


ORGAN = PLATFORM + "11010901/index.shtml"
ORGAN_NAV = ul(("/11010901/zfxxgkzn/index.shtml", "政府信息公开指南"), ("/11010901/fdzdgk/index.shtml", "法定主动公开内容"),
               ("/11010901/zfxxgknb/list.shtml", "政府信息公开年报"), ("/11010900/index.shtml", "门头沟区人民政府"),
               ("/11010902/index.shtml", "大台街道办事处"), ("/11010903/index.shtml", "区财政局"))


def test_an_organ_section_leads_only_to_its_nianbao_list():
    score, listing = read(ORGAN_NAV, ORGAN)
    assert score > 0 and cms.detect(ListPage.from_html(ORGAN_NAV, ORGAN))[0] is XP
    assert [s.url for s in listing.sub_columns] == [PLATFORM + "11010901/zfxxgknb/list.shtml"]


def test_an_organs_nianbao_list_reads_its_records_and_pages_by_its_pager():
    url = PLATFORM + "11010900/zfxxgknb/list.shtml"
    html = ('<ul class="list"><li><a href="./202402/t20240220_3318.html" title="门头沟区人民政府2023年政府信息公开工作年度报告">'
            '门头沟区人民政府2023年…</a><span>2024-02-20</span></li></ul>'
            '<div class="page">共2页 <a href="list.shtml">首页</a> <a href="list_1.shtml">2</a> <a href="list_1.shtml">下一页</a></div>')
    score, listing = read(html, url)
    assert score >= cms.STRONG and [r.text for r in listing.reports] == ["门头沟区人民政府2023年政府信息公开工作年度报告"]
    (request,) = listing.requests
    assert (request.url, request.adapter, listing.declared_pages) == (PLATFORM + "11010900/zfxxgknb/list_1.shtml",
                                                                     "xxgk_platform", 2)


HEFEI = "http://zwgk.hefei.gov.cn/zwgk/public/spage.xp"


def test_hefei_units_lead_to_their_frame_nb_page():
    units = ul(*[(f"spage.xp?doAction=sindex&unitid=000400010001000{n}", name)
                 for n, name in ((6, "合肥市教育局"), (7, "合肥市财政局"), (8, "合肥市民政局"))])
    _, directory = read(units, HEFEI + "?doAction=sindex")
    assert [s.url for s in directory.sub_columns] == [
        f"{HEFEI}?doAction=sindex&unitid=000400010001000{n}" for n in (6, 7, 8)]
    unit = f"{HEFEI}?doAction=sindex&unitid=0004000100010006"
    _, listing = read(ul(("spage.xp?doAction=sindex&unitid=0004000100010006&frame=zn", "指南")), unit)
    assert [s.url for s in listing.sub_columns] == [unit + "&frame=nb"]  # frame=nb: the unit's 年报
    score, _ = read("", unit + "&frame=nb")
    assert score >= cms.STRONG


def test_huichang_records_are_the_in_list_links_only():
    html = ('<div class="side"><a href="/xxgknb/1.html" title="赣州市2023年政府信息公开工作年度报告">赣州市…</a></div>'
            '<div id="in_list"><ul><li><a href="/xxgknb/202401/a1.html" title="会昌县2023年政府信息公开工作年度报告">会昌…</a></li>'
            '<li><a href="/xxgknb/202401/a2.html" title="会昌县人民政府关于2023年度网站工作年度报表的公告">会昌…</a></li>'
            "</ul></div>")
    score, listing = read(html, "http://xxgk.huichang.gov.cn/xxgknb/")
    assert score > 0
    assert [r.text for r in listing.reports] == ["会昌县2023年政府信息公开工作年度报告"]
    assert len(listing.records) == 2


def test_a_trs_list_at_a_site_root_with_month_directories_is_no_organ_directory():
    html = ul(*[(f"/2024{m:02d}/t2024{m:02d}10_{m}.html", f"通知{m}") for m in (1, 2, 3, 4)])
    assert XP.detect(ListPage.from_html(html, "http://www.x.gov.cn/")) == 0


def test_the_platform_is_followed_by_its_registrable_domain_never_by_its_name():
    assert same_registrable_domain("http://hdzfxxgk.hd.gov.cn/zfxxgknb/", ["www.hd.gov.cn"])
    assert same_registrable_domain("http://xxgk.huichang.gov.cn/xxgknb/", ["www.huichang.gov.cn"])
    assert same_registrable_domain("http://zfxxgk.bjmtg.gov.cn/", ["www.bjmtg.gov.cn"])
    # the city's platform is another government's: a district portal never follows it
    assert not same_registrable_domain("http://zfxxgk.beijing.gov.cn/110016/zfxxgknb/list.shtml", ["www.bjmtg.gov.cn"])
    assert not XP.recognises_platform("http://zfxxgk.beijing.gov.cn/110016/zfxxgknb/list.shtml")
    assert xxgk_platform.organ_of("http://zfxxgk.beijing.gov.cn/110016/zfxxgknb/list.shtml") == "110016"


def test_column_ids_in_paths_or_a_page_of_reports_make_no_organ_directory():
    """Only links named as organs count; a page that lists reports is a list of reports whatever it links."""
    columns = ul(("/1234567/index.html", "政务公开"), ("/1234568/index.html", "政策解读"), ("/1234569/index.html", "互动交流"))
    assert XP.detect(ListPage.from_html(columns, "http://www.x.gov.cn/")) == 0
    with_report = DIRECTORY + ul(("/zwgk/202401/t20240120_1.html", "门头沟区2023年政府信息公开工作年度报告"))
    assert XP.read_list(ListPage.from_html(with_report, PLATFORM)).sub_columns == []
