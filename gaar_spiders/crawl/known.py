"""What an incremental run need not fetch again: pages already stored and read.

A page whose parse failed is fetched again (the portal may have fixed it);
one that was parsed, was not a report, or waits for a tool (needs_ocr,
unsupported) is not: ``gaar reparse`` re-reads those from the raw store
(``gaar_spiders.status.DONE_STATUSES``). Storage answers; this is the spider's
one call to it.
"""

from __future__ import annotations

from typing import Optional


def known_urls(db_path: Optional[str], spider: Optional[str] = None) -> set[str]:
    from pipelines.storage import known_urls as stored

    return stored(db_path, spider)
