"""The queue of portals a distributed crawl shares (``gaar enqueue`` fills it, nodes take from it).

An *entry* is one portal in scrapy-redis' start-URL data format (JSON with ``url`` and ``meta``;
``meta`` says which spider crawls it, its portal key and its ``-a`` arguments). Entries wait in
the list ``<prefix>:start_urls`` (first in, first out). A node takes one and holds its *lease*
(``<prefix>:active``) while it crawls the portal; when the crawl ends by itself the portal is
``done``; when it is stopped (Ctrl-C, SIGTERM, scrapyd's cancel) the entry goes back to the front
of the list. A node killed outright cannot give anything back: its heartbeat key expires, and
the next live node to look (every heartbeat) *reaps* it — its leases go back to the front of the
list and the requests it had popped go back into their portals' queues. Each of these is one Lua
script, so two nodes never both take, or both reap, the same thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from .keys import Keys, portal_key

# KEYS: start_urls, active, done; ARGV: node. Pops entries until one whose portal nobody crawls
# (an entry queued twice while its portal is being crawled is dropped: the running crawl covers it).
TAKE = """
while true do
  local data = redis.call('LPOP', KEYS[1])
  if not data then return nil end
  local ok, entry = pcall(cjson.decode, data)
  local portal = data
  if ok and type(entry) == 'table' and type(entry.meta) == 'table' and entry.meta.gaar_portal then
    portal = entry.meta.gaar_portal
  end
  if redis.call('HEXISTS', KEYS[2], portal) == 0 then
    redis.call('HSET', KEYS[2], portal, cjson.encode({node = ARGV[1], entry = data}))
    redis.call('HDEL', KEYS[3], portal)
    return {portal, data}
  end
end
"""

# KEYS: active, start_urls, done; ARGV: portal, node, finished (1/0), done record (JSON).
# Only the lease holder releases (a node reaped meanwhile has nothing left to give back).
RELEASE = """
local lease = redis.call('HGET', KEYS[1], ARGV[1])
if not lease then return 0 end
local held = cjson.decode(lease)
if held.node ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
else
  redis.call('LPUSH', KEYS[2], held.entry)
end
return 1
"""

# KEYS: nodes, active, start_urls; ARGV: prefix, a node to reap whatever its heartbeat ('' none).
# Every node of the set whose heartbeat is gone: its in-flight requests back into their queues
# (straight into the queue: the dupefilter saw them already), its leases back to the front of
# the work list, and the node forgotten. Returns the nodes reaped and what they gave back.
REAP = """
local reaped = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if node == ARGV[2] or redis.call('EXISTS', ARGV[1] .. ':node:' .. node) == 0 then
    local inflight = ARGV[1] .. ':inflight:' .. node
    local items = redis.call('HGETALL', inflight)
    local requests, portals = 0, 0
    for i = 1, #items, 2 do
      local v = items[i + 1]
      local a = string.find(v, '\\n', 1, true)
      local b = string.find(v, '\\n', a + 1, true)
      redis.call('ZADD', string.sub(v, 1, a - 1), string.sub(v, a + 1, b - 1), string.sub(v, b + 1))
      requests = requests + 1
    end
    redis.call('DEL', inflight)
    local active = redis.call('HGETALL', KEYS[2])
    for i = 1, #active, 2 do
      local lease = cjson.decode(active[i + 1])
      if lease.node == node then
        redis.call('LPUSH', KEYS[3], lease.entry)
        redis.call('HDEL', KEYS[2], active[i])
        portals = portals + 1
      end
    end
    redis.call('SREM', KEYS[1], node)
    redis.call('DEL', ARGV[1] .. ':node:' .. node)
    table.insert(reaped, node .. ' ' .. requests .. ' ' .. portals)
  end
end
return reaped
"""


@dataclass
class Entry:
    """One portal to crawl: a registry name, or the generic spider with an entry URL."""

    spider: str
    url: Optional[str] = None
    args: dict = field(default_factory=dict)

    @property
    def portal(self) -> str:
        return portal_key(self.spider, self.url)

    def data(self) -> str:
        """The entry in scrapy-redis' start-URL format (``url`` + ``meta``)."""
        return json.dumps({"url": self.url or "", "meta": {"gaar_portal": self.portal, "gaar_spider": self.spider,
                                                           "gaar_args": self.args}},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_data(cls, data: Any) -> "Entry":
        """An entry as queued: GAAR's JSON, or scrapy-redis' plain URL string (crawled by ``portal``)."""
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return cls("portal", text.strip())
        if not isinstance(value, dict):
            return cls("portal", text.strip())
        meta = value.get("meta") or {}
        spider = meta.get("gaar_spider") or "portal"
        return cls(spider, value.get("url") or None, dict(meta.get("gaar_args") or {}))

    def spider_arguments(self) -> dict:
        """The ``-a`` arguments of this entry's crawl."""
        args = dict(self.args)
        if self.url:
            args["url"] = self.url
        return args


def connect(url: str):
    """A Redis client (redis-py) on ``url``; raises ``redis.RedisError`` when it cannot be reached."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)
    client.ping()
    return client


class WorkQueue:
    """The portals of one campaign in one Redis (``server``: a redis-py client)."""

    def __init__(self, server, prefix: str = "gaar"):
        self.server = server
        self.keys = Keys(prefix)
        self._take = server.register_script(TAKE)
        self._release = server.register_script(RELEASE)
        self._reap = server.register_script(REAP)

    def enqueue(self, entries: Iterable[Entry], *, front: bool = False) -> int:
        data = [e.data() for e in entries]
        if not data:
            return 0
        (self.server.lpush if front else self.server.rpush)(self.keys.start_urls, *data)
        return len(data)

    def take(self, node: str) -> Optional[tuple[str, Entry]]:
        """The next portal nobody crawls, leased to ``node``; None when the list is empty."""
        k = self.keys
        found = self._take(keys=[k.start_urls, k.active, k.done], args=[node])
        if not found:
            return None
        portal, data = found
        return portal.decode() if isinstance(portal, bytes) else portal, Entry.from_data(data)

    def lease(self, node: str, entry: Entry) -> Optional[str]:
        """Hold ``entry``'s portal for ``node`` without queueing it (``scrapy crawl NAME`` with Redis):
        None when it is free now, else the node crawling it."""
        k = self.keys
        record = json.dumps({"node": node, "entry": entry.data()})
        if self.server.hsetnx(k.active, entry.portal, record):
            return None
        held = self.server.hget(k.active, entry.portal)
        return json.loads(held)["node"] if held else None

    def release(self, portal: str, node: str, *, finished: bool, record: Optional[dict] = None) -> bool:
        """Give a portal's lease back: ``finished`` (crawled to its end: ``done``, its queue and
        dupefilter dropped) or not (the entry goes back to the front of the list)."""
        k = self.keys
        released = bool(self._release(keys=[k.active, k.start_urls, k.done],
                                      args=[portal, node, "1" if finished else "0",
                                            json.dumps(record or {}, ensure_ascii=False)]))
        if released and finished:
            self.server.delete(k.requests(portal), k.dupefilter(portal))
        return released

    def reap(self, me: str = "", *, force: str = "") -> list[tuple[str, int, int]]:
        """Reap every node whose heartbeat is gone (and ``force``, whatever its heartbeat):
        ``[(node, requests requeued, portals put back)]``."""
        k = self.keys
        out = []
        for line in self._reap(keys=[k.nodes, k.active, k.start_urls], args=[k.prefix, force]):
            node, requests, portals = (line.decode() if isinstance(line, bytes) else line).rsplit(" ", 2)
            out.append((node, int(requests), int(portals)))
        return out

    def queued(self) -> list[Entry]:
        """The entries waiting for a node, in order."""
        return [Entry.from_data(d) for d in self.server.lrange(self.keys.start_urls, 0, -1)]

    def forget(self) -> int:
        """Every key of this campaign gone (``gaar enqueue --fresh``): queues, dupefilters, leases,
        done portals, dead nodes' leftovers. Returns the keys deleted."""
        keys = list(self.server.scan_iter(match=f"{self.keys.prefix}:*", count=1000))
        return self.server.delete(*keys) if keys else 0

    def status(self) -> dict:
        """What is queued and who crawls what: for ``gaar jobs`` and the tests."""
        k, s = self.keys, self.server
        active = {p.decode(): json.loads(v)["node"] for p, v in s.hgetall(k.active).items()}
        nodes = sorted(n.decode() for n in s.smembers(k.nodes))
        portals = set(active) | {Entry.from_data(d).portal for d in s.lrange(k.start_urls, 0, -1)}
        return {
            "start_urls": s.llen(k.start_urls),
            "active": active,
            "done": s.hlen(k.done),
            "nodes": {n: {"alive": bool(s.exists(k.heartbeat(n))), "inflight": s.hlen(k.inflight(n))} for n in nodes},
            "requests": {p: n for p in sorted(portals) if (n := s.zcard(k.requests(p)))},
        }
