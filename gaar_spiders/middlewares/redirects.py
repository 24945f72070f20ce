"""Redirect loops and endless redirect chains end with a reason, before RedirectMiddleware.

Without it, ``a → b → a`` would be dropped by Scrapy's duplicate filter with
no record at all.
"""

from __future__ import annotations

from urllib.parse import urljoin

from w3lib.url import safe_url_string

from gaar_spiders.crawl.links import canonical_url

from .failures import GaarIgnore


class RedirectLoopMiddleware:
    REDIRECT_STATUSES = (301, 302, 303, 307, 308)

    def __init__(self, max_times: int, stats):
        self.max_times, self.stats = max_times, stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES", 20), crawler.stats)

    def process_response(self, request, response, spider=None):
        if response.status not in self.REDIRECT_STATUSES or request.meta.get("dont_redirect"):
            return response
        location = response.headers.get("Location")
        if not location:
            return response
        target = canonical_url(urljoin(request.url, safe_url_string(location)))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        seen = {canonical_url(u) for u in chain}
        hops = request.meta.get("redirect_times", 0) + 1
        if target in seen:
            why = "redirects back to " + target
        elif hops > self.max_times:
            why = f"more than REDIRECT_MAX_TIMES={self.max_times} redirects"
        else:
            return response
        self.stats.inc_value("gaar/redirect_loops")
        shown = " -> ".join([*chain[:4], "…"] if len(chain) > 5 else chain)
        raise GaarIgnore("redirect_loop", f"{why}: {shown} -> {target}", status=response.status)
