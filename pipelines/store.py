"""Step 3: store. What the read step made of a page goes into SQLite in one
transaction (``Storage.save_reading``): a report with all its rows (an
attachment carrying its page's report becomes a source of that report), or
the page's status and reason."""

from __future__ import annotations

from typing import Any, Optional

from gaar_spiders.items import PageItem
from gaar_spiders.status import PageStatus

from .crawler_db import StorageStep
from .storage import Storage


def store_item(storage: Storage, item: Any) -> Optional[str]:
    """Write the outcome of the read step for ``item`` (which has a ``page_id``); its report_id or None."""
    return storage.save_reading(item)


class StorePipeline(StorageStep):
    """Scrapy wrapper of :func:`store_item`, on its own connection to ``GAAR_DB``;
    counts stored reports, pages that are not, and the reports' failed checks."""

    def process_item(self, item):
        if isinstance(item, PageItem) and item.page_id is not None:
            report_id = store_item(self.storage, item)
            stats = self.crawler.stats
            stats.inc_value("gaar/reports_stored" if report_id else "gaar/pages_not_parsed")
            if report_id and item.parse_status == PageStatus.PARSED:
                stats.inc_value("gaar/checks_failed", sum(1 for c in item.report.checks if c.ok is False))
        return item
