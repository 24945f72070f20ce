"""Helpers the pagination adapters share: the page count a pager prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from gaar_spiders.crawl.links import Link
from gaar_spiders.report import templates as T

_PAGE_COUNT = re.compile(T.PAGE_COUNT_PATTERN)


def printed_page_count(html: str) -> Optional[int]:
    """``共3页`` / ``共 3 页`` as a pager prints it (markup and &nbsp; between are ignored)."""
    flat = re.sub(r"<[^>]+>|&nbsp;|\s+", "", html)
    m = _PAGE_COUNT.search(flat)
    return int(m[1]) if m else None


def declared_pages(html: str, links: Iterable[Link], page_of: Callable[[Link], Optional[int]]) -> Optional[int]:
    """The larger of the printed count and the highest page the pager links."""
    numbers = [n for n in (page_of(link) for link in links) if n]
    printed = printed_page_count(html)
    found = numbers + ([printed] if printed else [])
    return max(found) if found else None


#: link texts of a pager besides page numbers (首页 … 尾页, arrows)
PAGER_TEXTS = frozenset(("首页", "上一页", "上页", "前一页", "上一頁", "尾页", "末页", "最后一页", "<", "‹", "«")
                        + T.NEXT_PAGE_WORDS + T.LAST_PAGE_WORDS)
_PAGE_NUMBER_TEXT = re.compile(r"^(?:[\[【(（]?\d{1,4}[\]】)）]?|第\d{1,4}页)$")


def is_pager_link(link: Link) -> bool:
    """A link a pager prints: a page number (``2``, ``[2]``, ``第2页``), 首页/上一页/下一页/尾页 or an arrow.

    What tells a page of the list from a sibling column whose file is numbered too
    (``list/xxgknb/auto/123.html`` 政策文件 beside the column ``auto/124.html``).
    """
    text = link.text or ""
    return text in PAGER_TEXTS or bool(_PAGE_NUMBER_TEXT.match(text))


@dataclass(frozen=True)
class PagePlan:
    """A list's pagination as one family reads it: pages declared, the next page to ask for, the plan in words.

    Families that share a pagination style (a Jiangxi ``xxgk.shtml?code=`` column pages by
    a query parameter, its ``xxgk_list.shtml`` by numbered files) take a plan from the
    style's module and ``apply`` it as their own requests, so their next pages come back
    to them.
    """

    declared: Optional[int]
    plan: str
    next_url: Optional[str] = None
    next_page: Optional[int] = None
    state: dict = field(default_factory=dict)

    def apply(self, adapter, listing) -> None:
        listing.declared_pages = self.declared
        listing.plan = self.plan
        if self.next_url:
            listing.requests.append(adapter.request(self.next_url, page=self.next_page, state=dict(self.state)))
