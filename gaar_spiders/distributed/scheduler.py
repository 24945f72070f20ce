"""scrapy-redis' scheduler, one portal's queue at a time, losing nothing when a node dies.

scrapy-redis keeps a crawl's requests in Redis (a sorted set by priority) and its fingerprints in
a shared dupefilter, persisted (``SCHEDULER_PERSIST``) so a stopped crawl resumes from Redis. Two
things GAAR adds:

- **keyed by portal**, not by spider name: the generic ``portal`` spider crawls many portals, and
  each portal is one unit of work a node leases (``work.py``), so the queue is
  ``<prefix>:<portal>:requests`` and the dupefilter ``<prefix>:<portal>:dupefilter``;
- **in flight**: plain scrapy-redis pops a request and forgets it, so a node killed with SIGKILL
  loses whatever it had popped, and the shared dupefilter then blocks those URLs for ever. Here a
  request is popped *into* the node's in-flight hash in one step (a Lua script), and leaves it
  when its page or failure has gone through every item pipeline (``tracking.py``); whatever is
  still there when the node dies goes back into the queue (``work.REAP``), bypassing the
  dupefilter. At-least-once: a request whose page was stored just before the kill is fetched
  once more, and ``gaar merge`` keeps one page per URL and body, one report per report id.

A list walk lives in the memory of the crawl that started it (``cms/walk.py``: pages declared,
loops, the nothing-new stop), so walk requests (entry, nav, list) are deduplicated within one
holder's crawl only (never in the shared dupefilter), and one left in the queue by an earlier
holder of the portal is dropped when popped (``gaar/distributed/stale_walk_requests``): the new
holder walks the columns again from the entry. Report pages and attachments go through the
shared dupefilter and are never dropped.
"""

from __future__ import annotations

import uuid

from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from .keys import Keys, portal_key_of

#: request kinds whose loss would lose a report (``meta["gaar_kind"]``)
TRACKED = ("page", "attachment")
INFLIGHT = "gaar_inflight"  # meta: the request's id in its node's in-flight hash
HOLDER = "gaar_holder"  # meta: the crawl (one holder of the portal) whose walk sent a list request

# KEYS: queue, inflight; ARGV: id. The highest-priority request, moved into the in-flight hash.
POP = """
local items = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #items == 0 then return nil end
redis.call('ZREM', KEYS[1], items[1])
redis.call('HSET', KEYS[2], ARGV[1], KEYS[1] .. '\\n' .. items[2] .. '\\n' .. items[1])
return items[1]
"""


class NodeScheduler(Scheduler):
    """``scrapy_redis.scheduler.Scheduler`` for one leased portal (settings: docs/distributed.md)."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.persist = True  # a stopped crawl resumes from Redis: never flushed at close
        scheduler.keys = Keys(crawler.settings.get("GAAR_REDIS_PREFIX") or "gaar")
        scheduler.node = crawler.settings.get("GAAR_NODE_ID")
        if not scheduler.node:
            raise ValueError("GAAR_NODE_ID is not set: a NodeScheduler runs inside a node (gaar_spiders.distributed.node)")
        return scheduler

    def open(self, spider):
        from scrapy_redis.dupefilter import RFPDupeFilter

        self.portal = portal_key_of(spider)
        self.queue_key = self.keys.requests(self.portal)
        self.inflight_key = self.keys.inflight(self.node)
        self.holder = uuid.uuid4().hex
        self.mine: set[str] = set()  # fingerprints this crawl let through (its own repeats are no news)
        self.walked: set[str] = set()  # walk requests (entry, nav, list) this crawl sent
        self.df = RFPDupeFilter(self.server, key=self.keys.dupefilter(self.portal),
                                debug=spider.settings.getbool("DUPEFILTER_DEBUG"))
        self._pop = self.server.register_script(POP)
        # scrapy-redis' open() without its deprecated Spider.log() call: the portal's queue
        self.spider = spider
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=self.queue_key,
                                                 serializer=self.serializer)
        if len(self.queue):
            spider.logger.info("resuming %s from Redis: %d request(s) queued", self.portal, len(self.queue))

    def enqueue_request(self, request) -> bool:
        if request.meta.get("gaar_kind") not in TRACKED:
            # a walk request (entry, nav, list): deduplicated within this holder's crawl only, as
            # Scrapy's own dupefilter would — the next holder walks the columns again from the entry
            request.meta.setdefault(HOLDER, self.holder)
            if not request.dont_filter:
                fingerprint = self.df.request_fingerprint(request)
                if fingerprint in self.walked:
                    return False
                self.walked.add(fingerprint)
            self.stats.inc_value("scheduler/enqueued/redis")
            self.queue.push(request)
            return True
        if not request.dont_filter:
            fingerprint = self.df.request_fingerprint(request)
            if self.df.request_seen(request):
                self.df.log(request, self.spider)
                if request.meta.get("gaar_kind") in TRACKED and fingerprint not in self.mine:
                    # fetched, queued or in flight in another holder's crawl of this portal
                    self.stats.inc_value("gaar/skipped_elsewhere")
                return False
            self.mine.add(fingerprint)
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        while True:
            ident = uuid.uuid4().hex
            data = self._pop(keys=[self.queue_key, self.inflight_key], args=[ident])
            if data is None:
                return None
            request = self.queue._decode_request(data)
            self.stats.inc_value("scheduler/dequeued/redis")
            meta = request.meta
            if meta.get("gaar_kind") not in TRACKED:
                self.server.hdel(self.inflight_key, ident)  # a walk is redone from the entry: no loss
                if meta.get(HOLDER) not in (None, self.holder):
                    self.stats.inc_value("gaar/distributed/stale_walk_requests")
                    continue
                return request
            previous = meta.get(INFLIGHT)  # a retry or redirect of a request popped before
            if previous:
                self.server.hdel(self.inflight_key, previous)
            meta[INFLIGHT] = ident
            return request

    def close(self, reason):
        """A crawl that ended by itself leaves nothing in flight; one that was stopped puts what it
        had popped and not stored back into the queue, for the next holder."""
        if getattr(self.crawler, "gaar_fenced", False):
            return  # reaped while alive: another node holds the portal and its requests now
        leftover = []
        for ident, value in self.server.hgetall(self.inflight_key).items():
            queue, score, data = value.split(b"\n", 2)
            if queue.decode() == self.queue_key:
                leftover.append((ident, score, data))
        if not leftover:
            return
        with self.server.pipeline() as pipe:  # MULTI: back in the queue and out of flight at once
            for ident, score, data in leftover:
                if reason != "finished":
                    pipe.zadd(self.queue_key, {data: float(score)})
                pipe.hdel(self.inflight_key, ident)
            pipe.execute()
        if reason != "finished":
            self.spider.logger.info("%d request(s) in flight put back into %s", len(leftover), self.queue_key)
