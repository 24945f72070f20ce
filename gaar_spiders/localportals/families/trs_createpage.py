"""A TRS county portal whose 年报 column is paginated by ``createPageHTML`` in the shaoyang
argument order, with one report published in parts by the TRS article pager.

隆回县 (湖南邵阳). The column ``/zwgk/zfxxgknb/xlist.shtml`` and its pages
``xlist_2.shtml``, ``xlist_3.shtml`` print their pager as
``<div id="page_div"></div><script>createPageHTML('page_div', 3, 1, 'xlist', 'shtml', 8);</script>``
(element, pages, 1-based current page, name, extension, records): the shape of
the ``sources.shaoyang`` scraper configuration (crawl README §2, §3 pattern 2;
known from code only, no saved page — its page naming ``xlist_N.shtml`` is read
from it as written there). Records ``<li><a href="./YYYYMM/tYYYYMMDD_ID.shtml"
title="…">…</a><span>date</span></li>``; one decoy (a 法治政府建设年度报告) in the
column.

The 2022 report of the 县人民政府 is published in three parts, as the TRS
article pager splits a long document (real page 05's ``createPageHTML(n, i,
"t20190918_693227", "shtml")``, its function and ``toPage()`` included): the
list links ``tYYYYMMDD_ID.shtml`` only; ``_1.shtml`` and ``_2.shtml`` are named by
the pager script alone, and the editor's page breaks fall inside the requests
and review tables. Adapter: ``cms/trs.py`` (list pager and ``document_parts``).
"""

from __future__ import annotations

from html import escape

from ..render import SiteInfo, render_list_page
from ..site import Site
from . import FamilyPortal
from ._trs_shared import add_news, add_report, add_report_in_parts, doc_relpath, synthetic_report

HOST = "www.longhui.gov.cn"
COUNTY = "隆回县"
REGION = "湖南省邵阳市隆回县"
INFO = SiteInfo(name=f"{COUNTY}人民政府", host=HOST, site_id="4305240001", icp="湘ICP备05005240号",
                column_path="/zwgk/zfxxgknb/xlist.shtml")
COLUMN_DIR = "/zwgk/zfxxgknb/"
COLUMN = COLUMN_DIR + "xlist.shtml"
PER_PAGE = 3
#: (organ, year, seed); the report in parts is the 县人民政府's 2022 one
DOCS = ((f"{COUNTY}人民政府", 2023, 701), (f"{COUNTY}人民政府", 2022, 702), (f"{COUNTY}人民政府", 2021, 703),
        (f"{COUNTY}人民政府", 2020, 704), (f"{COUNTY}发展和改革局", 2023, 705), (f"{COUNTY}教育局", 2022, 706),
        (f"{COUNTY}桃洪镇人民政府", 2023, 707))
IN_PARTS = (f"{COUNTY}人民政府", 2022)
DECOY_TITLE = f"{COUNTY}2022年法治政府建设年度报告"
DECOY_TEXT = (f"2022年，{COUNTY}深入学习贯彻习近平法治思想，全面推进法治政府建设，现将有关情况报告如下。",
              "一、主要举措和成效", "二、存在的不足和原因", "三、下一年度推进法治政府建设的主要安排")


def page_file(page: int) -> str:
    """Page 1 is ``xlist.shtml``, page N ``xlist_N.shtml`` (the current page counts from 1)."""
    return "xlist.shtml" if page == 1 else f"xlist_{page}.shtml"


def pager(pages: int, current: int, records: int) -> str:
    return (f'<div class="page" id="page_div"></div>\n<script type="text/javascript">'
            f"createPageHTML('page_div',{pages}, {current},'xlist','shtml',{records});</script>")


def build() -> FamilyPortal:
    site = Site("trs_createpage", HOST)
    items = []  # (date, relative path, report or None, seed)
    doc_id = 15590000
    for organ, year, seed in DOCS:
        report = synthetic_report(organ, year, seed, REGION)
        doc_id += 17
        items.append((report.published_on, doc_relpath(report.published_on, doc_id, "shtml"), report, seed))
    doc_id += 17
    items.append(("2023-02-16", doc_relpath("2023-02-16", doc_id, "shtml"), None, 0))
    items.sort(key=lambda item: item[0], reverse=True)
    chunks = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
    for page, chunk in enumerate(chunks, start=1):
        list_path = COLUMN_DIR + page_file(page)
        lines = []
        for date, rel, report, seed in chunk:
            path = COLUMN_DIR + rel
            if report is None:
                add_news(site, INFO, path, DECOY_TITLE, date, DECOY_TEXT, list_path)
                title = DECOY_TITLE
            elif (report.organ, report.year) == IN_PARTS:
                add_report_in_parts(site, INFO, path, report, list_path, seed)
                title = report.title
            else:
                add_report(site, INFO, path, report, list_path, seed)
                title = report.title
            lines.append(f'<li><a href="./{rel}" title="{escape(title)}" target="_blank">{escape(title)}</a>'
                         f"<span>{date}</span></li>")
        body = f'<ul class="list">{"".join(lines)}</ul>{pager(len(chunks), page, len(items))}'
        site.add_page(list_path, lambda body=body: render_list_page("政府信息公开年报", body, site=INFO), navigation=True)
    column = f'<a href="{COLUMN}">政府信息公开年报</a>'
    home = f'<div class="zwgk"><h3>政务公开</h3><ul><li><a href="/zwgk/">政务公开</a></li><li>{column}</li></ul></div>'
    site.add_page("/", lambda: render_list_page("首页", home, site=INFO), navigation=True)
    site.add_page("/zwgk/", lambda: render_list_page("政务公开", f"<ul><li>{column}</li></ul>", site=INFO),
                  navigation=True)
    for path, name in (("/bsfw/", "办事服务"), ("/hdjl/", "互动交流")):  # the chrome's nav bar links these
        site.add_page(path, lambda name=name: render_list_page(name, "<p>栏目建设中。</p>", site=INFO), navigation=True)
    return FamilyPortal(name="trs_createpage", home=site.url("/"), sites=[site])
