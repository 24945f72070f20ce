"""The items spiders yield. Declared as dataclasses (read through itemadapter)
and validated when built, so a spider bug fails at the spider, not in storage.

Spiders only yield these; the pipelines keep them (raw store), read them
(``pipelines.read``) and store what reading made of them. Nothing here
imports the parser or the database.

Scrapy's feed exports (``-O items.jsonl``) read each field's ``serializer``
(``gaar_spiders/serializers.py``): bytes leave as their sha256, a report as its record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Optional

from gaar_spiders.serializers import body_digest, report_record
from gaar_spiders.status import PageStatus

PAGE_KINDS = ("page", "attachment")


def utc_now() -> str:
    """When a page was fetched (ISO 8601, UTC), to the millisecond: a URL's latest body is the one
    fetched last, which decides its current report (``Storage._current_report_of``)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class PageItem:
    """A fetched report page or attachment, kept exactly as it came."""

    url: str  # as requested, with the portal's real host (never the demo's 127.0.0.1)
    body: bytes = field(metadata={"serializer": body_digest})  # exported as sha256:<hex> (pages.sha256)
    spider: str
    status: int = 200
    final_url: Optional[str] = None  # after redirects
    headers: dict[str, str] = field(default_factory=dict)  # the ones that matter, lower-case names
    encoding: Optional[str] = None  # detected text encoding (None for binary attachments)
    fetched_at: str = field(default_factory=utc_now)
    run_id: Optional[str] = None
    kind: str = "page"  # page | attachment
    source_url: Optional[str] = None  # the page that linked here (attachments)
    link_text: Optional[str] = None  # the title the list or the page gave this link
    #: what the spider knows from the portal: portal, organ, region, division_code, list_date
    hints: dict[str, Any] = field(default_factory=dict)

    # Filled in by the pipelines: page_id by the raw store, the rest by the read step
    # (a spider middleware may fail a page before it is read: MojibakeSpiderMiddleware).
    page_id: Optional[int] = None  # raw store row id
    chrome_method: Optional[str] = None  # how the page's chrome was cut (container:trs, structure …)
    page_meta: dict[str, Any] = field(default_factory=dict)  # ArticleTitle, PubDate, SiteIDCode …, encoding
    report: Any = field(default=None, metadata={"serializer": report_record})  # gaar_spiders.report.model.Report
    parse_error: Optional[str] = None  # why it is not a report
    #: a ``gaar_spiders.status.PageStatus``: parsed | failed | not_report | unsupported | needs_ocr
    parse_status: Optional[str] = None

    def __repr__(self) -> str:
        """Short on purpose: Scrapy logs every scraped item, and the body and report are large."""
        report_id = getattr(self.report, "report_id", None) if self.parse_status == PageStatus.PARSED else None
        return (
            f"PageItem(url={self.url!r}, kind={self.kind!r}, bytes={len(self.body)}, page_id={self.page_id}, "
            f"parse_status={self.parse_status!r}, report_id={report_id!r})"
        )

    def __post_init__(self) -> None:
        if not isinstance(self.url, str) or "://" not in self.url:
            raise ValueError(f"PageItem.url must be an absolute URL, got {self.url!r}")
        if not isinstance(self.body, (bytes, bytearray)):
            raise TypeError(f"PageItem.body must be bytes, got {type(self.body).__name__}")
        if self.kind not in PAGE_KINDS:
            raise ValueError(f"PageItem.kind must be one of {PAGE_KINDS}, got {self.kind!r}")
        if not self.spider:
            raise ValueError("PageItem.spider is required")
        self.headers = {str(k).lower(): str(v) for k, v in (self.headers or {}).items()}


@dataclass
class FailureItem:
    """A URL the crawl could not turn into a page: blocked, too large, broken, … with the reason."""

    url: str
    reason: str  # machine-readable: blocked, http_404, too_large, timeout, mojibake, not_report …
    spider: str
    detail: str = ""
    status: Optional[int] = None
    run_id: Optional[str] = None
    fetched_at: str = field(default_factory=utc_now)
    #: the page, kept for diagnosis where it was fetched but could not be read (list_unreadable)
    body: Optional[bytes] = field(default=None, metadata={"serializer": body_digest})
    #: the request's kind (``entry``, ``nav``, ``list``, ``list_api``, ``page``, ``attachment``) when a
    #: request failed: a report page or attachment that fails backs off (gaar_spiders/crawl/backoff.py)
    kind: Optional[str] = None

    def __repr__(self) -> str:
        """Short on purpose (Scrapy logs every item): the body as its size."""
        size = len(self.body) if self.body is not None else None
        return f"FailureItem(url={self.url!r}, reason={self.reason!r}, body_bytes={size})"

    def __post_init__(self) -> None:
        if not self.url or not self.reason or not self.spider:
            raise ValueError("FailureItem needs url, reason and spider")


@dataclass
class LinksItem:
    """Report page or attachment links a crawl is about to request, recorded first (table ``links``):
    a crawl killed before they are read leaves them for the next one. One item per list page or
    report page; each link a dict of ``url``, ``kind`` (page | attachment), ``source_url``,
    ``link_text``, ``list_url``, ``list_date``."""

    spider: str
    links: list[dict[str, Any]]
    run_id: Optional[str] = None

    def __post_init__(self) -> None:
        if not self.spider:
            raise ValueError("LinksItem.spider is required")
        for link in self.links:
            if "://" not in str(link.get("url")) or link.get("kind") not in PAGE_KINDS:
                raise ValueError(f"LinksItem: a link needs an absolute url and a kind in {PAGE_KINDS}, got {link!r}")


@dataclass
class ColumnWalkItem:
    """A 年报 column whose list walk was completed in this crawl (table ``column_walks``): the next
    incremental crawl may stop its walk at the first list page with nothing new."""

    spider: str
    url: str
    run_id: Optional[str] = None
    list_pages: int = 0
    reports_listed: int = 0

    def __post_init__(self) -> None:
        if not self.spider or "://" not in str(self.url):
            raise ValueError("ColumnWalkItem needs a spider and the column's absolute url")
