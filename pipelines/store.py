"""Step 5: store. A parsed report goes in with all its rows in one transaction;
a page that did not parse is marked with its status and reason."""

from __future__ import annotations

import logging
from typing import Any, Optional

from gaar_spiders.divisions import load as load_divisions
from gaar_spiders.items import PageItem

from gaar_spiders.report.normalize import label_key
from gaar_spiders.report.parse import needs_previous, revisit

from . import years
from .crawler_db import StorageStep
from .storage import Storage

logger = logging.getLogger(__name__)


def _filled(report: Any) -> int:
    return sum(1 for c in report.cells if c.value is not None or c.raw)


def _same_office(a: Optional[str], b: Optional[str]) -> bool:
    if not a or not b:
        return True
    ka, kb = label_key(a), label_key(b)
    return ka == kb or ka in kb or kb in ka  # 区民政局 / 某某区民政局


def store_with_page(storage: Storage, item: Any) -> Optional[str]:
    """An attachment that carries the same report as the page linking it is that report:
    one row, both sources in ``report_urls``, the tables from whichever has more of them."""
    if item.kind != "attachment" or not item.source_url:
        return None
    found = storage.source_page_report(item.source_url)
    report = item.report
    if found is None:
        return None
    page_report_id, year, organ, page_filled = found
    if report.year is None or year is None or report.year != year or not _same_office(report.organ, organ):
        return None  # another report (another office's, another year's): a report of its own
    if _filled(report) > page_filled:
        new_id = storage.save_report(report, item.page_id, item.hints, url=item.url)
        storage.replace_report(page_report_id, new_id)
        return new_id
    storage.add_source(page_report_id, item.page_id, item.url)
    return page_report_id


def settle_with_previous(storage: Storage, item: Any) -> bool:
    """Cells only the same office's previous report can settle (glued active rows, 上年结转):
    look that report up (organ, year − 1) and read the tables again with it. ``gaar reparse``
    passes here too, so a split chosen from the previous year is re-examined every time."""
    report = item.report
    if not needs_previous(report):
        return False
    try:
        organ = report.organ or (getattr(item, "hints", None) or {}).get("organ")
        previous = storage.previous_report(organ, report.year, organ_key=getattr(report, "organ_key", None))
        return previous is not None and revisit(report, previous)
    except Exception:  # the report is stored as parsed without it rather than lost
        logger.exception("could not read %s with its previous report", getattr(item, "url", "?"))
        return False


def store_item(storage: Storage, item: Any) -> Optional[str]:
    """Write the outcome of the earlier steps for ``item`` (which has a ``page_id``); then check
    the office's reports across years again (``pipelines/years.py``)."""
    report = getattr(item, "report", None)
    if report is not None and item.parse_status == "parsed":
        years.identify(report, item.hints, item.page_meta)
        settle_with_previous(storage, item)
        try:
            before = storage.organ_key_of(report.report_id)
            stored = store_with_page(storage, item) or storage.save_report(
                report, item.page_id, item.hints,
                url=item.url, chrome_method=item.chrome_method, page_meta=item.page_meta,
            )
        except Exception as exc:
            logger.exception("could not store the report of %s", item.url)
            item.parse_status = "failed"
            item.parse_error = f"store: {type(exc).__name__}: {exc}"[:500]
        else:
            years.recheck(storage, (before, report.organ_key))
            return stored
    storage.mark_page(
        item.page_id, item.parse_status or "failed", item.parse_error,
        chrome_method=item.chrome_method, page_meta=item.page_meta or None,
    )
    return None


class StorePipeline(StorageStep):
    """Scrapy wrapper of :func:`store_item`, on its own connection to ``GAAR_DB``."""

    def open_spider(self):
        super().open_spider()
        load_divisions()  # the division tables once, before the first report, not in the middle of a crawl

    def process_item(self, item):
        if isinstance(item, PageItem) and item.page_id is not None:
            report_id = store_item(self.storage, item)
            self.crawler.stats.inc_value("gaar/reports_stored" if report_id else "gaar/pages_not_parsed")
        return item
