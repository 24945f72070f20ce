"""The hostile portal: every trap of issue 8 next to genuine reports.

A CMS-less county site (``www.hostile.gov.cn``) whose 年报 column lists
genuine reports (one slow, one gzipped, one with a lying charset, one whose
title carries ``<script>`` and whose text carries SQL, one PDF) among links
that lead into traps: a server that trickles bytes forever, endless and
declared-huge bodies, a gzip bomb, redirect loops, cookie and login walls,
mojibake, 10,000-deep nesting, megabytes of markup, junk and path-like
attachment names, a PDF whose content stream inflates to 200 MB, a failing page
whose bytes change on every fetch (a visit counter). Three more columns: a calendar whose ``page=N`` never ends
and shows the same items again, an archive that invents a new page forever,
and a Hanweb column whose XML answer carries an external entity and a
billion-laughs DTD.

Served only when named (``PortalServer(["hostile"])``); it has no entry in the
crawl registry, so it is crawled with the generic spider
(``scrapy crawl portal -a url=http://www.hostile.gov.cn/``). Every streaming
answer ends by itself (a bound on time or bytes) or when the server stops.
"""

from __future__ import annotations

import gzip
import io
import random
import zlib
from functools import lru_cache
from html import escape
from typing import Iterator

from . import content as C
from .cms.base import js_challenge_body
from .cms.hanweb import column_script
from .documents import report_to_pdf
from .generator import arithmetic_failures, make_report, template_for_year
from .render import SiteInfo, page_html, render_list_page, render_report_html, render_text_page
from .site import Request, Response, Site, html_response, not_found

HOST = "www.hostile.gov.cn"
FAMILY = "generic"
MAIN = "/ndbg/list.jsp"
CALENDAR = "/rili/list.jsp"
ARCHIVE = "/guidang/"
HANWEB_COLUMN_ID = 99
HANWEB_COLUMN = f"/col/col{HANWEB_COLUMN_ID}/index.html"
HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"
PER_PAGE = 12

#: how long a trickling answer may last, and how much an endless one may write, at most
TRICKLE_SECONDS = 120.0
TRICKLE_INTERVAL = 0.25
ENDLESS_BYTES = 300 * 1024 * 1024
#: what the gzip bomb inflates to (the crawl's page cap is far below)
BOMB_BYTES = 256 * 1024 * 1024
#: what the PDF bomb's one content stream inflates to (the audit's: 200 MB)
PDF_BOMB_BYTES = 200 * 1024 * 1024
#: the declared length of the huge attachment
DECLARED_BYTES = 4_000_000_000
#: nesting of the deep page; megabytes of markup of the flood page
DEEP_LEVELS = 10_000
FLOOD_BYTES = 6 * 1024 * 1024
ARCHIVE_BOUND = 100_000  # the archive is endless for any crawler; the server still has a bound

#: the injection report's extras: HTML/JS in its title, SQL in its text
SCRIPT = "<script>alert(1)</script>"
SQL = "Robert'); DROP TABLE reports;-- 1' OR '1'='1"
#: a file name that must only ever be data: parent dirs, NUL, a right-to-left override
PATH_NAME_ENCODED = "..%2F..%2F..%2Fetc%2Fpasswd%00%E2%80%AE.pdf"

#: the traps, as the manifest's ``trap`` field names them (genuine reports with a trick say
#: ``slow``, ``gzip``, ``wrong_charset`` or ``injection`` there instead)
TRAPS = ("trickle", "huge_page", "huge_declared", "gzip_bomb", "redirect_loop", "redirect_chain",
         "js_challenge_521", "wzws_challenge", "login_wall", "mojibake", "deep_nesting", "markup_flood",
         "junk_attachment", "path_name", "pagination_loop", "endless_pagination", "xml_entities",
         "restless_failure", "pdf_bomb")

INFO = SiteInfo(name=C.HOSTILE_SITE_NAME, host=HOST, site_id="9999990002", icp="京ICP备99999999号",
                column_path=MAIN)


def _organ(suffix: str) -> str:
    return C.HOSTILE_COUNTY + suffix


# --- streaming answers (each ends by itself) ------------------------------------------------


def trickle(site: Site, first: bytes = b"<html><body>", seconds: float = TRICKLE_SECONDS) -> Iterator[bytes]:
    """One byte every TRICKLE_INTERVAL, for at most ``seconds`` or until the server stops."""
    yield first
    for _ in range(int(seconds / TRICKLE_INTERVAL)):
        if site.closing.wait(TRICKLE_INTERVAL):
            return
        yield b" "


def endless(site: Site, chunk: bytes, limit: int = ENDLESS_BYTES) -> Iterator[bytes]:
    """The same chunk again and again, up to ``limit`` bytes (the client hangs up long before)."""
    yield b"<html><body>"
    sent = 0
    while sent < limit and not site.closing.is_set():
        yield chunk
        sent += len(chunk)


def delayed(site: Site, body: bytes, seconds: float) -> Iterator[bytes]:
    """The whole body after a pause: slow, but well inside any sane timeout."""
    site.closing.wait(seconds)
    yield body


@lru_cache(maxsize=1)
def pdf_bomb() -> bytes:
    """A one-page PDF whose content stream (drawing operators, over and over) inflates to
    PDF_BOMB_BYTES: a few hundred KB on the wire."""
    unit = b"1 0 0 1 0 0 cm\n" * 4096
    return inflating_page_pdf(unit, PDF_BOMB_BYTES // len(unit))


def inflating_page_pdf(unit: bytes, repeats: int, media_box: str = "0 0 595 842") -> bytes:
    """A one-page PDF whose content stream is ``unit`` ``repeats`` times, deflated: small on the
    wire, as large as a reader inflates it (the bombs of the hostile portal and the tests)."""
    deflate = zlib.compressobj(9)
    stream = b"".join(deflate.compress(unit) for _ in range(repeats)) + deflate.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R /Resources << >> >>" % media_box.encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return pdf_of_objects(objects)


def pdf_of_objects(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (numbered from 1, the first the catalog) with its xref table:
    hand-made files whose streams no PDF library would write (bombs, broken ones)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """BOMB_BYTES of spaces in an HTML page, gzipped to a few hundred KB."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(b"<html><body>")
        block = b" " * (1024 * 1024)
        for _ in range(BOMB_BYTES // len(block)):
            gz.write(block)
    return out.getvalue()


# --- the portal ---------------------------------------------------------------------------------


class HostileBuilder:
    def __init__(self) -> None:
        self.site = Site("hostile", HOST)
        self.items: list[tuple[str, str]] = []  # (href, title) of the main column, in list order
        self._id = 7000

    def next_id(self) -> int:
        self._id += 7
        return self._id

    def build(self) -> Site:
        self.home()
        self.genuine_reports()
        self.traps()
        self.main_column()
        self.calendar()
        self.archive()
        self.hanweb_column()
        return self.site

    # --- pages ------------------------------------------------------------------------------

    def home(self) -> None:
        links = [(MAIN, C.COLUMN_NAME), (CALENDAR, C.HOSTILE_CALENDAR), (ARCHIVE, C.HOSTILE_ARCHIVE),
                 (HANWEB_COLUMN, C.HOSTILE_HANWEB_COLUMN)]
        body = "<ul>" + "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for h, t in links) + "</ul>"
        self.site.add_page("/", lambda: render_list_page(C.BREADCRUMB_HOME, body, site=INFO), navigation=True)
        for name, path in zip(C.NAV[1:], C.NAV_PATHS[1:]):  # the chrome's nav bar links these
            self.site.add_page(path, lambda name=name: render_list_page(name, f"<p>{C.SERVICE_PAGE_TEXT}</p>", site=INFO),
                               navigation=True)

    def _list(self, title: str, items: list[tuple[str, str]], pager: str = "") -> str:
        lines = "".join(f'<li><a href="{escape(h)}" title="{escape(t)}" target="_blank">{escape(t)}</a>'
                        f"<span>2024-01-15</span></li>" for h, t in items)
        return render_list_page(title, f'<ul class="list">{lines}</ul>{pager}', site=INFO)

    def main_column(self) -> None:
        chunks = [self.items[i:i + PER_PAGE] for i in range(0, len(self.items), PER_PAGE)]
        pages = len(chunks)

        def link(k: int) -> str:
            return f"{MAIN}?page={k}"

        for page, chunk in enumerate(chunks, start=1):
            pager = ('<div class="pager">' + C.COUNT_FORMAT.format(pages=pages) + " "
                     + " ".join(f'<a href="{link(k)}">{k}</a>' for k in range(1, pages + 1))
                     + (f' <a href="{link(page + 1)}">{C.NEXT_PAGE}</a>' if page < pages else "") + "</div>")
            html = self._list(C.COLUMN_NAME, chunk, pager)
            self.site.add_page(link(page), lambda html=html: html, navigation=True)
            if page == 1:
                self.site.add_page(MAIN, lambda html=html: html)

    def _report(self, organ: str, year: int, seed: int):
        report = make_report(organ, year, template_for_year(year), seed)
        report.region = C.HOSTILE_COUNTY
        return report

    def _record(self, path: str, title: str, *, kind: str, trap=None, report=None, organ=None, year=None,
                source: str = MAIN) -> None:
        entry = dict(kind=kind, trap=trap, title=title, organ=organ, year=year, report=report,
                     source_url=self.site.url(source))
        if report is not None:
            entry.update(template=report.template, published_on=report.published_on,
                         expected_failed_checks=arithmetic_failures(report))
        self.site.record(path, **entry)

    # --- genuine reports --------------------------------------------------------------------------

    def genuine_reports(self) -> None:
        site = self.site
        plain = [("人民政府", 2019, None), ("教育局", 2022, None), ("民政局", 2021, "slow"),
                 ("财政局", 2021, "gzip"), ("卫生健康委员会", 2022, "wrong_charset"),
                 ("人民政府办公室", 2023, "injection")]
        for suffix, year, trick in plain:
            organ = _organ(suffix)
            report = self._report(organ, year, seed=year)
            if trick == "injection":
                report.title = report.title + SCRIPT
                report.sections[-1].text += "\n" + SQL
            doc_id = self.next_id()
            path = f"/ndbg/content/post_{doc_id}.html"
            report.url = site.url(path)
            html = render_report_html(report, family=FAMILY, site=INFO)
            if trick == "slow":
                body = html.encode("utf-8")
                site.add(path, lambda r, body=body: Response(200, b"", {"Content-Type": "text/html; charset=utf-8"},
                                                              stream=delayed(site, body, 1.0)))
            elif trick == "gzip":
                packed = gzip.compress(html.encode("utf-8"), mtime=0)
                site.add(path, lambda r, packed=packed: Response(
                    200, packed, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}))
            elif trick == "wrong_charset":
                gbk = render_report_html(report, family=FAMILY, site=INFO, encoding="utf-8").encode("gbk")
                site.add(path, lambda r, gbk=gbk: Response(200, gbk, {"Content-Type": "text/html; charset=utf-8"}))
            else:
                site.add_page(path, lambda html=html: html)
            self._record(path, report.title, kind="report_html", trap=trick, report=report, organ=organ, year=year)
            self.items.append((path, report.title))

        organ = _organ("自然资源局")
        report = self._report(organ, 2021, seed=5)
        doc_id = self.next_id()
        path = f"/ndbg/files/P0{doc_id}.pdf"
        report.url = site.url(path)
        site.add_page(path, lambda: report_to_pdf(report), content_type="application/pdf")
        self._record(path, report.title, kind="report_pdf", report=report, organ=organ, year=2021)
        self.items.append((path, report.title + ".pdf"))

    # --- traps ---------------------------------------------------------------------------------------

    def trap(self, name: str, path: str, handler, *, suffix: str, year: int = 2022, link_suffix: str = "",
             link: str = "") -> None:
        """A trap at ``path``, listed like a report (under ``link`` when the list links elsewhere)."""
        if name not in TRAPS:
            raise ValueError(f"unknown trap {name!r}")
        title = C.TITLE_FORMAT.format(organ=_organ(suffix), year=year)
        self.site.add(path, handler)
        self._record(link or path, title, kind="trap", trap=name, organ=_organ(suffix), year=year)
        self.items.append((link or path, title + link_suffix))

    def traps(self) -> None:
        site = self.site
        html = {"Content-Type": "text/html; charset=utf-8"}
        self.trap("trickle", "/ndbg/content/slow_forever.html",
                  lambda r: Response(200, b"", dict(html), stream=trickle(site)), suffix="水利局")
        self.trap("huge_page", "/ndbg/content/endless.html",
                  lambda r: Response(200, b"", dict(html), stream=endless(site, b"<p>" + b"x" * 65530 + b"</p>")),
                  suffix="交通运输局")
        self.trap("huge_declared", "/ndbg/files/huge.pdf",
                  lambda r: Response(200, b"", {"Content-Type": "application/pdf",
                                                "Content-Length": str(DECLARED_BYTES)},
                                     stream=trickle(site, b"%PDF-1.7\n", seconds=30)),
                  suffix="统计局", link_suffix=".pdf")
        self.trap("gzip_bomb", "/ndbg/content/bomb.html",
                  lambda r: Response(200, gzip_bomb(), {**html, "Content-Encoding": "gzip"}), suffix="审计局")
        site.add_redirect("/ndbg/r/a.html", "/ndbg/r/b.html")
        self.trap("redirect_loop", "/ndbg/r/b.html", lambda r: Response(302, b"", {"Location": "/ndbg/r/a.html"}),
                  suffix="商务局", link="/ndbg/r/a.html")
        site.add_dynamic("/ndbg/r/n/", self.redirect_chain)
        self.trap("redirect_chain", "/ndbg/r/n/1.html", self.redirect_chain, suffix="科学技术局")
        self.trap("js_challenge_521", "/ndbg/content/jsl.html",
                  lambda r: Response(521, js_challenge_body(r.path), dict(html)), suffix="公安局")
        self.trap("wzws_challenge", "/ndbg/content/wzws.html", lambda r: Response(200, self.wzws_page(), dict(html)),
                  suffix="司法局")
        self.trap("login_wall", "/ndbg/content/login.html", lambda r: Response(200, self.login_page(), dict(html)),
                  suffix="退役军人事务局")
        mojibake = self.mojibake_page()
        self.trap("mojibake", "/ndbg/content/mojibake.html", lambda r: Response(200, mojibake, dict(html)),
                  suffix="应急管理局")
        deep = self.deep_page()
        self.trap("deep_nesting", "/ndbg/content/deep.html", lambda r: Response(200, deep, dict(html)),
                  suffix="林业局")
        self.trap("markup_flood", "/ndbg/content/flood.html", lambda r: Response(200, self.flood_page(), dict(html)),
                  suffix="农业农村局")
        junk = b"%PDF-1.7\n" + random.Random(8).randbytes(200_000)
        self.trap("junk_attachment", "/ndbg/files/junk.pdf",
                  lambda r: Response(200, junk, {"Content-Type": "application/pdf"}), suffix="市场监督管理局",
                  link_suffix=".pdf")
        self.trap("restless_failure", "/ndbg/content/counter.html", self.restless_page, suffix="体育局")
        self.trap("pdf_bomb", "/ndbg/files/P07900.pdf",
                  lambda r: Response(200, pdf_bomb(), {"Content-Type": "application/pdf"}), suffix="粮食和物资储备局",
                  link_suffix=".pdf")
        self.trap("path_name", f"/ndbg/files/{PATH_NAME_ENCODED}",
                  lambda r: Response(200, b"%PDF-1.4\nnot a document\n", {
                      "Content-Type": "application/octet-stream",
                      "Content-Disposition": f"attachment; filename*=UTF-8''{PATH_NAME_ENCODED}"}),
                  suffix="住房和城乡建设局", link_suffix=".pdf")

    def restless_page(self, request: Request) -> Response:
        """A page that cannot be read (its report nested past any parser's depth) and prints a visit
        counter (访问量), as real portals do: new bytes on every fetch, failing every time."""
        self._visits = getattr(self, "_visits", 0) + 1
        page = self.deep_page(_organ("体育局"), seed=13).replace(
            b"</body>", f"<p>{C.VISITS}{self._visits}</p></body>".encode("utf-8"))
        return Response(200, page, {"Content-Type": "text/html; charset=utf-8"})

    @staticmethod
    def redirect_chain(request: Request) -> Response:
        """``/ndbg/r/n/K.html`` redirects to ``K+1``: every hop a new URL, never an end."""
        tail = request.path.rsplit("/", 1)[-1]
        k = int(tail[:-5]) if tail.endswith(".html") and tail[:-5].isdigit() else 0
        if not 0 < k < ARCHIVE_BOUND:
            return not_found()
        return Response(302, b"", {"Location": f"/ndbg/r/n/{k + 1}.html"})

    @staticmethod
    def wzws_page() -> bytes:
        script = ('var wzws_cid="4f1e2d3c4b5a69788796a5b4c3d2e1f0";document.cookie="wzws_cid="+wzws_cid+";path=/";'
                  "setTimeout(function(){location.reload()},500);")
        return (f'<html><head><meta charset="utf-8"><script>{script}</script></head>'
                f"<body><p>{escape(C.WZWS_WAIT)}</p></body></html>").encode("utf-8")

    @staticmethod
    def login_page() -> bytes:
        user, password, login = C.LOGIN_FIELDS
        form = (f'<form method="post" action="/login.do"><label>{user}<input name="u" type="text"></label>'
                f'<label>{password}<input name="p" type="password"></label><button>{login}</button></form>')
        return (f'<html><head><meta charset="utf-8"><title>{escape(C.LOGIN_TITLE)}</title></head>'
                f"<body><h1>{escape(C.LOGIN_TITLE)}</h1><p>{escape(C.LOGIN_PROMPT)}</p>{form}</body></html>"
                ).encode("utf-8")

    def mojibake_page(self) -> bytes:
        """A report saved through a wrong decode: GBK bytes read as UTF-8, every character a U+FFFD."""
        report = self._report(_organ("应急管理局"), 2022, seed=11)
        gbk = render_report_html(report, family=FAMILY, site=INFO).encode("gbk")
        return gbk.decode("utf-8", errors="replace").encode("utf-8")

    def deep_page(self, organ: str = _organ("林业局"), seed: int = 12) -> bytes:
        """A real report's text inside 10,000 nested elements (past any parser's depth)."""
        report = self._report(organ, 2022, seed=seed)
        html = render_report_html(report, family=FAMILY, site=INFO)
        cut = html.find('<div class="article-content">')
        nested = "<div>" * DEEP_LEVELS + html[cut:] + "</div>" * DEEP_LEVELS
        return (html[:cut] + nested).encode("utf-8")

    @staticmethod
    @lru_cache(maxsize=1)
    def flood_page() -> bytes:
        """FLOOD_BYTES of meaningless markup under a report title: within the page cap, not a report."""
        title = C.TITLE_FORMAT.format(organ=_organ("农业农村局"), year=2022)
        cell = '<span class="x"><b><i>' + "数据" + "</i></b></span>"
        row = "<div>" + cell * 40 + "</div>\n"
        body = row * (FLOOD_BYTES // len(row.encode("utf-8")))
        return page_html(title, body, family=FAMILY, published_on="2023-01-10", site=INFO).encode("utf-8")

    # --- the other columns ------------------------------------------------------------------------

    def calendar(self) -> None:
        """``?page=N`` forever; every page shows the same two reports again (a CMS ignoring the page)."""
        same = self.items[:2]

        def page(request: Request) -> Response:
            k = request.query.get("page", "1")
            k = int(k) if k.isdigit() else 1
            if k > ARCHIVE_BOUND:
                return not_found()
            pager = f'<div class="pager"><a href="{CALENDAR}?page={k + 1}">{C.NEXT_PAGE}</a></div>'
            return html_response(self._list(C.HOSTILE_CALENDAR, same, pager))

        self.site.add_dynamic(CALENDAR, page)
        self.site.add_navigation(CALENDAR)

    def archive(self) -> None:
        """``index_N.html`` forever, each with one new report-like link to an empty page."""
        site = self.site

        def handle(request: Request) -> Response:
            name = request.path[len(ARCHIVE):] or "index.html"
            if name.startswith("content_") and name.endswith(".html") and name[8:-5].isdigit():
                n = int(name[8:-5])
                title = C.TITLE_FORMAT.format(organ=C.HOSTILE_ARCHIVE_ROOM.format(n=n), year=2023)
                return html_response(render_text_page(C.NO_CONTENT, family=FAMILY, title=title,
                                                      published_on="2024-01-02", site=INFO))
            if name == "index.html":
                k = 1
            elif name.startswith("index_") and name.endswith(".html") and name[6:-5].isdigit():
                k = int(name[6:-5])
            else:
                return not_found()
            if not 0 < k < ARCHIVE_BOUND:
                return not_found()
            title = C.TITLE_FORMAT.format(organ=C.HOSTILE_ARCHIVE_ROOM.format(n=k), year=2023)
            pager = f'<div class="pager"><a href="{ARCHIVE}index_{k + 1}.html">{C.NEXT_PAGE}</a></div>'
            return html_response(self._list(C.HOSTILE_ARCHIVE, [(f"{ARCHIVE}content_{k}.html", title)], pager))

        site.add_dynamic(ARCHIVE, handle)
        site.add_navigation(ARCHIVE)
        site.record(f"{ARCHIVE}index.html", kind="trap", trap="endless_pagination", source_url=site.url("/"))
        site.record(f"{CALENDAR}?page=1", kind="trap", trap="pagination_loop", source_url=site.url("/"))

    def hanweb_column(self) -> None:
        """A Hanweb column whose XML answer declares an external entity and a billion-laughs DTD."""
        site = self.site
        organ = _organ("城关镇人民政府")
        report = self._report(organ, 2022, seed=21)
        path = f"/art/2023/2/3/art_{HANWEB_COLUMN_ID}_{self.next_id()}.html"
        report.url = site.url(path)
        html = render_report_html(report, family="hanweb", site=INFO)
        site.add_page(path, lambda: html)
        self._record(path, report.title, kind="report_html", report=report, organ=organ, year=2022,
                     source=HANWEB_COLUMN)
        record = (f'<li><a href="{path}" title="{escape(report.title)}" target="_blank">{escape(report.title)}</a>'
                  f"<span>2023-02-03</span></li>")
        body = column_script(HANWEB_COLUMN_ID, 15, 3, C.HOSTILE_SITE_NAME)
        site.add_page(HANWEB_COLUMN, lambda: render_list_page(C.HOSTILE_HANWEB_COLUMN, body, site=INFO),
                      navigation=True)
        xml = hostile_datastore([record]).encode("utf-8")
        site.add_dynamic(HANWEB_PROXY, lambda request: Response(200, xml, {"Content-Type": "text/xml; charset=UTF-8"}))
        site.record(HANWEB_PROXY, kind="trap", trap="xml_entities", source_url=site.url(HANWEB_COLUMN))


def hostile_datastore(records: list[str], external: str = "file:///etc/passwd") -> str:
    """A dataproxy answer with an external entity and nested entities (billion laughs) next to ``records``."""
    lols = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE datastore [<!ENTITY xxe SYSTEM "{external}"><!ENTITY lol0 "lol">{lols}]>'
    body = "".join(f"<record><![CDATA[{r}]]></record>" for r in records)
    return (f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<datastore><nextgroup><![CDATA[]]></nextgroup>'
            f"<totalrecord>{len(records) + 2}</totalrecord><totalpage>1</totalpage><recordset>{body}"
            "<record>&xxe;</record><record>&lol9;</record></recordset></datastore>")


def build_hostile() -> Site:
    return HostileBuilder().build()
