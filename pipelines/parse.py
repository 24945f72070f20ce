"""Step 3: parse. The shared parser turns a page's text (or an attachment's bytes)
into a Report; anything else becomes a status and a reason, never an exception."""

from __future__ import annotations

import importlib
from typing import Any, Optional

from gaar_spiders.report import parse_report

ATTACHMENT_HOOK = ("gaar_spiders.attachments", "report_from_attachment")


def _attachment_reader():
    module, name = ATTACHMENT_HOOK
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def emptiness(report: Any) -> Optional[str]:
    """Why a parser result is not a report, or None when it is one."""
    if report is None:
        return "parser returned nothing"
    if not (getattr(report, "body_text", "") or "").strip():
        return "parser found no report text"
    return None


def parse_item(item: Any) -> Any:
    """Set ``report`` (and ``parse_status`` 'parsed') or ``parse_status``/``parse_error``."""
    if item.parse_status:  # an earlier step already failed it
        return item
    if item.kind == "attachment":
        return _parse_attachment(item)
    if item.text is None:
        item.parse_status, item.parse_error = "failed", "no text to parse (chrome step did not run)"
        return item
    try:
        report = parse_report(item.text, url=item.url)
    except Exception as exc:
        item.parse_status, item.parse_error = "failed", f"parser: {_describe(exc)}"
        return item
    return _accept(item, report, "failed")


def _parse_attachment(item: Any) -> Any:
    reader = _attachment_reader()
    if reader is None:
        item.parse_status, item.parse_error = "unsupported", "no attachment reader installed (gaar_spiders.attachments)"
        return item
    from .storage import attachment_filename

    try:
        report, status, reason = reader(
            item.body,
            url=item.url,
            filename=attachment_filename(item.url, item.headers or {}),
            content_type=(item.headers or {}).get("content-type"),
        )
    except Exception as exc:
        item.parse_status, item.parse_error = "failed", f"attachment reader: {_describe(exc)}"
        return item
    if report is None:
        item.parse_status = status if status and status != "parsed" else "failed"
        item.parse_error = reason or "attachment reader returned no report"
        return item
    return _accept(item, report, "failed")


def _accept(item: Any, report: Any, status_if_empty: str) -> Any:
    why = emptiness(report)
    if why:
        item.parse_status, item.parse_error = status_if_empty, why
        return item
    item.report, item.parse_status, item.parse_error = report, "parsed", None
    return item


class ParsePipeline:
    """Scrapy wrapper of :func:`parse_item`."""

    def process_item(self, item):
        if hasattr(item, "body") and hasattr(item, "kind"):
            parse_item(item)
        return item
