"""TRS WCM static publishing: list pages ``index.html``, ``index_1.html`` … (page k is
``index_{k-1}``), documents ``./YYYYMM/tYYYYMMDD_ID.htm(l)``, bodies in ``div.TRS_Editor``.

What is here (ported from the first crawler): the list pager
``createPageHTML(count, current, "index", "html")`` (count and 0-based current
page, prefix, extension), and TRS's static naming read from the pager links
(``index_1.html`` … ``pagenav_tail``). Markers: the ``createPageHTML`` call, document
links named ``tYYYYMMDD_ID``, ``TRS_Editor``, the ``was40``/``was5`` search.
Real pages: 01 (鄂尔多斯恩格贝 年报 column), 02 (平潭, TRS-based), 05 (山西, the
*article* pager), 08 (国家统计局 pagenav). Local portals: the demo's 大足区 and
``localportals/families/trs.py``.

For the TRS group to extend: ``var countPage``, the other ``createPageHTML``
argument orders, the article pager (``document_parts``), Fujian 动静结合.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urljoin, urlsplit

from gaar_spiders.crawl.links import Link, canonical_url

from .base import Adapter, ListPage, Listing
from .paging import declared_pages

#: the list pager: createPageHTML(4, 0, "index", "html"); a document name (t20190918_693227)
#: as the prefix is the article pager, not a list
CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w\-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
DOCUMENT_NAME = re.compile(r"^t\d{8}_\d+$")
DOCUMENT_LINK = re.compile(r"/t\d{8}_\d+\.s?html?$")
_MARKERS = ("TRS_Editor", "TRS_UEDITOR", "/was40/", "/was5/", "trs_paper")
_INDEX_K = re.compile(r"^(?P<dir>.*/)index(?:_(?P<k>\d+))?\.(?P<ext>s?html?)$")


def list_pager(html: str) -> Optional[re.Match]:
    """The ``createPageHTML`` call of a list (None for none, or for an article pager)."""
    for m in CREATE_PAGE_HTML.finditer(html):
        if not DOCUMENT_NAME.match(m[3]):
            return m
    return None


class TRSAdapter(Adapter):
    name = "trs"
    description = "TRS WCM static lists: createPageHTML(n, i, \"index\", \"html\"), index_{k-1}.html"
    body_container = "div.TRS_Editor, div.TRS_UEDITOR"

    def detect(self, page: ListPage) -> float:
        if list_pager(page.text):
            return 0.9
        documents = sum(1 for link in page.links if DOCUMENT_LINK.search(urlsplit(link.url).path))
        if documents >= 2 or any(m in page.text for m in _MARKERS):
            return 0.6
        return 0.0

    def read_list(self, page: ListPage) -> Listing:
        listing = super().read_list(page)
        m = list_pager(page.text)
        if m:
            count, current, prefix, ext = int(m[1]), int(m[2]), m[3], m[4]
            listing.declared_pages = count
            listing.requests += [self.request(canonical_url(urljoin(page.url, f"{prefix}_{k}.{ext}")), page=k + 1)
                                 for k in range(current + 1, count)]
            listing.plan = f"createPageHTML: {prefix}.{ext}, {prefix}_{{k-1}}.{ext}"
            return listing
        self._static_pages(page, listing)
        return listing

    def _static_pages(self, page: ListPage, listing: Listing) -> None:
        """TRS naming from the rendered pager: index.html, index_1.html … index_{N-1}.html."""
        path = urlsplit(page.url).path
        path = path + "index.html" if path.endswith("/") else path
        here = _INDEX_K.match(path)
        if here is None:
            return
        directory = here["dir"]

        def page_of(link: Link) -> Optional[int]:
            m = _INDEX_K.match(urlsplit(link.url).path)
            return int(m["k"]) + 1 if m and m["dir"] == directory and m["k"] else None

        pages = declared_pages(page.text, page.links, page_of)
        if not pages or pages < 2:
            return
        ext = here["ext"]
        listing.declared_pages = pages
        listing.requests += [self.request(canonical_url(urljoin(page.url, f"index_{k}.{ext}")), page=k + 1)
                             for k in range(1, pages)]
        listing.plan = f"index.{ext}, index_{{k-1}}.{ext} (pager links)"


ADAPTERS = [TRSAdapter]
