"""The generic portal spider: from a home page, a 政务公开 page or the 年报 column
itself, find the annual-report column(s), walk every list page, follow every
report and its attachments.

``scrapy crawl portal -a url=URL [-a since=YEAR]``; the named spiders
(``scrapy crawl jinghe``) are this class with a registry entry. Spiders only
yield requests and items; storage, parsing and health are pipelines and
extensions.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from gaar_spiders.crawl import links as L
from gaar_spiders.crawl import pagination as P
from gaar_spiders.crawl.known import known_urls
from gaar_spiders.items import FailureItem, PageItem
from gaar_spiders.middlewares import failure_reason
from gaar_spiders.portals import Portal

#: response headers kept with a page
KEPT_HEADERS = ("content-type", "content-length", "last-modified", "etag", "content-disposition", "server", "date")
MAX_NAV_DEPTH = 3  # home → 政务公开 → 政府信息公开 → 年报


class PortalSpider(scrapy.Spider):
    name = "portal"
    portal: Optional[Portal] = None  # set on the generated named spiders

    def __init__(self, url: Optional[str] = None, since: Optional[str] = None, incremental: str = "1",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.portal is None and not url:
            raise ValueError("scrapy crawl portal needs -a url=URL (a home page, a 政务公开 page or the 年报 column)")
        self.start_urls = [url] if url else list(self.portal.start_urls)
        hosts = {urlsplit(u).hostname for u in self.start_urls}
        if self.portal:
            hosts |= set(self.portal.hosts)
        self.allowed_domains = sorted(h for h in hosts if h)
        try:
            self.since = int(since) if since else None
        except ValueError:
            raise ValueError(f"-a since=YEAR takes a year such as 2020, got {since!r}") from None
        self.incremental = str(incremental).lower() not in ("0", "false", "no")
        self.known: set[str] = set()
        self.run_id: Optional[str] = None
        self.seen_reports: set[str] = set()
        self.columns: dict[str, dict] = {}  # column url → {"declared": n, "fetched": n, "strategy": s}

    # --- start ----------------------------------------------------------------------------

    async def start(self):
        if self.incremental:
            self.known = known_urls(self.settings.get("GAAR_DB"), self.name)
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_entry, errback=self.failed,
                                 cb_kwargs={"depth": 0}, dont_filter=True)

    def hints(self, **extra) -> dict:
        base = self.portal.hints() if self.portal else {"portal": self.name}
        return {**base, **{k: v for k, v in extra.items() if v}}

    # --- discovery ------------------------------------------------------------------------

    def parse_entry(self, response: Response, depth: int = 0, role: str = "start"):
        """A home, nav or column page: follow column links; read it as a list if it is one.

        ``role`` is how the page was reached: ``start``, ``nav`` (政务公开 …) or
        ``column`` (a 年报 link), which is always read as a list of reports.
        """
        if not self._is_html(response):
            return
        links = L.page_links(response.text, response.url)
        kinds = {link.url: L.classify(link.text) for link in links}
        has_reports = any(k == "report" for k in kinds.values())
        if role == "column" or has_reports or self._looks_like_list(response.text, response.url):
            yield from self.parse_list(response, column=response.url, links=links)
        for link in links:
            if not L.same_site(link.url, self.allowed_domains):
                continue
            kind = kinds[link.url]
            if kind == "column":
                yield scrapy.Request(link.url, callback=self.parse_entry, errback=self.failed,
                                     cb_kwargs={"depth": depth + 1, "role": "column"}, priority=5)
            elif kind == "nav" and depth < MAX_NAV_DEPTH:
                yield scrapy.Request(link.url, callback=self.parse_entry, errback=self.failed,
                                     cb_kwargs={"depth": depth + 1, "role": "nav"}, priority=1)

    @staticmethod
    def _looks_like_list(html: str, url: str) -> bool:
        return bool(P.hanweb(html, url) or P.trs(html, url))

    # --- list pages -------------------------------------------------------------------------

    def parse_list(self, response: Response, column: Optional[str] = None, links=None, page: int = 1):
        """Reports on one list page, its sub-columns, and the next page of the walk."""
        if not self._is_html(response):
            return
        column = column or response.url
        links = links if links is not None else L.page_links(response.text, response.url)
        state = self.columns.setdefault(column, {"declared": None, "fetched": 0, "strategy": None})
        state["fetched"] += 1
        self.crawler.stats.inc_value("gaar/list_pages_fetched")

        hanweb = P.hanweb(response.text, response.url)
        if hanweb is not None:
            state["strategy"] = "hanweb"
            self._declare(state, hanweb.declared_pages)
            yield self._hanweb_request(hanweb, column, 1)
            return

        listed: list[str] = []  # the page's report links: the same set again is a pagination loop
        requests = list(self._report_requests(links, response.url, listed))
        yield from requests
        new = len(requests)
        for link in links:
            kind = L.classify(link.text)
            if kind in ("other", "column") and L.under(link.url, column) and not L.is_attachment(link.url) \
                    and self._is_sub_column(link):
                # a per-organ or per-year sub-column below this column
                yield scrapy.Request(link.url, callback=self.parse_list, errback=self.failed,
                                     cb_kwargs={"column": link.url}, priority=4)

        plan = P.plan(response.text, response.url, links)
        state["strategy"] = state["strategy"] or plan.strategy
        self._declare(state, plan.declared_pages)
        signature, seen = hash(frozenset(listed)), state.setdefault("listed", set())
        repeat = bool(listed) and signature in seen
        seen.add(signature)
        yield from self._next_list(plan, column, new, page, repeat)

    def _report_requests(self, links, list_url: str, listed: list[str]) -> Iterator[scrapy.Request]:
        """Requests for the report links of a list (new ones only); other documents are counted."""
        for link in links:
            kind = L.classify(link.text)
            if kind == "report" or (kind == "other" and L.is_attachment(link.url, link.text)
                                    and L.title_year(link.text)):
                listed.append(link.url)
                request = self._report_request(link, list_url)
                if request is not None:
                    yield request
            elif kind == "non_report":
                self.crawler.stats.inc_value("gaar/skipped_non_report")

    @staticmethod
    def _is_sub_column(link: L.Link) -> bool:
        text = link.text
        if not text or len(text) > 16 or text in ("首页", "上一页", "下一页", "尾页", "末页"):
            return False
        return not text.isdigit()

    def _next_list(self, plan: P.PagePlan, column: str, new: int, page: int,
                   repeat: bool = False) -> Iterator[scrapy.Request]:
        if plan.next_url is None:
            return
        cap = self.settings.getint("GAAR_MAX_LIST_PAGES", 200)
        if page >= cap:
            self.crawler.stats.inc_value("gaar/list_walk_capped")
            self.logger.warning("list walk of %s stopped at the page cap (%d)", column, cap)
            yield self._walk_failure(plan.next_url, "list_page_cap",
                                     f"column {column}: {cap} list pages fetched (GAAR_MAX_LIST_PAGES), more announced")
            return
        if new == 0 and page > 1:
            # the page brought nothing new: the walk is done (incremental run) or in a loop
            self.crawler.stats.inc_value("gaar/list_walk_stopped_nothing_new")
            if repeat:  # the very links of an earlier page of this column: the pager goes round
                self.crawler.stats.inc_value("gaar/list_walk_loop")
                yield self._walk_failure(plan.next_url, "pagination_loop",
                                         f"column {column}: page {page} lists the same reports as an earlier page")
            return
        yield scrapy.Request(plan.next_url, callback=self.parse_list, errback=self.failed,
                             cb_kwargs={"column": column, "page": page + 1}, priority=3)

    def _walk_failure(self, url: str, reason: str, detail: str) -> FailureItem:
        # a capped walk may have lost reports (the crawl health counts it); a loop has not
        lost = reason == "list_page_cap"
        self.crawler.stats.inc_value(f"gaar/failed/{reason}" if lost else f"gaar/list_walk/{reason}")
        return FailureItem(url=url, reason=reason, spider=self.name, detail=detail, run_id=self.run_id)

    def _declare(self, state: dict, declared: Optional[int]) -> None:
        if declared and (state["declared"] or 0) < declared:
            self.crawler.stats.inc_value("gaar/list_pages_declared", declared - (state["declared"] or 0))
            state["declared"] = declared

    # --- Hanweb ------------------------------------------------------------------------------

    def _hanweb_request(self, plan: P.HanwebPlan, column: str, start: int) -> scrapy.Request:
        end = start + plan.per_page * 3 - 1  # the jpage script fetches three pages a request
        return scrapy.FormRequest(plan.request_url(start, end), formdata=plan.params, callback=self.parse_hanweb,
                                  errback=self.failed, cb_kwargs={"plan": plan, "column": column, "start": start},
                                  priority=3)

    def parse_hanweb(self, response: Response, plan: P.HanwebPlan, column: str, start: int):
        records, total = P.hanweb_records(response.body)
        state = self.columns[column]
        fetched_pages = -(-len(records) // plan.per_page) if records else 0
        if start > 1:
            state["fetched"] += fetched_pages
            self.crawler.stats.inc_value("gaar/list_pages_fetched", fetched_pages)
        else:
            state["fetched"] += max(0, fetched_pages - 1)  # the column page itself counted as page 1
            self.crawler.stats.inc_value("gaar/list_pages_fetched", max(0, fetched_pages - 1))
        if total:
            self._declare(state, -(-total // plan.per_page))
        links = [link for record in records for link in L.page_links(record, response.url)]
        requests = list(self._report_requests(links, response.url, []))
        yield from requests
        new = len(requests)
        next_start = start + len(records)
        cap = self.settings.getint("GAAR_MAX_LIST_PAGES", 200)
        if records and total and next_start <= total and new and next_start // plan.per_page < cap:
            yield self._hanweb_request(plan, column, next_start)

    # --- reports -----------------------------------------------------------------------------

    def _report_request(self, link: L.Link, list_url: str) -> Optional[scrapy.Request]:
        if not L.same_site(link.url, self.allowed_domains):
            return None
        if link.url in self.seen_reports:
            return None
        self.seen_reports.add(link.url)
        year = L.title_year(link.text)
        if self.since and year and year < self.since:
            self.crawler.stats.inc_value("gaar/skipped_before_since")
            return None
        self.crawler.stats.inc_value("gaar/reports_found")
        if link.url in self.known:
            self.crawler.stats.inc_value("gaar/skipped_known")
            return None
        meta = {"link_text": link.text, "list_url": list_url, "list_date": link.date}
        if L.is_attachment(link.url, link.text):
            return scrapy.Request(link.url, callback=self.parse_attachment, errback=self.failed,
                                  cb_kwargs={"source_url": list_url, **meta}, priority=10)
        return scrapy.Request(link.url, callback=self.parse_report_page, errback=self.failed,
                              cb_kwargs=meta, priority=10)

    def parse_report_page(self, response: Response, link_text: str, list_url: str, list_date: Optional[str]):
        """A report page: the page itself, and every attachment it links."""
        yield self._page_item(response, kind="page", link_text=link_text, source_url=list_url,
                              hints=self.hints(list_date=list_date))
        if not self._is_html(response):
            return
        for link in L.page_links(response.text, response.url):
            if L.is_attachment(link.url, link.text) and L.same_site(link.url, self.allowed_domains):
                if link.url in self.known:
                    continue
                self.crawler.stats.inc_value("gaar/attachments_found")
                yield scrapy.Request(link.url, callback=self.parse_attachment, errback=self.failed,
                                     cb_kwargs={"source_url": response.url, "link_text": link.text or link_text,
                                                "list_url": list_url, "list_date": list_date}, priority=10)

    def parse_attachment(self, response: Response, source_url: str, link_text: str, list_url: str,
                         list_date: Optional[str]):
        yield self._page_item(response, kind="attachment", link_text=link_text, source_url=source_url,
                              hints=self.hints(list_date=list_date, list_url=list_url))

    def _page_item(self, response: Response, *, kind: str, link_text: str, source_url: str, hints: dict) -> PageItem:
        original = response.meta.get("gaar_original_url")  # before a redirect, as the list linked it
        headers = {}
        for name in KEPT_HEADERS:
            value = response.headers.get(name)
            if value is not None:
                headers[name] = value.decode("latin-1")
        encoding = response.meta.get("gaar_encoding") or getattr(response, "encoding", None)
        return PageItem(
            url=original or response.url, final_url=response.url, body=response.body, spider=self.name,
            status=response.status, headers=headers, encoding=encoding if kind == "page" else None,
            run_id=self.run_id, kind=kind, source_url=source_url, link_text=link_text, hints=hints,
        )

    # --- failures ------------------------------------------------------------------------------

    def failed(self, failure):
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
        yield FailureItem(url=request.meta.get("gaar_original_url") or request.url, reason=reason,
                          spider=self.name, detail=detail[:500], status=status, run_id=self.run_id)

    @staticmethod
    def _is_html(response: Response) -> bool:
        return hasattr(response, "text") and isinstance(response, scrapy.http.TextResponse)
