"""A node of a distributed crawl: ``scrapy crawl portal -s GAAR_REDIS_URL=redis://…``.

A node takes whole portals from the shared work queue (``work.py``) and crawls each one with a
Scrapy crawler of its own — the very crawl ``scrapy crawl dazu`` runs on one machine (the named
spider and its politeness settings, the pipelines into this node's SQLite, a ``crawl_runs`` row
with its health) — except that the portal's requests wait in Redis (``scheduler.py``).
``GAAR_NODE_PORTALS`` portals at a time. ``scrapy crawl dazu`` (or ``portal -a url=…``) with the
setting crawls that one portal the same way, holding its lease so no other node crawls it at the
same time.

A heartbeat thread renews the node's key (``GAAR_NODE_TTL``) and reaps nodes whose key expired
(killed: their leases and in-flight requests go back). A node whose own key expired and was
reaped meanwhile (stopped in a debugger, a machine frozen) is *fenced*: its crawls stop without
giving anything back, since another node holds its portals now.

When the queue is empty the node waits while any portal is being crawled anywhere (a node may
die and its portals come back), and closes once nothing is queued or crawled for
``GAAR_NODE_IDLE`` seconds (0: at once). Ctrl-C or SIGTERM stops it: every crawl closes as on one
machine (``degraded — interrupted``), its in-flight requests go back into its portal's queue and
its portal back to the front of the work list, so the next node start goes on from Redis.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import socket
import threading
import time
from datetime import datetime, timezone
from typing import Optional

from scrapy import signals

from gaar_spiders.crawl import processes

from . import redis_url
from .keys import Keys
from .work import Entry, WorkQueue, connect

logger = logging.getLogger("gaar.node")

# KEYS: nodes, heartbeat; ARGV: node, info, ttl ms. Renew only while the node is still a member:
# a node reaped meanwhile must not come back to life holding nothing.
BEAT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
"""

#: close reasons after which a portal goes back to the work list (anything else: it is done)
GIVE_BACK = ("shutdown",)


class Node:
    def __init__(self, process, *, spider: str, spargs: dict):
        self.process = process
        self.settings = process.settings
        self.url = redis_url(self.settings)
        self.keys = Keys(self.settings.get("GAAR_REDIS_PREFIX") or "gaar")
        self.id = processes.identity()
        self.spider = spider
        self.spargs = dict(spargs)
        self.job = self.spargs.pop("_job", None)
        url = self.spargs.pop("url", None)
        #: one portal named on the command line (a named spider, or portal -a url=…), else None
        self.fixed: Optional[Entry] = None if spider == "portal" and not url else Entry(spider, url, {})
        self.slots = 1 if self.fixed else max(1, self.settings.getint("GAAR_NODE_PORTALS", 2))
        self.ttl = max(1.0, self.settings.getfloat("GAAR_NODE_TTL", 60))
        self.idle = max(0.0, self.settings.getfloat("GAAR_NODE_IDLE", 0))
        self.poll = max(0.2, min(5.0, self.ttl / 6))
        self.stopping = self.fenced = False
        self.crawlers: dict[str, object] = {}
        self.crawled = 0
        self.exitcode = 0
        self._beat_stop = threading.Event()
        self._seen: set[str] = set()  # portals this node crawled already (a run id stays unique)

    # --- set up ----------------------------------------------------------------------------

    def prepare(self) -> Optional[str]:
        """Connect, announce the node, take the named portal's lease; what is wrong, or None."""
        import redis

        try:
            self.server = connect(self.url)
        except (redis.RedisError, ValueError) as exc:
            return f"cannot reach Redis at {self.url} (GAAR_REDIS_URL): {exc}"
        self.queue = WorkQueue(self.server, self.keys.prefix)
        self._beat = self.server.register_script(BEAT)
        self.server.sadd(self.keys.nodes, self.id)
        self.server.set(self.keys.heartbeat(self.id), self._info(), px=int(self.ttl * 1000))
        if self.fixed is not None:
            holder = self.queue.lease(self.id, self.fixed)
            if holder is not None:
                self._leave()
                return f"{self.fixed.portal} is being crawled by node {holder} (gaar jobs --redis shows it)"
        self._configure()
        return None

    def _configure(self) -> None:
        """The settings every crawler of this node gets: scrapy-redis' scheduler and dupefilter keyed
        by portal, persisted, and the in-flight bookkeeping."""
        s = self.settings
        s.set("REDIS_URL", self.url, priority="cmdline")
        s.set("SCHEDULER", "gaar_spiders.distributed.scheduler.NodeScheduler", priority="cmdline")
        s.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="cmdline")
        s.set("SCHEDULER_PERSIST", True, priority="cmdline")
        s.set("GAAR_NODE_ID", self.id, priority="cmdline")
        extensions = s.getdict("EXTENSIONS")
        extensions["gaar_spiders.distributed.tracking.InFlightDone"] = 530
        s.set("EXTENSIONS", extensions, priority="cmdline")

    def _info(self) -> str:
        return json.dumps({"host": socket.gethostname(), "job": self.job, "portals": sorted(self.crawlers)})

    def start(self) -> None:
        from twisted.internet import reactor

        threading.Thread(target=self._heartbeat, name="gaar-node-heartbeat", daemon=True).start()
        atexit.register(self._leave)
        reactor.callWhenRunning(lambda: asyncio.ensure_future(self.run()))
        if self.fixed is not None:
            logger.info("node %s: crawling %s, holding its lease", self.id, self.fixed.portal)
        else:
            logger.info("node %s: taking portals from %s (%d at a time)", self.id, self.keys.start_urls, self.slots)

    # --- the work --------------------------------------------------------------------------

    async def run(self) -> None:
        try:
            await asyncio.gather(*(self._slot() for _ in range(self.slots)))
        except Exception:
            logger.exception("node %s failed", self.id)
            self.exitcode = 1
        finally:
            logger.info("node %s: done (%d portal crawl(s))", self.id, self.crawled)
            self._stop_reactor()

    async def _slot(self) -> None:
        if self.fixed is not None:
            await self._crawl(self.fixed.portal, self.fixed)
            return
        idle_since: Optional[float] = None
        while not (self.stopping or self.fenced):
            taken = self.queue.take(self.id)
            if taken is not None:
                idle_since = None
                await self._crawl(*taken)
                continue
            if self.server.hlen(self.keys.active):  # crawled elsewhere: it may come back if its node dies
                idle_since = None
            else:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= self.idle:
                    return
            await asyncio.sleep(self.poll)

    def _run_id(self, portal: str) -> str:
        if self.job:
            return f"{self.job}/{portal}" + (f"-{self.crawled}" if portal in self._seen else "")
        stamp = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}"
        return f"{portal}-{stamp}-{socket.gethostname()}-{self.id.split(':')[1]}"

    async def _crawl(self, portal: str, entry: Entry) -> None:
        args = {**self.spargs, **entry.spider_arguments(), "_job": self._run_id(portal)}
        self._seen.add(portal)
        try:
            spidercls = self.process.spider_loader.load(entry.spider)
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                check({k: v for k, v in args.items() if v is not None})
        except (KeyError, ValueError) as exc:
            why = f"no spider named {entry.spider!r}" if isinstance(exc, KeyError) else str(exc)
            logger.error("node %s: portal %s cannot be crawled: %s", self.id, portal, why)
            self.queue.release(portal, self.id, finished=True, record={"node": self.id, "reason": f"refused: {why}"})
            return
        crawler = self.process.create_crawler(spidercls)
        self.crawlers[portal] = crawler
        run_id = args["_job"]

        def closed(spider, reason):  # a plain function: Scrapy's signals take no partial
            self._closed(portal, run_id, reason)

        crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)
        logger.info("node %s: crawling %s (%s)", self.id, portal, entry.url or entry.spider)
        self.crawled += 1
        try:
            await self.process.crawl(crawler, **args)
        except Exception as exc:  # the crawl could not start: done, with why (never a portal bouncing for ever)
            logger.error("node %s: the crawl of %s failed to start: %s", self.id, portal, exc)
            self.queue.release(portal, self.id, finished=True,
                               record={"node": self.id, "reason": f"failed to start: {exc}"[:300]})
            self.exitcode = 1
        finally:
            self.crawlers.pop(portal, None)

    def _closed(self, portal: str, run_id: str, reason: str) -> None:
        """The portal's crawl closed: done, or (stopped by a signal) back to the front of the list."""
        if self.fenced:
            return
        finished = reason not in GIVE_BACK
        try:
            self.queue.release(portal, self.id, finished=finished, record={
                "node": self.id, "run_id": run_id, "reason": reason,
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        except Exception as exc:  # Redis gone: the lease expires with the node's heartbeat
            logger.warning("node %s: could not release %s: %s", self.id, portal, exc)
        if not finished:
            self.stopping = True
            logger.info("node %s: %s goes back to the work list (%s)", self.id, portal, reason)

    # --- heartbeat, reaping, fencing -------------------------------------------------------

    def _heartbeat(self) -> None:
        interval = self.ttl / 3
        while not self._beat_stop.wait(interval):
            try:
                alive = self._beat(keys=[self.keys.nodes, self.keys.heartbeat(self.id)],
                                   args=[self.id, self._info(), int(self.ttl * 1000)])
                if not alive:
                    self._fence_from_thread()
                    return
                for node, requests, portals in self.queue.reap():
                    logger.warning("node %s: node %s is gone; %d request(s) in flight and %d portal(s) put back",
                                   self.id, node, requests, portals)
            except Exception as exc:  # Redis unreachable for a while: keep trying
                logger.warning("node %s: heartbeat failed: %s", self.id, exc)

    def _fence_from_thread(self) -> None:
        from twisted.internet import reactor

        logger.error("node %s was reaped by another node (its heartbeat expired): stopping without giving back",
                     self.id)
        reactor.callFromThread(self._fence)

    def _fence(self) -> None:
        self.fenced = True
        self.exitcode = 1
        for crawler in list(self.crawlers.values()):
            crawler.gaar_fenced = True
            if crawler.engine is not None:
                asyncio.ensure_future(crawler.engine.close_spider_async(reason="gaar_node_fenced"))

    def _leave(self) -> None:
        """At exit: stop the heartbeat and give back whatever the node still holds (a forced stop)."""
        self._beat_stop.set()
        if self.fenced or not hasattr(self, "queue"):
            return
        try:
            self.queue.reap(force=self.id)
        except Exception as exc:
            logger.warning("node %s: could not leave cleanly (its heartbeat expires in %ss): %s",
                           self.id, self.ttl, exc)

    @staticmethod
    def _stop_reactor() -> None:
        from twisted.internet import reactor

        try:
            reactor.stop()
        except Exception:  # already stopping (Ctrl-C)
            pass
