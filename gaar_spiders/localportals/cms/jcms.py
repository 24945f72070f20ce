"""Hanweb (大汉) jcms sites as real ones print them, for the Hanweb family portals.

The chrome follows real page 06 (浙江省发改委, ``tests/data/crawl/pages/06_…``): the
``/module/jslib/jquery/jquery.js`` and ``/module/jslib/urite/urite.min.js`` scripts, the
government-site meta tags, the hidden ``#hiddenLocation`` block naming the column, the
``/jrobotfront/search.do`` search form, a nav of ``/col/col{id}/index.html`` columns, the
``当前位置：`` breadcrumb, articles ``/art/YYYY/M/D/art_{col}_{doc}.html`` with the body in
``<div class="main-txt" id="zoom">`` between ``<meta name="ContentStart">`` and
``ContentEnd``, the footer with 网站标识码 and the hidden "Produced By 大汉网络" link.
List records are printed as page 03 prints them: ``<li class="clearfix"><a target="_blank"
href=… title="full title">cut…</a> <b>date</b></li>``.

``JcmsBuilder`` lays out a county portal this way (home, 政务公开, its sections, the 年报
column); each family portal (``localportals/families/hanweb*.py``) subclasses it and
decides only how the column's list is served.
"""

from __future__ import annotations

from html import escape
from typing import Optional

from .. import content as C
from ..render import report_body_html
from ..spec import ColumnSpec
from .base import PortalBuilder, Prepared

#: how many characters of a title a list prints before cutting it with "..." (page 03)
LIST_TITLE_CHARS = 28
#: jcms column ids of the pages every portal has, offset from the 年报 column's id
SECTION_OFFSETS = {"zwgk": 1, "bsfw": 2, "hdjl": 3, "guide": 11, "rules": 12, "fdzdgk": 13,
                   "map": 21, "contact": 22, "privacy": 23}


def cut(title: str, limit: int = LIST_TITLE_CHARS) -> str:
    return title if len(title) <= limit else title[:limit] + "..."


def record_li(href: str, title: str, date: str) -> str:
    """One list record as page 03 prints it (title attribute full, link text cut)."""
    return (f'<li class="clearfix">    <a target="_blank" href="{escape(href)}" title="{escape(title)}">'
            f"{escape(cut(title))}</a>    <b>{escape(date)}</b></li>")


def datastore_xml(records: list[str], *, nextgroup: Optional[str] = None, total: Optional[int] = None,
                  pages: Optional[int] = None, declaration: bool = True) -> str:
    """A ``<datastore>`` of CDATA records; ``<nextgroup>`` and the totals only when given (03 has no totals)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>' if declaration else "", "<datastore>"]
    if nextgroup is not None:
        parts.append(f'<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>')
    if total is not None:
        parts.append(f"<totalrecord>{total}</totalrecord>")
    if pages is not None:
        parts.append(f"<totalpage>{pages}</totalpage>")
    parts.append("<recordset>" + "".join(f"<record><![CDATA[\n{r}]]></record>" for r in records) + "</recordset>")
    parts.append("</datastore>")
    return "".join(parts)


class JcmsBuilder(PortalBuilder):
    """A county portal on Hanweb jcms: pages in page 06's chrome, the 年报 column at
    ``/col/col{id}/index.html``. Subclasses serve the column's list (``column_unit`` + routes)."""

    family = "hanweb"

    # --- ids and paths ---------------------------------------------------------------------------

    @property
    def column(self) -> ColumnSpec:
        return self.spec.columns[0]

    @property
    def webid(self) -> int:
        return int(self.spec.options.get("webid", 1))

    @property
    def unitid(self) -> int:
        return int(self.spec.options.get("unitid", 1))

    def col(self, section: str) -> int:
        return self.column.column_id + SECTION_OFFSETS[section]

    @staticmethod
    def col_path(column_id: int) -> str:
        return f"/col/col{column_id}/index.html"

    def column_path(self) -> str:
        return self.col_path(self.column.column_id)

    def detail_path(self, p: Prepared, doc_id: int, column_id: Optional[int] = None) -> str:
        y, m, d = (int(x) for x in p.published_on.split("-"))
        return f"/art/{y}/{m}/{d}/art_{column_id or self.column.column_id}_{doc_id}.html"

    @property
    def nav(self) -> list[tuple[str, str]]:
        return [(C.NAV[0], "/"), (C.NAV[1], self.col_path(self.col("zwgk"))),
                (C.NAV[2], self.col_path(self.col("bsfw"))), (C.NAV[3], self.col_path(self.col("hdjl")))]

    @property
    def sections(self) -> list[tuple[str, str]]:
        keys = ("guide", "rules", "fdzdgk")
        return [(name, self.col_path(self.col(k))) for name, k in zip(C.JCMS_OPEN_SECTIONS, keys)] + [
            (self.column.name, self.column_path())]

    # --- chrome ------------------------------------------------------------------------------------

    def page(self, title: str, main: str, *, column: tuple[str, str], crumbs: list[tuple[str, str]],
             meta: tuple[str, ...] = (), head_extra: str = "") -> str:
        """A whole jcms page: head and meta, hidden location, top links, search, nav, breadcrumb, footer."""
        info, charset = self.info, self.declared
        metas = [f'<meta name="SiteName" content="{escape(info.name)}">',
                 f'<meta name="SiteDomain" content="{escape(info.host)}">',
                 f'<meta name="SiteIDCode" content="{escape(info.site_id)}">',
                 f'<meta name="ColumnName" content="{escape(column[0])}">',
                 '<meta name="ColumnType" content="">', *meta]
        top = "|".join(f'<a href="javascript:{js}">{escape(t)}</a>' for t, js in
                       zip(C.JCMS_SCRIPT_MODES, ("zh_tran('s');", "zh_tran('t');", "toggleToolBar();")))
        nav = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for name, href in self.nav)
        trail = "".join(f'<td> &gt;<a href="{href}">{escape(name)}</a></td>' for name, href in crumbs)
        footer_links = " 丨 ".join(f'<a href="{self.col_path(self.col(k))}">{escape(t)}</a>'
                                  for t, k in zip(C.JCMS_FOOTER_LINKS, ("map", "contact", "privacy")))
        footer = escape(C.JCMS_FOOTER.format(site_name=info.name, site_id=info.site_id))
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={escape(charset.upper())}"><script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
<script language="javascript" src="/module/jslib/urite/urite.min.js"></script>
<link href="/script/page.css" type="text/css" rel="stylesheet">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<link rel="stylesheet" type="text/css" href="/images/{self.webid}/hanweb.css">
<title>{escape(title)}</title>
{chr(10).join(metas)}
{head_extra}</head>
<body><div id="hiddenLocation" style="display:none;"><span id="ss_webid">{self.webid}</span><span id="col1_name">{escape(column[0])}</span><span id="col1_url">{column[1]}</span></div><div id="barrierfree_container">
<div class="top_link"><p><span style="float:right;">{top}</span></p></div>
<div class="nav_logo"><div class="logo_search">
<div class="logo"><a href="/"><img src="/jcms_files/jcms1/web{self.webid}/site/picture/0/logo.png" title="{escape(info.name)}"></a></div>
<div class="search"><form id="search-form" action="/jrobotfront/search.do" target="_blank" method="get">
<input name="websiteid" type="hidden" value="{escape(info.site_id)}"><input name="p" type="hidden" value="1">
<input type="text" class="input_text" name="q" value="{escape(C.JCMS_SEARCH_PROMPT)}"></form></div>
</div><div class="nav"><ul>{nav}</ul></div></div>
<div class="position"><div class="position-txt w"><table cellspacing="0" cellpadding="0" border="0"><tbody><tr>
<td>{escape(C.JCMS_POSITION)}</td><td><a href="/index.html">{escape(C.NAV[0])}</a></td>{trail}
</tr></tbody></table></div></div>
<div class="height20"></div>
<div class="wz-con bt-box-1200">
{main}
</div>
<div class="height60"></div>
<div class="footer"><p>{footer_links}</p>
<p>{footer}<a target="_blank" href="http://beian.miit.gov.cn/">{escape(info.icp)}</a></p></div>
</div>
<a href="http://www.hanweb.com" style="display:none">{escape(C.JCMS_PRODUCED_BY)}</a>
<script language="javascript" src="/script/web_front.js"></script>
</body></html>
"""

    def section_nav(self, current: str) -> str:
        items = "".join(f'<li{" class=on" if href == current else ""}><a href="{href}">{escape(name)}</a></li>'
                        for name, href in self.sections)
        return f'<div class="lm-left"><div class="lm-title">{escape(C.OPEN_GOV)}</div><ul>{items}</ul></div>'

    def column_page(self, unit: str, head_extra: str = "", aside: str = "") -> str:
        """The 年报 column page: the 政务公开 sections on the left, the list unit on the right."""
        name, path = self.column.name, self.column_path()
        main = (self.section_nav(path) + f'<div class="lm-right"><div class="lm-name">{escape(name)}</div>'
                f"{unit}</div>{aside}")
        return self.page(f"{name} {self.info.name}", main, column=(name, path),
                         crumbs=[(C.OPEN_GOV, self.col_path(self.col("zwgk"))), (name, path)], head_extra=head_extra)

    def article(self, title: str, body_html: str, published_on: str, source: str, path: str) -> str:
        """A jcms document page: the body in ``div#zoom`` between ContentStart and ContentEnd (page 06)."""
        name, col = self.column.name, self.column_path()
        meta = (f'<meta name="ArticleTitle" content="{escape(title)}">',
                f'<meta name="PubDate" content="{escape(published_on)} 09:30">',
                f'<meta name="contentSource" content="{escape(source)}">',
                f'<meta name="url" content="{escape(self.site.url(path))}">')
        main = f"""<div class="con">
<p class="con-title"><!--<$[标题]>begin-->{escape(title)}<!--<$[标题]>end--></p>
<div class="small-title clearfix"><span>{escape(C.JCMS_PUBLISHED.format(date=published_on))}</span><span>{escape(C.JCMS_VIEWS)}</span><span>{escape(C.JCMS_SOURCE)}<!--<$[信息来源]>begin-->{escape(source)}<!--<$[信息来源]>end--></span></div>
<div class="main-txt" id="zoom">
<!--<$[信息内容]>begin--><meta name="ContentStart">{body_html}<meta name="ContentEnd"><!--<$[信息内容]>end-->
</div>
<div class="main-word"><span class="printer" onclick="javascrpit:window.print()">{escape(C.JCMS_PRINT)}</span><span class="close" onclick="javascrpit:window.close()">{escape(C.JCMS_CLOSE)}</span></div>
</div>"""
        return self.page(title, main, column=(name, col), meta=meta,
                         crumbs=[(C.OPEN_GOV, self.col_path(self.col("zwgk"))), (name, col)])

    # --- pages every portal has -------------------------------------------------------------------

    def home_main(self) -> str:
        """The home page's blocks (a subclass may add its own units)."""
        links = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for name, href in self.sections)
        return f'<div class="zwgk"><h3>{escape(C.OPEN_GOV)}</h3><ul>{links}</ul></div>'

    def nav_pages(self) -> None:
        home = lambda: self.page(self.info.name, self.home_main(), column=(C.NAV[0], "/"), crumbs=[])  # noqa: E731
        self.site.add_page("/", home, navigation=True)
        self.site.add_page("/index.html", home, navigation=True)
        zwgk = self.col_path(self.col("zwgk"))
        self.site.add_page(zwgk, lambda: self.page(C.OPEN_GOV, self.section_nav(""), column=(C.OPEN_GOV, zwgk),
                                                   crumbs=[(C.OPEN_GOV, zwgk)]), navigation=True)
        placeholders = [(n, p) for n, p in self.nav[2:]] + self.sections[:-1] + [
            (t, self.col_path(self.col(k))) for t, k in zip(C.JCMS_FOOTER_LINKS, ("map", "contact", "privacy"))]
        for name, path in placeholders:
            self.site.add_page(path, lambda name=name, path=path: self.page(
                name, f"<p>{escape(C.SERVICE_PAGE_TEXT)}</p>", column=(name, path), crumbs=[(name, path)]),
                navigation=True)

    def publish(self, p: Prepared, path: str, source_path: str, doc_id: int) -> str:
        """The document as the base publishes it, its page then re-laid in jcms chrome."""
        link = super().publish(p, path, source_path, doc_id)
        doc = p.doc
        if doc.kind == "report_html" and not doc.trap:
            body = report_body_html(p.report)
        elif doc.kind in ("report_text_page", "non_report"):
            body = "\n".join(f"<p>{escape(line.strip())}</p>" for line in (p.text or "").splitlines())
        else:
            return link
        self.site.add_page(path, lambda: self.article(p.title, body, p.published_on, doc.organ, path))
        return link

    def prepared_docs(self) -> list[Prepared]:
        """The column's documents, newest first (as a list prints them)."""
        return sorted((self.prepare(d) for d in self.column.docs), key=lambda p: p.published_on, reverse=True)

    def publish_doc(self, p: Prepared, doc_id: int) -> str:
        """Publish one of the column's documents; the href its list record gives."""
        return self.publish(p, self.detail_path(p, doc_id), self.column_path(), doc_id)

    def publish_column(self) -> list[str]:
        """Publish the column's documents and return their list records, newest first (page 03's shape)."""
        records = []
        for p in self.prepared_docs():
            href = self.publish_doc(p, self.next_id())
            records.append(record_li(href, p.title, p.published_on))
        return records
