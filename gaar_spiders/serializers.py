"""How an item field leaves in a feed (Scrapy's ``serializer`` field metadata, read through
itemadapter by the feed exporters; ``gaar_spiders/exports.py``).

A module of its own, with no Scrapy import: ``gaar_spiders.items`` names these serializers
and is loaded by ``gaar parse``, which must not pay for Scrapy (tests/test_cli_startup.py).
"""

from __future__ import annotations

from typing import Any, Optional


def body_digest(body: Optional[bytes]) -> Optional[str]:
    """Bytes as ``sha256:<hex>`` (``pages.sha256`` holds the same hex): never raw bytes in a feed."""
    if body is None:
        return None
    import hashlib  # only a feed export asks: gaar parse never loads it

    return "sha256:" + hashlib.sha256(bytes(body)).hexdigest()


def report_record(report: Any) -> Optional[dict]:
    """A parsed report as ``gaar parse --json`` prints it; None when the page is no report."""
    from gaar_spiders.status import PageStatus

    if report is None or getattr(report, "status", None) != PageStatus.PARSED:
        return None
    from gaar_spiders.cli.parse import report_json

    return report_json(report)
