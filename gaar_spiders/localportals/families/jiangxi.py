"""A Jiangxi 集约化 county portal (宜丰县, ``/yfxrmzf/``): adapter ``cms/jiangxi.py``.

Shapes from the real pages 07 (宜春 home: ``var websiteId/websiteCode``, 政务公开
``zwgk/zwgk.shtml``, 信息公开 and 政府信息公开年度报告 through ``redirect_firstChannel.shtml``
redirects, ``{col}/xxgk_list.shtml`` lists) and 04 (万载 detail page: the ``xxgk-header`` /
``xxgk-crumb`` chrome, the 索引号 metadata block, ``<h1 class="article-title"><ucaptitle>``,
the body in ``div.article-content#zoomcon > ucapcontent``, detail URLs
``/{websiteCode}/{col}/{yyyymm}/{32 hex}.shtml``, and its breadcrumb: 部门信息公开目录
``bmxxgkml/zzxxgk_bm.shtml`` → organ ``{organ}/xxgk.shtml`` → columns
``xxgk.shtml?code=…&temp=xsqbmxxgk_list[&parentCode=…]``; list items as its 关联稿件
``ul.common_newslist`` li ``a[title]`` + ``span.time``).

Not in the evidence (no list page was saved), chosen here: a template list's page k is
``xxgk_list_k.shtml``; a ``code=`` column's page k adds ``&page=k``; a parent column shows
its child columns (``parentCode``) as tabs. The county's list is paginated; the
statistics bureau's 年报 column mixes in its 统计公报 (the decoy); the 政府办's 年报 is split
into two year columns on the same path; the 教体局's column has two pages; the 财政局 has
no 年报 column at all.
"""

from __future__ import annotations

import hashlib
from html import escape

from .. import content as C
from ..site import Site
from . import FamilyPortal
from .kit import Doc, list_items, other, paged_column, pager, report

HOST = "www.yifeng.gov.cn"
CODE = "yfxrmzf"  # websiteCode
WEBSITE_ID = "5d1c0e7a9b2f4c63a8e0f1d2c3b4a596"
COUNTY = "宜丰县"
SITE_NAME = f"{COUNTY}人民政府"
SITE_ID = "3609240001"
REGION = f"江西省宜春市{COUNTY}"
ICP = "赣ICP备11002417号-1"
ORGAN_TEMPLATE = "xsqbmxxgk_list"
#: (organ path, short name, full name, 年报 column code or None, years, per page, year columns)
ORGANS = (
    ("zfb", "县政府办", f"{COUNTY}人民政府办公室", "zfbnb", (2022, 2023), 10, True),
    ("tjj", "统计局", f"{COUNTY}统计局", "tjjnb", (2022, 2023), 10, False),
    ("jytyj", "教育体育局", f"{COUNTY}教育体育局", "jytyjnb", (2021, 2022, 2023), 2, False),
    ("czj", "财政局", f"{COUNTY}财政局", None, (), 10, False),
)
ON = ' class="on"'  # the nav item of the page shown
XXGK_COLUMNS = (("zfxxgkzn", "政府信息公开指南", "xxgk_tt"), ("zfxxgkzd", "政府信息公开制度", "xxgk_list"),
                ("zfxxgknb", "政府信息公开年度报告", "xxgk_list"))


def p(path: str) -> str:
    return f"/{CODE}/{path}"


def hex_id(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


# --- chrome (pages 04 and 07) ---------------------------------------------------------------------

def head(title: str, column: str, extra_meta: str = "", manuscript: str = "") -> str:
    script = (f'var websiteId = "{WEBSITE_ID}",\n        websiteCode = "{CODE}",\n        websiteName = "{SITE_NAME}"'
              + (f',\n        manuscriptId = "{manuscript}"' if manuscript else "") + ";")
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=10,chrome=1">
<meta name="SiteName" content="{SITE_NAME}">
<meta name="SiteDomain" content="{HOST}">
<meta name="SiteIDCode" content="{SITE_ID}">
<meta name="ColumnName" content="{escape(column)}">
{extra_meta}<meta name="template,templategroup,version" content="948cd3f6ab824ed6a3f9b15052884926,default,1.1">
<title>{escape(title)} | {SITE_NAME}</title>
<link rel="stylesheet" type="text/css" href="/{CODE}/xhtml/css/xxgk.css">
<script type="text/javascript" src="/{CODE}/xhtml/js/jquery.min.js"></script>
<script type="text/javascript">
      {script}
</script>
</head>
"""


def xxgk_header(organ: str = "") -> str:
    return f"""<div class="xxgk-header"><div class="xxgk-container">
<div class="xxgk-logo"><img src="/{CODE}/xhtml/images/xxgk_emblems.png" alt="">
<a href="http://{HOST}/" target="_blank"><h1 class="zz-name">{SITE_NAME}-</h1><h1 id="bm-name">{escape(organ)}</h1></a>
<p><a href="javascript:void(0)" onclick="aria.start()">网站无障碍</a><a class="oldFixedStart" href="javascript:void(0)">关怀版</a></p></div>
<div class="xxgk-title"><img src="/{CODE}/xhtml/images/xxgk_title.png" alt=""></div></div></div>
"""


def crumb(*steps: tuple[str, str]) -> str:
    links = [f'<a href="http://{HOST}{p("index.shtml")}" target="_self">首页</a>']
    links += [f'<a href="http://{HOST}{href}" target="_self">{escape(text)}</a>' for text, href in steps]
    return (f'<div class="xxgk-crumb"><div class="xxgk-container"><h2>您当前所在位置：{"&gt;".join(links)}</h2>'
            "</div></div>\n")


def footer() -> str:
    return f"""<div class="footer"><div class="footer_txt"><div class="container">
<div class="footer_nav"><a href="{p("wzdt/wzdt.shtml")}" target="_blank" title="网站地图">网站地图</a>
<a href="{p("gywm/gywz_tt.shtml")}" target="_blank" title="关于我们">关于我们</a></div>
<div class="footer_copyright">主办：{SITE_NAME}  承办：{SITE_NAME}办公室<br> <a href="https://beian.miit.gov.cn/" target="_blank">{ICP}</a>
  网站标识码：{SITE_ID}<br> 技术支持：{COUNTY}信息中心  版权所有：{SITE_NAME}门户网</div>
<div class="footer_wzbs"><span id="_span_jiucuo"><img onclick="Link('{SITE_ID}')" src="/{CODE}/xhtml/images/jiucuo.png"></span></div>
</div></div></div>
</body></html>
"""


def news_list(items: list[tuple[str, Doc]]) -> str:
    """Records as page 04's 关联稿件 prints them: ``ul.common_newslist`` li ``a[title]`` + ``span.time``."""
    return list_items(items, "common_newslist", '<span class="time">{}</span>')


def xxgk_page(title: str, crumbs: list, nav: str, body: str, organ: str = "") -> str:
    return (head(title, title) + '<body class="xxgk-body-bg">\n' + xxgk_header(organ) + crumb(*crumbs)
            + f'<div class="xxgk-container"><div class="xxgk-main clearfix"><div class="xxgk-left">{nav}</div>'
            f'<div class="xxgk-right"><div class="xxgk-list-tit"><h3>{escape(title)}</h3></div>{body}</div></div></div>\n'
            + footer())


def detail_page(doc: Doc, column: str, column_href: str, organ: str) -> str:
    manuscript = hex_id(doc.title)
    meta = (f'<meta name="ArticleTitle" content="{escape(doc.title)}">\n'
            f'<meta name="PubDate" content="{doc.published_on} 10:33:59">\n'
            f'<meta name="ContentSource" content="{escape(doc.organ)}">\n')
    index_no = f"014742{int(manuscript[:6], 16) % 10000:04d}/{doc.year + 1}-{int(manuscript[6:12], 16) % 100000:05d}"
    metadata = "".join(f'<dd class="addWidth"><label><font>{label}：</font></label><div class="display-block">{escape(value)}</div></dd>'
                       for label, value in (("索 引 号", index_no), ("生成日期", doc.published_on), ("公开方式", "主动公开"),
                                            ("公开时限", "常年公开"), ("公开范围", "面向全社会"), ("责任部门", doc.organ)))
    return (head(doc.title, column, meta, manuscript) + '<body class="xxgk-body-bg">\n' + xxgk_header(organ)
            + crumb(("政务公开", p("zwgk/zwgk.shtml")), (column, column_href))
            + f"""<div class="xxgk-container"><div class="xxgk-detail clearfix">
<div class="meta-main"><div class="meta-data"><dl class="clearfix">{metadata}</dl></div></div>
<h1 class="article-title"><ucaptitle>{escape(doc.title)}</ucaptitle></h1>
<div class="article-attr clearfix"><span class="llcs">访问量：<b id="view">0</b></span>
<span class="article-icon fontsize"><i class="favorite" title="添加收藏"></i><i class="print" onclick="javascript:window.print();"></i></span></div>
<div class="article-content article-content-body" id="zoomcon"><ucapcontent>{doc.body_html}</ucapcontent>
<div class="fj-a" style="display: none;"><p>附件：</p></div></div>
<dl class="article-ewm"><dt id="div_div"><div id="qr_container">{C.QR_PROMPT}</div></dt></dl>
<div class="article-extended clearfix"><div class="article-btn"><span class="gotop">【<a href="javascript:scrollTo(0,0);">返回顶部</a>】</span>
<span class="close">【<a onclick="javascript:window.close()">关闭本页</a>】</span></div></div>
</div></div>
""" + footer())


# --- the portal ---------------------------------------------------------------------------------------

def xxgk_nav(active: str = "") -> str:
    items = "".join(f'<li{ON if code == active else ""}><a href="{p(f"{code}/{temp}.shtml")}">{name}</a></li>'
                    for code, name, temp in XXGK_COLUMNS)
    return f'<ul class="xxgk-nav">{items}</ul>'


def home_page() -> str:
    nav = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in (
        ("首页", p("index.shtml")), ("政务公开", p("zwgk/zwgk.shtml")), ("政务服务", p("zwfw/zwfw.shtml")),
        ("互动交流", p("hdjl/hdjl.shtml"))))
    xxgk = "".join(f'<li><a href="{href}" target="_blank">{name}</a></li>' for name, href in (
        ("政府信息公开", p("xxgk/redirect_firstChannel.shtml")), ("政府信息公开指南", p("zfxxgkzn/xxgk_tt.shtml")),
        ("政府信息公开制度", p("zfxxgkzd/xxgk_list.shtml")), ("政府信息公开年度报告", p("zfxxgknb/redirect_firstChannel.shtml")),
        ("网站年度报表", p("zfwzgzndbb/list.shtml")), ("统计公报", p("tjgb/xxgk_list.shtml"))))
    news = "".join(f'<li><a href="{p(f"zwyw/2024{m:02d}/{hex_id(str(m))}.shtml")}" target="_blank">{t}</a></li>' for m, t in (
        (3, f"{COUNTY}召开2024年度全县经济工作会议"), (2, f"{COUNTY}部署春季森林防火工作")))
    head_html = head(SITE_NAME, "首页").replace('<meta name="ColumnName" content="首页">\n',
                                               '<meta name="PageCategory" content="index">\n')
    return (head_html + f"""<body>
<div class="home-header"><div class="home-logo"><img src="/{CODE}/xhtml/images/logo.png" alt="{SITE_NAME}"></div>
<ul class="home-mainNav">{nav}</ul></div>
<div class="page2"><div class="home-common-tit"><h3>政务要闻</h3><a href="{p("zwyw/list.shtml")}">更多&gt;&gt;</a></div>
<ul class="news">{news}</ul></div>
<div class="page3"><div class="home-common-tit"><h3>信息公开</h3></div><ul class="xxgk">{xxgk}</ul></div>
""" + footer())


def build_site() -> Site:
    site = Site("jiangxi", HOST)
    site.add_page("/", home_page, navigation=True)
    site.add_page(p("index.shtml"), home_page, navigation=True)
    zwgk_body = ('<div class="zwgk-box"><h3>政府信息公开</h3><ul>'
                 + "".join(f'<li><a href="{p(f"{code}/{temp}.shtml")}">{name}</a></li>' for code, name, temp in XXGK_COLUMNS[:2])
                 + f'<li><a href="{p("zfxxgknb/redirect_firstChannel.shtml")}">政府信息公开年度报告</a></li></ul></div>'
                 f'<div class="zwgk-box"><h3>部门信息公开</h3><ul><li><a href="{p("bmxxgkml/zzxxgk_bm.shtml")}">部门信息公开目录</a>'
                 "</li></ul></div>")
    site.add_page(p("zwgk/zwgk.shtml"), lambda: xxgk_page("政务公开", [("政务公开", p("zwgk/zwgk.shtml"))], "", zwgk_body),
                  navigation=True)
    site.add_redirect(p("xxgk/redirect_firstChannel.shtml"), p("zfxxgkzn/xxgk_tt.shtml"))
    site.add_redirect(p("zfxxgknb/redirect_firstChannel.shtml"), p("zfxxgknb/xxgk_list.shtml"))
    guide = f"<p>{COUNTY}人民政府信息公开指南：本指南依据《中华人民共和国政府信息公开条例》编制。</p>"
    site.add_page(p("zfxxgkzn/xxgk_tt.shtml"), lambda: xxgk_page(
        "政府信息公开指南", [("政务公开", p("zwgk/zwgk.shtml")), ("政府信息公开指南", p("zfxxgkzn/xxgk_tt.shtml"))],
        xxgk_nav("zfxxgkzn"), guide), navigation=True)
    rules = f"<p>{COUNTY}政府信息公开保密审查制度、{COUNTY}政府信息公开工作考核制度（见各项制度文件）。</p>"
    site.add_page(p("zfxxgkzd/xxgk_list.shtml"), lambda: xxgk_page(
        "政府信息公开制度", [("政务公开", p("zwgk/zwgk.shtml")), ("政府信息公开制度", p("zfxxgkzd/xxgk_list.shtml"))],
        xxgk_nav("zfxxgkzd"), rules), navigation=True)
    county_column(site)
    organ_directory(site)
    for organ in ORGANS:
        organ_site(site, *organ)
    return site


def county_column(site: Site) -> None:
    docs = [report(SITE_NAME, y, seed=600 + y, region=REGION) for y in (2023, 2022, 2021, 2020, 2019)]
    column = "政府信息公开年度报告"
    crumbs = [("政务公开", p("zwgk/zwgk.shtml")), (column, p("zfxxgknb/xxgk_list.shtml"))]

    def list_path(k: int) -> str:
        return p("zfxxgknb/xxgk_list.shtml" if k == 1 else f"zfxxgknb/xxgk_list_{k}.shtml")

    paged_column(site, docs, 3, list_path, lambda d: detail_path("zfxxgknb", d),
                 lambda d: detail_page(d, column, p("zfxxgknb/xxgk_list.shtml"), ""),
                 lambda k, items, pages: xxgk_page(column, crumbs, xxgk_nav("zfxxgknb"),
                                                   news_list(items) + pager(list_path, k, pages)))


def detail_path(column_code: str, doc: Doc) -> str:
    """``/{websiteCode}/{col}/{yyyymm}/{32 hex}.shtml`` (page 04)."""
    return p(f"{column_code}/{doc.published_on[:7].replace('-', '')}/{hex_id(doc.title)}.shtml")


def organ_directory(site: Site) -> None:
    links = "".join(f'<li><a href="{p(f"{path}/xxgk.shtml")}" target="_blank">{short}</a></li>'
                    for path, short, *_ in ORGANS)
    body = f'<div class="bm-box"><h4>县政府工作部门</h4><ul class="bm-list">{links}</ul></div>'
    site.add_page(p("bmxxgkml/zzxxgk_bm.shtml"), lambda: xxgk_page(
        "部门信息公开目录", [("政务公开", p("zwgk/zwgk.shtml")), ("部门信息公开目录", p("bmxxgkml/zzxxgk_bm.shtml"))], "", body),
        navigation=True)


def organ_site(site: Site, path: str, short: str, full: str, code, years, per_page: int, by_year: bool) -> None:
    """``{organ}/xxgk.shtml`` and its columns, each ``xxgk.shtml?code=…&temp=…`` on the one path."""
    base = p(f"{path}/xxgk.shtml")
    crumbs = [("政务公开", p("zwgk/zwgk.shtml")), ("部门信息公开目录", p("bmxxgkml/zzxxgk_bm.shtml")), (short, base)]
    columns = [(f"jgzn{path}", "机构职能", "xsqbmxxgk_tt"), (f"zn{path}", "政府信息公开指南", "xsqbmxxgk_tt"),
               (f"fdzdgknr{path}", "法定主动公开内容", ORGAN_TEMPLATE)]
    if code:
        columns.append((code, "政府信息公开年报", ORGAN_TEMPLATE))

    def href(col: str, temp: str, parent: str = "", page: int = 1) -> str:
        return (f"{base}?code={col}&temp={temp}" + (f"&parentCode={parent}" if parent else "")
                + (f"&page={page}" if page > 1 else ""))

    def nav(active: str = "") -> str:
        return '<ul class="xxgk-nav">' + "".join(
            f'<li{ON if col == active else ""}><a href="{href(col, temp)}">{name}</a></li>'
            for col, name, temp in columns) + "</ul>"

    intro = f"<p>{escape(full)}信息公开专栏。</p>"
    site.add_page(base, lambda: xxgk_page(short, crumbs, nav(), intro, short), navigation=True)
    for col, name, temp in columns[:-1] if code else columns:
        site.add_page(href(col, temp), lambda name=name, col=col: xxgk_page(
            name, crumbs + [(name, href(col, temp))], nav(col), f"<p>{escape(name)}</p>", short), navigation=True)
    if not code:
        return
    docs = [report(full, y, seed=620 + y + len(path), region=REGION) for y in sorted(years, reverse=True)]
    if path == "tjj":  # the statistics bureau's column mixes in its 统计公报
        docs.insert(0, other(C.STATS_BULLETIN_TITLE.format(organ=COUNTY, year=2023), full, 2023, "2024-04-28",
                             C.STATS_BULLETIN_TEXT))
    column_crumbs = crumbs + [("政府信息公开年报", href(code, ORGAN_TEMPLATE))]
    if by_year:  # the 年报 column split into year columns (parentCode), all on the one path
        tabs = "".join(f'<li><a href="{href(f"{code}{d.year}", ORGAN_TEMPLATE, code)}">{d.year}年度</a></li>' for d in docs)
        site.add_page(href(code, ORGAN_TEMPLATE), lambda: xxgk_page(
            "政府信息公开年报", column_crumbs, nav(code), f'<ul class="sub-tabs">{tabs}</ul>', short), navigation=True)
        for doc in docs:
            child = href(f"{code}{doc.year}", ORGAN_TEMPLATE, code)
            list_column(site, [doc], child, lambda k, child=child: child, per_page,
                        column_crumbs + [(f"{doc.year}年度", child)], nav(code), short, code)
        return
    list_column(site, docs, href(code, ORGAN_TEMPLATE), lambda k: href(code, ORGAN_TEMPLATE, page=k), per_page,
                column_crumbs, nav(code), short, code)


def list_column(site: Site, docs: list[Doc], column_href: str, page_href, per_page: int, crumbs, nav: str,
                organ: str, code: str) -> None:
    paged_column(site, docs, per_page, page_href, lambda d: detail_path(code, d),
                 lambda d: detail_page(d, "政府信息公开年报", column_href, organ),
                 lambda k, items, pages: xxgk_page("政府信息公开年报", crumbs, nav,
                                                   news_list(items) + pager(page_href, k, pages), organ))


def build() -> FamilyPortal:
    site = build_site()
    return FamilyPortal(name="jiangxi", home=site.url("/"), sites=[site])
