"""A small ASP county portal (宁陵县) whose 年报 column is split into year sub-columns, each
year split again by organ group, all on one path (``list.asp?classid=``): the
``SUB_COLUMN_RULES`` of ``cms/subcolumns.py``.

The case of issue 11 ("a small ASP portal whose 年报 column is split into year sub-columns
stored 4 of 12"): the column sits at the site's root and its sub-columns differ from it
only by their query string, so the built-in rule (short links below the column's
directory) sees none of them. Shapes from code and public-page descriptions (crawl README
§3 pattern 10; no list page with year links was saved): link texts that read only
``2023年``, ``2022年度``, ``2021年度及以前``, ``县政府年报`` / ``部门年报`` / ``乡镇（街道）年报``.
Chosen here: ASP classic ``list.asp?classid=`` / ``show.asp?id=``, pages ``&page=N`` with
``共N页``, chrome and detail pages in the shared generic shape. The 2023 县政府年报 list
mixes in the 网站工作年度报表 (the decoy).
"""

from __future__ import annotations

from html import escape

from .. import content as C
from ..render import SiteInfo, page_html, render_list_page
from ..site import Site
from . import FamilyPortal
from .kit import Doc, list_items, other, paged_column, pager, portal_pages, report

HOST = "www.ningling.gov.cn"
COUNTY = "宁陵县"
SITE_ID = "4114230001"
REGION = f"河南省商丘市{COUNTY}"
COLUMN = 12
GOV, DEPTS, TOWNS = (f"{COUNTY}人民政府",), (f"{COUNTY}教育局", f"{COUNTY}财政局", f"{COUNTY}民政局"), \
    (f"{COUNTY}城关回族镇人民政府",)
#: (classid, link text, {organ group: (classid, organs)} or the organs of a flat list, years)
YEARS = (
    (121, "2023年", {"县政府年报": (1211, GOV), "部门年报": (1212, DEPTS), "乡镇（街道）年报": (1213, TOWNS)}, (2023,)),
    (122, "2022年度", {"县政府年报": (1221, GOV), "部门年报": (1222, DEPTS[:1]), "乡镇（街道）年报": (1223, TOWNS)}, (2022,)),
    (129, C.YEAR_AND_BEFORE.format(year=2021), GOV + DEPTS[:1], (2021, 2020, 2019)),
)
PER_PAGE = 2
NAV = ((11, "政府信息公开指南"), (10, "政府信息公开制度"), (COLUMN, "政府信息公开年报"))


def list_asp(classid: int, page: int = 1) -> str:
    return f"/list.asp?classid={classid}" + (f"&page={page}" if page > 1 else "")


def build() -> FamilyPortal:
    site = Site("subcolumns", HOST)
    info = SiteInfo(name=f"{COUNTY}人民政府", host=HOST, site_id=SITE_ID, icp="豫ICP备05004216号",
                    column_path=list_asp(COLUMN))
    column = f'<li><a href="{list_asp(COLUMN)}">政府信息公开年报</a></li>'
    portal_pages(site, info, f'<div class="zwgk"><h3>{C.OPEN_GOV}</h3><ul>{column}</ul></div>', f"<ul>{column}</ul>")
    left = '<div class="left-nav"><ul>' + "".join(f'<li><a href="{list_asp(c)}">{n}</a></li>' for c, n in NAV) + "</ul>"
    left += '<h4>年报分类</h4><ul class="years">' + "".join(
        f'<li><a href="{list_asp(c)}">{escape(text)}</a></li>' for c, text, *_ in YEARS) + "</ul></div>"
    for classid, name in NAV[:2]:
        site.add_page(list_asp(classid), lambda name=name: render_list_page(name, left + f"<p>{escape(name)}。</p>",
                                                                            site=info), navigation=True)
    site.add_page(list_asp(COLUMN), lambda: render_list_page("政府信息公开年报", left, site=info), navigation=True)
    ids = iter(range(5830, 99999, 7))

    def detail(d: Doc) -> str:
        return page_html(d.title, d.body_html, family="generic", published_on=d.published_on, source=d.organ, site=info)

    def paged_list(classid: int, name: str, docs: list[Doc], header: str) -> None:
        paths = {d.title: f"/show.asp?id={next(ids)}" for d in docs}
        paged_column(site, docs, PER_PAGE, lambda k: list_asp(classid, k), lambda d: paths[d.title], detail,
                     lambda k, items, pages: render_list_page(name, left + header + list_items(items)
                                                              + pager(lambda j: list_asp(classid, j), k, pages),
                                                              site=info))

    for classid, text, groups, years in YEARS:
        if isinstance(groups, tuple):  # 2021年度及以前: one list, paginated
            docs = [report(organ, y, seed=1100 + y + 3 * i, region=REGION) for y in years
                    for i, organ in enumerate(groups)]
            paged_list(classid, text, docs, "")
            continue
        tabs = '<ul class="organ-groups">' + "".join(f'<li><a href="{list_asp(c)}">{escape(g)}</a></li>'
                                                     for g, (c, _) in groups.items()) + "</ul>"
        site.add_page(list_asp(classid), lambda text=text, tabs=tabs: render_list_page(text, left + tabs, site=info),
                      navigation=True)
        for group, (group_id, organs) in groups.items():
            docs = [report(organ, y, seed=1100 + y + 3 * i, region=REGION) for y in years
                    for i, organ in enumerate(organs)]
            if group_id == 1211:  # the 2023 县政府年报 list mixes in the website's annual statistics
                docs.append(other(C.WEBSITE_REPORT_TITLE.format(organ=f"{COUNTY}人民政府", year=2023),
                                  f"{COUNTY}人民政府", 2023, "2024-01-12", C.WEBSITE_REPORT_TEXT))
            paged_list(group_id, f"{text} {group}", docs, tabs)
    return FamilyPortal(name="subcolumns", home=site.url("/"), sites=[site])
