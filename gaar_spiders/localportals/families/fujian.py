"""A Fujian 集约化 county portal on TRS: the 年报 column lists its first records statically and
the rest comes from the site's JSON search API ("动静结合", crawl README §3 pattern 3).

闽侯县 (福建福州), built on real page 02 (平潭 政府信息公开年报): the home and 政务公开
menus link ``/zwgk/zfxxgk/`` (政府信息公开), whose left nav (政策 / 指南 / 制度 /
法定主动公开内容 / 年报 / 申请 / 地方部门平台链接) links the 年报 column as
``zfxxgknb/nlist.htm``, not ``zfxxgknb/``. The column page carries meta
``ChnlId`` / ``SiteId`` / ``SiteIDCode``, the first ``prepage`` records as static
``<dl><dd><a href="./YYYYMM/tYYYYMMDD_ID.htm" title="…">`` rows in the
``ms-visible="showStatic"`` block, the avalon template for the rest, no link to
page 2, ``SiteInfo = {…, searchId: 300121, …}`` and the list script
``listModel({quickMode: "动静结合", listArgs: {channelid: SiteInfo.searchId,
classsql: "" || "chnlid=2081", sortfield: "-docorderpri,-docreltime"}, pagebar:
{prepage: 4, recordCount: '9', …}})``.

``POST /fjdzapp/search`` answers ``{"pageCount", "data": [{"docpuburl",
"chnldocurl", "doctitle", "pubdate", "docreltime", "fileno", "docsourcename",
"puborg", "idxid", "chnlid", "doctype"}]}`` for ``channelid`` (the site's
``searchId``), ``classsql`` (``chnlid=N``: one column; without it, every document
of the site), ``sortfield``, ``page`` (from 1) and ``prepage``. The request and
answer shapes are the ones the archive's crawler and Fujian spiders' code
document (crawl README §2); no saved answer exists. Detail pages: ``div.TRS_Editor``
and the JS-bound 全真版 viewer of the real report pages.

One decoy sits in the column (a 法治政府建设年度报告, on an API page), and the
site's search channel holds news of another column, answered only to a
request without ``classsql``. Adapter: ``cms/fujian.py``.
"""

from __future__ import annotations

import json
import math
import zlib
from html import escape

from gaar_spiders.report.model import Report

from ..render import SiteInfo, report_body_html
from ..site import Request, Response, Site
from . import FamilyPortal
from ._trs_shared import add_news, add_report, doc_relpath, synthetic_report

HOST = "www.minhou.gov.cn"
COUNTY = "闽侯县"
REGION = "福建省福州市闽侯县"
SITE_NAME = f"{COUNTY}人民政府"
SITE_ID_CODE = "3501210001"
SEARCH_ID, CHNL_ID, SITE_ID = 300121, 2081, 12
PREPAGE = 4
ZFXXGK = "/zwgk/zfxxgk/"
COLUMN_DIR = ZFXXGK + "zfxxgknb/"
COLUMN = COLUMN_DIR + "nlist.htm"
SEARCH = "/fjdzapp/search"
DOCS = ((f"{COUNTY}人民政府", 2023, 801), (f"{COUNTY}人民政府", 2022, 802), (f"{COUNTY}人民政府", 2021, 803),
        (f"{COUNTY}人民政府", 2020, 804), (f"{COUNTY}人民政府", 2019, 805), (f"{COUNTY}财政局", 2023, 806),
        (f"{COUNTY}甘蔗街道办事处", 2022, 807), (f"{COUNTY}教育局", 2021, 808))
DECOY_TITLE = f"{COUNTY}2020年法治政府建设年度报告"
DECOY_DATE = "2021-02-01"
DECOY_TEXT = (f"2020年，{COUNTY}坚持以习近平法治思想为指导，扎实推进法治政府建设。",
              "一、主要举措和成效", "二、存在的不足", "三、下一年度工作安排")
#: a document of another column the site's search channel also holds (answered only without classsql)
OTHER_COLUMN = (ZFXXGK + "fdzdgknr/202306/t20230612_7312.htm", f"{COUNTY}2023年政务公开工作要点", "2023-06-12", 2090)
#: the left nav of the 政府信息公开 pages (real page 02), as (path, label with its line break)
#: the chrome of the pages a crawl never stores (the column's decoy)
INFO = SiteInfo(name=SITE_NAME, host=HOST, site_id=SITE_ID_CODE, icp="闽ICP备05012101号", column_path=COLUMN)
LEFT_NAV = (("zfxxgkzn/", "政府信息<br>公开指南"), ("zfxxgkzd/", "政府信息<br>公开制度"),
            ("fdzdgknr/", "法定主动<br>公开内容"), ("zfxxgknb/nlist.htm", "政府信息<br>公开年报"),
            ("zfxxgksq/", "政府信息<br>公开申请"), ("dfbmptlj/", "地方部门<br>平台链接"))


def _url(path: str) -> str:
    return f"http://{HOST}{path}"


def _head(title: str, column: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html ms-controller="windowRoot" ms-class-1="SLB:isSlb" ms-class-2="slb:isSlb">
<head>
    <meta charset="utf-8" name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0" />
    <meta http-equiv="x-UA-Compatible" content="IE=Edge" />
    <meta name="SiteName" content="{SITE_NAME}"/>
<meta name="SiteDomain" content="{HOST}">
<meta name="SiteIDCode" content="{SITE_ID_CODE}"/>
<meta name="ColumnName" content="{escape(column)}"/>
<meta name="ColumnType" content="{escape(column)}"/>
{extra}<meta name="SiteId" content="{SITE_ID}"/>
    <title>{escape(title)}_{SITE_NAME}</title>
    <link rel="stylesheet" type="text/css" href="/images/trt_ui_v2.css">
    <link rel="stylesheet" type="text/css" href="/images/22mb_info_public_style.css" />
</head>
<body>
    <div class="warp info_public_bg">
        <div class="header menu_hov"><div class="row">
            <div class="logo trt-col-9"><a href="/"><img src="/images/site_logo.png" /></a></div>
            <div class="menu_base menu_right menu_hd"><ul class="clearflx" role="navigation" des="站点主目录">
                <li ms-class="on:RootPath==''"><a href="/">首页</a></li>
                <li class="parentNode"><a href="{_url('/zwgk/')}">政务公开</a></li>
                <li class="parentNode"><a href="{_url('/bsfw/')}">办事服务</a></li>
                <li class="parentNode"><a href="{_url('/hdjl/')}">互动交流</a></li>
            </ul></div>
        </div></div>
"""


def _foot() -> str:
    return f"""        <div class="footer"><div class="row"><div class="trt-row clearflx"><div class="trt-col-11 website_info">
            <p><span>网站标识码：{SITE_ID_CODE}</span>
            <span><a href="https://beian.miit.gov.cn" Target="_blank" title="闽ICP备05012101号">闽ICP备05012101号</a></span></p>
            <p><span>版权所有：{SITE_NAME}</span></p></div></div></div>
            <div class="copyright_info"><div class="row"><p><span>主办单位：{SITE_NAME}办公室</span></p></div></div>
        </div>
    </div>
    <script>
    var SiteInfo = {{
        itpSiteId: 33,    //互动站点ID
        searchId: {SEARCH_ID}, //默认的文档检索频道的ID
        defaultPgTemp: "pgBar_mh.html",  //本站点默认的分页模板名
        siteMsgType: "govSite",
        initWindowRoot: false,
        initPageview: true,
        openSlb: true,
        openWza: true
    }};
</script>
<script src="/images/model.min.js"></script>
"""


def _left_nav() -> str:
    items = "".join(f'<li><h3><a href="{_url(ZFXXGK + path)}"><i class="trt-iconfont"></i><span>{label}</span>'
                    f'<em class="trt-iconfont trt-icon-jiahao1"></em></a></h3></li>' for path, label in LEFT_NAV)
    return (f'<div class="trt-col-5 trt-col-sm-24 slb-trt-col-24"><div class="info_menu_list" role="navigation" '
            f'des="政府信息公开"><ul>{items}</ul></div></div>')


def _plain(title: str, column: str, body: str) -> str:
    return (_head(title, column) + f'<div class="main"><div class="content"><div class="row content_bg_02">'
            f'<div class="trt-row">{_left_nav()}<div class="trt-col-19">{body}</div></div></div></div></div>\n'
            + _foot() + "</body>\n</html>\n")


def column_page(static: list[tuple[str, str, str]], total: int) -> str:
    """The 年报 column as real page 02 prints it: static records, the template, the list script."""
    rows = "".join(f"""
                                        <dl>
                                            <dd class="trt-col-sm-24 slb-trt-col-24 text_align_left">
                                                <a href="./{rel}" target="_blank" title="{escape(title)}">{escape(title)}</a>
                                            </dd>
                                            <dd class="trt-col-4 trt-col-sm-24 slb-trt-col-24 text_align_left">
                                                {date}
                                            </dd>
                                        </dl>
""" for rel, title, date in static)
    body = f"""<div class="tabs info_tabs" ms-controller="list">
                                <div class="tabs_header"><ul><li class="on"><a class="cur_def" href="javascript:;">政府信息公开年报</a></li></ul></div>
                                <div class="rules_tabs_01 rules_tabs_no_bg" ms-visible="showStatic">{rows}
                                </div>
                                <div class="rules_tabs_01 rules_tabs_no_bg" ms-visible="!showStatic" style="display: none">
                                    <dl ms-if="list.length>0" ms-repeat="list" ms-if-loop="$index<{PREPAGE}">
                                        <dd class="trt-col-sm-24 slb-trt-col-24 text_align_left">
                                            <a ms-attr-href="el.chnldocurl" ms-attr-title="el.doctitle" ms-text="el.doctitle|html" target="_blank"></a>
                                        </dd>
                                        <dd class="trt-col-4 trt-col-sm-24 slb-trt-col-24 text_align_left" ms-text="el.docreltime|date('yyyy-MM-dd')">
                                        </dd>
                                    </dl>
                                </div>
                                <div class="page_base mar_t_base" ms-controller="list_pagebar" ms-include-src="pgTemp" ms-if="pageCount>0"></div>
                            </div>"""
    script = f"""    <script>
        require(["list2.trsapi", "tools"], function(listModel, tools) {{
            listModel({{
                quickMode: "动静结合",
                maxStaticIndex: 1,
                listArgs: {{
                    channelid: SiteInfo.searchId,
                    classsql: "" || "chnlid={CHNL_ID}",
                    sortfield: "-docorderpri,-docreltime"
                }},
                pagebar: {{
                    prepage: {PREPAGE},
                    recordCount: '{total}',
                    pgTemp: "pgBar_xxgk.html",
                    pgCountMode: "recordCount",
                    displayNum: 2
                }}
            }});
        }});
    </script>
"""
    page = _plain("政府信息公开年报", "政府信息公开年报", body)
    return page.replace(f'<meta name="SiteId"', f'<meta name="ChnlId" content="{CHNL_ID}">\n<meta name="SiteId"', 1) \
        .replace("</body>", script + "</body>", 1)


def detail_page(report: Report) -> str:
    """A report page of the platform: TRS_Editor body and the JS-bound 全真版 viewer (PDF URL only in JS state)."""
    title = report.title or ""
    extra = (f'<meta name="ArticleTitle" content="{escape(title)}">\n<meta name="PubDate" content="{report.published_on} '
             f'09:30">\n<meta name="ContentSource" content="{escape(report.organ or SITE_NAME)}">\n'
             f'<meta name="ChnlId" content="{CHNL_ID}">\n')
    body = f"""<div class="article_title"><h1>{escape(title)}</h1></div>
<div class="article_info"><span>发布时间：{report.published_on} 09:30</span><span>来源：{escape(report.organ or SITE_NAME)}</span></div>
<div class="article_content">
<div class="TRS_Editor">
{report_body_html(report)}
</div>
<div class="qzb" ms-if="qzbFile"><iframe ms-attr-src="/generic2/web/viewer.html?file={{{{qzbFile}}}}" width="100%" height="800"></iframe></div>
</div>"""
    return (_head(title, "政府信息公开年报", extra) + f'<div class="main"><div class="content"><div class="row">{body}'
            f"</div></div></div>\n" + _foot() + "</body>\n</html>\n")


def _doc(url: str, title: str, date: str, chnlid: int, organ: str) -> dict:
    return {"docpuburl": url, "chnldocurl": url, "doctitle": title, "pubdate": f"{date} 09:30:00",
            "docreltime": f"{date} 09:30:00", "fileno": "", "docsourcename": organ, "puborg": organ,
            "idxid": f"{SITE_ID_CODE[:6]}-0000-{zlib.crc32(url.encode()) % 10000:04d}", "chnlid": chnlid, "doctype": 20}


def search_api(column_docs: list[dict], site_docs: list[dict]):
    """``POST /fjdzapp/search``: one column's documents when ``classsql=chnlid=N``, every document
    of the site without it, ``prepage`` a page from ``page=1``; JSON as the Fujian platform answers."""
    def handle(request: Request) -> Response:
        def answer(data: dict, status: int = 200) -> Response:
            return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                            {"Content-Type": "application/json;charset=UTF-8"})

        if request.method != "POST":
            return answer({"result": "error", "msg": "请求方式错误"}, 405)
        query = request.query
        if query.get("channelid") != str(SEARCH_ID):
            return answer({"result": "error", "msg": "检索频道不存在"})
        classsql = query.get("classsql", "")
        docs = site_docs if not classsql else [d for d in site_docs if f"chnlid={d['chnlid']}" == classsql]
        try:
            page, prepage = max(1, int(query.get("page", "1"))), max(1, int(query.get("prepage", "10")))
        except ValueError:
            return answer({"result": "error", "msg": "参数错误"})
        return answer({"result": "success", "pageNo": page, "pageCount": math.ceil(len(docs) / prepage),
                       "recordCount": len(docs), "data": docs[(page - 1) * prepage:page * prepage]})

    return handle


def build() -> FamilyPortal:
    site = Site("fujian", HOST)
    entries = []  # (date, relative path, title, report or None, seed)
    doc_id = 7100
    for organ, year, seed in DOCS:
        report = synthetic_report(organ, year, seed, REGION)
        doc_id += 23
        entries.append((report.published_on, doc_relpath(report.published_on, doc_id, "htm"), report.title, report, seed))
    entries.append((DECOY_DATE, doc_relpath(DECOY_DATE, doc_id + 23, "htm"), DECOY_TITLE, None, 0))
    entries.sort(key=lambda e: e[0], reverse=True)
    column_docs = []
    for date, rel, title, report, seed in entries:
        path = COLUMN_DIR + rel
        if report is None:
            add_news(site, INFO, path, title, date, DECOY_TEXT, COLUMN)
        else:
            add_report(site, INFO, path, report, COLUMN, seed, render=detail_page)
        column_docs.append(_doc(_url(path), title, date, CHNL_ID, report.organ if report else SITE_NAME))
    other_path, other_title, other_date, other_chnl = OTHER_COLUMN
    site_docs = sorted(column_docs + [_doc(_url(other_path), other_title, other_date, other_chnl, SITE_NAME)],
                       key=lambda d: d["pubdate"], reverse=True)
    site.add_page(other_path, lambda: _plain(other_title, "法定主动公开内容", f"<h1>{escape(other_title)}</h1>"))
    static = [(rel, title, date) for date, rel, title, _, _ in entries[:PREPAGE]]
    html = column_page(static, len(entries))
    site.add_page(COLUMN, lambda: html, navigation=True)
    site.add_page(COLUMN_DIR, lambda: html)
    site.add_dynamic(SEARCH, search_api(column_docs, site_docs))
    nav = "".join(f'<li><a href="{_url(ZFXXGK + p)}">{label}</a></li>' for p, label in LEFT_NAV)
    site.add_page("/", lambda: _plain("首页", "首页", f'<ul><li><a href="{_url("/zwgk/")}">政务公开</a></li></ul>'),
                  navigation=True)
    site.add_page("/zwgk/", lambda: _plain("政务公开", "政务公开", f'<ul><li><a href="{_url(ZFXXGK)}" '
                                                               f'title="政府信息公开">政府信息公开</a></li></ul>'),
                  navigation=True)
    site.add_page(ZFXXGK, lambda: _plain("政府信息公开", "政府信息公开", f"<ul>{nav}</ul>"), navigation=True)
    for path, label in LEFT_NAV:
        if path.startswith("zfxxgknb/"):
            continue
        name = label.replace("<br>", "")
        site.add_page(ZFXXGK + path, lambda name=name: _plain(name, name, "<p>栏目建设中。</p>"), navigation=True)
    for path, name in (("/bsfw/", "办事服务"), ("/hdjl/", "互动交流")):
        site.add_page(path, lambda name=name: _plain(name, name, "<p>栏目建设中。</p>"), navigation=True)
    return FamilyPortal(name="fujian", home=site.url("/"), sites=[site])
