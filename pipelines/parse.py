"""Step 3: parse. The shared parser turns a page's text (or an attachment's bytes)
into a Report; anything else becomes a status and a reason, never an exception.

The parser says itself when a text is not a report (its ``report.recognised``
check); such a page keeps the parser's result on the item (for ``gaar parse``
to show) but only a page with status 'parsed' is stored as a report.
"""

from __future__ import annotations

import importlib
from functools import partial
from typing import Any, Optional

from gaar_spiders.report import parse_report

from .storage import attachment_filename
from .workers import WorkerStep, run_step

ATTACHMENT_HOOK = ("gaar_spiders.attachments", "report_from_attachment")
RECOGNISED_CHECK = "report.recognised"

#: the parser's reason for not recognising a text -> the page status it means
_STATUS_BY_REASON = (
    ("parser error", "failed"),
    ("binary input", "unsupported"),
    ("empty input", "failed"),
    ("no text left", "failed"),
    ("unreadable markup", "failed"),  # over the parser's bounds (size, nesting): gaar_spiders/report/bounds.py
)


def _attachment_reader():
    module, name = ATTACHMENT_HOOK
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def verdict(report: Any) -> tuple[str, Optional[str]]:
    """(status, reason) of a parser result: 'parsed' with no reason when it is a report."""
    if report is None:
        return "failed", "parser returned nothing"
    recognised = next((c for c in report.checks or [] if c.check == RECOGNISED_CHECK), None)
    if recognised is not None and recognised.ok is False:
        reason = recognised.detail or "not recognised as a report"
        status = next((s for prefix, s in _STATUS_BY_REASON if reason.startswith(prefix)), "not_report")
        return status, reason
    if not (getattr(report, "body_text", "") or "").strip():
        return "failed", "parser found no report text"
    return "parsed", None


def parse_item(item: Any, limits: Any = None) -> Any:
    """Set ``report`` and ``parse_status`` (plus ``parse_error`` unless it is 'parsed').

    ``limits``: the attachments' ``Limits`` (from the crawl's settings); default: their defaults.
    """
    if item.parse_status:  # an earlier step already failed it
        return item
    if item.kind == "attachment":
        return _parse_attachment(item, limits)
    if item.text is None:
        item.parse_status, item.parse_error = "failed", "no text to parse (chrome step did not run)"
        return item
    try:
        report = parse_report(item.text, url=item.url)
    except Exception as exc:  # the parser promises not to raise; a bug must still not lose the page
        item.parse_status, item.parse_error = "failed", f"parser: {_describe(exc)}"
        return item
    item.report = report
    item.parse_status, item.parse_error = verdict(report)
    return item


def _parse_attachment(item: Any, limits: Any = None) -> Any:
    reader = _attachment_reader()
    if reader is None:
        item.parse_status, item.parse_error = "unsupported", "no attachment reader installed (gaar_spiders.attachments)"
        return item
    try:
        report, status, reason = reader(
            item.body,
            url=item.url,
            filename=attachment_filename(item.url, item.headers or {}),
            content_type=(item.headers or {}).get("content-type"),
            **({"limits": limits} if limits is not None else {}),
        )
    except Exception as exc:
        item.parse_status, item.parse_error = "failed", f"attachment reader: {_describe(exc)}"
        return item
    item.report = report
    if report is None:
        item.parse_status = status if status and status != "parsed" else "failed"
        item.parse_error = reason or "attachment reader returned no report"
        return item
    item.parse_status, item.parse_error = verdict(report)
    if item.parse_status == "parsed" and status and status not in ("parsed", "ok"):
        item.parse_status, item.parse_error = status, reason
    return item


class ParsePipeline(WorkerStep):
    """Scrapy wrapper of :func:`parse_item`, in a worker process (``pipelines.workers``);
    with ``GAAR_PARSE_WORKERS = 0``, inline, attachments in a thread (their extraction
    runs in a child process with limits on time and memory either way, the limits
    from the crawl's settings: ``Limits.from_settings``)."""

    step = staticmethod(parse_item)

    def __init__(self, crawler):
        super().__init__(crawler)
        self.limits = _limits(crawler.settings)

    async def process_item(self, item):
        if not self.applies(item):
            return item
        step = partial(parse_item, limits=self.limits) if self.limits is not None else parse_item
        if self.workers <= 0 and item.kind == "attachment":
            from scrapy.utils.defer import maybe_deferred_to_future
            from twisted.internet.threads import deferToThread

            await maybe_deferred_to_future(deferToThread(step, item))
            return item
        return await run_step(step, item, self.workers)


def _limits(settings) -> Any:
    try:
        from gaar_spiders.attachments.limits import Limits
    except ImportError:
        return None
    return Limits.from_settings(settings)
