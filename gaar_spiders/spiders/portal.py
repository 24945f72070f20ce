"""The generic portal spider: from a home page, a 政务公开 page or the 年报 column
itself, find the annual-report column(s), walk every list page, follow every
report and its attachments.

``scrapy crawl portal -a url=URL [-a since=YEAR] [-a incremental=0] [-a retry_failed=1]``;
the named spiders (``scrapy crawl jinghe``) are this class with a registry entry. The
spider knows no CMS: it asks the adapters (``gaar_spiders/cms/``) what a list page
lists and which requests come next, and the walk rule (``cms/walk.py``) whether to
send them. It only yields requests and items; storage, parsing and health are
pipelines and extensions.

It is resumable: every report and attachment link is recorded (``LinksItem``) before
it is requested, every completed column walk too (``ColumnWalkItem``), and a crawl
starts by finishing what the last one left (``crawl/resume.py``): pages stored but
not read, links never read, columns never walked to their end.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response

from gaar_spiders import cms
from gaar_spiders.cms.base import STRONG, ListPage, Listing, ListRequest, join_parts
from gaar_spiders.cms.walk import LOOP, NOTHING_NEW, ColumnWalk, Walker, WalkFailure
from gaar_spiders.crawl import links as L
from gaar_spiders.crawl.hosts import same_registrable_domain
from gaar_spiders.crawl.resume import crawl_state, stored_pages
from gaar_spiders.items import ColumnWalkItem, FailureItem, LinksItem, PageItem
from gaar_spiders.middlewares import failure_reason
from gaar_spiders.portals import Portal
from gaar_spiders.report import templates as T

#: response headers kept with a page
KEPT_HEADERS = ("content-type", "content-length", "last-modified", "etag", "content-disposition", "server", "date")
MAX_NAV_DEPTH = 3  # home → 政务公开 → 政府信息公开 → 年报
#: link texts that may lead off the portal's host to its disclosure platform (with the 年报 words)
PLATFORM_LINK_WORDS = T.NAV_LINK_WORDS


def scrapy_request(request: ListRequest, **kwargs) -> scrapy.Request:
    """A ``ListRequest`` as a Scrapy request (kind ``list`` or ``list_api``; the walk dedupes it)."""
    meta = {"gaar_kind": "list" if request.answer == "html" else "list_api", **kwargs.pop("meta", {})}
    common = dict(headers=request.headers or None, meta=meta, dont_filter=True, **kwargs)
    if request.form is not None and request.method == "POST":
        return scrapy.FormRequest(request.url, formdata=request.form, **common)
    url = request.url
    if request.form:  # a GET form goes into the query, after what the URL has (FormRequest would replace it)
        url += ("&" if "?" in url else "?") + urlencode(request.form)
    return scrapy.Request(url, method=request.method, body=request.body, **common)


def list_page(response: Response, *, state: Optional[dict] = None, column: Optional[str] = None,
              answer: str = "html") -> ListPage:
    """A Scrapy response as the adapters see it."""
    headers = {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    encoding = response.meta.get("gaar_encoding") or getattr(response, "encoding", None) or "utf-8"
    return ListPage(url=response.url, body=response.body, headers=headers, encoding=encoding,
                    state=dict(state or {}), column_url=column, answer=answer)


def _link_record(request: scrapy.Request) -> dict:
    """A report page or attachment request as a ``links`` row (what it takes to request it again)."""
    kwargs = request.cb_kwargs
    attachment = request.meta.get("gaar_kind") == "attachment"
    return {"url": request.url, "kind": "attachment" if attachment else "page",
            "source_url": kwargs.get("source_url") if attachment else kwargs.get("list_url"),
            "link_text": kwargs.get("link_text"), "list_url": kwargs.get("list_url") if attachment else None,
            "list_date": kwargs.get("list_date")}


class SpiderArgumentError(ValueError):
    """A ``-a NAME=VALUE`` the spider cannot take; the message says what it takes instead."""


#: every ``-a NAME=VALUE`` a GAAR spider takes, with what it means (an unknown name is refused
#: with this list: ``-a sinse=2021`` must not crawl everything silently)
ARGUMENTS = {
    "url": "where to start: a home page, a 政务公开 page or the 年报 column (http or https)",
    "since": "only reports of this year and later, e.g. 2021",
    "incremental": "0 fetches reports already stored again (default 1)",
    "retry_failed": "1 fetches pages that failed now, whatever their back-off (default 0)",
    "_job": "scrapyd's job id, used as the crawl_runs id (scrapyd sets it)",
}


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, else a SpiderArgumentError saying so."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        scheme = f" ({parts.scheme}:// is not crawled)" if parts.scheme and parts.scheme not in ("http", "https") else ""
        raise SpiderArgumentError(f"-a url= takes an absolute http(s) URL such as http://www.xjjh.gov.cn/, "
                                  f"got {url!r}{scheme}")
    return url


def check_since(since: Optional[str]) -> Optional[int]:
    if since in (None, ""):
        return None
    try:
        year = int(str(since).strip())
    except ValueError:
        raise SpiderArgumentError(f"-a since=YEAR takes a year such as 2020, got {since!r}") from None
    if not 1900 <= year <= 2999:
        raise SpiderArgumentError(f"-a since=YEAR takes a year such as 2020, got {since!r}")
    return year


class PortalSpider(scrapy.Spider):
    name = "portal"
    portal: Optional[Portal] = None  # set on the generated named spiders
    #: ``gaar discover``: read the lists only, never fetch a report
    lists_only = False

    @classmethod
    def check_arguments(cls, arguments: dict) -> None:
        """Refuse what the crawl cannot take, before it starts (``scrapy crawl``'s GAAR command asks
        this first, so a wrong ``-a`` is one line, not a traceback): unknown names, a URL that is
        not http(s), a ``since`` that is not a year; ``portal`` needs ``url``."""
        unknown = sorted(set(arguments) - set(ARGUMENTS))
        if unknown:
            known = "; ".join(f"{name} ({what})" for name, what in ARGUMENTS.items())
            raise SpiderArgumentError(f"unknown spider argument(s) {', '.join('-a ' + n for n in unknown)}; "
                                      f"known: {known}")
        if cls.portal is None and not arguments.get("url"):
            raise SpiderArgumentError("scrapy crawl portal needs -a url=URL (a home page, a 政务公开 page or "
                                      "the 年报 column)")
        if arguments.get("url") is not None:
            check_url(arguments["url"])
        check_since(arguments.get("since"))
        for flag, default in (("incremental", "1"), ("retry_failed", "0")):
            if str(arguments.get(flag, default)).lower() not in ("0", "1", "false", "true", "no", "yes"):
                raise SpiderArgumentError(f"-a {flag}= takes 0 or 1, got {arguments[flag]!r}")

    def __init__(self, url: Optional[str] = None, since: Optional[str] = None, incremental: str = "1",
                 retry_failed: str = "0", **kwargs: Any) -> None:
        self.check_arguments({k: v for k, v in {"url": url, "since": since, "incremental": incremental,
                                                 "retry_failed": retry_failed, **kwargs}.items() if v is not None})
        super().__init__(**kwargs)
        self.start_urls = [url] if url else list(self.portal.start_urls)
        hosts = {urlsplit(u).hostname for u in self.start_urls}
        if self.portal:
            hosts |= set(self.portal.hosts)
        self.allowed_domains = sorted(h for h in hosts if h)
        #: the portal's own hosts: a registry pin applies there (joined platform hosts are detected)
        self.home_hosts = frozenset(self.allowed_domains)
        self.pinned = self.portal.cms if self.portal else None
        self.since = check_since(since)
        self.incremental = str(incremental).lower() not in ("0", "false", "no")
        #: -a retry_failed=1: pages that failed are fetched now, whatever their back-off
        self.retry_failed = str(retry_failed).lower() in ("1", "true", "yes")
        self.known: set[str] = set()
        #: failed links waiting for their back-off (url -> when they may be tried again)
        self.waiting: dict[str, str] = {}
        #: columns walked whole before: only there does a page with nothing new end the walk
        self.completed_columns: set[str] = set()
        self._counted_waiting: set[str] = set()
        self.run_id: Optional[str] = None
        self.seen_reports: set[str] = set()
        self.skipped_records: set[str] = set()
        self.walker = Walker()
        self.unreadable_columns: list[str] = []
        #: (url, reason) of start pages that could not be fetched: the crawl health names them
        self.start_failures: list[tuple[str, str]] = []

    # --- start ----------------------------------------------------------------------------

    async def start(self):
        self.walker.max_pages = self.settings.getint("GAAR_MAX_LIST_PAGES", 200)
        columns = set(self.portal.column_urls) if self.portal else set()
        if not self.lists_only:
            for item_or_request in self._resume(self.settings.get("GAAR_DB")):
                yield item_or_request
        for url in self.start_urls:  # a registry's known column URL is a 年报 column from the start
            role = "column" if url in columns else "start"
            yield scrapy.Request(url, callback=self.parse_entry, errback=self.failed, dont_filter=True,
                                 cb_kwargs={"depth": 0, "role": role}, meta={"gaar_kind": "entry"})

    def _resume(self, db: Optional[str]):
        """Finish what earlier crawls of this spider left: pages stored but never read (read from the
        database), links found but never read (requested now); and learn what need not be fetched
        again (an incremental run) and which columns were walked whole."""
        state = crawl_state(db, self.name)
        if self.incremental:
            self.known = state.known
            self.completed_columns = state.completed_columns
            if not self.retry_failed:
                self.waiting = state.waiting
        stats = self.crawler.stats
        for page in stored_pages(db, state.pending_pages) if state.pending_pages else ():
            if self.incremental:  # read from the database now: not fetched again
                self.known.add(page.url)
            stats.inc_value("gaar/resumed_pages_unread")
            yield PageItem(url=page.url, body=page.body, spider=self.name, status=page.status or 200,
                           final_url=page.final_url, headers=page.headers, encoding=page.encoding,
                           fetched_at=page.fetched_at, run_id=page.run_id, kind=page.kind,
                           source_url=page.source_url, link_text=page.link_text, hints=page.hints,
                           page_id=page.page_id)
        for link in state.pending_links:
            if self._waits(link.url):
                continue
            year = L.title_year(link.link_text or "")
            if self.since and year and year < self.since:
                continue
            stats.inc_value("gaar/resumed_links")  # found again on a list, Scrapy's dupefilter drops the repeat
            if link.kind == "attachment":
                yield self._attachment_request(link.url, source_url=link.source_url or "",
                                               link_text=link.link_text or "", list_url=link.list_url or "",
                                               list_date=link.list_date)
            else:
                yield self._page_request(link.url, link_text=link.link_text or "", list_url=link.source_url or "",
                                         list_date=link.list_date)

    def hints(self, **extra) -> dict:
        """What every item says of its portal: the registry entry's, or for an ad-hoc crawl
        (``portal -a url=…``) the start URL's host as the portal."""
        base = self.portal.hints() if self.portal else {"portal": urlsplit(self.start_urls[0]).hostname or self.name}
        return {**base, **{k: v for k, v in extra.items() if v}}

    # --- hosts ----------------------------------------------------------------------------

    def on_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def join_host_of(self, url: str, reason: str = "link") -> bool:
        """Follow ``url`` as part of the portal: its host joins the allowed hosts when it is another
        host of the portal's registrable domain or a platform an adapter recognises."""
        if self.on_site(url):
            return True
        host = (urlsplit(url).hostname or "").lower()
        if not host or not self.settings.getbool("GAAR_FOLLOW_PLATFORM_HOSTS", True):
            return False
        if not (same_registrable_domain(url, self.home_hosts) or cms.recognised_platform(url)):
            return False
        self.allowed_domains.append(host)  # Scrapy's offsite filter re-reads the list
        self.crawler.stats.inc_value("gaar/platform_hosts_joined")
        self.logger.info("following %s as part of the portal (%s)", host, reason)
        return True

    def may_follow(self, link: L.Link, why: str) -> bool:
        return self.on_site(link.url) or self.join_host_of(link.url, why)

    def _pin_for(self, url: str) -> Optional[str]:
        return self.pinned if (urlsplit(url).hostname or "").lower() in self.home_hosts else None

    # --- discovery ------------------------------------------------------------------------

    def parse_entry(self, response: Response, depth: int = 0, role: str = "start"):
        """A home, nav or column page: follow column links; read it as a list if it is one.

        ``role`` is how the page was reached: ``start``, ``nav`` (政务公开 …) or
        ``column`` (a 年报 link), which is always read as a list of reports.
        """
        if depth == 0:
            self.crawler.stats.inc_value("gaar/start_pages_fetched")
        if not self._is_html(response):
            return
        page = list_page(response, column=response.url)
        adapter, score = cms.pick(page, self._pin_for(response.url))
        kinds = {link.url: L.classify(link.text) for link in page.links}
        is_column = role == "column" or score >= STRONG
        if is_column or any(k == "report" for k in kinds.values()):
            walk = self.walker.start(response.url, adapter.name, is_column=is_column)
            if walk is not None:
                walk.first_body = response.body
                yield from self._read(page, adapter, walk, adapter.read_list(page), first=True)
        else:
            yield from self._bad_links(page)
        for link in page.links:
            kind = kinds[link.url]
            if kind == "column" and self.may_follow(link, "年报 link"):
                yield scrapy.Request(link.url, callback=self.parse_entry, errback=self.failed, priority=5,
                                     cb_kwargs={"depth": depth + 1, "role": "column"}, meta={"gaar_kind": "list"})
            elif kind == "nav" and depth < MAX_NAV_DEPTH and (
                    self.on_site(link.url) or (any(w in link.text for w in PLATFORM_LINK_WORDS)
                                               and self.join_host_of(link.url, "政府信息公开 link"))):
                yield scrapy.Request(link.url, callback=self.parse_entry, errback=self.failed, priority=1,
                                     cb_kwargs={"depth": depth + 1, "role": "nav"}, meta={"gaar_kind": "nav"})

    # --- list pages -------------------------------------------------------------------------

    def parse_list(self, response: Response, column: str, first: bool = False, adapter: Optional[str] = None,
                   state: Optional[dict] = None, answer: str = "html"):
        """Every list page and list answer of every family: ask the adapter, apply the walk rule."""
        walk = self.walker.walks[column]
        if answer == "html" and not self._is_html(response):
            self.walker.done(walk)
            return
        page = list_page(response, state=state, column=column, answer=answer)
        if adapter:
            reader = cms.get(adapter)
        else:
            reader = cms.pick(page, self._pin_for(response.url))[0]
            walk.adapter = reader.name
        if first:
            walk.first_body = response.body
        listing = reader.read_list(page) if answer == "html" else reader.read_answer(page, page.state)
        yield from self._read(page, reader, walk, listing, first=first)

    def _read(self, page: ListPage, adapter: cms.Adapter, walk: ColumnWalk, listing: Listing, *, first: bool):
        """One list page or answer: its reports, sub-columns and the next requests the walk allows."""
        if page.answer == "html":
            yield from self._bad_links(page)
        stats = self.crawler.stats
        followed = [link for link in listing.records if self.may_follow(link, "record")]
        if len(followed) < len(listing.records):  # documents of unrelated hosts: never the portal's
            stats.inc_value("gaar/skipped_offsite_record", len(listing.records) - len(followed))
            listing.records = followed
        # a record read by an earlier crawl is not new, but only in a column walked whole before: a
        # column whose walk was cut (a crawl killed half-way) goes on to its end, wherever it stood
        whole_before = walk.url in self.completed_columns
        new_records = sum(1 for link in listing.records if link.url not in self.walker.seen_records
                          and (link.url not in self.known or not whole_before))
        reports = listing.reports
        for link in listing.skipped:  # news and other documents of a mixed column, each counted once
            if link.url not in self.skipped_records:
                self.skipped_records.add(link.url)
                stats.inc_value("gaar/skipped_non_report")
        requests = [r for r in (self._report_request(link, page.url) for link in reports) if r is not None]
        if requests and not self.lists_only:  # recorded before they are sent: a killed crawl leaves them pending
            yield LinksItem(spider=self.name, run_id=self.run_id, links=[_link_record(r) for r in requests])
        yield from requests
        step = self.walker.step(walk, listing, page.url, first=first, new_records=new_records)
        for sub in listing.sub_columns:
            if not self.may_follow(sub, "sub-column"):
                continue
            child = self.walker.start(sub.url, "", parent=walk.url,
                                      is_column=L.classify(sub.text) == "column")
            if child is None:
                continue
            walk.sub_columns.append(sub.url)
            yield scrapy.Request(sub.url, callback=self.parse_list, errback=self.failed_list, priority=4,
                                 dont_filter=True, meta={"gaar_kind": "list"},
                                 cb_kwargs={"column": sub.url, "first": True})
        for request in step.requests:
            if not self.may_follow(L.Link(request.url, ""), "list request"):
                stats.inc_value("gaar/skipped_offsite_list_request")
                continue
            yield scrapy_request(request, callback=self.parse_list, errback=self.failed_list, priority=3,
                                 cb_kwargs={"column": walk.url, "adapter": request.adapter or adapter.name,
                                            "state": request.state, "answer": request.answer})
        for failure in step.failures:
            yield self._walk_failure(failure)
        for event in step.events:
            stats.inc_value(event)
        for name, value in self.walker.totals().items():
            stats.set_value(f"gaar/{name}", value)
        if self.walker.done(walk):
            yield from self._finished(walk)

    def _finished(self, walk: ColumnWalk) -> Iterator[Any]:
        if walk.stopped in (None, NOTHING_NEW, LOOP) and not self.lists_only:
            # walked to its end: every report link it listed is recorded (LinksItems yielded before)
            yield ColumnWalkItem(spider=self.name, url=walk.url, run_id=self.run_id, list_pages=walk.pages_fetched,
                                 reports_listed=walk.reports_listed)
        failure = self.walker.unreadable(walk)
        body, walk.first_body = walk.first_body, None
        if failure is None:
            return
        self.unreadable_columns.append(walk.url)
        self.crawler.stats.set_value("gaar/list_unreadable_columns", " ".join(self.unreadable_columns))
        self.logger.warning("%s", failure.detail)
        yield self._walk_failure(failure, body=body)

    def _walk_failure(self, failure: WalkFailure, body: Optional[bytes] = None) -> FailureItem:
        # a capped walk or an unreadable column may have lost reports (the crawl health counts
        # them); a loop has not
        lost = failure.reason in ("list_page_cap", "list_unreadable")
        self.crawler.stats.inc_value(f"gaar/failed/{failure.reason}" if lost else f"gaar/list_walk/{failure.reason}")
        return FailureItem(url=failure.url, reason=failure.reason, spider=self.name, detail=failure.detail,
                           run_id=self.run_id, body=body)

    def failed_list(self, failure):
        """A list page or answer that failed: its row, and the walk is cut short there."""
        column = failure.request.cb_kwargs.get("column")
        walk = self.walker.walks.get(column)
        items = list(self.failed(failure, context=f"list request of column {column}: the walk is cut here; "))
        yield from items
        if walk is not None:
            self.walker.cut(walk, items[0].reason if items else "error")
            if self.walker.done(walk):
                yield from self._finished(walk)

    def _bad_links(self, page: ListPage, *, undated: bool = False) -> Iterator[FailureItem]:
        for bad in page.undated_bad_links if undated else page.bad_links:
            self.crawler.stats.inc_value("gaar/failed/bad_link")
            yield FailureItem(url=bad.href, reason="bad_link", spider=self.name, run_id=self.run_id,
                              detail=f"on {page.url}: {bad.error} ({bad.text or 'no text'})"[:500])

    # --- reports -----------------------------------------------------------------------------

    def _report_request(self, link: L.Link, list_url: str) -> Optional[scrapy.Request]:
        if link.url in self.seen_reports:
            return None
        if not self.may_follow(link, "report link"):
            self.crawler.stats.inc_value("gaar/skipped_offsite_report")
            return None
        self.seen_reports.add(link.url)
        year = L.title_year(link.text)
        if self.since and year and year < self.since:
            self.crawler.stats.inc_value("gaar/skipped_before_since")
            return None
        self.crawler.stats.inc_value("gaar/reports_found")
        if self.lists_only:
            return None
        if link.url in self.known:
            self.crawler.stats.inc_value("gaar/skipped_known")
            return None
        if self._waits(link.url):
            return None
        if L.is_attachment(link.url, link.text):
            return self._attachment_request(link.url, source_url=list_url, link_text=link.text, list_url=list_url,
                                            list_date=link.date)
        return self._page_request(link.url, link_text=link.text, list_url=list_url, list_date=link.date)

    def _waits(self, url: str) -> bool:
        """Whether ``url`` failed before and waits for its back-off (counted once per URL)."""
        if url not in self.waiting:
            return False
        if url not in self._counted_waiting:
            self._counted_waiting.add(url)
            self.crawler.stats.inc_value("gaar/skipped_backoff")
        return True

    def _page_request(self, url: str, *, link_text: str, list_url: str, list_date: Optional[str]) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_report_page, errback=self.failed, priority=10,
                              cb_kwargs={"link_text": link_text, "list_url": list_url, "list_date": list_date},
                              meta={"gaar_kind": "page"})

    def _attachment_request(self, url: str, *, source_url: str, link_text: str, list_url: str,
                            list_date: Optional[str]) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_attachment, errback=self.failed, priority=10,
                              cb_kwargs={"source_url": source_url, "link_text": link_text, "list_url": list_url,
                                         "list_date": list_date},
                              meta={"gaar_kind": "attachment"})

    def parse_report_page(self, response: Response, link_text: str, list_url: str, list_date: Optional[str],
                          parts: Optional[list] = None, bodies: Optional[list] = None,
                          first: Optional[dict] = None):
        """A report page: the page itself (joined with its further parts, if the CMS paginates it),
        and every attachment it links."""
        hints = self.hints(list_date=list_date)
        if not self._is_html(response):
            yield PageItem(**self._page_fields(response, "page"), body=response.body, spider=self.name,
                           run_id=self.run_id, source_url=list_url, link_text=link_text, hints=hints)
            return
        page = list_page(response)
        if first is None:  # the first part: does the CMS split this document into parts?
            parts = [u for u in cms.document_parts(page, self._pin_for(response.url))
                     if u != response.url and self.on_site(u)]
            bodies, first = [], self._page_fields(response, "page")
        bodies = [*bodies, page.text]
        if parts:  # the next part, carrying what the first one said (plain values: requests stay serialisable)
            # a distributed crawl's in-flight id goes with the next part: the parts are one request
            carried = {k: response.meta[k] for k in ("gaar_inflight",) if k in response.meta}
            yield scrapy.Request(parts[0], callback=self.parse_report_page, errback=self.failed, priority=10,
                                 meta={"gaar_kind": "page", **carried},
                                 cb_kwargs={"link_text": link_text, "list_url": list_url, "list_date": list_date,
                                            "parts": parts[1:], "bodies": bodies, "first": first})
            return
        body = response.body
        if len(bodies) > 1:
            body = join_parts(bodies).encode(first["encoding"] or "utf-8", errors="xmlcharrefreplace")
            self.crawler.stats.inc_value("gaar/documents_joined")
        attachments = []
        for link in page.undated_links:
            if L.is_attachment(link.url, link.text) and self.may_follow(link, "attachment"):
                if link.url in self.known:
                    self.crawler.stats.inc_value("gaar/skipped_known")
                    continue
                if self._waits(link.url):
                    continue
                self.crawler.stats.inc_value("gaar/attachments_found")
                attachments.append(self._attachment_request(
                    link.url, source_url=response.url, link_text=link.text or link_text, list_url=list_url,
                    list_date=list_date))
        if attachments:  # recorded before the page: a crawl killed after storing it still fetches them
            yield LinksItem(spider=self.name, run_id=self.run_id, links=[_link_record(r) for r in attachments])
        yield PageItem(**first, body=body, spider=self.name, run_id=self.run_id, source_url=list_url,
                       link_text=link_text, hints=hints)
        yield from self._bad_links(page, undated=True)
        yield from attachments

    def parse_attachment(self, response: Response, source_url: str, link_text: str, list_url: str = "",
                         list_date: Optional[str] = None):
        yield PageItem(**self._page_fields(response, "attachment"), body=response.body, spider=self.name,
                       run_id=self.run_id, source_url=source_url, link_text=link_text,
                       hints=self.hints(list_date=list_date, list_url=list_url))

    @staticmethod
    def _page_fields(response: Response, kind: str) -> dict:
        """What a PageItem says of its response: the URL the list linked (before redirects), where it
        landed, the status, the headers that matter, the encoding of a page."""
        original = (response.meta.get("redirect_urls") or [None])[0]
        headers = {}
        for name in KEPT_HEADERS:
            value = response.headers.get(name)
            if value is not None:
                headers[name] = value.decode("latin-1")
        encoding = response.meta.get("gaar_encoding") or getattr(response, "encoding", None)
        return {"url": original or response.url, "final_url": response.url, "status": response.status,
                "headers": headers, "encoding": encoding if kind == "page" else None, "kind": kind}

    # --- failures ------------------------------------------------------------------------------

    def failed(self, failure, context: str = ""):
        """Every request that fails leaves a row with its URL and reason."""
        request = failure.request
        reason, status, detail = "error", None, str(failure.value)
        response = getattr(failure.value, "response", None)
        if getattr(failure.value, "gaar_reason", None):
            reason, detail = failure.value.gaar_reason, failure.value.gaar_detail
            status = getattr(failure.value, "status", None)
        elif response is not None:
            status = response.status
            reason = f"http_{status}"
        else:
            reason, detail = failure_reason(failure.value, request)  # timeout, too_large, redirect_loop …
        self.crawler.stats.inc_value(f"gaar/failed/{reason}")
        original = (request.meta.get("redirect_urls") or [None])[0]
        if request.meta.get("gaar_kind") == "entry":
            self.start_failures.append((original or request.url, reason))
        yield FailureItem(url=original or request.url, reason=reason, spider=self.name,
                          detail=(context + detail)[:500], status=status, run_id=self.run_id,
                          kind=request.meta.get("gaar_kind"))

    @staticmethod
    def _is_html(response: Response) -> bool:
        return isinstance(response, scrapy.http.TextResponse)
