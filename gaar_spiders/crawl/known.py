"""What an incremental run need not fetch again: pages already stored and read.

A page whose parse failed is fetched again (the portal may have fixed it);
one that was parsed, was not a report, or waits for a tool (needs_ocr,
unsupported) is not: ``gaar reparse`` re-reads those from the raw store.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Optional

DONE_STATUSES = ("parsed", "not_report", "needs_ocr", "unsupported")


def known_urls(db_path: Optional[str], spider: Optional[str] = None) -> set[str]:
    if not db_path or not Path(db_path).exists():
        return set()
    try:
        conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return set()
    try:
        marks = ",".join("?" * len(DONE_STATUSES))
        sql = f"SELECT url FROM pages WHERE parse_status IN ({marks})"
        params: tuple = DONE_STATUSES
        if spider:
            sql += " AND spider = ?"
            params += (spider,)
        return {row[0] for row in conn.execute(sql, params)}
    except sqlite3.Error:  # an empty or foreign file: nothing is known
        return set()
    finally:
        conn.close()
