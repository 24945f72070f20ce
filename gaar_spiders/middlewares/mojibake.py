"""A report page read as mojibake (CharsetMiddleware's mark) is stored raw, failed and recorded.

A spider middleware: it sees the items the spider yields for a response.
"""

from __future__ import annotations

from .base import StatsMiddleware


class MojibakeSpiderMiddleware(StatsMiddleware):
    def _check(self, response, item):
        from gaar_spiders.items import FailureItem, PageItem

        if not (isinstance(item, PageItem) and item.kind == "page" and response is not None
                and response.meta.get("gaar_mojibake")):
            return [item]
        detail = (f"the text is mojibake (replacement characters or double-decoded garbage) after decoding as "
                  f"{response.meta.get('gaar_encoding') or 'its declared charset'}; not parsed")
        item.parse_status, item.parse_error = "failed", "mojibake: " + detail
        self.stats.inc_value("gaar/pages_mojibake")
        return [item, FailureItem(url=item.url, reason="mojibake", spider=item.spider, detail=detail,
                                  status=item.status, run_id=item.run_id)]

    def process_spider_output(self, response, result, spider=None):
        for item in result:
            yield from self._check(response, item)

    async def process_spider_output_async(self, response, result, spider=None):
        async for item in result:
            for out in self._check(response, item):
                yield out
