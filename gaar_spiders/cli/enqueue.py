"""``gaar enqueue``: put portals on a distributed crawl's work queue in Redis.

Nodes (``scrapy crawl portal -s GAAR_REDIS_URL=…``, docs/distributed.md) take them in the order
queued. A portal is named by its registry name, by an entry URL (crawled by the generic spider,
as ``scrapy crawl portal -a url=…``), by a division-code prefix (every registry portal of a
province, ``--region 50``; a city, ``--region 5001``), or listed in a file (``--file``: one name
or URL a line, ``#`` comments). Everything is checked before anything is queued: a wrong argument
is one line and exit status 2, and nothing is queued.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("enqueue", help="queue portals for the nodes of a distributed crawl (Redis)")
    p.add_argument("portals", nargs="*", metavar="NAME|URL", help="registry names or entry URLs (http/https)")
    p.add_argument("--region", action="append", default=[], metavar="CODE",
                   help="every registry portal whose division code starts with CODE (50: 重庆市)")
    p.add_argument("--all", action="store_true", help="every portal of the registry")
    p.add_argument("--file", action="append", default=[], metavar="PATH",
                   help="a file of names or URLs, one a line (# comments)")
    p.add_argument("--redis", metavar="URL", help="the Redis the nodes share (default: GAAR_REDIS_URL)")
    p.add_argument("--prefix", help="the key prefix of the crawl (default: GAAR_REDIS_PREFIX, gaar)")
    p.add_argument("--since", type=int, metavar="YEAR", help="only reports of YEAR and later (-a since=YEAR)")
    p.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                   help="a spider argument for these portals' crawls (-a NAME=VALUE), e.g. incremental=0")
    p.add_argument("--fresh", action="store_true",
                   help="start a new crawl: forget the previous one's queues, dupefilters and done portals "
                        "(refused while a node is alive)")
    p.set_defaults(func=run)


def entries_from(args, registry) -> list:
    """The entries the arguments name, in order, each once; ValueError saying what is wrong."""
    from gaar_spiders.distributed.work import Entry
    from gaar_spiders.spiders.portal import ARGUMENTS, check_url

    from .schedule import pairs

    extra = pairs(args.arg, "--arg")
    unknown = sorted(set(extra) - set(ARGUMENTS) - {"_job"}) + (["url"] if "url" in extra else [])
    if unknown:
        raise ValueError(f"--arg {unknown[0]}: not a spider argument here; known: "
                         f"{', '.join(a for a in ARGUMENTS if a not in ('url', '_job'))}")
    if args.since is not None:
        extra["since"] = str(args.since)
    names = list(args.portals)
    for path in args.file:
        try:
            lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise ValueError(f"--file {path}: {exc.strerror or exc}") from None
        names += [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
    for prefix in args.region:
        if not prefix.isdigit():
            raise ValueError(f"--region takes the first digits of a division code (50, 5001, 500111), got {prefix!r}")
        matching = [name for name, portal in registry.items() if portal.division_code.startswith(prefix)]
        if not matching:
            raise ValueError(f"--region {prefix}: no registry portal has a division code starting with {prefix}")
        names += sorted(matching)
    if args.all:
        names += sorted(registry)
    if not names:
        raise ValueError("name the portals: registry names, entry URLs, --region CODE, --all or --file PATH")
    out, seen = [], set()
    for name in names:
        if "://" in name or name.startswith("www."):
            entry = Entry("portal", check_url(name), dict(extra))
        elif name in registry:
            entry = Entry(name, None, dict(extra))
        else:
            raise ValueError(f"{name!r} is neither a registry name nor an http(s) URL (gaar_spiders/portals; "
                             f"the names: scrapy list)")
        if entry.portal not in seen:
            seen.add(entry.portal)
            out.append(entry)
    return out


def run(args) -> int:
    from gaar_spiders import config
    from gaar_spiders.portals import load_registry
    from gaar_spiders.spiders.portal import SpiderArgumentError

    url = args.redis or config.setting("GAAR_REDIS_URL")
    if not url:
        print("gaar enqueue: no Redis: give --redis redis://HOST:6379/0 or set GAAR_REDIS_URL", file=sys.stderr)
        return 2
    try:
        entries = entries_from(args, load_registry())
    except (ValueError, SpiderArgumentError) as exc:
        print(f"gaar enqueue: {exc}", file=sys.stderr)
        return 2
    import redis

    from gaar_spiders.distributed.work import WorkQueue, connect

    try:
        queue = WorkQueue(connect(url), args.prefix or config.setting("GAAR_REDIS_PREFIX"))
        if args.fresh:
            status = queue.status()
            alive = [n for n, s in status["nodes"].items() if s["alive"]]
            if alive:
                print(f"gaar enqueue: --fresh refused: {len(alive)} node(s) still crawl ({', '.join(alive)}); "
                      f"stop them first", file=sys.stderr)
                return 2
            queue.forget()
        state = queue.status()
        queued = {e.portal for e in queue.queued()}
        todo = [e for e in entries if e.portal not in queued and e.portal not in state["active"]]
        queue.enqueue(todo)
        length = queue.server.llen(queue.keys.start_urls)
    except redis.RedisError as exc:
        print(f"gaar enqueue: cannot reach Redis at {url}: {exc}", file=sys.stderr)
        return 2
    skipped = len(entries) - len(todo)
    print(f"queued {len(todo)} portal(s) on {queue.keys.start_urls}: {', '.join(e.portal for e in todo) or '-'}"
          + (f" ({skipped} already queued or being crawled)" if skipped else "")
          + f"; {length} waiting for a node")
    return 0
