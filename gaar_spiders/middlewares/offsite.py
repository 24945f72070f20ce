"""Scrapy's OffsiteMiddleware, letting a redirect into the portal's disclosure platform through.

The spider's ``allowed_domains`` grows at run time when it follows a 年报 or
政府信息公开 link to another host of the same registrable domain (or to a
platform an adapter recognises): Scrapy re-reads the list on every request.
A *redirect* to such a host has no link text to judge; this subclass (Scrapy's
documented ``should_follow`` hook) follows it when the host is of a portal
host's registrable domain or a recognised platform, and adds the host.
Redirects to unrelated hosts (www.gov.cn, other governments) stay filtered.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.utils.httpobj import urlparse_cached


class PortalOffsiteMiddleware(OffsiteMiddleware):
    def should_follow(self, request, spider) -> bool:
        if super().should_follow(request, spider):
            return True
        join = getattr(spider, "join_host_of", None)
        if not request.meta.get("redirect_urls") or join is None:
            return False
        host = urlparse_cached(request).hostname or ""
        return bool(host) and join(request.url, reason="redirect")
