"""Year and organ-group sub-columns, nested (crawl README pattern 10): ``cms/subcolumns.py``'s
``SUB_COLUMN_RULES``, applied on every list page whatever adapter reads it.

Built from code and public-page descriptions (no saved list page with year links exists):
北京 districts' ``gknb{Y}/``, ``{Y}n/xzjd/``, ``{Y}nb/zxjd{Y}/``; 水城 ``nb_2022n/``; 临夏
``zfxxgknb/2024/gxs/``; 富县 ``zfxxgknb/xj/``; the small ASP portal of issue 11 whose 年报
column is split into year sub-columns on one path (``list.asp?classid=``). The local
portal ``subcolumns`` is crawled in ``tests/test_families_crawl.py``.
"""

from gaar_spiders import cms
from gaar_spiders.cms import subcolumns
from gaar_spiders.cms.base import ListPage
from gaar_spiders.crawl.links import Link


def sub_columns(html: str, url: str, column: str = None) -> list[tuple[str, str]]:
    page = ListPage.from_html(html, url, column_url=column or url)
    adapter = cms.detect(page)[0]
    return [(link.url, link.text) for link in adapter.read_list(page).sub_columns]


def links(*pairs: tuple[str, str]) -> str:
    return "<ul>" + "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in pairs) + "</ul>"


ASP = "http://www.ningling.gov.cn/list.asp"
NAV = links(("/", "首页"), ("list.asp?classid=2", "政务公开"), ("list.asp?classid=11", "政府信息公开指南"))


def test_an_asp_column_at_the_site_root_is_split_into_year_sub_columns_on_its_own_path():
    """The built-in rule sees nothing here (one path, a root directory); the year texts make the sub-columns."""
    years = links(("list.asp?classid=121", "2024年"), ("list.asp?classid=122", "2023年度"),
                  ("list.asp?classid=129", "2018年度及以前"))
    found = sub_columns(NAV + years, ASP + "?classid=12")
    assert found == [(ASP + "?classid=121", "2024年"), (ASP + "?classid=122", "2023年度"),
                     (ASP + "?classid=129", "2018年度及以前")]


def test_each_year_is_split_again_by_organ_group_nested():
    groups = links(("list.asp?classid=1221", "县政府年报"), ("list.asp?classid=1222", "部门年报"),
                   ("list.asp?classid=1223", "乡镇（街道）年报"))
    found = sub_columns(NAV + groups, ASP + "?classid=122")
    assert [text for _, text in found] == ["县政府年报", "部门年报", "乡镇（街道）年报"]


def test_pager_numbers_nav_links_and_other_hosts_are_not_sub_columns():
    noise = links(("list.asp?classid=12&page=2", "2"), ("list.asp?classid=12&page=2", "下一页"),
                  ("list.asp?classid=12&page=3", "2023"),  # a bare number whose URL is not that year's
                  ("http://www.other.gov.cn/list.asp?classid=121", "2024年"),
                  ("/szf/index.html", "市政府"))  # an organ word, but not near the column
    assert sub_columns(NAV + noise, ASP + "?classid=12") == []


BEIJING = "http://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/"


def test_beijing_year_directories_are_sub_columns_whatever_their_text():
    found = sub_columns(links(("gknb2023/", "二〇二三年"), ("gknb2022/index.html", "二〇二二年")), BEIJING)
    assert [url for url, _ in found] == [BEIJING + "gknb2023/", BEIJING + "gknb2022/index.html"]
    # a document inside a year directory is no year directory itself
    page = ListPage.from_html("", BEIJING, column_url=BEIJING)
    document = Link(BEIJING + "gknb2023/202402/t20240223_1.html", "关于调整公开目录的说明")
    assert not subcolumns.year_directory_sub_column(document, page)


def test_year_directories_with_township_groups_below_them():
    daxing = "http://www.bjdx.gov.cn/zfxxgk/dxqzf69/2023n/"
    assert sub_columns(links(("xzjd/", "街乡镇"), ("bm/", "区级部门")), daxing) == [
        (daxing + "xzjd/", "街乡镇"), (daxing + "bm/", "区级部门")]
    shuicheng = "http://www.shuicheng.gov.cn/newsite/zwgk/zfxxgk_1/zfxxgknb/"
    assert [u for u, _ in sub_columns(links(("nb_2022n/", "二〇二二年度")), shuicheng)] == [shuicheng + "nb_2022n/"]
    linxia = "https://linxia.gov.cn/lxz/zwgk/zfxxgknb/2024/"
    assert sub_columns(links(("gxs/", "各县市")), linxia) == [(linxia + "gxs/", "各县市")]


def test_the_rules_are_registered_for_every_list_page():
    assert set(subcolumns.SUB_COLUMN_RULES) <= set(cms.sub_column_rules())
    assert "subcolumns" in cms.FAMILY_MODULES and subcolumns.ADAPTERS == []
