"""The storage settings as the pipelines read them (defaults in gaar_spiders/settings.py)."""

from __future__ import annotations

from . import db as schema
from .storage import Storage

DEFAULT_DB = "gaar.db"


def storage_from_crawler(crawler) -> Storage:
    settings = crawler.settings
    return Storage(
        settings.get("GAAR_DB") or DEFAULT_DB,
        busy_timeout=settings.getfloat("GAAR_DB_BUSY_TIMEOUT", schema.DEFAULT_BUSY_TIMEOUT),
    )
