"""A district portal whose 政府信息公开 lives on a separate platform host with organ codes in
the path (门头沟区: ``www.bjmtg.gov.cn`` → ``zfxxgk.bjmtg.gov.cn``, served on 127.0.0.2):
adapter ``cms/xxgk_platform.py`` and the framework's cross-host rule.

Shapes from code descriptions only (crawl README §2, §3 pattern 9): 北京's unified platform
``zfxxgk.beijing.gov.cn/{organ}/zfxxgknb/list.shtml`` (the organ code as the first path
segment), TRS document names (``gknb2017/201802/t20180223_195744.html`` on a 北京 district).
The www home links 政府信息公开 to the platform's home, an organ directory (区政府 / 部门 /
街道乡镇, each ``/{code}/index.shtml``); each organ's section names its 年报
``/{code}/zfxxgknb/list.shtml`` (the district's paginated ``list_1.shtml``, TRS naming, not
in the evidence). Decoys: the www home's link to the city's 年报 on the city's own
platform ``zfxxgk.beijing.gov.cn`` (another government: never followed), and a 网站工作年度报表
in the education commission's 年报 list (a mixed column: skipped).
"""

from __future__ import annotations

import hashlib
from html import escape

from .. import content as C
from ..render import SiteInfo, page_html, render_list_page
from ..site import Site
from . import FamilyPortal
from .kit import Doc, list_items, other, paged_column, pager, platform_home_pages, related_links, report

DOMAIN = "bjmtg.gov.cn"
WWW, PLATFORM = f"www.{DOMAIN}", f"zfxxgk.{DOMAIN}"
DISTRICT = "北京市门头沟区"
SITE_ID = "1101090001"
REGION = DISTRICT
ICP = "京ICP备05005213号"
#: the city's 年报 on the city's own platform: another government's, linked from the www home
CITY_NIANBAO = "http://zfxxgk.beijing.gov.cn/110001/zfxxgknb/list.shtml"
CITY_NIANBAO_TEXT = "北京市政府信息公开年报"
CITY_ORGAN = ("http://zfxxgk.beijing.gov.cn/110016/index.shtml", "北京市教育委员会")
#: (code, organ, group, years, per page)
ORGANS = (
    ("11010900", f"{DISTRICT}人民政府", "区政府", (2023, 2022, 2021, 2020, 2019), 3),
    ("11010901", f"{DISTRICT}教育委员会", "区政府部门", (2023, 2022), 10),
    ("11010903", f"{DISTRICT}财政局", "区政府部门", (2023,), 10),
    ("11010920", f"{DISTRICT}大台街道办事处", "街道乡镇", (2023, 2022), 10),
)
SECTIONS = (("zfxxgkzn", "政府信息公开指南"), ("zfxxgkzd", "政府信息公开制度"), ("fdzdgknr", "法定主动公开内容"),
            ("zfxxgknb", "政府信息公开年报"))


def www_site() -> Site:
    site = Site("xxgk_platform", WWW)
    info = SiteInfo(name=f"{DISTRICT}人民政府", host=WWW, site_id=SITE_ID, icp=ICP,
                    column_path=f"http://{PLATFORM}/{ORGANS[0][0]}/zfxxgknb/list.shtml")
    platform_home_pages(site, info, f"http://{PLATFORM}/", related_links([(CITY_NIANBAO, CITY_NIANBAO_TEXT, "")]))
    return site


def platform_site() -> Site:
    site = Site("xxgk_platform", PLATFORM, bind="127.0.0.2")
    info = SiteInfo(name=f"{DISTRICT}政府信息公开专栏", host=PLATFORM, site_id=SITE_ID, icp=ICP,
                    column_path=f"/{ORGANS[0][0]}/zfxxgknb/list.shtml")
    groups: dict[str, list[str]] = {}
    for code, organ, group, _, _ in ORGANS:
        groups.setdefault(group, []).append(f'<li><a href="/{code}/index.shtml" target="_blank">{escape(organ)}</a></li>')
    directory = "".join(f'<div class="organ-group"><h4>{escape(g)}</h4><ul>{"".join(items)}</ul></div>'
                        for g, items in groups.items())
    directory += (f'<div class="city"><h4>市级</h4><ul><li><a href="{CITY_ORGAN[0]}" target="_blank">'
                  f"{CITY_ORGAN[1]}</a></li></ul></div>")
    site.add_page("/", lambda: render_list_page("政府信息公开", directory, site=info), navigation=True)
    site.add_redirect("/zwgk/", f"http://{WWW}/zwgk/")  # the chrome's 政务公开 is the portal's
    for n, (code, organ, _, years, per_page) in enumerate(ORGANS):
        organ_section(site, info, code, organ, years, per_page, seed=800 + 20 * n)
    return site


def organ_section(site: Site, info: SiteInfo, code: str, organ: str, years, per_page: int, seed: int) -> None:
    nav = "".join(f'<li><a href="/{code}/{s}/{"list" if s == "zfxxgknb" else "index"}.shtml">{name}</a></li>'
                  for s, name in SECTIONS)
    nav = f'<div class="organ-nav"><h3>{escape(organ)}</h3><ul>{nav}</ul></div>'
    site.add_page(f"/{code}/index.shtml", lambda: render_list_page(organ, nav + f"<p>{escape(organ)}信息公开。</p>",
                                                                    site=info), navigation=True)
    for s, name in SECTIONS[:-1]:
        site.add_page(f"/{code}/{s}/index.shtml", lambda name=name: render_list_page(name, nav, site=info),
                      navigation=True)
    docs = [report(organ, y, seed=seed + y, region=REGION) for y in years]
    if code == "11010901":  # the 年报 list mixes in the website's annual statistics
        docs.insert(1, other(C.WEBSITE_REPORT_TITLE.format(organ=organ, year=2023), organ, 2023, "2024-01-15",
                             C.WEBSITE_REPORT_TEXT))
    base = f"/{code}/zfxxgknb/"

    def list_path(k: int) -> str:  # TRS naming: page k is list_{k-1}.shtml
        return base + ("list.shtml" if k == 1 else f"list_{k - 1}.shtml")

    def detail_path(doc: Doc) -> str:
        day = doc.published_on.replace("-", "")
        return f"{base}{day[:6]}/t{day}_{hash_id(doc.title) % 10 ** 7}.html"

    paged_column(site, docs, per_page, list_path, detail_path,
                 lambda d: page_html(d.title, d.body_html, family="trs", published_on=d.published_on, source=d.organ,
                                     site=info),
                 lambda k, items, pages: render_list_page("政府信息公开年报", nav + list_items(items)
                                                          + pager(list_path, k, pages), site=info))


def hash_id(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)


def build() -> FamilyPortal:
    www, platform = www_site(), platform_site()
    decoy = {"portal": "xxgk_platform", "url": CITY_NIANBAO, "kind": "offsite_column", "title": CITY_NIANBAO_TEXT,
             "expect": "decoy", "source_url": www.url("/")}
    return FamilyPortal(name="xxgk_platform", home=www.url("/"), sites=[www, platform], extra_manifest=[decoy])
