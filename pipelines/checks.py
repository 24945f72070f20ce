"""Step 4: checks. The parser computes the report's own arithmetic (勾稽关系 …);
this step makes sure a report carries them and counts the failures for the crawl stats."""

from __future__ import annotations

import importlib
from typing import Any

#: where the parser's checks live, tried in order when a report arrives without checks
CHECK_FUNCTIONS = (("gaar_spiders.report.checks", "run_checks"),)


def _check_function():
    for module, name in CHECK_FUNCTIONS:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    return None


def ensure_checks(report: Any) -> Any:
    """The report with its checks; computed here only if the parser left none."""
    if report is None or report.checks:
        return report
    run = _check_function()
    if run is not None:
        result = run(report)
        if isinstance(result, list):
            report.checks = result
    return report


def check_item(item: Any) -> Any:
    if getattr(item, "report", None) is not None and item.parse_status == "parsed":
        ensure_checks(item.report)
    return item


class ChecksPipeline:
    """Scrapy wrapper of :func:`check_item`; counts failed checks in the crawl stats."""

    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        check_item(item)
        report = getattr(item, "report", None)
        if report is not None and getattr(item, "parse_status", None) == "parsed" and self.crawler is not None:
            failed = sum(1 for c in report.checks if c.ok is False)
            self.crawler.stats.inc_value("gaar/checks_failed", failed)
        return item
