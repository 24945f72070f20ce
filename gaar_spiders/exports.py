"""Scrapy's feed exports of GAAR's items: ``scrapy crawl daowai -O items.jsonl`` (or ``.csv``, ``.json``).

The items carry the raw bytes of every page (kept in the database) and the parser's
``Report`` object: neither is what a feed wants. Each item field says how it is exported
(Scrapy's ``serializer`` field metadata, read through itemadapter): ``body`` becomes
``sha256:<hex>`` — the same digest as ``pages.sha256``, so a row finds its bytes in the
database — and ``report`` becomes the record ``gaar parse --json`` prints (null for a page
that is no report: ``parse_status`` and ``parse_error`` say why).

CSV has one header for every row, and a crawl yields two kinds of item: GAAR's CSV
exporter (``FEED_EXPORTERS`` in settings.py) writes the columns of both (``EXPORT_FIELDS``),
and nested values (the report, headers, hints) as JSON text in their cell.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from typing import Any, Optional

from scrapy.exporters import CsvItemExporter as ScrapyCsvItemExporter


def body_digest(body: Optional[bytes]) -> Optional[str]:
    """Bytes as ``sha256:<hex>`` (``pages.sha256`` holds the same hex): never raw bytes in a feed."""
    if body is None:
        return None
    return "sha256:" + hashlib.sha256(bytes(body)).hexdigest()


def report_record(report: Any) -> Optional[dict]:
    """A parsed report as ``gaar parse --json`` prints it; None when the page is no report."""
    from gaar_spiders.status import PageStatus

    if report is None or getattr(report, "status", None) != PageStatus.PARSED:
        return None
    from gaar_spiders.cli.parse import report_json

    return report_json(report)


def export_fields() -> list[str]:
    """Every field of PageItem, then FailureItem's own: the columns of a CSV feed."""
    from gaar_spiders.items import FailureItem, PageItem

    names = [f.name for f in fields(PageItem)]
    return names + [f.name for f in fields(FailureItem) if f.name not in names]


class CsvItemExporter(ScrapyCsvItemExporter):
    """Scrapy's CSV exporter with GAAR's columns (both item kinds) and JSON for nested values."""

    def __init__(self, file, **kwargs):
        if not kwargs.get("fields_to_export"):
            kwargs["fields_to_export"] = export_fields()
        super().__init__(file, **kwargs)

    def serialize_field(self, field, name: str, value: Any) -> Any:
        value = super().serialize_field(field, name, value)
        if isinstance(value, (dict, list, tuple)):
            return json.dumps(value, ensure_ascii=False, default=str)
        return value
