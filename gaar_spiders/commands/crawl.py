"""``scrapy crawl SPIDER``, checked before the crawl starts.

Scrapy's own command reports a wrong ``-a``, an unusable ``GAAR_DB`` or a malformed
``GAAR_HOST_MAP`` only once the crawl is under way, as a traceback (51 lines for a corrupt
database) and sometimes with exit status 0. This command asks first — the spider's
``check_arguments``, ``pipelines.storage.database_problem`` for ``GAAR_DB``, the host map as
JSON — and says what is wrong in one line, exit status 2, nothing created. Then it is
Scrapy's crawl command unchanged.

With ``GAAR_REDIS_URL`` (or scrapy-redis' ``REDIS_URL``) the crawl is a node of a distributed
crawl instead (``gaar_spiders/distributed/node.py``, docs/distributed.md): ``scrapy crawl portal``
without ``-a url`` takes portals from Redis, a named spider crawls its portal holding its lease.
Without the setting, nothing of that is imported.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Optional

from scrapy.commands.crawl import Command as ScrapyCrawlCommand


def settings_problem(settings) -> Optional[str]:
    """Why the crawl's settings cannot work (``GAAR_DB``, ``GAAR_HOST_MAP``, ``GAAR_COMMIT_*``), or None."""
    from gaar_spiders import config
    from pipelines.storage import database_problem

    host_map = settings.get("GAAR_HOST_MAP")
    if isinstance(host_map, str) and host_map.strip():
        try:
            value = json.loads(host_map)
        except json.JSONDecodeError as exc:
            return (f"-s GAAR_HOST_MAP takes JSON such as '{{\"www.xjjh.gov.cn\": \"127.0.0.1:8001\"}}' "
                    f"(python -m gaar_spiders.localportals prints it): {exc}")
        if not isinstance(value, dict):
            return "-s GAAR_HOST_MAP takes a JSON object: {\"real host\": \"127.0.0.1:PORT\", …}"
    from pipelines.storage import batches

    problem = batches.settings_problem(settings)
    if problem:
        return f"-s {problem}"
    db = str(config.setting("GAAR_DB", settings))
    problem = database_problem(db, write=True, create=True)
    return f"-s GAAR_DB={db}: {problem}" if problem else None


class Command(ScrapyCrawlCommand):
    def run(self, args, opts) -> None:
        distributed = False
        if len(args) == 1:
            from gaar_spiders.distributed import enabled

            distributed = enabled(self.settings)
            problem = self.preflight(args[0], opts.spargs, node=distributed)
            if problem:
                self.refuse(args[0], problem)
                return
        if not distributed:
            super().run(args, opts)
            return
        from gaar_spiders.distributed.node import Node

        node = Node(self.crawler_process, spider=args[0], spargs=opts.spargs)
        problem = node.prepare()
        if problem:
            self.refuse(args[0], problem)
            return
        node.start()
        self.crawler_process.start(stop_after_crawl=False)
        self.exitcode = node.exitcode or (1 if self.crawler_process.bootstrap_failed else 0)

    def refuse(self, name: str, problem: str) -> None:
        line = f"scrapy crawl {name}: {problem}"
        print(line, file=sys.stderr)
        if self.settings.get("LOG_FILE"):  # scrapyd's job log: where `gaar jobs` points
            logging.getLogger(__name__).error("%s", line)
        self.exitcode = 2

    def preflight(self, name: str, arguments: dict, *, node: bool = False) -> Optional[str]:
        try:
            spidercls = self.crawler_process.spider_loader.load(name)
        except KeyError:
            known = ", ".join(self.crawler_process.spider_loader.list())
            return f"no spider named {name!r}; the spiders: {known} (scrapy list)"
        check = getattr(spidercls, "check_arguments", None)
        if node and name == "portal" and not arguments.get("url"):
            arguments = {**arguments, "url": "http://node.invalid/"}  # a node: its portals come from Redis
        if check is not None:
            try:
                check(arguments)
            except ValueError as exc:
                return str(exc)
        return settings_problem(self.settings)
