"""The pipeline steps chained without Scrapy: raw → chrome → parse → checks → store.

``gaar parse --db`` feeds it new pages; ``gaar reparse`` feeds it stored ones
(skipping the raw step, since their bytes are already kept).
"""

from __future__ import annotations

from typing import Any

from .checks import check_item
from .chrome import apply_chrome
from .parse import parse_item
from .raw import store_raw
from .storage import Storage
from .store import store_item


def process_page(storage: Storage, item: Any, *, already_stored: bool = False) -> Any:
    """Run every step on ``item`` (a PageItem, or a StoredPage when re-parsing)."""
    if not already_stored:
        store_raw(storage, item)
    item.parse_status = None
    item.parse_error = None
    item.report = None
    for step in (apply_chrome, parse_item, check_item):
        step(item)
    store_item(storage, item)
    return item
