"""Step 3: store. What the read step made of a page goes into SQLite in one
transaction (``Storage.save_reading``; in a crawl, a savepoint of the open batch of group
commits, which counts the reports: ``crawler_db.py``): a report with all its rows (an
attachment carrying its page's report becomes a source of that report), or
the page's status and reason. Before that, cells only the same office's
previous report can settle are read again with it (``settle_with_previous``)."""

from __future__ import annotations

import logging
from typing import Any, Optional

from gaar_spiders.divisions import load as load_divisions
from gaar_spiders.items import PageItem
from gaar_spiders.report.parse import needs_previous, revisit
from gaar_spiders.crawl.backoff import Backoff
from gaar_spiders.status import DONE_STATUSES, PageStatus

from . import years
from .crawler_db import StorageStep
from .storage import Storage

logger = logging.getLogger(__name__)


def settle_with_previous(storage: Storage, item: Any) -> bool:
    """Cells only the same office's previous report can settle (glued active rows, 上年结转):
    look that report up (organ, year − 1) and read the tables again with it. ``gaar reparse``
    passes here too, so a split chosen from the previous year is re-examined every time."""
    report = getattr(item, "report", None)
    if report is None or item.parse_status != PageStatus.PARSED or not needs_previous(report):
        return False
    try:
        organ = report.organ or (getattr(item, "hints", None) or {}).get("organ")
        previous = storage.previous_report(organ, report.year, organ_key=getattr(report, "organ_key", None))
        return previous is not None and revisit(report, previous)
    except Exception:  # the report is stored as parsed without it rather than lost
        logger.exception("could not read %s with its previous report", getattr(item, "url", "?"))
        return False


def store_item(storage: Storage, item: Any) -> Optional[str]:
    """Write the outcome of the read step for ``item`` (which has a ``page_id``); its report_id or None.

    A parsed report is identified first (division_code, organ_key: ``pipelines/years.py``), and
    its office's reports are checked across years again once it is stored."""
    report = getattr(item, "report", None)
    parsed = report is not None and item.parse_status == PageStatus.PARSED
    if parsed:
        years.identify(report, item.hints, item.page_meta)
        before = storage.organ_key_of(report.report_id)
    settle_with_previous(storage, item)
    stored = storage.save_reading(item)
    if parsed and stored:
        # the office's pairs again, and those of the reports this one superseded (a corrected page)
        superseded = [storage.organ_key_of(r) for r in storage.superseded]
        years.recheck(storage, (before, report.organ_key, storage.organ_key_of(stored), *superseded))
    return stored


def settle_fetch(storage: Storage, item: Any, backoff: Backoff) -> None:
    """What a crawl's fetch of a page comes to for its link: a page that failed to read keeps only its
    newest body and backs off (``links.failures``, ``retry_after``); one that was read clears them."""
    if item.parse_status == PageStatus.FAILED:
        with storage.transaction():
            storage.drop_older_failed_bodies(item.page_id)
            storage.link_failed(item.spider, item.url, item.kind, f"failed: {item.parse_error or ''}",
                                backoff.retry_after)
    elif item.parse_status in DONE_STATUSES:
        storage.link_succeeded(item.spider, item.url)


class StorePipeline(StorageStep):
    """Scrapy wrapper of :func:`store_item`, on the crawl's database (``GAAR_DB``), one batch item per
    page; counts stored reports, pages that are not, and the reports' failed checks."""

    def open_spider(self):
        super().open_spider()
        load_divisions()  # the division tables once, before the first report, not in the middle of a crawl
        self.backoff = Backoff.from_settings(self.crawler.settings)

    def process_item(self, item):
        if isinstance(item, PageItem) and item.page_id is not None:
            with self.batch.item():
                report_id = store_item(self.storage, item)
                settle_fetch(self.storage, item, self.backoff)
                if report_id:
                    self.batch.add_reports()
            stats = self.crawler.stats
            stats.inc_value("gaar/reports_stored" if report_id else "gaar/pages_not_parsed")
            if report_id:
                logger.debug("stored report %s from %s", report_id, item.url)
            if report_id and item.parse_status == PageStatus.PARSED:
                stats.inc_value("gaar/checks_failed", sum(1 for c in item.report.checks if c.ok is False))
        return item
