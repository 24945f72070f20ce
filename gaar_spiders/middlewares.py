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

Crawl safety (issue 8, docs/safety.md), added next to those three:

- ``SafetyLimitsMiddleware``: a size cap and timeout per kind of request (list,
  page, attachment) enforced by Scrapy while downloading and while inflating;
  a timed-out request is retried at most ``GAAR_TIMEOUT_RETRIES`` times; a page
  of more tags than the parser reads is refused (``unreadable_markup``).
- ``RedirectLoopMiddleware``: a redirect back to a URL of its own chain, or
  one hop too many, ends the request as ``redirect_loop`` (Scrapy's
  dupefilter would otherwise drop the loop silently).
- ``MojibakeSpiderMiddleware`` (a spider middleware): a report page whose
  text is mojibake is kept raw, marked failed and recorded, never parsed.
- ``failure_reason``: the one place an exception becomes a failures-table reason.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import TextResponse
from w3lib.url import safe_url_string

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


class _CountingMiddleware:
    """A middleware that only needs the crawl's stats."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)


CHALLENGE_STATUSES = (412, 521)
_CHALLENGE_MARKERS = (b"__jsl_clearance", b"wzws_cid", b"_guard/auto.js", b"document.cookie=", b"WZWS_CONFIRM")
_LOGIN_MARKERS = (re.compile(rb"<input[^>]+type=[\"']?password", re.I),)


class ChallengeMiddleware(_CountingMiddleware):
    """Cookie walls and login pages end the request as ``blocked`` (counted in the crawl health)."""

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


class CharsetMiddleware(_CountingMiddleware):
    """Re-decode text responses whose declared charset does not fit their bytes."""

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


# --- crawl safety ---------------------------------------------------------------------------

#: spider callbacks -> the kind of answer they expect (its size cap and timeout follow)
CALLBACK_KINDS = {
    "parse_entry": "list", "parse_list": "list", "parse_hanweb": "list",
    "parse_report_page": "page", "parse_attachment": "attachment",
}
_TIMEOUT_ERRORS = ("DownloadTimeoutError", "TimeoutError", "TCPTimedOutError")


def request_kind(request) -> str:
    """``list``, ``page`` or ``attachment``: the meta ``gaar_kind``, else the callback, else the URL."""
    kind = request.meta.get("gaar_kind")
    if kind:
        return kind
    callback = getattr(request.callback, "__name__", None)
    if callback in CALLBACK_KINDS:
        return CALLBACK_KINDS[callback]
    from gaar_spiders.crawl.links import is_attachment

    return "attachment" if is_attachment(request.url) else "page"


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def failure_reason(exc: BaseException, request=None) -> tuple[str, str]:
    """(reason, detail) of an exception that ended a request, in the failures table's words.

    ``timeout``, ``too_large``, ``redirect_loop``, ``truncated``, ``connection_refused``,
    ``dns``, ``connection_lost``; a GaarIgnore brings its own (``blocked`` …); anything
    else is its class name in lower case.
    """
    detail = str(exc) or type(exc).__name__
    if getattr(exc, "gaar_reason", None):
        return exc.gaar_reason, exc.gaar_detail
    names = _names(exc)
    if names & set(_TIMEOUT_ERRORS):
        return "timeout", detail
    if "DownloadCancelledError" in names or "CancelledError" in names:
        # Scrapy cancels a download at DOWNLOAD_MAXSIZE (declared or while reading);
        # its timeouts arrive as DownloadTimeoutError, not as a bare cancel
        cap = request.meta.get("download_maxsize") if request is not None else None
        if cap and detail == type(exc).__name__:
            detail = f"the body passed the size cap of {cap} bytes while downloading ({request_kind(request)})"
        return "too_large", detail
    if "IgnoreRequest" in names and "DOWNLOAD_MAXSIZE" in detail:
        return "too_large", detail  # HttpCompressionMiddleware: too large once inflated
    if "IgnoreRequest" in names and "max redirections" in detail:
        return "redirect_loop", detail  # meta refresh chains (HTTP redirects stop earlier, below)
    if "ResponseDataLossError" in names or "_DataLoss" in names:
        return "truncated", detail
    if names & {"DownloadConnectionRefusedError", "ConnectionRefusedError"}:
        return "connection_refused", detail
    if names & {"CannotResolveHostError", "DNSLookupError"}:
        return "dns", detail
    if names & {"ResponseNeverReceived", "ConnectionLost", "ConnectionDone", "ResponseFailed",
                "DownloadFailedError"}:
        return "connection_lost", detail
    return type(exc).__name__.lower(), detail


class SafetyLimitsMiddleware:
    """Per-kind size caps and timeouts, set on each request's meta before it is sent.

    Scrapy's HTTP handler honours ``download_maxsize`` while the body arrives
    (a declared Content-Length over the cap is refused before reading, a
    streamed body is cut when it passes the cap) and HttpCompressionMiddleware
    applies the same cap to the inflated body. ``download_timeout`` covers the
    connection and the whole answer, so a server that trickles bytes is cut off.
    """

    def __init__(self, caps: dict[str, int], timeouts: dict[str, float], timeout_retries: int, stats):
        self.caps, self.timeouts, self.timeout_retries, self.stats = caps, timeouts, timeout_retries, stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        caps = {"list": s.getint("GAAR_MAX_LIST_BYTES"), "page": s.getint("GAAR_MAX_PAGE_BYTES"),
                "attachment": s.getint("GAAR_MAX_ATTACHMENT_BYTES") or s.getint("DOWNLOAD_MAXSIZE")}
        timeouts = {"attachment": s.getfloat("GAAR_ATTACHMENT_TIMEOUT")}
        return cls({k: v for k, v in caps.items() if v > 0}, {k: v for k, v in timeouts.items() if v > 0},
                   s.getint("GAAR_TIMEOUT_RETRIES", 1), crawler.stats)

    def process_request(self, request, spider=None):
        kind = request_kind(request)
        request.meta["gaar_kind"] = kind
        if kind in self.caps:
            request.meta.setdefault("download_maxsize", self.caps[kind])
        if kind in self.timeouts:
            request.meta.setdefault("download_timeout", self.timeouts[kind])
        return None

    def process_response(self, request, response, spider=None):
        """A page or list of more tags than the parser reads is refused before anything builds its tree.

        (Link extraction and chrome stripping would build it first: a 6 MB tag flood is ~150 MB of lxml.)
        """
        if request.meta.get("gaar_kind") in ("page", "list") and isinstance(response, TextResponse):
            from gaar_spiders.report.bounds import MAX_TAGS

            tags = response.body.count(b"<")
            if tags > MAX_TAGS:
                self.stats.inc_value("gaar/unreadable_markup")
                raise GaarIgnore("unreadable_markup", f"{tags} tags, more than the parser's bound of {MAX_TAGS} "
                                                      f"({len(response.body)} bytes)", status=response.status)
        return response

    def process_exception(self, request, exception, spider=None):
        """Before RetryMiddleware: a request that timed out too often is given up, with its reason."""
        if not _names(exception) & set(_TIMEOUT_ERRORS):
            return None
        tries = request.meta.get("gaar_timeouts", 0) + 1
        request.meta["gaar_timeouts"] = tries
        if tries > self.timeout_retries:
            self.stats.inc_value("gaar/timeouts_given_up")
            url = request.meta.get("gaar_original_url") or request.url
            raise GaarIgnore("timeout", f"no complete answer within {request.meta.get('download_timeout')} s, "
                                        f"{tries} tries: {url}")
        return None  # RetryMiddleware tries again


class RedirectLoopMiddleware:
    """Stop redirect loops and endless redirect chains with a reason, before RedirectMiddleware."""

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
        from gaar_spiders.crawl.links import canonical_url

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


class MojibakeSpiderMiddleware(_CountingMiddleware):
    """A report page read as mojibake (CharsetMiddleware's mark) is stored raw, failed and recorded."""

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
