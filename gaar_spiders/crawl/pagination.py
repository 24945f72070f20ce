"""Pagination strategies, each a small unit: given a list page (html, url),
the next list page's URL and the number of pages the page declares.

Order of trust: the CMS's own declaration (TRS ``createPageHTML``, a Hanweb
``totalRecord``), a query parameter, a numbered file name, then a next-page
link. A walk that declares N pages and fetches fewer is visible in the crawl
health (``list_pages_declared`` vs ``list_pages_fetched``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from gaar_spiders.report import templates as T

from .links import Link, canonical_url, page_links

PAGE_PARAMS = ("page", "pageNum", "pageNo", "currPage", "pageIndex", "curPage", "pageno", "p")
_TRS = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w\-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
_PAGE_COUNT = re.compile(T.PAGE_COUNT_PATTERN)
_NUMBERED = re.compile(r"^(?P<dir>.*/)(?:(?P<n>\d+)|index)\.(?P<ext>s?html?)$")
_INDEX_N = re.compile(r"^(?P<dir>.*/)index_(?P<n>\d+)\.(?P<ext>s?html?)$")


@dataclass(frozen=True)
class PagePlan:
    strategy: str  # trs | query | numbered | index_n | next_link | none
    next_url: Optional[str]
    declared_pages: Optional[int]
    current: int = 1


def trs(html: str, url: str) -> Optional[PagePlan]:
    """TRS static lists: ``createPageHTML(count, current, "index", "html")``; page k>0 is index_k.html."""
    m = _TRS.search(html)
    if not m:
        return None
    count, current, prefix, ext = int(m[1]), int(m[2]), m[3], m[4]
    nxt = urljoin(url, f"{prefix}_{current + 1}.{ext}") if current + 1 < count else None
    return PagePlan("trs", nxt, count, current + 1)


def _declared(html: str, links: list[Link], same_kind) -> Optional[int]:
    m = _PAGE_COUNT.search(re.sub(r"\s+", "", html))
    numbers = [n for n in (same_kind(link) for link in links) if n]
    found = [int(m[1])] if m else []
    return max(found + numbers) if (found or numbers) else None


def query(html: str, url: str, links: Optional[list[Link]] = None) -> Optional[PagePlan]:
    """``?pageNo=2``-style lists, the parameter found in the URL or in the pager's links."""
    links = links if links is not None else page_links(html, url)
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    name = next((p for p in PAGE_PARAMS if p in params), None)
    if name is None:
        for link in links:
            lp = urlsplit(link.url)
            if lp.path != parts.path:
                continue
            qs = dict(parse_qsl(lp.query))
            name = next((p for p in PAGE_PARAMS if p in qs and qs[p].isdigit()), None)
            if name:
                break
    if name is None:
        return None
    current = int(params.get(name, "1") or 1) if str(params.get(name, "1")).isdigit() else 1

    def page_of(link: Link) -> Optional[int]:
        lp = urlsplit(link.url)
        qs = dict(parse_qsl(lp.query))
        if lp.path == parts.path and qs.get(name, "").isdigit():
            return int(qs[name])
        return None

    declared = _declared(html, links, page_of)
    nxt = None
    if declared is None or current < declared:
        params[name] = str(current + 1)
        nxt = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))
    return PagePlan("query", nxt, declared, current)


def numbered(html: str, url: str, links: Optional[list[Link]] = None) -> Optional[PagePlan]:
    """``index.html``, ``2.html``, ``3.html`` … or ``index_2.html`` … when the pager links show them."""
    links = links if links is not None else page_links(html, url)
    path = urlsplit(url).path
    if path.endswith("/"):
        path += "index.html"
    directory = path.rsplit("/", 1)[0] + "/"
    for pattern, name in ((_INDEX_N, "index_n"), (_NUMBERED, "numbered")):

        def page_of(link: Link, pattern=pattern) -> Optional[int]:
            lp = urlsplit(link.url).path
            m = pattern.match(lp)
            if m and m["dir"] == directory and m["n"]:
                return int(m["n"])
            return None

        pages = [n for n in (page_of(link) for link in links) if n]
        if not pages:
            continue
        m = pattern.match(path)
        current = int(m["n"]) if m and m["n"] else 1
        declared = _declared(html, links, page_of)
        ext = (m["ext"] if m else None) or "html"
        filename = f"index_{current + 1}.{ext}" if name == "index_n" else f"{current + 1}.{ext}"
        nxt = canonical_url(urljoin(url, filename)) if declared and current < declared else None
        return PagePlan(name, nxt, declared, current)
    return None


def next_link(html: str, url: str, links: Optional[list[Link]] = None) -> Optional[PagePlan]:
    """A ``下一页`` link, when nothing declares the pages."""
    links = links if links is not None else page_links(html, url)
    for link in links:
        if link.text in T.NEXT_PAGE_WORDS and canonical_url(link.url) != canonical_url(url):
            return PagePlan("next_link", link.url, None)
    return None


def plan(html: str, url: str, links: Optional[list[Link]] = None) -> PagePlan:
    """The first strategy that recognises the page."""
    links = links if links is not None else page_links(html, url)
    for strategy in (trs, query, numbered, next_link):
        result = strategy(html, url) if strategy is trs else strategy(html, url, links)
        if result is not None:
            return result
    return PagePlan("none", None, None)


# --- Hanweb dataproxy -------------------------------------------------------------------

_PROXY = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+dataproxy\.jsp)['\"]")
_PER_PAGE = re.compile(r"perPage\s*:\s*(\d+)")
_TOTAL = re.compile(r"totalRecord\s*:\s*(\d+)")
_AJAX = re.compile(r"ajaxParam\s*:\s*\{([^}]*)\}")
_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w./\-]+))")


@dataclass(frozen=True)
class HanwebPlan:
    proxy_url: str
    params: dict
    per_page: int
    total: Optional[int]

    @property
    def declared_pages(self) -> Optional[int]:
        return math.ceil(self.total / self.per_page) if self.total else None

    def request_url(self, start: int, end: int) -> str:
        return f"{self.proxy_url}?{urlencode({'startrecord': start, 'endrecord': end, 'perpage': self.per_page})}"


def hanweb(html: str, url: str) -> Optional[HanwebPlan]:
    """A Hanweb column page: its list comes from ``dataproxy.jsp`` with the ``ajaxParam`` form."""
    m = _PROXY.search(html)
    if not m:
        return None
    per_page = int(_PER_PAGE.search(html)[1]) if _PER_PAGE.search(html) else 15
    total = int(_TOTAL.search(html)[1]) if _TOTAL.search(html) else None
    params = {}
    ajax = _AJAX.search(html)
    if ajax:
        for k, v1, v2, v3 in _PAIR.findall(ajax[1]):
            params[k] = v1 or v2 or v3
    return HanwebPlan(urljoin(url, m[1]), params, per_page, total)


def hanweb_records(xml: bytes) -> tuple[list[str], Optional[int]]:
    """The CDATA records and totalrecord of a dataproxy answer; entities and DTDs are never expanded."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return [], None
    if root is None:
        return [], None
    total = root.findtext("totalrecord")
    records = [r.text or "" for r in root.iter("record")]
    return records, int(total) if total and total.strip().isdigit() else None
