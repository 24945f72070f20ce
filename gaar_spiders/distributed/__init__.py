"""Distributed crawls: several machines share one crawl through Redis (scrapy-redis), issue 19.

Switched on by settings alone: ``GAAR_REDIS_URL`` (or scrapy-redis' own ``REDIS_URL``). Without
it nothing here is imported by a crawl and nothing changes. With it, ``scrapy crawl portal`` is a
*node*: it takes whole portals from a shared work queue (``gaar enqueue`` fills it), crawls each
exactly as ``scrapy crawl NAME`` would on one machine, with scrapy-redis' scheduler and dupefilter
keeping that portal's requests in Redis (persisted), and puts back what it could not finish.
The design and its reasons: docs/distributed.md.

- ``keys``: every Redis key, in one place;
- ``work``: the queue of portals (entries, leases, the reaper of dead nodes), atomic Lua scripts;
- ``scheduler``: scrapy-redis' ``Scheduler`` keyed by portal, with the requests a node popped kept
  in its in-flight hash until their pages are stored;
- ``tracking``: the extension that marks a popped request done once its item is stored;
- ``node``: the node itself (a heartbeat, portal slots, crawlers started one portal at a time).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional


def redis_url(settings: Optional[Mapping[str, Any]] = None) -> Optional[str]:
    """The Redis a crawl shares its frontier through: ``GAAR_REDIS_URL``, else scrapy-redis'
    ``REDIS_URL``; None (one machine, no Redis) when neither is set."""
    from gaar_spiders import config

    url = config.setting("GAAR_REDIS_URL", settings)
    if not url and settings is not None:
        url = settings.get("REDIS_URL")
    return str(url).strip() or None if url else None


def enabled(settings: Optional[Mapping[str, Any]] = None) -> bool:
    return redis_url(settings) is not None
