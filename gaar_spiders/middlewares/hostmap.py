"""Send a portal's real host to another address, through Scrapy's own proxy support.

``GAAR_HOST_MAP = {"www.xjjh.gov.cn": "127.0.0.1:8001", …}`` (a dict, or JSON in
``-s``). A mapped request gets ``meta["proxy"] = "http://127.0.0.1:8001"``;
Scrapy's ``HttpProxyMiddleware`` (750, after this one) and its HTTP handler then
send the request to that address with the absolute URL as its target
(``GET http://www.xjjh.gov.cn/path HTTP/1.1``), which the bundled portal server
answers. The request's URL is never touched, so the offsite filter, the
dupefilter, redirects, retries and items all see the real URL — no private
Scrapy API, nothing to restore on the way back.

With ``GAAR_LOOPBACK_ONLY`` a request whose host is not mapped and not a
loopback address is refused (``refused``): tests and the demo cannot reach
the internet even if a page links out.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

from .failures import GaarIgnore


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HostMapMiddleware:
    def __init__(self, host_map: dict, loopback_only: bool, stats):
        self.host_map = {k.lower(): v for k, v in host_map.items()}
        self.loopback_only = loopback_only
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        host_map = crawler.settings.getdict("GAAR_HOST_MAP")
        loopback_only = crawler.settings.getbool("GAAR_LOOPBACK_ONLY")
        if not host_map and not loopback_only:
            raise NotConfigured
        return cls(host_map, loopback_only, crawler.stats)

    def process_request(self, request, spider=None):
        parts = urlsplit(request.url)
        target = self.host_map.get((parts.netloc or "").lower()) or self.host_map.get((parts.hostname or "").lower())
        if target:
            address = target if "://" in target else f"http://{target}"
            if self.loopback_only and not is_loopback(urlsplit(address).hostname or ""):
                raise GaarIgnore("refused", f"GAAR_LOOPBACK_ONLY: {parts.hostname} is mapped to {target}, "
                                            "not a loopback address")
            request.meta["proxy"] = address
            return None
        if self.loopback_only and not is_loopback(parts.hostname or ""):
            self.stats.inc_value("gaar/refused_not_loopback")
            raise GaarIgnore("refused", f"GAAR_LOOPBACK_ONLY: {parts.hostname} is not a loopback address")
        return None
