"""Scrapy's OffsiteMiddleware, letting a redirect into the portal's disclosure platform through.

The spider's ``allowed_domains`` grows at run time when it follows a 年报 or
政府信息公开 link to another host of the same registrable domain (or to a
platform an adapter recognises): Scrapy re-reads the list on every request.
A *redirect* to such a host has no link text to judge; this subclass (Scrapy's
documented ``should_follow`` hook) follows it when the host is of a portal
host's registrable domain or a recognised platform, and adds the host.
Redirects to unrelated hosts (www.gov.cn, other governments) are not followed, and never
silently: ``OffsiteRedirectMiddleware`` sees the redirect before Scrapy's RedirectMiddleware
builds the request that the offsite filter would drop without a word, and ends the request as
``offsite_redirect`` (a failures row, counted in the crawl's verdict).
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.utils.httpobj import urlparse_cached
from w3lib.url import safe_url_string

from .failures import GaarIgnore
from .kinds import KINDS


class PortalOffsiteMiddleware(OffsiteMiddleware):
    def should_follow(self, request, spider) -> bool:
        if super().should_follow(request, spider):
            return True
        join = getattr(spider, "join_host_of", None)
        if not request.meta.get("redirect_urls") or join is None:
            return False
        host = urlparse_cached(request).hostname or ""
        return bool(host) and join(request.url, reason="redirect")


class OffsiteRedirectMiddleware:
    """A redirect out of the portal (to a host neither the portal's nor its platform's) ends the
    request as ``offsite_redirect``: a report that moved to www.gov.cn or another government's site
    is a row with the reason, and the crawl is not ``ok``. Runs before RedirectMiddleware (600) and
    after RedirectLoopMiddleware (610), on requests the spider made (``gaar_kind``)."""

    REDIRECT_STATUSES = (301, 302, 303, 307, 308)

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if (response.status not in self.REDIRECT_STATUSES or request.meta.get("dont_redirect")
                or request.meta.get("gaar_kind") not in KINDS):
            return response
        location = response.headers.get("Location")
        spider = self.crawler.spider
        join = getattr(spider, "join_host_of", None)
        if not location or join is None:
            return response
        target = urljoin(request.url, safe_url_string(location))
        if not target.startswith(("http://", "https://")) or join(target, reason="redirect"):
            return response
        self.crawler.stats.inc_value("gaar/offsite_redirects")
        raise GaarIgnore("offsite_redirect", f"{request.url} redirects to {target}, a host this portal does not "
                                             "own; not followed", status=response.status)
