"""A Guangdong county portal on ``gkmlpt`` (连平县) with a department instance: adapter
``cms/gkmlpt.py``.

Shapes from code descriptions only (crawl README pattern 12; no page or answer saved): the
home links 政府信息公开 to ``/gkmlpt/index``, a JS app shell (``<div id="app">``) whose only
data is ``window._CONFIG = {SID: '…', TREE: [{id, name, children, post_count, jump_url?}]}``;
records only from ``GET /gkmlpt/api/all/{category}?page=N&sid=SID`` → ``{"articles": [{id,
title, url, date, publisher, identifier, document_number}], "total": T, "classify": {}}``
(100 a page; this server answers nothing to a wrong ``sid``); details
``/gkmlpt/content/{a}/{b}/post_{id}.html`` with the body in ``div.article-content`` and again
in ``window._CONFIG.DETAIL.content``; the 部门信息公开 page links each department's own
instance ``/{dept}/gkmlpt/index``.

Chosen here (not documented): the 年报 category has children (县政府年报, 乡镇年报, and
部门年报 as a ``jump_url`` leaf to the departments' page); a parent's answer holds its
children's records; ``date`` is epoch seconds. The county's 县政府年报 mixes in a
法治政府建设年度报告 (the decoy); the 财政局's instance has no 年报 category.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from html import escape

from .. import content as C
from ..render import SiteInfo, render_list_page
from ..site import Request, Response, Site
from . import FamilyPortal
from .kit import Doc, other, portal_pages, publish, report

HOST = "www.lianping.gov.cn"
COUNTY = "连平县"
SITE_NAME = f"{COUNTY}人民政府"
SITE_ID = "4416230001"
REGION = f"广东省河源市{COUNTY}"
PER_PAGE = 100
_CHINA = timezone(timedelta(hours=8))
OTHER_SERVICE = "http://www.gdzwfw.gov.cn/portal/affairs-public-apply"  # 依申请公开: a jump_url elsewhere


def epoch(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=_CHINA).timestamp())


class Instance:
    """One gkmlpt instance (the county's at ``""``, a department's at ``/{dept}``): its TREE, API and details."""

    def __init__(self, site: Site, prefix: str, sid: str, organ: str, info: SiteInfo, first_id: int):
        self.site, self.prefix, self.sid, self.organ, self.info = site, prefix, sid, organ, info
        self.tree: list[dict] = []
        self.articles: dict[int, list[dict]] = {}  # category → its articles (a parent's: its children's too)
        self.next_id = first_id

    def category(self, cid: int, name: str, docs: list[Doc] = (), children: list[dict] = (), **extra) -> dict:
        articles = [self.publish(doc, cid) for doc in docs]
        for child in children:
            articles += self.articles.get(child["id"], [])
        self.articles[cid] = articles
        return {"id": cid, "name": name, "post_count": len(articles), "children": list(children), **extra}

    def publish(self, doc: Doc, cid: int) -> dict:
        self.next_id += 13
        post = self.next_id
        path = f"{self.prefix}/gkmlpt/content/{post // 1000000}/{post // 1000}/post_{post}.html"
        url = publish(self.site, doc, path, f"{self.prefix}/gkmlpt/api/all/{cid}?page=1&sid={self.sid}", self.detail)
        return {"id": post, "title": doc.title, "url": url, "date": epoch(doc.published_on), "publisher": doc.organ,
                "identifier": f"007234{post % 1000:03d}/{doc.year + 1}-{post % 100000:05d}", "document_number": ""}

    def config(self, extra: str = "") -> str:
        return (f"window._CONFIG = {{\n  SID: '{self.sid}',\n  IS_GD: true,\n  SITE_NAME: '{self.organ}',\n"
                f"  TREE: {json.dumps(self.tree, ensure_ascii=False)},\n  SERVICE_AREA_ID: 441623{extra}\n}};")

    def shell(self) -> str:
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="SiteName" content="{escape(SITE_NAME)}">
<meta name="SiteDomain" content="{HOST}"><meta name="SiteIDCode" content="{SITE_ID}">
<meta name="ColumnName" content="政府信息公开">
<title>{escape(self.organ)}政府信息公开</title>
<link href="{self.prefix}/gkmlpt/static/css/app.css" rel="stylesheet">
<script>{self.config()}</script></head>
<body><div id="app"></div>
<script src="{self.prefix}/gkmlpt/static/js/manifest.js"></script><script src="{self.prefix}/gkmlpt/static/js/app.js"></script>
</body></html>"""

    def detail(self, doc: Doc) -> str:
        table = "".join(f"<tr><th>{label}：</th><td>{escape(value)}</td></tr>" for label, value in (
            ("索引号", f"007234-{doc.year + 1}"), ("分类", "政府信息公开年报"), ("发布机构", doc.organ),
            ("成文日期", doc.published_on), ("名称", doc.title), ("发布日期", doc.published_on)))
        detail = json.dumps({"title": doc.title, "content": doc.body_html, "date": epoch(doc.published_on)},
                            ensure_ascii=False).replace("</", "<\\/")
        body = (f'<div class="content-container"><table class="introduce">{table}</table>'
                f'<h1 class="title">{escape(doc.title)}</h1>'
                f'<div class="article-content">\n{doc.body_html}\n</div></div>'
                f"<script>{self.config(chr(10) + '  , DETAIL: ' + detail)}</script>")
        return render_list_page(doc.title, body, site=self.info)

    def serve(self) -> None:
        self.site.add_page(f"{self.prefix}/gkmlpt/index", self.shell, navigation=True)
        self.site.add_dynamic(f"{self.prefix}/gkmlpt/api/all/", self.api)

    def api(self, request: Request) -> Response:
        """``/gkmlpt/api/all/{category}?page=N&sid=SID``: 100 articles a page; a wrong sid lists nothing."""
        try:
            cid = int(request.path.rsplit("/", 1)[-1])
            page = max(1, int(request.query.get("page", "1")))
        except ValueError:
            cid, page = -1, 1
        articles = self.articles.get(cid, []) if request.query.get("sid") == self.sid else []
        body = {"articles": articles[(page - 1) * PER_PAGE: page * PER_PAGE], "total": len(articles),
                "classify": {}, "pages": math.ceil(len(articles) / PER_PAGE)}
        return Response(200, json.dumps(body, ensure_ascii=False).encode("utf-8"),
                        {"Content-Type": "application/json;charset=UTF-8"})


DEPARTMENTS = (("lpjyj", f"{COUNTY}教育局", (2021, 2022, 2023)), ("lpczj", f"{COUNTY}财政局", ()))


def build() -> FamilyPortal:
    site = Site("gkmlpt", HOST)
    info = SiteInfo(name=SITE_NAME, host=HOST, site_id=SITE_ID, icp="粤ICP备05083026号", column_path="/gkmlpt/index")
    gkml = '<a href="/gkmlpt/index">政府信息公开</a>'
    portal_pages(site, info, f'<div class="zwgk"><h3>{C.OPEN_GOV}</h3><ul><li>{gkml}</li></ul></div>',
                 f'<ul><li>{gkml}</li><li><a href="/zwgk/bmxxgk/">部门信息公开</a></li></ul>')
    departments = "".join(f'<li><a href="/{code}/gkmlpt/index" target="_blank">{escape(name)}</a></li>'
                          for code, name, _ in DEPARTMENTS)
    site.add_page("/zwgk/bmxxgk/", lambda: render_list_page("部门信息公开", f'<ul class="bm-list">{departments}</ul>',
                                                            site=info), navigation=True)

    county = Instance(site, "", "lp001", SITE_NAME, info, 2519000)
    own = [report(SITE_NAME, y, seed=700 + y, region=REGION) for y in (2023, 2022, 2021, 2020, 2019)]
    own.insert(1, other(C.NON_REPORT_TITLE.format(organ=SITE_NAME, year=2023), SITE_NAME, 2023, "2024-03-08",
                        C.NON_REPORT_TEXT))
    towns = [report(f"{COUNTY}忠信镇人民政府", y, seed=710 + y, region=REGION) for y in (2023, 2022)]
    children = [county.category(1231, "县政府年报", own), county.category(1232, "乡镇年报", towns),
                {"id": 1233, "name": "部门年报", "post_count": 0, "jump_url": "/zwgk/bmxxgk/", "children": []}]
    county.tree = [
        county.category(1, "机构职能"),
        county.category(2, "政策文件", children=[county.category(21, "规范性文件"), county.category(22, "其他文件")]),
        county.category(1230, "政府信息公开年报", children=children),
        {"id": 1240, "name": "依申请公开", "post_count": 0, "jump_url": OTHER_SERVICE, "children": []},
    ]
    county.serve()
    for n, (code, organ, years) in enumerate(DEPARTMENTS):
        dept = Instance(site, f"/{code}", f"{code}01", organ, info, 2601000 + 50000 * n)
        docs = [report(organ, y, seed=720 + y + n, region=REGION) for y in sorted(years, reverse=True)]
        dept.tree = [dept.category(51, "机构职能"), dept.category(52, "部门文件")]
        if docs:
            dept.tree.append(dept.category(55, "年度报告", docs))
        dept.serve()
    return FamilyPortal(name="gkmlpt", home=site.url("/"), sites=[site])

