"""What the family portals built on their own chrome share: a document (a generated report
or another document of the column), its body HTML, and publishing it on a site with its
manifest entry.

The ``cms`` builders (``localportals/cms/``) lay out whole portals of the TRS, Hanweb and
generic shapes; family portals whose pages follow another platform's real chrome (Jiangxi,
gkmlpt …) render their own pages and use this to publish each document the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Callable, Optional

from gaar_spiders.report.model import Report

from .. import content as C
from ..generator import arithmetic_failures, make_report
from ..render import render_list_page, report_body_html
from ..site import Site


@dataclass
class Doc:
    """One document a list links to: a generated report (``report``) or another document (``lines``)."""

    title: str
    organ: str
    year: int
    published_on: str
    report: Optional[Report] = None
    lines: tuple[str, ...] = ()
    seed: int = 0

    @property
    def kind(self) -> str:
        return "report_html" if self.report is not None else "non_report"

    @property
    def body_html(self) -> str:
        """The document's body, without any container (the report's prose, tables and signature)."""
        if self.report is not None:
            return report_body_html(self.report)
        return "\n".join(f'<p style="text-indent:2em">{escape(line)}</p>' for line in self.lines)


def report(organ: str, year: int, seed: int, region: str = "", published_on: Optional[str] = None) -> Doc:
    """A generated report of ``organ`` on ``year`` (the same arguments give the same report)."""
    generated = make_report(organ, year, seed=seed)
    generated.region = region
    if published_on:
        generated.published_on = published_on
    return Doc(generated.title, organ, year, generated.published_on, report=generated, seed=seed)


def other(title: str, organ: str, year: int, published_on: str, lines: tuple[str, ...]) -> Doc:
    """A document of the column that is not the disclosure report (a decoy: never stored)."""
    return Doc(title, organ, year, published_on, lines=tuple(line.format(organ=organ, year=year) for line in lines))


def publish(site: Site, doc: Doc, path: str, source_path: str, render: Callable[[Doc], str]) -> str:
    """Serve ``doc`` at ``path`` (``render`` makes its page) and record it in the manifest; returns its URL."""
    site.add_page(path, lambda: render(doc))
    entry = dict(kind=doc.kind, title=doc.title, organ=doc.organ, year=doc.year, published_on=doc.published_on,
                 report=doc.report, source_url=site.url(source_path) if source_path.startswith("/") else source_path)
    if doc.report is not None:
        doc.report.url = site.url(path)
        entry.update(template=doc.report.template, expected_failed_checks=arithmetic_failures(doc.report),
                     generator_args=dict(organ=doc.organ, year=doc.year, template=doc.report.template, seed=doc.seed,
                                         broken_arithmetic=False))
    site.record(path, **entry)
    return site.url(path)


def list_items(items: list[tuple[str, Doc]], css: str = "list", date: str = "<span>{}</span>") -> str:
    """A list of documents as CMSs print them: ``<li><a href title>title</a><span>date</span></li>``."""
    return f'<ul class="{css}">' + "".join(
        f'<li><a href="{escape(href)}" title="{escape(d.title)}" target="_blank">{escape(d.title)}</a>'
        f"{date.format(d.published_on)}</li>" for href, d in items) + "</ul>"


def pager(link: Callable[[int], str], page: int, pages: int) -> str:
    """The rendered pager most CMSs print: 共N页 首页 上一页 1 2 … 下一页 尾页 (nothing for one page)."""
    if pages <= 1:
        return ""
    parts = [C.COUNT_FORMAT.format(pages=pages), f'<a href="{link(1)}">{C.FIRST_PAGE}</a>']
    if page > 1:
        parts.append(f'<a href="{link(page - 1)}">{C.PREV_PAGE}</a>')
    parts += [f'<a href="{link(k)}">{k}</a>' if k != page else f'<span class="current">{k}</span>'
              for k in range(1, pages + 1)]
    if page < pages:
        parts.append(f'<a href="{link(page + 1)}">{C.NEXT_PAGE}</a>')
    parts.append(f'<a href="{link(pages)}">{C.LAST_PAGE}</a>')
    return '<div class="page">' + " ".join(parts) + "</div>"


def paged_column(site: Site, docs: list[Doc], per_page: int, list_path: Callable[[int], str],
                 detail_path: Callable[[Doc], str], detail: Callable[[Doc], str],
                 list_page: Callable[[int, list[tuple[str, Doc]], int], str], absolute_every: int = 2) -> None:
    """A column's documents split ``per_page`` a list page: each published at ``detail_path(doc)`` (rendered by
    ``detail``), each list page ``k`` at ``list_path(k)`` (rendered by ``list_page(k, items, pages)``); list
    hrefs alternate between the path and the absolute URL, as real lists mix them."""
    pages = [docs[i:i + per_page] for i in range(0, len(docs), per_page)] or [[]]
    for k, chunk in enumerate(pages, start=1):
        items = []
        for n, doc in enumerate(chunk):
            path = detail_path(doc)
            url = publish(site, doc, path, list_path(k), detail)
            items.append((url if absolute_every and n % absolute_every == absolute_every - 1 else path, doc))
        site.add_page(list_path(k), lambda k=k, items=items: list_page(k, items, len(pages)), navigation=True)


def portal_pages(site: Site, info, home_body: str, zwgk_body: str) -> None:
    """A portal's home, its 政务公开 page and the other nav targets, in the shared chrome (``render_list_page``)."""
    site.add_page("/", lambda: render_list_page(C.BREADCRUMB_HOME, home_body, site=info), navigation=True)
    site.add_page("/zwgk/", lambda: render_list_page(C.OPEN_GOV, zwgk_body, site=info), navigation=True)
    for name, path in zip(C.NAV[2:], C.NAV_PATHS[2:]):
        site.add_page(path, lambda name=name: render_list_page(name, f"<p>{C.SERVICE_PAGE_TEXT}</p>", site=info),
                      navigation=True)


def related_links(links: list[tuple[str, str, str]]) -> str:
    """The 相关链接 box of a home page: ``(href, text, date)`` links (to other governments' pages, say)."""
    items = "".join(f'<li><a href="{escape(href)}" target="_blank">{escape(text)}</a>'
                    + (f"<span>{date}</span>" if date else "") + "</li>" for href, text, date in links)
    return f'<div class="related-links"><h3>{escape(C.RELATED)}</h3><ul>{items}</ul></div>'


def platform_home_pages(site: Site, info, platform_url: str, related: str = "") -> None:
    """A www host whose home and 政务公开 page send 政府信息公开 to a separate platform (``platform_url``)."""
    link = f'<a href="{escape(platform_url)}" target="_blank">政府信息公开</a>'
    portal_pages(site, info, f'<div class="zwgk"><h3>{escape(C.OPEN_GOV)}</h3><ul><li>{link}</li></ul></div>{related}',
                 f"<ul><li>{link}</li></ul>")
