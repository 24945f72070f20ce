"""Numbered list files: ``index.html``, ``2.html``, ``3.html`` … (path-number pagination,
``/N.html``) or ``index_2.html``, ``index_3.html`` … when the pager links show them.

Real evidence (crawl README §2, code only): ``jyj.yanan.gov.cn zfxxgknb/1.html → {N}.html``.
TRS's own naming (page k = ``index_{k-1}``) is the ``trs`` adapter's.
Local portal: the demo's 遂溪县.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urljoin, urlsplit

from gaar_spiders.crawl.links import Link, canonical_url

from .base import Adapter, ListPage, Listing
from .paging import declared_pages

_NUMBERED = re.compile(r"^(?P<dir>.*/)(?:(?P<n>\d+)|index)\.(?P<ext>s?html?)$")
_INDEX_N = re.compile(r"^(?P<dir>.*/)index_(?P<n>\d+)\.(?P<ext>s?html?)$")
STYLES = ((_INDEX_N, "index_N"), (_NUMBERED, "N"))


def _directory(url: str) -> tuple[str, str]:
    path = urlsplit(url).path
    if path.endswith("/"):
        path += "index.html"
    return path, path.rsplit("/", 1)[0] + "/"


def numbered_style(page: ListPage):
    """(pattern, style name, pages linked) of the first numbering the pager links use, or None."""
    _, directory = _directory(page.url)
    for pattern, style in STYLES:
        def page_of(link: Link, pattern=pattern) -> Optional[int]:
            m = pattern.match(urlsplit(link.url).path)
            return int(m["n"]) if m and m["dir"] == directory and m["n"] else None

        if any(page_of(link) for link in page.links):
            return pattern, style, page_of
    return None


class NumberedAdapter(Adapter):
    name = "numbered"
    description = "numbered list files (2.html, 3.html … or index_2.html …)"

    def detect(self, page: ListPage) -> float:
        return 0.5 if numbered_style(page) else 0.0

    def read_list(self, page: ListPage) -> Listing:
        listing = super().read_list(page)
        found = numbered_style(page)
        if found is None:
            return listing
        pattern, style, page_of = found
        path, _ = _directory(page.url)
        m = pattern.match(path)
        current = int(m["n"]) if m and m["n"] else 1
        listing.declared_pages = declared_pages(page.text, page.links, page_of)
        ext = (m["ext"] if m else None) or "html"
        if listing.declared_pages and current < listing.declared_pages:
            name = f"index_{current + 1}.{ext}" if style == "index_N" else f"{current + 1}.{ext}"
            listing.requests.append(self.request(canonical_url(urljoin(page.url, name)), page=current + 1))
        listing.plan = f"{style}.{ext} (pager links)"
        return listing


ADAPTERS = [NumberedAdapter]
