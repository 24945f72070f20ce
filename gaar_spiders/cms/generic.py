"""Any portal's plain HTML list: dated links and report-titled links are records,
short links below the column are sub-columns, and nothing is paginated.

The fallback every other adapter builds on (``Adapter``'s defaults); it
detects every page weakly, so a page no family recognises is still read.
"""

from __future__ import annotations

from .base import Adapter, ListPage


class GenericAdapter(Adapter):
    name = "generic"
    description = "a plain HTML list (no pagination recognised): dated and report-titled links"

    def detect(self, page: ListPage) -> float:
        return 0.1


ADAPTERS = [GenericAdapter]
