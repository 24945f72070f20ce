"""The one walk rule every column walk follows, whatever its family.

Families only say what a page lists and which requests come next (a
``Listing``); this module decides whether the walk goes on:

- **cap**: a column walk sends at most ``GAAR_MAX_LIST_PAGES`` list requests;
  more announced is recorded as ``list_page_cap`` (reports may be lost);
- **already walked**: a request sent before in this crawl (pagers link every
  page from every page) is never sent again, silently;
- **loop**: a page (not the first) that lists exactly the reports of an earlier
  page of its column and brings nothing new ends the walk as ``pagination_loop``
  (a calendar's ``page=N`` for ever, a CMS that ignores the page parameter);
- **nothing new**: a page (not the first) that brings no record new to this
  crawl ends the walk when the column prints no size (an empty answer when no
  total is printed; the end of an incremental run). When it does print one,
  the walk goes on: declared pages bound it;
- **an answer that failed** cuts the walk (the failure row names the request
  and its column).

It counts declared vs fetched pages and records per column, so the crawl
health can tell a walk that saw only page 1 of 5.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .base import ListRequest, Listing

#: failure reasons a walk can leave (the failures table's ``reason``)
CAPPED, LOOP, UNREADABLE = "list_page_cap", "pagination_loop", "list_unreadable"
#: the normal end of a walk that prints no size
NOTHING_NEW = "nothing_new"


@dataclass
class WalkFailure:
    url: str
    reason: str
    detail: str


@dataclass
class ColumnWalk:
    """One column's walk: where it started, what its CMS declared, what was fetched."""

    url: str
    adapter: str
    parent: Optional[str] = None
    #: a 年报 column (reached from a 年报 link, or a list page an adapter recognised on its own):
    #: if its walk lists no report, the crawl records ``list_unreadable``
    is_column: bool = True
    declared_pages: Optional[int] = None
    declared_records: Optional[int] = None
    pages_fetched: int = 0
    records_listed: int = 0
    report_urls: set = field(default_factory=set)
    skipped_urls: set = field(default_factory=set)
    requests_sent: int = 1  # the column page itself
    pending: int = 1
    sub_columns: list[str] = field(default_factory=list)
    plan: str = ""
    samples: list[str] = field(default_factory=list)
    report_sets: set = field(default_factory=set)
    stopped: Optional[str] = None  # why the walk ended early (cap, loop, nothing new, failed answer)
    first_body: Optional[bytes] = None  # the column page, kept for a list_unreadable row

    @property
    def finished(self) -> bool:
        return self.pending <= 0

    @property
    def reports_listed(self) -> int:
        """Report links this column's lists showed (each once, whatever page showed it again)."""
        return len(self.report_urls)

    @property
    def skipped(self) -> int:
        return len(self.skipped_urls)

    def summary(self) -> dict:
        return {"url": self.url, "adapter": self.adapter, "parent": self.parent, "plan": self.plan,
                "declared_pages": self.declared_pages, "pages_fetched": self.pages_fetched,
                "declared_records": self.declared_records, "records_listed": self.records_listed,
                "reports_listed": self.reports_listed, "skipped": self.skipped,
                "sub_columns": list(self.sub_columns), "samples": list(self.samples), "stopped": self.stopped}


@dataclass
class Step:
    """What one list page or answer leads to: the requests to send and the failures to record."""

    requests: list[ListRequest] = field(default_factory=list)
    failures: list[WalkFailure] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # stat names (gaar/list_walk_…)


class Walker:
    """Every column walk of one crawl, under one rule."""

    def __init__(self, max_pages: int = 200):
        self.max_pages = max_pages
        self.walks: dict[str, ColumnWalk] = {}
        self.sent: set[tuple] = set()  # keys of every list request sent (any column)
        self.seen_records: set[str] = set()

    # --- walks ---------------------------------------------------------------------------

    def start(self, url: str, adapter: str, *, parent: Optional[str] = None, is_column: bool = True,
              key: Optional[tuple] = None) -> Optional[ColumnWalk]:
        """A new walk from ``url`` (None when that page was walked already, in any column)."""
        key = key or ListRequest(url).key
        if url in self.walks or key in self.sent:
            return None
        self.sent.add(key)
        walk = ColumnWalk(url=url, adapter=adapter, parent=parent, is_column=is_column)
        self.walks[url] = walk
        return walk

    def claim(self, url: str) -> bool:
        """Whether ``url`` (a GET page) may still be fetched as a list page; marks it taken."""
        key = ListRequest(url).key
        if key in self.sent:
            return False
        self.sent.add(key)
        return True

    # --- the rule ---------------------------------------------------------------------------

    def step(self, walk: ColumnWalk, listing: Listing, page_url: str, *, first: bool,
             new_records: int) -> Step:
        """Account for one page of ``walk`` and decide the requests that follow it.

        ``first``: this is the column's first page; ``new_records``: how many of its records
        this crawl had not seen (and an incremental run does not know already).
        """
        out = Step()
        walk.pages_fetched += listing.pages_covered
        if listing.declared_pages and (walk.declared_pages or 0) < listing.declared_pages:
            walk.declared_pages = listing.declared_pages
        if listing.declared_records and (walk.declared_records or 0) < listing.declared_records:
            walk.declared_records = listing.declared_records
        reports = listing.reports
        walk.records_listed += listing.record_count if listing.record_count is not None else len(listing.records)
        walk.report_urls.update(link.url for link in reports)
        walk.skipped_urls.update(link.url for link in listing.skipped)
        walk.plan = walk.plan or listing.plan
        for link in reports:
            if len(walk.samples) < 3 and link.text not in walk.samples:
                walk.samples.append(link.text)
        self.seen_records.update(link.url for link in listing.records)

        signature = frozenset(link.url for link in reports)
        repeat = bool(signature) and signature in walk.report_sets
        walk.report_sets.add(signature)
        if not listing.requests:
            return out
        if not first and new_records == 0:
            if repeat:
                walk.stopped = LOOP
                out.events.append("gaar/list_walk_loop")
                out.failures.append(WalkFailure(listing.requests[0].url, LOOP,
                                                f"column {walk.url}: {page_url} lists the same reports as an "
                                                f"earlier page and nothing new; the walk stopped"))
                return out
            if walk.declared_pages is None and walk.declared_records is None:
                walk.stopped = NOTHING_NEW
                out.events.append("gaar/list_walk_stopped_nothing_new")
                return out
        for request in listing.requests:
            if request.key in self.sent:
                continue
            if walk.requests_sent >= self.max_pages:
                walk.stopped = CAPPED
                out.events.append("gaar/list_walk_capped")
                out.failures.append(WalkFailure(request.url, CAPPED,
                                                f"column {walk.url}: {self.max_pages} list requests sent "
                                                f"(GAAR_MAX_LIST_PAGES), more announced"))
                break
            self.sent.add(request.key)
            walk.requests_sent += 1
            out.requests.append(request)
        walk.pending += len(out.requests)
        return out

    def done(self, walk: ColumnWalk) -> bool:
        """One page or answer of ``walk`` was handled (or failed); True when the walk just finished."""
        walk.pending -= 1
        return walk.pending == 0

    def cut(self, walk: ColumnWalk, reason: str) -> None:
        """An answer of ``walk`` failed: the walk is cut short there."""
        walk.stopped = walk.stopped or f"answer failed: {reason}"

    @staticmethod
    def unreadable(walk: ColumnWalk) -> Optional[WalkFailure]:
        """A finished 年报 column whose walk listed no report link and no sub-column: ``list_unreadable``."""
        if not walk.is_column or walk.reports_listed or walk.sub_columns:
            return None
        if walk.stopped not in (None, NOTHING_NEW):  # cut short: its failure row says why already
            return None
        return WalkFailure(walk.url, UNREADABLE,
                           f"年报 column {walk.url} (adapter {walk.adapter}): {walk.records_listed} record(s) "
                           f"listed on {walk.pages_fetched} page(s), no report link; the page is kept for diagnosis")

    # --- totals (the crawl health) -----------------------------------------------------------

    def totals(self) -> dict[str, int]:
        walks = list(self.walks.values())
        declared = [w for w in walks if w.declared_records]
        return {
            "list_pages_declared": sum(w.declared_pages or 0 for w in walks),
            "list_pages_fetched": sum(w.pages_fetched for w in walks),
            "list_records_declared": sum(w.declared_records for w in declared),
            "list_records_listed": sum(min(w.records_listed, w.declared_records) for w in declared),
            "list_pages_missing": sum(max(0, (w.declared_pages or 0) - w.pages_fetched) for w in walks),
        }
