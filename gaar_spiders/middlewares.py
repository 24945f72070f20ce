"""Downloader middlewares: where requests and responses are touched.

- ``HostMapMiddleware``: sends a portal's real host to another address (the
  demo and the tests map every portal onto 127.0.0.1) and gives the response
  its real URL back, so links, items and the database carry real URLs; with
  ``GAAR_LOOPBACK_ONLY`` it refuses anything that is not loopback.
- ``ChallengeMiddleware``: JS cookie walls (HTTP 412/521, 加速乐
  ``__jsl_clearance``, ``wzws_cid``) and login walls are recognised and end
  the request as ``blocked``, never parsed as a report.
- ``CharsetMiddleware``: a page that declares one charset and sends another
  is decoded right (or marked as mojibake).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Optional
from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import TextResponse

from gaar_spiders.report.encoding import decode_bytes, looks_mojibake


class GaarIgnore(IgnoreRequest):
    """An ignored request that carries a reason for the failures table."""

    def __init__(self, reason: str, detail: str, status: Optional[int] = None):
        super().__init__(f"{reason}: {detail}")
        self.gaar_reason, self.gaar_detail, self.status = reason, detail, status


def _is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HostMapMiddleware:
    """``GAAR_HOST_MAP = {"www.xjjh.gov.cn": "127.0.0.1:8001", …}`` (a dict or JSON in -s)."""

    def __init__(self, host_map: dict, loopback_only: bool, stats):
        self.host_map = {k.lower(): v for k, v in host_map.items()}
        self.reverse = {v: k for k, v in self.host_map.items()}
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
            # Rewritten in place, not rescheduled: the offsite filter and the dupefilter
            # keep seeing the real URL, and the response gets it back below.
            request.meta.setdefault("gaar_original_url", request.url)
            request.meta["gaar_real_netloc"] = parts.netloc
            request._set_url(urlunsplit((parts.scheme, target, parts.path, parts.query, "")))
            return None
        if self.loopback_only and not _is_loopback(parts.hostname or ""):
            self.stats.inc_value("gaar/refused_not_loopback")
            raise GaarIgnore("refused", f"GAAR_LOOPBACK_ONLY: {parts.hostname} is not a loopback address")
        return None

    def _real(self, url: str) -> str:
        parts = urlsplit(url)
        netloc = self.reverse.get(parts.netloc, parts.netloc)
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))

    def process_response(self, request, response, spider=None):
        if not request.meta.get("gaar_real_netloc"):
            return response
        # The request gets its real URL back too: redirects and retries built from it
        # go through the offsite filter and this middleware again, like any request.
        request._set_url(self._real(request.url))
        return response.replace(url=self._real(response.url))

    def process_exception(self, request, exception, spider=None):
        if request.meta.get("gaar_real_netloc"):
            request._set_url(self._real(request.url))
        return None


CHALLENGE_STATUSES = (412, 521)
_CHALLENGE_MARKERS = (b"__jsl_clearance", b"wzws_cid", b"_guard/auto.js", b"document.cookie=", b"WZWS_CONFIRM")
_LOGIN_MARKERS = (re.compile(rb"<input[^>]+type=[\"']?password", re.I),)


class ChallengeMiddleware:
    """Cookie walls and login pages end the request as ``blocked`` (counted in the crawl health)."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        body = response.body[:65536]
        kind = None
        if response.status in CHALLENGE_STATUSES:
            kind = f"HTTP {response.status} challenge"
        elif len(response.body) < 20000 and any(m in body for m in _CHALLENGE_MARKERS) and b"<script" in body.lower():
            if b"__jsl_clearance" in body or b"wzws_cid" in body or len(re.sub(rb"<[^>]+>|\s", b"", body)) < 2000:
                kind = "JS cookie challenge"
        elif len(response.body) < 20000 and any(p.search(body) for p in _LOGIN_MARKERS):
            kind = "login page"
        if kind is None:
            return response
        self.stats.inc_value("gaar/blocked")
        raise GaarIgnore("blocked", f"{kind} at {request.meta.get('gaar_original_url') or request.url}",
                         status=response.status)


class CharsetMiddleware:
    """Re-decode text responses whose declared charset does not fit their bytes."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not isinstance(response, TextResponse):
            return response
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        decoded = decode_bytes(response.body, content_type=ctype)
        request.meta["gaar_encoding"] = decoded.encoding
        if decoded.note:
            self.stats.inc_value("gaar/charset_mismatch")
            spider_logger = getattr(getattr(request, "callback", None), "__self__", None)
            if spider_logger is not None:
                spider_logger.logger.info("charset: %s (%s)", decoded.note, request.url)
        if "mojibake" in decoded.note or looks_mojibake(decoded.text):
            self.stats.inc_value("gaar/mojibake")
            request.meta["gaar_mojibake"] = True
        if decoded.encoding != response.encoding:
            return response.replace(encoding=decoded.encoding)
        return response
