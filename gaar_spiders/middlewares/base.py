"""What several middlewares share: a middleware that needs only the crawl's stats."""

from __future__ import annotations


class StatsMiddleware:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)
