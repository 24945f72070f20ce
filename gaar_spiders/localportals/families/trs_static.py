"""A TRS WCM county portal whose 年报 columns are static lists (crawl README §3 pattern 1).

伊金霍洛旗 (内蒙古鄂尔多斯), built on the two real TRS list pages:

- ``/xxgk/xxgknb/`` 信息公开年报, real page 01's shape (鄂尔多斯恩格贝): a table
  layout with the breadcrumb ``首页 >> 信息公开 >> 信息公开年报``, the left nav of
  信息公开 siblings, records in ``table.gl_list`` rows (``<td width="550"><a
  href="./YYYYMM/tYYYYMMDD_ID.html">…</a></td><td>date</td>``), the column's own
  inline pager script (``var currentPage = 0;//所在页从0开始`` … ``var countPage =
  2//共多少页``) served **without** its ``document.write`` output, as a crawler
  receives it (01 is a browser-saved DOM holding both), and, as in 01, news
  mixed in with the reports (one decoy) and reports of several organs;
- ``/xxgk/bmxxgknb/`` 部门信息公开年报, real page 08's shape (国家统计局): ``.shtml``
  lists (``index.shtml``, ``index_1.shtml`` …) in ``ul.center_list_contlist``
  with the title and date inside the link (``font.cont_tit03`` /
  ``font.cont_tit02``), the rendered pager ``共6页 … pagenav_N … 下5页
  (pagenav_nextgroup) … 尾页 (pagenav_tail)``, and a record filed under another
  column (``/xxgk/xxgkml/…``), as 08's ``/tjsj/sjjd/`` records are.

A record of another government's site (www.ordos.gov.cn) sits in the department
column: a decoy on an unrelated host, never followed. Adapter: ``cms/trs.py``.
"""

from __future__ import annotations

from html import escape

from ..render import SiteInfo, page_html
from ..site import Site
from . import FamilyPortal
from ._trs_shared import add_news, add_report, doc_relpath, synthetic_report

HOST = "www.yjhl.gov.cn"
BANNER = "伊金霍洛旗人民政府"
COUNTY = "伊金霍洛旗"
REGION = "内蒙古自治区鄂尔多斯市伊金霍洛旗"
INFO = SiteInfo(name=BANNER, host=HOST, site_id="1506270001", icp="蒙ICP备05000627号-1", column_path="/xxgk/xxgknb/")
NIANBAO, DEPARTMENTS = "/xxgk/xxgknb/", "/xxgk/bmxxgknb/"
#: the 信息公开 siblings of the left nav (real page 01), as (directory, name)
LEFT_NAV = (("xxgkgd", "信息公开规定"), ("xxgkzd", "信息公开制度"), ("xxgkzn", "信息公开指南"),
            ("xxgkml", "信息公开目录"), ("ysqgklm", "依申请公开"), ("xxgknb", "信息公开年报"),
            ("bmxxgknb", "部门信息公开年报"), ("xxgkscx", "信息公开查询"), ("rsxx", "人事信息"),
            ("cwgk", "财务公开"), ("zfcg", "政府采购"))
TOP_MENU = (("/", "首页"), ("/xxgk/", "信息公开"), ("/zjyjhl/", "走进伊金霍洛"), ("/tzyjhl/", "投资伊金霍洛"),
            ("/lyyjhl/", "旅游伊金霍洛"))
#: a report of another government, listed in the department column: a decoy on an unrelated host
ELSEWHERE = "http://www.ordos.gov.cn/xxgk/xxgknb/202302/t20230210_3311207.html"
ELSEWHERE_TITLE = "鄂尔多斯市2022年政府信息公开工作年度报告"
NEWS_TITLE = f"{COUNTY}召开2023年度工作会暨党风廉政建设会议"
NEWS_TEXT = (f"1月12日，{COUNTY}召开2023年度工作会暨党风廉政建设会议，总结2022年工作，安排部署2023年重点任务。",
             "会议强调，要坚持稳中求进工作总基调，扎实推进各项工作落地见效。")

#: the 年报 column: (organ, year, seed); the news item sits between them by date
NIANBAO_DOCS = ((f"{COUNTY}人民政府", 2023, 601), (f"{COUNTY}人民政府办公室", 2023, 602),
                (f"{COUNTY}人民政府", 2022, 603), (f"{COUNTY}人民政府", 2021, 604), (f"{COUNTY}人民政府", 2020, 605))
DEPARTMENT_DOCS = ((f"{COUNTY}财政局", 2023, 611), (f"{COUNTY}教育体育局", 2023, 612), (f"{COUNTY}民政局", 2023, 613),
                   (f"{COUNTY}卫生健康委员会", 2022, 614), (f"{COUNTY}交通运输局", 2022, 615),
                   (f"{COUNTY}自然资源局", 2022, 616), (f"{COUNTY}财政局", 2022, 617), (f"{COUNTY}教育体育局", 2021, 618),
                   (f"{COUNTY}民政局", 2021, 619), (f"{COUNTY}财政局", 2021, 620))
PER_PAGE_NIANBAO, PER_PAGE_DEPARTMENTS = 3, 2


def _frame(title: str, crumbs: list[tuple[str, str]], main: str, *, current: str = "") -> str:
    """A page of the portal in real page 01's table layout: top menu, left nav, breadcrumb, footer."""
    menu = '<td><img src="/images/menu_line.jpg"></td>'.join(
        f'<td class="{"td1" if href == "/" else "td3"}"><a href="{href}">{escape(name)}</a></td>' for href, name in TOP_MENU)
    left = "".join(f'<tr><td width="19"><img src="/images/gl_ico.jpg"></td><td width="136"><a href="/xxgk/{d}/" '
                   f'target="_self">{escape(n)}</a></td></tr>' for d, n in LEFT_NAV)
    crumb = "&nbsp;&gt;&gt;&nbsp;".join(f'<a href="{h}" title="{escape(n)}" class="CurrChnlCls">{escape(n)}</a>'
                                        for h, n in crumbs)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="{BANNER}">
<meta name="SiteDomain" content="{HOST}">
<meta name="SiteIDCode" content="{INFO.site_id}">
<meta name="ColumnName" content="{escape(current or title)}">
<title>{escape(title)}_{BANNER}</title>
<link href="/images/gl.css" type="text/css" rel="stylesheet">
</head>
<body>
<script>
function submitA(){{
		var channelid=document.getElementById("channelid");
		channelid.value="215627";
        frmSearch.action="http://{HOST}/was40/search?channelid=215627";
        frmSearch.submit();
  }}
</script>
<table width="1006" border="0" cellspacing="0" cellpadding="0" id="memu" align="center"><tbody><tr>{menu}</tr></tbody></table>
<form name="frmSearch" action="http://{HOST}/was40/search" target="_blank"></form>
<table width="1006" border="0" cellspacing="0" cellpadding="0" class="mag1" align="center"><tbody><tr>
<td align="center" bgcolor="#e1f1ff" width="253" valign="top">
<table width="155" border="0" cellspacing="0" cellpadding="0" class="gl_left"><tbody>{left}</tbody></table>
</td>
<td bgcolor="#FFFFFF" valign="top">
<table width="752" border="0" cellpadding="0" cellspacing="0" class="bor"><tbody>
<tr><td class="pos" height="27">您现在的位置是：{crumb}</td></tr>
{main}
</tbody></table>
</td></tr></tbody></table>
<table width="1006" border="0" cellspacing="0" cellpadding="0" id="down" align="center"><tbody>
<tr><td align="center">主办：{BANNER}　<a href="/wzdt/" target="_blank">网站地图</a>　|　<a href="/dbdh/lxwm/">联系我们</a></td></tr>
<tr><td align="center"><font color="#000000">网站标识码：{INFO.site_id}</font>　<a href="http://www.beian.miit.gov.cn/" target="_blank">{INFO.icp}</a></td></tr>
</tbody></table>
</body></html>
"""


#: real page 01's pager script (only the page count and the current page differ per page)
COUNT_PAGE_SCRIPT = """<script language="JavaScript" type="text/javascript">
var currentPage = {current};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {count}//共多少页
//共计多少页
document.write("共计"+"&nbsp;<font style='color:#FF8008'>"+"{count}"+"&nbsp;</font>"+"页");
// 设置首页
document.write("&nbsp;<a href=\\"index."+"html\\">首页</a>&nbsp;|");
//设置上一页代码
if(countPage>1&&currentPage!=0&&currentPage!=1)
document.write("<a href=\\"index"+"_" + prevPage + "."+"html\\"><span class=greyfont>上一页</span></a>&nbsp;");
else if(countPage>1&&currentPage!=0&&currentPage==1)
document.write("<a href=\\"index.html\\">&nbsp;<span class=greyfont>上一页</span></a>&nbsp;");
else
document.write("&nbsp;上一页&nbsp;");
//循环
for(var i=0 ; i<=6 && (i<countPage); i++){{
if(currentPage==i)
document.write("&nbsp;<font style='color:#FF8008'>"+(i+1)+"</font>&nbsp;|");
else if(i==0)
document.write("&nbsp;<a href=\\"index.html\\">1</a>&nbsp;|");
else
if(i>0) document.write("&nbsp;<a href=\\"index"+"_" + i + "."+"html\\">"+(i+1)+"</a>&nbsp;|");
}}
//设置下一页代码
if(countPage>1&&currentPage!=(countPage-1))
document.write("&nbsp;<a href=\\"index"+"_" + nextPage + "."+"html\\">&nbsp;<span class=greyfont>下一页</span>&nbsp;</a>&nbsp;");
else
document.write("&nbsp;下一页&nbsp;");
// 设置尾页
if(countPage!=1)
document.write("&nbsp;<a href=\\"index"+"_" + (countPage-1)  + "."+"html\\">尾页</a>&nbsp;");
else
document.write("&nbsp;尾页&nbsp;");
 function goto(){{
 var itemNum=document.getElementById("itemNum").value;
 if(itemNum>1&&itemNum<=countPage){{
   window.navigate("index_"+(itemNum-1)+".html");
}}
else if(itemNum==1){{
   window.navigate("index.html");
}}
}}
</script>"""


def _list_file(page: int, ext: str) -> str:
    return f"index.{ext}" if page == 0 else f"index_{page}.{ext}"


def nianbao_column(site: Site) -> None:
    """信息公开年报: real page 01's table rows and its script-only pager; news mixed in."""
    items = []  # (date, href, title)
    doc_id = 2748700
    for organ, year, seed in NIANBAO_DOCS:
        report = synthetic_report(organ, year, seed, REGION)
        doc_id += 13
        rel = doc_relpath(report.published_on, doc_id, "html")
        items.append((report.published_on, rel, report, seed))
    news_date = "2023-01-12"
    doc_id += 13
    items.append((news_date, doc_relpath(news_date, doc_id, "html"), None, 0))
    items.sort(key=lambda item: item[0], reverse=True)
    chunks = [items[i:i + PER_PAGE_NIANBAO] for i in range(0, len(items), PER_PAGE_NIANBAO)]
    for page, chunk in enumerate(chunks):
        list_path = NIANBAO + ("" if page == 0 else _list_file(page, "html"))
        rows = []
        for date, rel, report, seed in chunk:
            if report is None:
                add_news(site, INFO, NIANBAO + rel, NEWS_TITLE, date, NEWS_TEXT, list_path)
                title = NEWS_TITLE
            else:
                add_report(site, INFO, NIANBAO + rel, report, list_path, seed)
                title = report.title
            rows.append(f"""<tr valign="top" style="padding-bottom:10px;">
<td width="25" style="padding-top:10px;"><img src="/images/ico2.jpg"></td>
<td width="550">
	<a href="./{rel}">{escape(title)}</a>
</td>
<td>
	{date}
</td>
</tr>""")
        main = (f'<tr><td height="678" valign="top"><table width="682" border="0" cellspacing="0" cellpadding="0" '
                f'class="gl_list"><tbody>{"".join(rows)}</tbody></table></td></tr>'
                f'<tr><td height="572" class="page">{COUNT_PAGE_SCRIPT.format(current=page, count=len(chunks))}</td></tr>')
        html = _frame("信息公开年报", [("/", "首页"), ("/xxgk/", "信息公开"), ("./", "信息公开年报")], main)
        _add_list_page(site, NIANBAO, page, "html", html)


def _add_list_page(site: Site, column: str, page: int, ext: str, html: str) -> None:
    """A list file (``index.{ext}``, ``index_N.{ext}``); the column's directory URL serves its first."""
    site.add_page(column + _list_file(page, ext), lambda: html)
    if page == 0:
        site.add_page(column, lambda: html)  # the directory index (index.shtml too, as the server is set up)
    site.add_navigation(column if page == 0 else column + _list_file(page, ext))


def _pagenav(page: int, pages: int, ext: str) -> str:
    """Real page 08's rendered pager: 共N页, pagenav_N for a group of five, 下一页, 下5页, 尾页."""
    def a(ident: str, k: int, text: str) -> str:
        return (f'<a id="pagenav_{ident}" class="bai12_22h" style="padding-left:7px;padding-right:7px;" '
                f'target="_self" href="{_list_file(k, ext)}">{text}</a>')

    group = page // 5 * 5
    parts = [f"共{pages}页&nbsp;&nbsp;"]
    for k in range(group, min(group + 5, pages)):
        parts.append(f'<span id="pagenav_{k}" style="color:#FF0000;">{k + 1}</span>' if k == page else a(str(k), k, str(k + 1)))
    if page + 1 < pages:
        parts.append(a(str(page + 1), page + 1, "下一页"))
    if group + 5 < pages:
        parts.append(a("nextgroup", group + 5, "下5页"))
    if page + 1 < pages:
        parts.append(a("tail", pages - 1, "尾页"))
    return "".join(parts)


def department_column(site: Site) -> list[dict]:
    """部门信息公开年报: real page 08's list (title and date inside the link) and rendered pagenav."""
    items = []  # (date, href, title, report-or-None)
    doc_id = 3310400
    for n, (organ, year, seed) in enumerate(DEPARTMENT_DOCS):
        report = synthetic_report(organ, year, seed, REGION)
        doc_id += 11
        rel = doc_relpath(report.published_on, doc_id, "shtml")
        # one report is filed under 信息公开目录 and listed here, as 08 lists other columns' records
        path = f"/xxgk/xxgkml/bmwj/{rel}" if n == 4 else DEPARTMENTS + rel
        items.append((report.published_on, path, report, seed))
    items.append(("2023-02-10", ELSEWHERE, None, 0))
    items.sort(key=lambda item: item[0], reverse=True)
    chunks = [items[i:i + PER_PAGE_DEPARTMENTS] for i in range(0, len(items), PER_PAGE_DEPARTMENTS)]
    decoys = []
    for page, chunk in enumerate(chunks):
        list_path = DEPARTMENTS + ("" if page == 0 else _list_file(page, "shtml"))
        lines = []
        for date, path, report, seed in chunk:
            if report is not None:
                add_report(site, INFO, path, report, list_path, seed)
            else:
                decoys.append({"portal": "trs_static", "url": ELSEWHERE, "kind": "non_report", "title": ELSEWHERE_TITLE,
                               "expect": "decoy", "source_url": site.url(list_path)})
            href = "./" + path[len(DEPARTMENTS):] if path.startswith(DEPARTMENTS) else path
            title = report.title if report is not None else ELSEWHERE_TITLE
            lines.append(f"""<li>
    <a href="{href}" target="_blank"><span class="cont_tit"><img src="/images/01.jpg" style="float:left;margin-right:5px;margin-top:5px;"><font class="cont_tit03">{escape(title)}</font><font class="cont_tit02">{date}</font></span></a>
</li>
<li class="cont_line">&nbsp;</li>""")
        lines.append(f'<li><dl class="fenye">{_pagenav(page, len(chunks), "shtml")}\n'
                     f'<font color="#2B73BB">更多信息请用<a href="/was5/web/adv.jsp" target="_blank">检索</a>查询</font></dl></li>')
        main = (f'<tr><td valign="top"><ul class="center_list_contlist" style="min-height:350px;">{"".join(lines)}'
                f"</ul></td></tr>")
        html = _frame("部门信息公开年报", [("/", "首页"), ("/xxgk/", "信息公开"), ("./", "部门信息公开年报")], main)
        _add_list_page(site, DEPARTMENTS, page, "shtml", html)
    return decoys


def chrome_pages(site: Site) -> None:
    """Home, 信息公开 and the other pages the menus link (each a plain page of the portal)."""
    home = ('<tr><td valign="top"><div class="xxgk"><h3>信息公开</h3><ul>'
            f'<li><a href="/xxgk/">信息公开</a></li><li><a href="{NIANBAO}">信息公开年报</a></li></ul></div></td></tr>')
    site.add_page("/", lambda: _frame("首页", [("/", "首页")], home), navigation=True)
    columns = "".join(f'<li><a href="/xxgk/{d}/">{escape(n)}</a></li>' for d, n in LEFT_NAV)
    site.add_page("/xxgk/", lambda: _frame("信息公开", [("/", "首页"), ("/xxgk/", "信息公开")],
                                          f'<tr><td valign="top"><ul class="gl_list">{columns}</ul></td></tr>'),
                  navigation=True)
    empty = '<tr><td valign="top"><p>栏目建设中。</p></td></tr>'
    for directory, name in LEFT_NAV:
        if f"/xxgk/{directory}/" in (NIANBAO, DEPARTMENTS):
            continue
        site.add_page(f"/xxgk/{directory}/", lambda name=name: _frame(
            name, [("/", "首页"), ("/xxgk/", "信息公开"), ("./", name)], empty), navigation=True)
    for path, name in TOP_MENU[2:] + (("/wzdt/", "网站地图"), ("/dbdh/lxwm/", "联系我们")):
        site.add_page(path, lambda name=name: page_html(name, "<p>栏目建设中。</p>", family="trs", published_on=None,
                                                        site=INFO))


def build() -> FamilyPortal:
    site = Site("trs_static", HOST)
    chrome_pages(site)
    nianbao_column(site)
    elsewhere = department_column(site)
    return FamilyPortal(name="trs_static", home=site.url("/"), sites=[site], extra_manifest=elsewhere)
