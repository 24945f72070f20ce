"""Government-portal HTML around a report, as the common CMS families print it.

``render_report_html`` lays a generated report out the way a county portal
publishes it: page chrome (nav, breadcrumb, info line, QR prompt, footer) and
the report body inside the CMS family's container, the three tables with the
official merged headers. ``render_text_page`` wraps an existing report text
(e.g. a seed) in the same chrome.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html import escape
from typing import Optional

from gaar_spiders.report.model import Report

from . import content as C
from .generator import intro, signed_text
from .layout import Grid, group_label, table_grids

FAMILIES = ("trs", "hanweb", "generic")


@dataclass(frozen=True)
class SiteInfo:
    """What the page chrome says about the site: name, host, identifiers."""

    name: str = "县人民政府"
    host: str = "www.example.gov.cn"
    site_id: str = "0000000000"
    icp: str = "ICP备00000000号"
    column_path: str = "/zwgk/"
    #: the stylistic variant picks a container class among a family's known ones
    extra_meta: dict = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


def _pick(key: str, options: tuple):
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return options[digest[0] % len(options)]


def container_open(family: str, key: str = "") -> str:
    if family == "trs":
        return _pick(key, ('<div class="TRS_Editor">', '<div class="view TRS_UEDITOR trs_paper_default trs_web">'))
    if family == "hanweb":
        return '<div id="zoom">'
    if family == "generic":
        return '<div class="article">'
    raise ValueError(f"unknown CMS family {family!r}; known: {FAMILIES}")


def _text_html(text: str) -> str:
    return "<br/>".join(escape(part) for part in text.split("\n")) if text else "&nbsp;"


def table_html(grid: Grid) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%" '
           'style="border-collapse:collapse;border:none"><tbody>']
    for row in grid:
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            align = "center"
            out.append(f'<td{attrs} valign="middle" style="border:solid windowtext 1px;padding:0 5px">'
                       f'<p style="text-align:{align}"><span style="font-size:14px">{_text_html(cell.text)}</span></p></td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _p(text: str, style: str = "text-indent:2em") -> str:
    return f'<p style="{style}">{escape(text)}</p>'


def report_body_html(report: Report, *, vertical_headers: bool = False) -> str:
    """The report itself (prose, headings, tables, signature), without the container."""
    grids = table_grids(report, vertical_headers=vertical_headers)
    parts = [_p(intro(report))]
    for section in report.sections:
        parts.append(f'<p style="text-indent:2em"><strong>{escape(section.heading)}</strong></p>')
        for line in (section.text.split("\n") if section.text else []):
            parts.append(_p(line))
        if section.key in grids:
            parts.append(table_html(grids[section.key]))
    parts.append(_p(report.organ or "", "text-align:right"))
    parts.append(_p(signed_text(report.signed_on), "text-align:right"))
    return "\n".join(parts)


def _pub_date(published_on: Optional[str], key: str) -> str:
    if not published_on:
        return ""
    hour = 8 + hashlib.sha1(key.encode("utf-8")).digest()[1] % 10
    return f"{published_on} {hour:02d}:00"


def _chrome_top(site: SiteInfo, title: str, meta: list[str], head_extra: str = "") -> str:
    top = " | ".join(f'<a href="javascript:void(0);">{escape(t)}</a>' for t in C.TOP_LINKS)
    nav = "".join(f'<li><a href="{site.url(p) if i % 2 else p}">{escape(t)}</a></li>'
                  for i, (t, p) in enumerate(zip(C.NAV, C.NAV_PATHS)))
    crumb_label, crumb_rest = C.BREADCRUMB.split("：", 1)
    crumbs = crumb_rest.split(" > ")
    crumb_links = [f'<a href="/">{escape(crumbs[0])}</a>', f'<a href="/zwgk/">{escape(crumbs[1])}</a>',
                   f'<a href="{site.column_path}">{escape(crumbs[2])}</a>']
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{chr(10).join(meta)}
<title>{escape(title)}_{escape(site.name)}</title>
<link rel="stylesheet" href="/images/common.css">
{head_extra}</head>
<body>
<div class="top"><div class="top-links">{top}</div></div>
<div class="header"><div class="logo">{escape(site.name)}</div>
<ul class="nav">{nav}</ul></div>
<div class="position">{escape(crumb_label)}：{" &gt; ".join(crumb_links)}</div>
<div class="main">
"""


def _chrome_bottom(site: SiteInfo) -> str:
    related = "".join(f'<li><a href="{url}" target="_blank">{escape(name)}</a></li>' for name, url in C.RELATED_SITES)
    footer = C.FOOTER.format(site_name=escape(site.name), site_id=escape(site.site_id), icp=escape(site.icp))
    return f"""</div>
<div class="qrcode"><p>{escape(C.QR_PROMPT)}</p></div>
<div class="related"><h3>{escape(C.RELATED)}</h3><ul>{related}</ul></div>
<div class="footer"><p>{footer}</p></div>
</body>
</html>
"""


def _site_meta(site: SiteInfo, charset: str) -> list[str]:
    return [
        f'<meta charset="{escape(charset)}">',
        f'<meta http-equiv="Content-Type" content="text/html; charset={escape(charset)}">',
        f'<meta name="SiteName" content="{escape(site.name)}">',
        f'<meta name="SiteDomain" content="{escape(site.host)}">',
        f'<meta name="SiteIDCode" content="{escape(site.site_id)}">',
    ]


def page_html(title: str, body_html: str, *, family: str, published_on: Optional[str],
              source: str = "", encoding: str = "utf-8", site: Optional[SiteInfo] = None,
              chrome: bool = True) -> str:
    """A full article page: ``body_html`` inside the family's container, with or without portal chrome."""
    site = site or SiteInfo()
    container = container_open(family, title)
    if not chrome:
        return (f'<!DOCTYPE html><html><head><meta charset="{escape(encoding)}"><title>{escape(title)}</title></head>'
                f"<body>{container}\n{body_html}\n</div></body></html>")
    meta = _site_meta(site, encoding) + [
        f'<meta name="ColumnName" content="{escape(C.COLUMN_NAME)}">',
        f'<meta name="ArticleTitle" content="{escape(title)}">',
        f'<meta name="PubDate" content="{escape(_pub_date(published_on, title))}">',
        f'<meta name="ContentSource" content="{escape(source or site.name)}">',
    ] + [f'<meta name="{escape(k)}" content="{escape(v)}">' for k, v in site.extra_meta.items()]
    info = C.INFO_LINE.format(date=published_on or "", source=source or site.name)
    return (_chrome_top(site, title, meta)
            + f"""<div class="article-title"><h1>{escape(title)}</h1></div>
<div class="article-info">{escape(info)}</div>
<div class="article-content">
{container}
{body_html}
</div>
</div>
"""
            + _chrome_bottom(site))


def render_list_page(title: str, body_html: str, *, site: SiteInfo, encoding: str = "utf-8",
                     head_extra: str = "") -> str:
    """A column, list or navigation page in the portal's chrome (no article container)."""
    meta = _site_meta(site, encoding) + [f'<meta name="ColumnName" content="{escape(title)}">']
    return (_chrome_top(site, title, meta, head_extra)
            + f'<div class="column-title"><h2>{escape(title)}</h2></div>\n<div class="column-content">\n'
            + body_html + "\n</div>\n" + _chrome_bottom(site))


def render_report_html(report: Report, *, family: str, encoding: str = "utf-8", chrome: bool = True,
                       site: Optional[SiteInfo] = None, vertical_headers: Optional[bool] = None) -> str:
    """A generated report as a portal page of the given CMS family (``trs``, ``hanweb``, ``generic``).

    ``encoding`` is what the page declares; encoding the text is the server's job.
    ``vertical_headers`` (default: chosen per report) prints narrow headers one character per line.
    """
    title = report.title or ""
    if vertical_headers is None:
        vertical_headers = _pick(title + family, (True, False))
    body = report_body_html(report, vertical_headers=vertical_headers)
    return page_html(title, body, family=family, published_on=report.published_on,
                     source=report.organ or "", encoding=encoding, site=site, chrome=chrome)


def render_text_page(text: str, *, family: str, title: str, published_on: Optional[str],
                     encoding: str = "utf-8", site: Optional[SiteInfo] = None, source: str = "",
                     chrome: bool = True) -> str:
    """An existing report text published as a page: one ``<p>`` per line (empty lines kept as ``<p></p>``)."""
    body = "\n".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines())
    return page_html(title, body, family=family, published_on=published_on, source=source,
                     encoding=encoding, site=site, chrome=chrome)


def truncate_in_requests_table(html: str, report: Report) -> str:
    """The page cut off in the middle of the requests table, as a CMS that lost the upload serves it."""
    cut = html.find(escape(group_label("denied")))
    if cut < 0:
        raise ValueError("requests table not found in page")
    return html[:cut]
