"""The pipeline steps chained without Scrapy: raw store → read → store.

``gaar parse --db`` feeds it new pages; ``gaar reparse`` feeds it stored ones
(skipping the raw store, since their bytes are already kept).
"""

from __future__ import annotations

from typing import Any

from .raw import store_raw
from .read import apply_outcome, read_item
from .storage import Storage
from .store import store_item


def process_page(storage: Storage, item: Any, *, already_stored: bool = False, limits: Any = None) -> Any:
    """Run every step on ``item`` (a PageItem, or a StoredPage when re-parsing); returns it, filled in."""
    if not already_stored:
        store_raw(storage, item)
    apply_outcome(item, read_item(item, limits))
    store_item(storage, item)
    return item
