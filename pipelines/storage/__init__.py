"""GAAR's storage: the only code that runs SQL on a GAAR database (``pipelines/db.py`` makes
the schema). ``Reader`` answers questions on a file opened read-only; ``Storage`` writes,
one transaction per write, and reads too. See docs/database.md."""

from .access import database_problem
from .crawlstate import INTERRUPTED, CrawlState, Link
from .reader import RUN_FIELDS, Reader, StoredPage, crawl_state, known_urls
from .values import attachment_filename, utc_now
from .writer import RUN_COUNTERS, Storage

__all__ = ["INTERRUPTED", "RUN_COUNTERS", "RUN_FIELDS", "CrawlState", "Link", "Reader", "Storage", "StoredPage",
           "attachment_filename", "crawl_state", "database_problem", "known_urls", "utc_now"]
