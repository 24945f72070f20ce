"""What a link on a portal page is: a report, another document, a column, nav, an attachment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector

from gaar_spiders.report import templates as T
from gaar_spiders.report.normalize import to_simplified

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".odt", ".rtf")
_YEAR = re.compile(r"(20\d\d)\s*年")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#")
_DATE = re.compile(r"(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
#: what a date cell beside a link may hold besides the date: a label, a time, brackets
_DATE_CELL_REST = re.compile("|".join(map(re.escape, T.PUBLISHED_ON_LABELS)) + r"|\d{1,2}:\d{2}(?::\d{2})?|[\s\[\]()（）【】:：日]")


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    date: Optional[str] = None  # the date printed next to the link in a list, if any


@dataclass(frozen=True)
class BadLink:
    """An href that makes no URL (``http://[bad-ipv6/x.html``): recorded, never followed."""

    href: str
    text: str
    error: str


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def canonical_url(url: str) -> str:
    """Drop the fragment; keep the query (lists paginate by it)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def read_links(html: str, base_url: str, *, selector: Optional[Selector] = None,
               dates: bool = True) -> tuple[list[Link], list[BadLink]]:
    """Every followable <a> with its text (or title, which lists use for long titles), and the bad hrefs.

    ``dates``: also the date printed beside each link (what a list says of its reports). A
    report page's links need none (its attachments take the list's date), and looking beside
    every one of a page's ~90 links is most of the time this takes.

    One href that makes no URL (``urljoin`` raises ValueError on ``http://[bad-ipv6/``)
    is returned as a ``BadLink``; the rest of the page is read.
    """
    sel = selector if selector is not None else Selector(text=html or "<html></html>")
    base = sel.xpath("//base/@href").get()
    if base:
        try:
            base_url = urljoin(base_url, base.strip())
        except ValueError:
            pass
    links: list[Link] = []
    bad: list[BadLink] = []
    seen: set[str] = set()
    for a in sel.xpath("//a[@href]"):
        element = a.root  # lxml's own element: its attributes and text without a selector each time
        href = (element.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        text = _clean(element.get("title") or "") or _clean("".join(element.itertext()))
        try:
            url = canonical_url(urljoin(base_url, href))
        except ValueError as exc:
            bad.append(BadLink(href, text, str(exc)))
            continue
        if url in seen:
            continue
        seen.add(url)
        if not dates:
            links.append(Link(url, text, None))
            continue
        around = "".join(a.xpath("./following-sibling::*[1]//text() | ./following-sibling::text()[1]").getall())
        if not _DATE.search(around):  # a date in the next cell (<td>…</td><td>2020-09-03</td>)
            around = "".join(a.xpath("../following-sibling::*[1]//text()").getall())
            if not _date_cell(around):  # a whole block after a breadcrumb or a list item, not a date cell
                around = ""
        m = _DATE.search(around)
        date = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m and 1 <= int(m[2]) <= 12 else None
        links.append(Link(url, text, date))
    return links, bad


def _date_cell(text: str) -> bool:
    """Whether ``text`` is a date and nothing else (``2020-09-03``, ``[发布日期：2020年9月3日 10:33]``)."""
    m = _DATE.search(text or "")
    return bool(m) and not _DATE_CELL_REST.sub("", text[:m.start()] + text[m.end():])


def page_links(html: str, base_url: str) -> list[Link]:
    """The followable links of a page (bad hrefs left out; ``read_links`` returns them too)."""
    return read_links(html, base_url)[0]


def is_attachment(url: str, text: str = "") -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith(ATTACHMENT_EXTENSIONS) or _clean(text).lower().endswith(ATTACHMENT_EXTENSIONS)


def title_year(text: str) -> Optional[int]:
    m = _YEAR.search(text or "")
    return int(m[1]) if m else None


def classify(text: str) -> str:
    """'report' | 'non_report' | 'column' | 'nav' | 'other' for a link text."""
    s = to_simplified(_clean(text))
    if not s:
        return "other"
    has_year = title_year(s) is not None
    if any(w in s for w in T.NON_REPORT_TITLE_WORDS) and has_year:
        return "non_report"
    need_a, need_b = T.TITLE_REQUIRED
    if has_year and len(s) >= 8 and any(a in s for a in need_a) and any(b in s for b in need_b):
        return "report"
    if has_year and len(s) >= 8 and s.endswith(("报告", "年报")):
        return "non_report"  # a dated report of another kind (工作总结报告, 法治政府建设报告 …)
    if len(s) <= 20 and any(w in s for w in T.COLUMN_LINK_WORDS):
        return "column"
    if len(s) <= 12 and any(w in s for w in T.NAV_LINK_WORDS):
        return "nav"
    return "other"


def under(url: str, column_url: str) -> bool:
    """Whether ``url`` lies below the column's directory (a sub-column or a list page of it)."""
    a, b = urlsplit(url), urlsplit(column_url)
    if a.netloc != b.netloc:
        return False
    directory = b.path if b.path.endswith("/") else b.path.rsplit("/", 1)[0] + "/"
    return a.path.startswith(directory) and a.path != b.path
