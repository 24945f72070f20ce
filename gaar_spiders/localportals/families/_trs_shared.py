"""What the TRS family portals share (not a portal itself): TRS document paths, report
pages with their manifest entries, news decoys, and a report published in parts by
the TRS article pager (real page 05's ``createPageHTML`` with a document name).
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable, Optional

from gaar_spiders.report.model import Report

from ..generator import arithmetic_failures, make_report, template_for_year
from ..render import SiteInfo, page_html, render_report_html, report_body_html
from ..site import Site


def doc_relpath(published_on: str, doc_id: int, ext: str = "html") -> str:
    """TRS's document path below a column: ``YYYYMM/tYYYYMMDD_ID.ext``."""
    compact = published_on.replace("-", "")
    return f"{compact[:6]}/t{compact}_{doc_id}.{ext}"


def synthetic_report(organ: str, year: int, seed: int, region: str) -> Report:
    report = make_report(organ, year, template_for_year(year), seed)
    report.region = region
    return report


def record_report(site: Site, path: str, report: Report, source_path: str, seed: int) -> dict:
    """The manifest entry of a report published at ``path`` (linked from ``source_path``)."""
    report.url = site.url(path)
    return site.record(path, kind="report_html", title=report.title, organ=report.organ, year=report.year,
                       template=report.template, published_on=report.published_on, report=report,
                       expected_failed_checks=arithmetic_failures(report), source_url=site.url(source_path),
                       generator_args=dict(organ=report.organ, year=report.year, template=report.template,
                                           seed=seed, broken_arithmetic=False))


def add_report(site: Site, info: SiteInfo, path: str, report: Report, source_path: str, seed: int,
               render: Optional[Callable[[Report], str]] = None) -> dict:
    """A report page in the portal's chrome (``div.TRS_Editor`` or ``TRS_UEDITOR``), and its manifest entry."""
    html = render or (lambda r: render_report_html(r, family="trs", site=info))
    site.add_page(path, lambda: html(report))
    return record_report(site, path, report, source_path, seed)


def add_news(site: Site, info: SiteInfo, path: str, title: str, date: str, paragraphs: tuple[str, ...],
             source_path: str) -> dict:
    """A news article filed in the 年报 column (a decoy: never stored as a report)."""
    body = "\n".join(f'<p style="text-indent:2em">{escape(p)}</p>' for p in paragraphs)
    site.add_page(path, lambda: page_html(title, body, family="trs", published_on=date, site=info))
    return site.record(path, kind="non_report", title=title, published_on=date, source_url=site.url(source_path))


# --- a report in parts (the TRS article pager) ------------------------------------------------

#: the article pager of a TRS detail template, as real page 05 prints it after the body
#: (function, call, and a toPage() with its own ``var countPage``), trimmed of its page-link markup
ARTICLE_PAGER = """<div class="page-box"><p class="page-hide">
<script>
function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){{
	if(_nPageCount == null || _nPageCount <=1){{
		return;
	}}
	var nCurrIndex = _nCurrIndex || 0;
	for(var i = 0; i < _nPageCount; i++){{
		var sPageName = (i == 0 ? _sPageName : (_sPageName + "_" + i))+ "." + _sPageExt;
		if(nCurrIndex == i){{
			document.write("<a href='javascript:void(0)' class='page-current'>"+(i+1)+"</a>" + "&nbsp;");
		}}else{{
			document.write("<a href='" + sPageName + "'>"+ (i+1) +"</a>&nbsp;")
		}}
	}}
	document.write("<span class='page-form'>共"+_nPageCount+"页</span>")
}}
createPageHTML({count},{index},"{name}","{ext}");

function toPage(){{
    var countPage = {count}//共多少页
	var _num = document.getElementById("num").value;
	var str = "{name}"+"_"+(_num-1)+"."+"{ext}";
	var url = location.href.substring(0,location.href.lastIndexOf("/")+1);
	if(_num<=1||_num==null)
	location.href = url+"{name}"+"."+"{ext}";
	else
	location.href = url+str;
}}
</script>
</p></div>
"""


def split_in_tables(body_html: str) -> list[str]:
    """The report body cut in three as a TRS editor's page breaks cut it: inside the requests
    table (part 1 ends with the table open) and inside the review table."""
    starts = [m.start() for m in re.finditer(r"<table\b", body_html)]
    if len(starts) < 3:
        raise ValueError("a report body with its three tables is needed")
    cuts = []
    for start, end in ((starts[1], starts[2]), (starts[2], len(body_html))):
        rows = [m.start() for m in re.finditer(r"<tr>", body_html[start:end])]
        cuts.append(start + rows[len(rows) // 2])
    return [body_html[:cuts[0]], body_html[cuts[0]:cuts[1]], body_html[cuts[1]:]]


def add_report_in_parts(site: Site, info: SiteInfo, path: str, report: Report, source_path: str,
                        seed: int) -> tuple[dict, list[str]]:
    """A report published as three parts ``{name}.{ext}``, ``{name}_1.{ext}``, ``{name}_2.{ext}``
    (only the first is linked; the article pager script names the others). Returns the
    manifest entry and the parts' paths."""
    directory, filename = path.rsplit("/", 1)
    name, ext = filename.rsplit(".", 1)
    pieces = split_in_tables(report_body_html(report))
    paths = [path] + [f"{directory}/{name}_{i}.{ext}" for i in range(1, len(pieces))]
    for index, (piece, part_path) in enumerate(zip(pieces, paths)):
        def render(piece=piece, index=index) -> str:
            html = page_html(report.title or "", piece, family="trs", published_on=report.published_on,
                             source=report.organ or "", site=info)
            pager = ARTICLE_PAGER.format(count=len(pieces), index=index, name=name, ext=ext)
            return html.replace('<div class="qrcode">', pager + '<div class="qrcode">', 1)

        site.add_page(part_path, render)
    return record_report(site, path, report, source_path, seed), paths
