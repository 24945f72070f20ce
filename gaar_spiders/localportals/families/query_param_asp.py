"""An ASP.NET county portal (禄劝县): its 年报 column pages by a query parameter
(``InfoPublic.aspx?cid=&pid=&page=N&kw=``), its 乡镇年报 column loads its records by POSTing
a form to ``newsList.ashx`` with ``currpage`` from 0. Adapter: ``cms/query_param.py``.

Shapes from code descriptions only (crawl README §2, §3 pattern 7; no page or answer saved):
``hrss.yn.gov.cn InfoPublic.aspx?cid=1019&pid=971&page=1&kw=`` (a 政府信息公开年报 column,
the next page by rewriting ``page=``) and ``www.bafy.gov.cn POST /Ajax/newslist/newsList.ashx``
``operate=4&currpage=0&p=70&type=2&p1=6&p2=57``. Chosen here: the column page's script
holds that form in a jQuery ``$.post`` call and the handler answers an HTML fragment of
``<li>`` records, empty past the last page; WebForms chrome (``__VIEWSTATE``), detail pages
``InfoDetail.aspx?id=`` / ``News/Show.aspx?id=`` in the shared generic shape. The 年报 column
mixes in a 法治政府建设年度报告 (the decoy); its left nav links sibling columns on the same
path (other ``cid``: not pages of this one).
"""

from __future__ import annotations

from html import escape

from .. import content as C
from ..render import SiteInfo, page_html, render_list_page
from ..site import Request, Response, Site
from . import FamilyPortal
from .kit import Doc, list_items, other, paged_column, pager, portal_pages, publish, report

HOST = "www.ynlq.gov.cn"
COUNTY = "禄劝彝族苗族自治县"
SHORT = "禄劝县"
SITE_ID = "5301280001"
REGION = f"云南省昆明市{COUNTY}"
PID = 971
NIANBAO_CID = 1019
SIBLINGS = ((1017, "政府信息公开指南"), (1018, "政府信息公开制度"), (NIANBAO_CID, "政府信息公开年报"), (1020, "法定主动公开内容"))
ASHX = "/Ajax/newslist/newsList.ashx"
ASHX_FORM = {"operate": "4", "p": "70", "type": "2", "p1": "6", "p2": "57"}
TOWNS_PATH = "/News/List.aspx?p=70&type=2&p1=6&p2=57"
TOWNS_PER_ANSWER = 2


def info_public(cid: int, page: int = 1) -> str:
    return f"/InfoPublic.aspx?cid={cid}&pid={PID}&page={page}&kw="


def webform(action: str, body: str) -> str:
    """The page body inside ASP.NET's one form, as WebForms sites print it."""
    return (f'<form name="form1" method="post" action=".{escape(action)}" id="form1">'
            '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM1NjQ5MjkxMmRkZ0K3Rk1m" />'
            '<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />'
            f"{body}</form>")


def towns_script() -> str:
    args = ", ".join(f"{k}: {v}" for k, v in {"operate": 4, "currpage": 0, **{k: int(v) for k, v in ASHX_FORM.items()
                                                                            if k != "operate"}}.items())
    return f"""<div id="newslist"></div><div id="pager"></div>
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
<script type="text/javascript">
var currpage = 0;
function loadList(page) {{
  $.post("{ASHX}", {{operate: 4, currpage: page, p: 70, type: 2, p1: 6, p2: 57}}, function (html) {{
    $("#newslist").html(html); currpage = page;
  }});
}}
$(function () {{ $.post("{ASHX}", {{{args}}}, function (html) {{ $("#newslist").html(html); }}); }});
</script>"""


def build() -> FamilyPortal:
    site = Site("query_param_asp", HOST)
    info = SiteInfo(name=f"{COUNTY}人民政府", host=HOST, site_id=SITE_ID, icp="滇ICP备05003218号",
                    column_path=info_public(NIANBAO_CID))
    columns = (f'<li><a href="{info_public(NIANBAO_CID)}">政府信息公开年报</a></li>'
               f'<li><a href="{TOWNS_PATH}">乡镇年报</a></li>')
    portal_pages(site, info, f'<div class="zwgk"><h3>{C.OPEN_GOV}</h3><ul>{columns}</ul></div>', f"<ul>{columns}</ul>")
    left = '<div class="left-nav"><ul>' + "".join(f'<li><a href="{info_public(cid)}">{name}</a></li>'
                                                  for cid, name in SIBLINGS) + "</ul></div>"
    for cid, name in SIBLINGS:
        if cid != NIANBAO_CID:
            site.add_page(info_public(cid), lambda name=name, cid=cid: render_list_page(
                name, webform(info_public(cid), left + f"<p>{escape(name)}</p>"), site=info), navigation=True)

    def detail(d: Doc) -> str:
        return page_html(d.title, d.body_html, family="generic", published_on=d.published_on, source=d.organ, site=info)

    docs = [report(f"{COUNTY}人民政府", y, seed=1000 + y, region=REGION) for y in (2023, 2022, 2021, 2020, 2019)]
    docs.insert(2, other(C.NON_REPORT_TITLE.format(organ=f"{COUNTY}人民政府", year=2022), f"{COUNTY}人民政府", 2022,
                         "2023-02-27", C.NON_REPORT_TEXT))
    docs += [report(f"{COUNTY}教育体育局", y, seed=1010 + y, region=REGION) for y in (2023, 2022)]
    ids = {d.title: 20410 + 7 * n for n, d in enumerate(docs)}
    paged_column(site, docs, 3, lambda k: info_public(NIANBAO_CID, k), lambda d: f"/InfoDetail.aspx?id={ids[d.title]}",
                 detail, lambda k, items, pages: render_list_page("政府信息公开年报", webform(
                     info_public(NIANBAO_CID, k), left + list_items(items)
                     + pager(lambda j: info_public(NIANBAO_CID, j), k, pages)), site=info))

    towns = [report(f"{COUNTY}{town}", y, seed=1020 + y, region=REGION)
             for town, years in (("屏山街道办事处", (2023, 2022)), ("转龙镇人民政府", (2023,)), ("撒营盘镇人民政府", (2023,)))
             for y in years]
    records = []
    for n, doc in enumerate(towns):
        path = f"/News/Show.aspx?id={30570 + 11 * n}"
        publish(site, doc, path, TOWNS_PATH, detail)
        records.append((path, doc))
    site.add_page(TOWNS_PATH, lambda: render_list_page("乡镇年报", webform(TOWNS_PATH, towns_script()), site=info),
                  navigation=True)
    site.add_dynamic(ASHX, lambda request: news_list(request, records))
    return FamilyPortal(name="query_param_asp", home=site.url("/"), sites=[site])


def news_list(request: Request, records: list[tuple[str, Doc]]) -> Response:
    """``POST newsList.ashx``: the records of page ``currpage`` (from 0) as an HTML fragment; empty past the last."""
    if request.method != "POST" or any(request.query.get(k) != v for k, v in ASHX_FORM.items()):
        return Response(200, b"", {"Content-Type": "text/html; charset=utf-8"})
    try:
        page = int(request.query.get("currpage", "0"))
    except ValueError:
        page = 0
    chunk = records[page * TOWNS_PER_ANSWER:(page + 1) * TOWNS_PER_ANSWER] if page >= 0 else []
    return Response(200, list_items(chunk).encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})
