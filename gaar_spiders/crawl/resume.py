"""What a crawl goes on from: the spider's one call to storage (``pipelines.storage.crawlstate``).

An incremental crawl does not fetch again what was read (``known``: parsed, not a report, waiting
for a tool — ``gaar_spiders.status.DONE_STATUSES``; a page whose reading failed is fetched again,
after its back-off). And it finishes whatever an earlier crawl of the same spider left: pages
stored but never read (read from the database, no network), links found but never read (requested
directly), columns whose walk never completed (walked to their end). See docs/crawling.md,
"Resuming".
"""

from __future__ import annotations

from typing import Iterator, Optional


def crawl_state(db_path: Optional[str], spider: str):
    """``pipelines.storage.CrawlState`` of ``spider`` in the database at ``db_path`` (empty when none)."""
    from pipelines.storage import crawl_state as stored

    return stored(db_path, spider)


def stored_pages(db_path: str, page_ids: list[int]) -> Iterator:
    """The pages ``page_ids`` as stored (``pipelines.storage.StoredPage``), one at a time."""
    from pipelines.storage import Reader

    with Reader(db_path, busy_timeout=30) as reader:
        for page_id in page_ids:
            try:
                yield reader.load_page(page_id)
            except KeyError:  # gone meanwhile (a newer body of a failing URL replaced it)
                continue
