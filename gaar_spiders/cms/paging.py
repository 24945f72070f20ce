"""Helpers the pagination adapters share: the page count a pager prints."""

from __future__ import annotations

import re
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
