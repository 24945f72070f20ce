"""A county portal whose 年报 columns page by numbered files (宜川县): adapter ``cms/numbered.py``.

Shapes from code descriptions only (crawl README §2, §3 pattern 8; no page saved):
``jyj.yanan.gov.cn zfxxgknb/1.html → {N}.html`` (the 政府信息公开年报 column: page 1 is
``1.html``), ``czj.km.gov.cn zfxxgknb/ → index_{page + 1}.shtml`` (the 部门年报 column:
page k is ``index_k.shtml``) and ``rsj.km.gov.cn … → index_{page}.shtml`` (the 乡镇年报
column: page k is ``index_{k-1}.shtml``, TRS's naming without TRS's markers). Documents
are numbered files in the column's own directory (``2331245.html``), beside its pages: a
number counts as a page only on a pager link. Pager, chrome and detail pages in the
shared generic shape (not in the evidence). The 政府信息公开年报 column mixes in a
法治政府建设年度报告 (the decoy).
"""

from __future__ import annotations

import hashlib

from .. import content as C
from ..render import SiteInfo, page_html, render_list_page
from ..site import Site
from . import FamilyPortal
from .kit import Doc, list_items, other, paged_column, pager, portal_pages, report

HOST = "www.yichuan.gov.cn"
COUNTY = "宜川县"
SITE_ID = "6106300001"
REGION = f"陕西省延安市{COUNTY}"
#: (directory, column name, first page, page k's file, organs and years, per page)
COLUMNS = (
    ("zfxxgknb", "政府信息公开年报", "1.html", lambda k: f"{k}.html",
     ((f"{COUNTY}人民政府", (2023, 2022, 2021, 2020, 2019)),), 2),
    ("bmnb", "部门年报", "index.shtml", lambda k: "index.shtml" if k == 1 else f"index_{k}.shtml",
     ((f"{COUNTY}教育局", (2023, 2022)), (f"{COUNTY}卫生健康局", (2023,))), 2),
    ("xznb", "乡镇年报", "index.shtml", lambda k: "index.shtml" if k == 1 else f"index_{k - 1}.shtml",
     ((f"{COUNTY}丹州街道办事处", (2023, 2022)), (f"{COUNTY}秋林镇人民政府", (2023,))), 2),
)


def doc_id(doc: Doc) -> int:
    return 2330000 + int(hashlib.sha1(doc.title.encode("utf-8")).hexdigest()[:6], 16) % 10000


def build() -> FamilyPortal:
    site = Site("numbered", HOST)
    info = SiteInfo(name=f"{COUNTY}人民政府", host=HOST, site_id=SITE_ID, icp="陕ICP备05006301号",
                    column_path="/zfxxgk/zfxxgknb/1.html")
    columns = "".join(f'<li><a href="/zfxxgk/{d}/{first}">{name}</a></li>' for d, name, first, *_ in COLUMNS)
    guide = '<li><a href="/zfxxgk/zfxxgkzn/1.html">政府信息公开指南</a></li>'
    left = f'<div class="left-nav"><ul>{guide}{columns}</ul></div>'
    portal_pages(site, info, f'<div class="zwgk"><h3>{C.OPEN_GOV}</h3><ul>{columns}</ul></div>',
                 f"<ul>{guide}{columns}</ul>")
    site.add_page("/zfxxgk/zfxxgkzn/1.html", lambda: render_list_page(
        "政府信息公开指南", left + f"<p>{COUNTY}人民政府信息公开指南。</p>", site=info), navigation=True)
    for n, (directory, name, _, file, organs, per_page) in enumerate(COLUMNS):
        docs = [report(organ, y, seed=900 + 10 * n + y, region=REGION) for organ, years in organs for y in years]
        if directory == "zfxxgknb":
            docs.insert(2, other(C.NON_REPORT_TITLE.format(organ=f"{COUNTY}人民政府", year=2022), f"{COUNTY}人民政府",
                                 2022, "2023-03-02", C.NON_REPORT_TEXT))
        base = f"/zfxxgk/{directory}/"
        paged_column(site, docs, per_page, lambda k, base=base, file=file: base + file(k),
                     lambda d, base=base: f"{base}{doc_id(d)}.html",
                     lambda d: page_html(d.title, d.body_html, family="generic", published_on=d.published_on,
                                         source=d.organ, site=info),
                     lambda k, items, pages, name=name, base=base, file=file: render_list_page(
                         name, left + list_items(items) + pager(lambda j: base + file(j), k, pages), site=info))
    return FamilyPortal(name="numbered", home=site.url("/"), sites=[site])

