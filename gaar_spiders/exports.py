"""Scrapy's feed exports of GAAR's items: ``scrapy crawl daowai -O items.jsonl`` (or ``.csv``, ``.json``).

The items carry the raw bytes of every page (kept in the database) and the parser's
``Report`` object: neither is what a feed wants. Each item field says how it is exported
(Scrapy's ``serializer`` field metadata, read through itemadapter): ``body`` becomes
``sha256:<hex>`` — the same digest as ``pages.sha256``, so a row finds its bytes in the
database — and ``report`` becomes the record ``gaar parse --json`` prints (null for a page
that is no report: ``parse_status`` and ``parse_error`` say why).

A crawl also yields its own bookkeeping (``LinksItem``, ``ColumnWalkItem``: the frontier a
killed crawl is resumed from), which is no data: GAAR's ``FeedExporter`` gives every feed
``DataItemFilter`` unless the feed names its own ``item_classes`` or ``item_filter``.

CSV has one header for every row, and a crawl yields two kinds of data item: GAAR's CSV
exporter (``FEED_EXPORTERS`` in settings.py) writes the columns of both (``EXPORT_FIELDS``),
and nested values (the report, headers, hints) as JSON text in their cell.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from scrapy.exporters import CsvItemExporter as ScrapyCsvItemExporter
from scrapy.extensions.feedexport import FeedExporter as ScrapyFeedExporter
from scrapy.extensions.feedexport import ItemFilter

from gaar_spiders.serializers import body_digest, report_record  # noqa: F401 (the fields' serializers)


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


class DataItemFilter(ItemFilter):
    """A feed's items: the pages and failures (what the database's ``pages`` and ``failures`` hold),
    not the crawl's bookkeeping; a feed's own ``item_classes`` still decide where it names some."""

    def accepts(self, item: Any) -> bool:
        if self.item_classes:
            return super().accepts(item)
        from gaar_spiders.items import FailureItem, PageItem

        return isinstance(item, (PageItem, FailureItem))


class FeedExporter(ScrapyFeedExporter):
    """Scrapy's feed exports with ``DataItemFilter`` as every feed's default ``item_filter``
    (``-O items.jsonl`` cannot name one)."""

    def _load_filter(self, feed_options: dict[str, Any]) -> ItemFilter:
        if "item_filter" not in feed_options:
            feed_options = {**feed_options, "item_filter": DataItemFilter}
        return super()._load_filter(feed_options)
