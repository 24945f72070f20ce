"""What every CMS family does alike: documents to pages, traps, manifest, site chrome.

A family subclass decides URLs, list pages and pagination; this base turns a
``DocSpec`` into its page(s), registers them on the ``Site`` and records the
manifest entry.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Optional

from gaar_spiders.report.model import Report

from .. import content as C
from ..documents import report_to_docx, report_to_pdf
from ..generator import arithmetic_failures, make_report, template_for_year
from ..render import SiteInfo, page_html, render_list_page, render_report_html, render_text_page, truncate_in_requests_table
from ..site import Response, Site
from ..spec import DocSpec, PortalSpec

SEED_PACKAGE = "gaar_spiders.localportals.seeds"


def seed_text(name: str) -> str:
    """A bundled seed report text (package data, read with importlib.resources)."""
    return resources.files(SEED_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def seed_body(doc: DocSpec) -> str:
    lines = seed_text(doc.seed_file).splitlines()
    start, end = 0, len(lines)
    if doc.body_from:
        start = next(i for i, line in enumerate(lines) if line.strip().startswith(doc.body_from))
    if doc.body_until:
        end = next(i for i in range(start, len(lines)) if lines[i].strip().startswith(doc.body_until))
    return "\n".join(lines[start:end]).strip("\n")


def js_challenge_body(path: str) -> bytes:
    """A 加速乐-style challenge: the page only sets a cookie by script and reloads."""
    token = zlib.crc32(path.encode("utf-8")) % 10**10
    script = ("document.cookie=('__jsl_clearance=1700000000.%03d|0|'+(function(){var _t=['%s','%s'];"
              "return _t.join('')})()+';max-age=3600;path=/');location.href=location.pathname+location.search"
              % (token % 1000, "Zk9" + str(token)[:4], "aQ" + str(token)[4:]))
    return f"<html><body><script>{script}</script></body></html>".encode("utf-8")


@dataclass
class Prepared:
    doc: DocSpec
    title: str
    published_on: str
    template: Optional[str]
    report: Optional[Report] = None
    text: Optional[str] = None


class PortalBuilder:
    family = "generic"

    def __init__(self, spec: PortalSpec):
        self.spec = spec
        self.site = Site(spec.name, spec.host, encoding=spec.encoding, charset_label=spec.charset_label)
        self.info = SiteInfo(name=spec.site_name, host=spec.host, site_id=spec.site_id, icp=spec.icp,
                             column_path=self.column_path())
        self._id = int(spec.options.get("first_id", 10000))

    # --- to be decided by a family -------------------------------------------------------------

    def column_path(self) -> str:
        raise NotImplementedError

    def build_columns(self) -> None:
        raise NotImplementedError

    # --- shared -------------------------------------------------------------------------------------

    @property
    def declared(self) -> str:
        """The encoding pages declare in their meta tags."""
        return self.spec.charset_label.lower() if self.spec.charset_label else self.spec.encoding

    def next_id(self) -> int:
        self._id += 7
        return self._id

    def build(self) -> Site:
        self.nav_pages()
        self.build_columns()
        return self.site

    def list_page(self, title: str, body_html: str, head_extra: str = "") -> str:
        return render_list_page(title, body_html, site=self.info, encoding=self.declared, head_extra=head_extra)

    def nav_pages(self) -> None:
        """Home, 政务公开 and the other nav targets, each leading on to the 年报 column."""
        column = f'<a href="{self.column_path()}">{escape(C.COLUMN_NAME)}</a>'
        home_body = f'<div class="zwgk"><h3>{escape(C.OPEN_GOV)}</h3><ul><li>{column}</li></ul></div>'
        self.site.add_page("/", lambda: self.list_page(C.BREADCRUMB_HOME, home_body), navigation=True)
        self.site.add_page("/zwgk/", lambda: self.list_page(C.OPEN_GOV, f"<ul><li>{column}</li></ul>"),
                           navigation=True)
        for name, path in zip(C.NAV[2:], C.NAV_PATHS[2:]):
            self.site.add_page(path, lambda name=name: self.list_page(name, f"<p>{C.SERVICE_PAGE_TEXT}</p>"),
                               navigation=True)

    def list_items(self, items: list[tuple[str, Prepared]]) -> str:
        lines = [f'<li><a href="{escape(href)}" title="{escape(p.title)}" target="_blank">{escape(p.title)}</a>'
                 f"<span>{p.published_on}</span></li>" for href, p in items]
        return '<ul class="list">' + "".join(lines) + "</ul>"

    def prepare(self, doc: DocSpec) -> Prepared:
        default_date = f"{doc.year + 1}-{1 + doc.seed % 3:02d}-{10 + doc.seed % 18:02d}"
        if doc.kind == "report_text_page":
            return Prepared(doc, doc.title, doc.published_on or default_date, doc.template, text=seed_body(doc))
        if doc.kind == "non_report":
            title = doc.title or C.NON_REPORT_TITLE.format(organ=doc.organ, year=doc.year)
            text = "\n".join(line.format(organ=doc.organ, year=doc.year) for line in C.NON_REPORT_TEXT)
            return Prepared(doc, title, doc.published_on or default_date, None, text=text)
        if doc.kind == "trap":
            title = doc.title or C.TITLE_FORMAT.format(organ=doc.organ, year=doc.year)
            return Prepared(doc, title, doc.published_on or default_date, template_for_year(doc.year))
        report = make_report(doc.organ, doc.year, doc.template, doc.seed, broken_arithmetic=doc.broken, chain=doc.chain)
        report.region = self.spec.region
        if doc.published_on:
            report.published_on = doc.published_on
        return Prepared(doc, report.title, report.published_on, report.template, report=report)

    def attachment_path(self, doc_id: int, ext: str) -> str:
        return f"/attachment/0/{doc_id // 1000}/{doc_id}/P0{doc_id}.{ext}"

    def publish(self, p: Prepared, path: str, source_path: str, doc_id: int) -> str:
        """Register the document's page(s) and manifest entry; return the href lists should use."""
        doc, site = p.doc, self.site
        entry = dict(kind=doc.kind, trap=doc.trap, title=p.title, organ=doc.organ, year=doc.year,
                     template=p.template, published_on=p.published_on, report=p.report,
                     source_url=site.url(source_path), seed_file=doc.seed_file,
                     expected_failed_checks=list(doc.expected_failed_checks),
                     cross_year_break=doc.chain.broken(doc.year) if doc.chain else None)
        if p.report is not None:
            entry["expected_failed_checks"] = arithmetic_failures(p.report)
            entry["generator_args"] = dict(organ=doc.organ, year=doc.year, template=p.report.template,
                                           seed=doc.seed, broken_arithmetic=doc.broken, chain=doc.chain)
        link = path
        if doc.kind == "report_html":
            report = p.report
            p.report.url = site.url(path)

            def render(encoding: str = self.declared) -> str:
                return render_report_html(report, family=self.family, encoding=encoding, site=self.info)

            if doc.trap == "flaky_500":
                site.add_flaky(path, render)
            elif doc.trap == "redirect":
                link = f"/r/{doc_id}.html"
                site.add_page(path, render)
                site.add_redirect(link, path, status=301 if doc_id % 2 else 302)
                entry["final_url"] = site.url(path)
            elif doc.trap == "truncated":
                site.add_page(path, lambda: truncate_in_requests_table(render(), report))
                entry["expected_failed_checks"] = sorted(set(entry["expected_failed_checks"]) | {"cells.complete"})
            elif doc.trap == "wrong_charset":
                site.add_page(path, lambda: render("utf-8"), declared="utf-8")
            else:
                site.add_page(path, render)
        elif doc.kind in ("report_text_page", "non_report"):
            site.add_page(path, lambda: render_text_page(p.text, family=self.family, title=p.title,
                                                         published_on=p.published_on, encoding=self.declared,
                                                         site=self.info, source=doc.organ))
        elif doc.kind in ("report_pdf", "report_docx"):
            ext = "pdf" if doc.kind == "report_pdf" else "docx"
            attachment = self.attachment_path(doc_id, ext)
            report = p.report
            report.url = site.url(attachment)
            if ext == "pdf":
                site.add_page(attachment, lambda: report_to_pdf(report), content_type="application/pdf")
            else:
                site.add_page(attachment, lambda: report_to_docx(report), content_type=(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
            holder = f'<p>{escape(C.ATTACHMENT)}<a href="{attachment}">{escape(p.title)}.{ext}</a></p>'
            site.add_page(path, lambda: page_html(p.title, holder, family=self.family, published_on=p.published_on,
                                                  source=doc.organ, encoding=self.declared, site=self.info),
                          navigation=True)
            entry["source_url"] = site.url(path)
            site.record(attachment, **entry)
            return link
        elif doc.kind == "trap":
            if doc.trap == "js_challenge":
                site.add(path, lambda request: Response(412, js_challenge_body(path),
                                                        {"Content-Type": "text/html; charset=utf-8"}))
            elif doc.trap != "http_404":
                raise ValueError(f"kind 'trap' needs trap http_404 or js_challenge, got {doc.trap!r}")
        site.record(link, **entry)
        return link
