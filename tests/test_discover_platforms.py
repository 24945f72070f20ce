"""``gaar discover`` on the platform, pagination and sub-column family portals: what a person
adding such a portal is told (family, columns and sub-columns, plans, hosts, skipped documents).

Real list-only crawls (``gaar discover URL --json``) of the local portals of
``localportals/families/`` (jiangxi, gkmlpt, xxgk_platform, query_param_asp, numbered,
subcolumns); every report of each is stored by ``tests/test_families_crawl.py``.
"""

import json

import pytest

from gaar_spiders.localportals import PortalServer

from .test_cli_discover import FAST, discover

pytestmark = pytest.mark.slow

FAMILIES = ["jiangxi", "gkmlpt", "xxgk_platform", "query_param_asp", "numbered", "subcolumns"]


@pytest.fixture(scope="module")
def server():
    with PortalServer([], families=FAMILIES) as s:
        yield s


def found(server, family: str) -> dict:
    result = discover(server.family(family).home, "--json", "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert data["reports_found"] == len(server.family(family).reports) and data["failures"] == {}
    return data


def tree(columns: list[dict]) -> dict[str, dict]:
    """Every walk of the found columns, sub-columns included, by URL."""
    out = {}
    for c in columns:
        out[c["url"]] = c
        out.update(tree(c["sub_columns"]))
    return out


def test_discover_jiangxi_walks_organ_sub_sites_and_code_columns_sharing_one_path(server):
    data = found(server, "jiangxi")
    assert data["family"] == "jiangxi"
    walks = tree(data["columns"])
    base = "http://www.yifeng.gov.cn/yfxrmzf/"
    county = walks[base + "zfxxgknb/xxgk_list.shtml"]  # reached through its redirect_firstChannel link
    assert (county["declared_pages"], county["pages_fetched"], county["reports_listed"]) == (2, 2, 5)
    directory = walks[base + "bmxxgkml/zzxxgk_bm.shtml"]
    assert [s["url"].split("/")[-2] for s in directory["sub_columns"]] == ["zfb", "tjj", "jytyj", "czj"]
    # one path, three columns: the 政府办's 年报 and its two year columns (parentCode), each walked
    zfb = base + "zfb/xxgk.shtml?code=zfbnb&temp=xsqbmxxgk_list"
    children = [s["url"] for s in walks[zfb]["sub_columns"]]
    assert children == [base + f"zfb/xxgk.shtml?code=zfbnb{y}&temp=xsqbmxxgk_list&parentCode=zfbnb" for y in (2023, 2022)]
    assert all(walks[url]["reports_listed"] == 1 for url in children)
    tjj = walks[base + "tjj/xxgk.shtml?code=tjjnb&temp=xsqbmxxgk_list"]
    assert (tjj["reports_listed"], tjj["skipped"]) == (2, 1)  # the 统计公报 beside the reports: skipped, counted
    assert walks[base + "jytyj/xxgk.shtml?code=jytyjnb&temp=xsqbmxxgk_list"]["plan"] == "?page=N"
    assert walks[base + "czj/xxgk.shtml"]["sub_columns"] == []  # an organ without a 年报 column


def test_discover_gkmlpt(server):
    data = found(server, "gkmlpt")
    assert data["family"] == "gkmlpt"
    walks = tree(data["columns"])
    shell = walks["http://www.lianping.gov.cn/gkmlpt/index"]
    assert "api/all/{category}?page=N&sid=SID" in shell["plan"]
    assert (shell["declared_records"], shell["declared_pages"], shell["skipped"]) == (8, 2, 1)
    department = walks["http://www.lianping.gov.cn/lpjyj/gkmlpt/index"]
    assert department["reports_listed"] == 3 and department["plan"].startswith("gkmlpt API /lpjyj/gkmlpt/")
    assert "no 年报 category" in walks["http://www.lianping.gov.cn/lpczj/gkmlpt/index"]["plan"]
    assert data["registry_entry"]["cms"] == "gkmlpt" and data["registry_entry"]["division_code"] == "441623"


def test_discover_xxgk_platform_joins_the_platform_host_and_never_another_governments(server):
    data = found(server, "xxgk_platform")
    assert data["family"] == "xxgk_platform"
    assert data["hosts"] == ["www.bjmtg.gov.cn", "zfxxgk.bjmtg.gov.cn"]  # zfxxgk.beijing.gov.cn: never
    (platform,) = [c for c in data["columns"] if c["url"] == "http://zfxxgk.bjmtg.gov.cn/"]
    organs = [s["url"] for s in platform["sub_columns"]]
    assert "http://zfxxgk.bjmtg.gov.cn/11010901/index.shtml" in organs and len(organs) >= 3
    district = tree(data["columns"])["http://zfxxgk.bjmtg.gov.cn/11010900/zfxxgknb/list.shtml"]
    assert district["plan"] == "list.shtml, list_{k-1}.shtml (pager links)" and district["pages_fetched"] == 2


def test_discover_query_param_asp_pages_by_page_and_by_a_posted_currpage(server):
    data = found(server, "query_param_asp")
    plans = {c["url"].split("/")[-1]: c["plan"] for c in data["columns"]}
    assert plans["InfoPublic.aspx?cid=1019&pid=971&page=1&kw="] == "?page=N"
    assert plans["List.aspx?p=70&type=2&p1=6&p2=57"].startswith("POST newsList.ashx currpage=N (from 0)")


def test_discover_numbered_reads_three_numberings(server):
    data = found(server, "numbered")
    plans = {c["url"].split("/")[-2]: (c["plan"], c["declared_pages"], c["pages_fetched"]) for c in data["columns"]}
    assert plans == {"zfxxgknb": ("{N}.html (pager links)", 3, 3),
                     "bmnb": ("index.shtml, index_{k}.shtml (pager links)", 2, 2),
                     "xznb": ("index.shtml, index_{k-1}.shtml (pager links)", 2, 2)}


def test_discover_subcolumns_nests_years_then_organ_groups(server):
    data = found(server, "subcolumns")
    (column,) = data["columns"]
    assert column["url"] == "http://www.ningling.gov.cn/list.asp?classid=12" and column["reports_in_tree"] == 14
    years = {s["url"].split("=")[-1]: s for s in column["sub_columns"]}
    assert set(years) == {"121", "122", "129"}
    groups = [g["url"].split("=")[-1] for g in years["121"]["sub_columns"]]
    assert groups == ["1211", "1212", "1213"]
    assert years["121"]["sub_columns"][1]["pages_fetched"] == 2  # 部门年报 2023: two pages
    assert years["121"]["sub_columns"][0]["skipped"] == 1  # the 网站工作年度报表 beside the report
