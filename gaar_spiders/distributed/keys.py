"""Every Redis key of a distributed crawl, and the portal key a crawl's work is filed under.

All keys start with ``GAAR_REDIS_PREFIX`` (``gaar``), so several campaigns (or a test) can share
one Redis. A *portal key* names one unit of work: a registry name (``dazu``), or for an ad-hoc
entry URL ``portal-<host>`` (the name ``gaar schedule`` gives such a job).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit


def portal_key(spider: str, url: Optional[str] = None) -> str:
    """The unit of work a crawl of ``spider`` (from ``url``, for the generic ``portal``) is."""
    if spider == "portal" and url:
        return f"portal-{(urlsplit(url).hostname or url).lower()}"
    return spider


def portal_key_of(spider) -> str:
    """``portal_key`` of a running spider (a named one, or ``portal -a url=…``)."""
    urls = list(getattr(spider, "start_urls", None) or [])
    return portal_key(spider.name, urls[0] if urls else None)


@dataclass(frozen=True)
class Keys:
    prefix: str = "gaar"

    @property
    def start_urls(self) -> str:
        """scrapy-redis' start-URL list: the portals waiting for a node (JSON entries, FIFO)."""
        return f"{self.prefix}:start_urls"

    @property
    def active(self) -> str:
        """Hash portal key -> JSON {node, entry}: the portals being crawled (their lease)."""
        return f"{self.prefix}:active"

    @property
    def done(self) -> str:
        """Hash portal key -> JSON {node, run_id, reason, at}: portals crawled to their end."""
        return f"{self.prefix}:done"

    @property
    def nodes(self) -> str:
        """Set of the nodes that announced themselves (alive or not yet reaped)."""
        return f"{self.prefix}:nodes"

    def heartbeat(self, node: str) -> str:
        """A node's heartbeat: exists while the node lives (a TTL it renews)."""
        return f"{self.prefix}:node:{node}"

    def inflight(self, node: str) -> str:
        """Hash id -> ``queue\\nscore\\nrequest``: requests the node popped and has not stored yet."""
        return f"{self.prefix}:inflight:{node}"

    def requests(self, portal: str) -> str:
        """scrapy-redis' request queue (a sorted set by priority) of one portal."""
        return f"{self.prefix}:{portal}:requests"

    def dupefilter(self, portal: str) -> str:
        """scrapy-redis' dupefilter (fingerprints) of one portal."""
        return f"{self.prefix}:{portal}:dupefilter"
