"""A county whose 信息公开 lives on a separate platform host (served on 127.0.0.2), its
年报 column a JSP list paginated by a query parameter (``list.jsp?columnId=&pageNo=N``,
pager with 共N页, 首页/尾页) and documents selected by query string
(``content.jsp?contentId=&columnId=``).

The portal's www home links 政府信息公开 to ``http://xxgk.<domain>/`` (another host of
its registrable domain: followed as part of the portal), and lists a 年报 of another
government on an unrelated host (a decoy: never followed).

Shapes: crawl README §2 (``hrss.yn.gov.cn InfoPublic.aspx?…&page=``, 绵竹 ``cur_page``),
§3 patterns 7 and 9. Adapters: ``cms/query_param.py``; the cross-host rule.
"""

from __future__ import annotations

from ..cms import BUILDERS
from ..render import SiteInfo
from ..site import Site
from ..spec import ColumnSpec, DocSpec, PortalSpec
from . import FamilyPortal
from .kit import platform_home_pages, related_links

DOMAIN = "lintan.gov.cn"
WWW, PLATFORM = f"www.{DOMAIN}", f"xxgk.{DOMAIN}"
#: a 年报 of another government, linked from the home page: a decoy on an unrelated host
ELSEWHERE = "http://www.zhuoni.gov.cn/zwgk/ndbg/202301/t20230120_5510.html"
ELSEWHERE_TITLE = "卓尼县2022年政府信息公开工作年度报告"
COUNTY = "临潭县"
SITE_ID = "6230210001"


def spec() -> PortalSpec:
    docs = [DocSpec(organ=f"{COUNTY}人民政府", year=y, seed=500 + y) for y in (2019, 2020, 2021, 2022, 2023)]
    docs += [DocSpec(organ=f"{COUNTY}教育局", year=y, seed=510 + y) for y in (2021, 2023)]
    docs.append(DocSpec(organ=f"{COUNTY}人民政府", year=2021, kind="non_report"))
    return PortalSpec(
        name="query_param", host=PLATFORM, site_name=f"{COUNTY}政府信息公开平台", region=f"甘肃省甘南藏族自治州{COUNTY}",
        site_id=SITE_ID, icp="陇ICP备05002103号", family="generic", pagination="query",
        columns=[ColumnSpec("", "政府信息公开年报", docs, per_page=3, column_id=27)], options={"first_id": 7700},
    )


def www_site() -> Site:
    """The county's www host: a home and a 政务公开 page that send 政府信息公开 to the platform."""
    site = Site("query_param", WWW)
    info = SiteInfo(name=f"{COUNTY}人民政府", host=WWW, site_id=SITE_ID, icp="陇ICP备05002103号", column_path="/zwgk/")
    platform_home_pages(site, info, f"http://{PLATFORM}/", related_links([(ELSEWHERE, ELSEWHERE_TITLE, "2023-01-20")]))
    return site


def build() -> FamilyPortal:
    platform = BUILDERS["generic"](spec()).build()
    platform.bind = "127.0.0.2"
    www = www_site()
    decoy = {"portal": "query_param", "url": ELSEWHERE, "kind": "non_report", "title": ELSEWHERE_TITLE,
             "expect": "decoy", "source_url": www.url("/")}
    return FamilyPortal(name="query_param", home=www.url("/"), sites=[www, platform], extra_manifest=[decoy])
