"""Fujian 集约化 sites on TRS: a column page lists its first records statically and the
rest come from the site's JSON search API ("动静结合").

Real page 02 (平潭 政府信息公开年报, crawl README §1 row 02, §3 pattern 3): meta
``ChnlId=1813`` / ``SiteId=4``; the first 10 records are static
``<dl><dd><a href="./202603/t20260313_105587.htm" title="…">…</a></dd><dd>2026-03-10</dd></dl>``;
the page holds **no link to page 2**, only the list script::

    require(["list2.trsapi", "tools"], function(listModel, tools) {
        listModel({quickMode: "动静结合", maxStaticIndex: 1,
                   listArgs: {channelid: SiteInfo.searchId, classsql: "" || "chnlid=1813",
                              sortfield: "-docorderpri,-docreltime"},
                   pagebar: {prepage: 10, recordCount: '20', …}});
    });

with ``SiteInfo = {…, searchId: 200210, …}`` declared elsewhere in the page.
When ``recordCount`` is more than the static records, the rest is asked of
``POST /fjdzapp/search`` with ``channelid=<searchId>&classsql=chnlid=<ChnlId>
&sortfield=-docorderpri,-docreltime&page=N&prepage=10``, one request per page
after the static ones; the answer is JSON ``{pageCount, data: [{docpuburl |
chnldocurl, doctitle, pubdate, docreltime, …}]}`` (福建省直 sites answer
``docs[].chnldocurl``: both are read).

This request is **inferred**, not observed: the page's ``listArgs`` plus the
form the archive's own crawler sends (``changwu/pingtan-gov-zwgk-archive :
_crawler/crawler.js``, which enumerates the whole site with
``channelid=200210&sortfield=-pubdate&page=N&prepage=500``) and Fujian spiders'
code (crawl README §2). No saved request or answer for a column exists. The
``classsql`` is what keeps the answer to this column: without it the search
channel answers every document of the site.

Documents are TRS pages (``tYYYYMMDD_ID.htm``, body in ``div.TRS_Editor``), read
by the ``trs`` adapter. Local portal: ``localportals/families/fujian.py``.
"""

from __future__ import annotations

import math
import re
from html import unescape
from typing import Any, Optional
from urllib.parse import urljoin

from gaar_spiders.crawl.links import Link, canonical_url

from .base import Adapter, ListPage, Listing
from .trs import document_parts, printed_date

SEARCH_PATH = "/fjdzapp/search"
_LIST_MODEL = re.compile(r"listModel\s*\(\s*\{")
_QUICK_MODE = re.compile(r"quickMode\s*:\s*[\"']([^\"']*)[\"']")
_MAX_STATIC = re.compile(r"maxStaticIndex\s*:\s*(\d+)")
_RECORD_COUNT = re.compile(r"recordCount\s*:\s*[\"']?(\d+)")
_PREPAGE = re.compile(r"prepage\s*:\s*[\"']?(\d+)")
_CLASSSQL = re.compile(r"classsql\s*:\s*([^,\n}]*)")
_SORTFIELD = re.compile(r"sortfield\s*:\s*[\"']([^\"']*)[\"']")
_CHANNELID = re.compile(r"channelid\s*:\s*([\w.\"']+)")
_SEARCH_ID = re.compile(r"\bsearchId\s*:\s*[\"']?(\d+)")
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_SEARCH_URL = re.compile(r"""["']((?:https?://[^"'/]+)?/fjdzapp/search)["']""")
_TAGS = re.compile(r"<[^>]+>")
_MARKERS = ("list2.trsapi", "/fjdzapp/search")
DEFAULT_SORT = "-docorderpri,-docreltime"
DEFAULT_PREPAGE = 10


def _first_truthy(expression: str) -> str:
    """A JS ``"" || "chnlid=1813"`` as the page evaluates it: the first non-empty string."""
    return next((a or b for a, b in _QUOTED.findall(expression) if a or b), "")


def list_model(page: ListPage) -> Optional[dict[str, Any]]:
    """The ``listModel({…})`` call's arguments a crawler needs, or None when the page has none."""
    text = page.text
    call = _LIST_MODEL.search(text)
    if call is None:
        return None
    args = text[call.end():]
    channel = _CHANNELID.search(args)
    channelid = channel[1].strip("\"'") if channel else ""
    if not channelid.isdigit():  # SiteInfo.searchId: declared elsewhere in the page
        site = _SEARCH_ID.search(text)
        channelid = site[1] if site else ""
    classsql = _CLASSSQL.search(args)
    classsql = _first_truthy(classsql[1]) if classsql else ""
    if not classsql and page.meta("ChnlId"):
        classsql = f"chnlid={page.meta('ChnlId')}"
    count, prepage, mode, static, sort = (_RECORD_COUNT.search(args), _PREPAGE.search(args), _QUICK_MODE.search(args),
                                          _MAX_STATIC.search(args), _SORTFIELD.search(args))
    search = _SEARCH_URL.search(text)
    return {
        "channelid": channelid, "classsql": classsql, "sortfield": sort[1] if sort else DEFAULT_SORT,
        "record_count": int(count[1]) if count else None,
        "prepage": int(prepage[1]) if prepage and int(prepage[1]) > 0 else DEFAULT_PREPAGE,
        "mode": mode[1] if mode else "", "static_pages": int(static[1]) if static else 1,
        "search": urljoin(page.url, search[1] if search else SEARCH_PATH),
    }


def answer_records(answer: ListPage) -> tuple[list[Link], Optional[int], int]:
    """The records of a ``/fjdzapp/search`` answer, its ``pageCount``, and how many documents it carried."""
    data = answer.json()
    if not isinstance(data, dict):
        return [], None, 0
    docs = data.get("data") if isinstance(data.get("data"), list) else data.get("docs")
    if not isinstance(docs, list):
        docs = []
    links = []
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        href = doc.get("docpuburl") or doc.get("chnldocurl") or doc.get("url")
        if not isinstance(href, str) or not href.strip():
            continue
        try:
            url = canonical_url(urljoin(answer.url, href.strip()))
        except ValueError:
            continue
        title = re.sub(r"\s+", "", unescape(_TAGS.sub("", str(doc.get("doctitle") or doc.get("title") or ""))))
        links.append(Link(url, title, printed_date(str(doc.get("pubdate") or doc.get("docreltime") or ""))))
    pages = data.get("pageCount")
    return links, int(pages) if isinstance(pages, (int, str)) and str(pages).isdigit() else None, len(docs)


class FujianAdapter(Adapter):
    name = "fujian"
    description = ("Fujian 集约化 (TRS) 动静结合: static first records, the rest from POST /fjdzapp/search "
                   "(channelid=searchId, classsql=chnlid=ChnlId) as JSON")
    body_container = "div.TRS_Editor"

    def detect(self, page: ListPage) -> float:
        if list_model(page) is not None and any(m in page.text for m in _MARKERS + ("quickMode",)):
            return 0.95
        if any(m in page.text for m in _MARKERS):
            return 0.7
        return 0.0

    def read_list(self, page: ListPage) -> Listing:
        listing = super().read_list(page)
        column_name = page.meta("ColumnName")  # the left nav links the column itself (zfxxgknb/nlist.htm)
        listing.sub_columns = [s for s in listing.sub_columns if not column_name or s.text != column_name]
        model = list_model(page)
        if model is None:
            return listing
        total, prepage = model["record_count"], model["prepage"]
        # the static block (ms-visible="showStatic"), else every record of the page
        shown = page.selector.xpath('//*[@ms-visible="showStatic"]//a[@href]/@href').getall()
        static = len(shown) if shown else len(listing.records)
        static_pages = model["static_pages"] if static else 0
        listing.declared_records = total
        listing.declared_pages = math.ceil(total / prepage) if total else None
        listing.pages_covered = static_pages or 1
        if total is None or total <= static or not model["channelid"]:
            listing.plan = f"static records only ({static} of {total if total is not None else '?'})"
            return listing
        state = {key: model[key] for key in ("search", "channelid", "classsql", "sortfield", "prepage")}
        listing.requests += [self._page(state, n) for n in range(static_pages + 1, listing.declared_pages + 1)]
        listing.plan = (f"{model['mode'] or 'listModel'}: {static} static records, then POST {SEARCH_PATH} "
                        f"{model['classsql'] or '(no classsql)'} page=N prepage={prepage}")
        return listing

    def _page(self, state: dict, page: int):
        form = {"channelid": state["channelid"], "sortfield": state["sortfield"], "page": str(page),
                "prepage": str(state["prepage"])}
        if state["classsql"]:
            form["classsql"] = state["classsql"]
        return self.request(state["search"], method="POST", form=form, answer="json", state={**state, "page": page},
                            page=page)

    def document_parts(self, page: ListPage) -> list[str]:
        return document_parts(page)  # the documents are TRS pages: the same article pager

    def read_answer(self, answer: ListPage, state: dict[str, Any]) -> Listing:
        links, pages, carried = answer_records(answer)
        listing = Listing(records=links, record_count=carried, declared_pages=pages)
        if links and pages and state.get("search"):  # a column grown since its page was published
            listing.requests += [self._page(state, n) for n in range(int(state.get("page", 1)) + 1, pages + 1)]
        return listing


ADAPTERS = [FujianAdapter]
