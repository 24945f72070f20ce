"""How a request that ended without a page becomes a failures-table reason.

``GaarIgnore`` carries a reason (and words) from the middleware that refused
the request; ``failure_reason`` is the one place any other exception gets its
reason.
"""

from __future__ import annotations

from typing import Optional

from scrapy.exceptions import IgnoreRequest

from .kinds import request_kind

TIMEOUT_ERRORS = ("DownloadTimeoutError", "TimeoutError", "TCPTimedOutError")


class GaarIgnore(IgnoreRequest):
    """An ignored request that carries a reason for the failures table."""

    def __init__(self, reason: str, detail: str, status: Optional[int] = None):
        super().__init__(f"{reason}: {detail}")
        self.gaar_reason, self.gaar_detail, self.status = reason, detail, status


def exception_names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def is_timeout(exc: BaseException) -> bool:
    return bool(exception_names(exc) & set(TIMEOUT_ERRORS))


def failure_reason(exc: BaseException, request=None) -> tuple[str, str]:
    """(reason, detail) of an exception that ended a request, in the failures table's words.

    ``timeout``, ``too_large``, ``redirect_loop``, ``truncated``, ``connection_refused``,
    ``dns``, ``connection_lost``; a GaarIgnore brings its own (``blocked`` …); anything
    else is its class name in lower case.
    """
    detail = str(exc) or type(exc).__name__
    if getattr(exc, "gaar_reason", None):
        return exc.gaar_reason, exc.gaar_detail
    names = exception_names(exc)
    if names & set(TIMEOUT_ERRORS):
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
        return "redirect_loop", detail  # meta refresh chains (HTTP redirects stop earlier, in redirects.py)
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
