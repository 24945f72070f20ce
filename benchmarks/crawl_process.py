"""Several crawls in one process, as ``gaar demo`` runs them (Scrapy's CrawlerProcess), with GAAR's
project settings and only the overrides given; prints each crawl's stats as one JSON line.

The crawl benchmark (``crawl_bench.py``) runs this in a subprocess, so what it measures (wall
time, CPU of the process tree) is a crawl as a user runs one.

    python benchmarks/crawl_process.py SPEC.json
    SPEC: {"settings": {...}, "crawls": [["spider", {"url": "..."}], ...]}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(spec_path: str) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    spec = json.loads(Path(spec_path).read_text())
    settings = get_project_settings()
    settings.setdict(spec["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for spider, kwargs in spec["crawls"]:
        crawler = process.create_crawler(spider)
        crawlers.append(crawler)
        process.crawl(crawler, **kwargs)
    process.start()
    for crawler in crawlers:
        stats = crawler.stats.get_stats()
        print(json.dumps({
            "spider": crawler.spidercls.name,
            "pages": stats.get("response_received_count", 0),
            "items": stats.get("item_scraped_count", 0),
            "reports": stats.get("gaar/reports_stored", 0),
            "start": stats["start_time"].timestamp(),
            "finish": stats["finish_time"].timestamp(),
            "finish_reason": stats.get("finish_reason"),
        }))


if __name__ == "__main__":
    main(sys.argv[1])
