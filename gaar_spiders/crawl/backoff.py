"""When a report page or attachment that failed is tried again: a back-off per URL.

A page that keeps failing (a 404 that never comes back, a broken PDF, a challenge wall)
must not be fetched on every run, nor grow the database on every run. After its n-th
failure in a row a URL waits ``GAAR_RETRY_BACKOFF_HOURS × 2^(n-1)`` hours, at most
``GAAR_RETRY_BACKOFF_MAX_DAYS`` days: with the defaults (20 h, 30 days) a daily crawl
tries it again the next day, then after 2, 4, 7, 14 and 27 days, then monthly. A success
clears the count. ``-a retry_failed=1`` (or ``-a incremental=0``) tries every one now.

Only report pages and attachments back off: an entry or list page that fails is tried on
every run (a walk cut there loses reports; docs/crawling.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping, Optional

from gaar_spiders import config


@dataclass(frozen=True)
class Backoff:
    base_hours: float = float(config.defaults.GAAR_RETRY_BACKOFF_HOURS)
    max_days: float = float(config.defaults.GAAR_RETRY_BACKOFF_MAX_DAYS)

    def delay(self, failures: int) -> timedelta:
        """How long a URL waits after its ``failures``-th failure in a row."""
        if failures <= 0 or self.base_hours <= 0:
            return timedelta(0)
        hours = self.base_hours * 2 ** min(failures - 1, 30)
        return min(timedelta(hours=hours), timedelta(days=self.max_days))

    def retry_after(self, failures: int, failed_at: Optional[datetime] = None) -> str:
        """The ISO time (UTC, as every time in the database) before which the URL is not fetched."""
        failed_at = failed_at or datetime.now(timezone.utc)
        return (failed_at + self.delay(failures)).isoformat(timespec="seconds")

    @classmethod
    def from_settings(cls, settings: Optional[Mapping[str, Any]] = None) -> "Backoff":
        return cls(float(config.setting("GAAR_RETRY_BACKOFF_HOURS", settings)),
                   float(config.setting("GAAR_RETRY_BACKOFF_MAX_DAYS", settings)))
