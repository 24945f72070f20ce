"""A 下一页 link and nothing else: the walk follows it page by page (no count is printed,
so the shared walk rule stops at a page that brings nothing new).

Local portal: the demo's 青山区 (``index_2.html`` … reachable only by 下一页).
"""

from __future__ import annotations

from gaar_spiders.crawl.links import canonical_url
from gaar_spiders.report import templates as T

from .base import Adapter, ListPage, Listing


def next_page_url(page: ListPage):
    for link in page.links:
        if link.text in T.NEXT_PAGE_WORDS and canonical_url(link.url) != canonical_url(page.url):
            return link.url
    return None


class NextLinkAdapter(Adapter):
    name = "next_link"
    description = "a 下一页 link only"

    def detect(self, page: ListPage) -> float:
        return 0.3 if next_page_url(page) else 0.0

    def read_list(self, page: ListPage) -> Listing:
        listing = super().read_list(page)
        url = next_page_url(page)
        if url:
            listing.requests.append(self.request(url))
        listing.plan = "下一页 links"
        return listing


ADAPTERS = [NextLinkAdapter]
