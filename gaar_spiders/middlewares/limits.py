"""Size caps and timeouts per kind of request, the tag bound, and timeout retries.

``SafetyLimitsMiddleware`` sets ``download_maxsize`` / ``download_timeout`` on
each request from its kind (``meta["gaar_kind"]``): Scrapy's HTTP handler honours
the cap while the body arrives (a declared Content-Length over it is refused
before reading, a streamed body is cut when it passes it) and
HttpCompressionMiddleware applies it to the inflated body. A page or list of
more tags than the parser reads is refused before anything builds its tree.

``TimeoutRetryMiddleware`` is Scrapy's RetryMiddleware with one difference: a
request that timed out is tried ``GAAR_TIMEOUT_RETRIES`` more times (not
``RETRY_TIMES``: a trickling server would cost four full timeouts), then given
up as ``timeout`` with its words.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.http import TextResponse

from .failures import GaarIgnore, is_timeout
from .kinds import cap_kind, request_kind


class SafetyLimitsMiddleware:
    def __init__(self, caps: dict[str, int], timeouts: dict[str, float], stats):
        self.caps, self.timeouts, self.stats = caps, timeouts, stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        caps = {"list": s.getint("GAAR_MAX_LIST_BYTES"), "page": s.getint("GAAR_MAX_PAGE_BYTES"),
                "attachment": s.getint("GAAR_MAX_ATTACHMENT_BYTES") or s.getint("DOWNLOAD_MAXSIZE")}
        timeouts = {"attachment": s.getfloat("GAAR_ATTACHMENT_TIMEOUT")}
        return cls({k: v for k, v in caps.items() if v > 0}, {k: v for k, v in timeouts.items() if v > 0},
                   crawler.stats)

    def process_request(self, request, spider=None):
        kind = request_kind(request)
        request.meta["gaar_kind"] = kind
        size_class = cap_kind(kind)
        if size_class in self.caps:
            request.meta.setdefault("download_maxsize", self.caps[size_class])
        if size_class in self.timeouts:
            request.meta.setdefault("download_timeout", self.timeouts[size_class])
        return None

    def process_response(self, request, response, spider=None):
        """A page or list of more tags than the parser reads is refused before anything builds its tree.

        (Link extraction and chrome stripping would build it first: a 6 MB tag flood is ~150 MB of lxml.)
        """
        if cap_kind(request_kind(request)) in ("page", "list") and isinstance(response, TextResponse):
            from gaar_spiders.report.bounds import MAX_TAGS

            tags = response.body.count(b"<")
            if tags > MAX_TAGS:
                self.stats.inc_value("gaar/unreadable_markup")
                raise GaarIgnore("unreadable_markup", f"{tags} tags, more than the parser's bound of {MAX_TAGS} "
                                                      f"({len(response.body)} bytes)", status=response.status)
        return response


class TimeoutRetryMiddleware(RetryMiddleware):
    """RetryMiddleware; timeouts get ``GAAR_TIMEOUT_RETRIES`` retries, then a ``timeout`` reason."""

    def __init__(self, settings):
        super().__init__(settings)
        self.timeout_retries = settings.getint("GAAR_TIMEOUT_RETRIES", 1)

    def process_exception(self, request, exception, spider=None):
        if not is_timeout(exception):
            return super().process_exception(request, exception)
        retry = get_retry_request(request, spider=self.crawler.spider, reason="timeout",
                                  max_retry_times=self.timeout_retries, priority_adjust=self.priority_adjust)
        if retry is not None:
            return retry
        self.crawler.stats.inc_value("gaar/timeouts_given_up")
        tries = request.meta.get("retry_times", 0) + 1
        raise GaarIgnore("timeout", f"no complete answer within {request.meta.get('download_timeout')} s, "
                                    f"{tries} tries: {request.url}")
