"""Query-parameter pagination (crawl README pattern 7): the page number is a parameter of
the list's URL (ASP.NET ``InfoPublic.aspx?cid=&pid=&page=N&kw=``, JSP
``iList.jsp?node_id=&cat_id=&cur_page=N``, ``list.jsp?columnId=&pageNo=N``), or of a
POST form a list script sends (``newsList.ashx`` with ``currpage``).

Built from code descriptions only (no saved page or answer exists):

- ``hrss.yn.gov.cn`` (a 政府信息公开年报 column): ``InfoPublic.aspx?cid=1019&pid=971&page=1&kw=``,
  the next page by rewriting ``page=\\d+``: the other parameters, blank ``kw=`` included, are kept;
- 绵竹 (RSSHub route): ``iList.jsp?node_id=GKmzs&cat_id=15971&cur_page=1``, records
  ``div.ewb-job > ul > li > a[title]``: inside that container every link is a record
  (undated news there is a record too, skipped by the title rule);
- a scraper config (shaoyang): "another column uses ``pageNo`` starting at 0" — a list
  whose URL or pager carries ``pageNo=0`` counts from 0;
- ``www.bafy.gov.cn``: ``POST /Ajax/newslist/newsList.ashx`` form
  ``operate=4&currpage=0&p=70&type=2&p1=6&p2=57``. How the column page states that form
  and what the answer looks like are not documented: read here from the page's script
  (a jQuery ``$.post``/``$.ajax`` call with an object or a query string holding
  ``currpage``), the answer taken as an HTML fragment of the records, ``currpage`` counted
  up until an answer lists nothing (no total is known; a printed ``共N页`` bounds it).

The page parameter is the one the pager's links vary (same path, the other parameters
equal, a page number or 下一页 as text), or a well-known name in the page's own URL
(``page``, ``pageNo`` …; never a bare ``p``, which is as often a column id: ``p=70``).
The count is ``共N页`` or the highest page the pager links. Local portals:
``localportals/families/query_param.py`` (JSP on a platform host),
``localportals/families/query_param_asp.py`` (ASP.NET, and the ashx POST list) and the
demo's 道外区.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from gaar_spiders.crawl.links import Link, canonical_url

from .base import Adapter, ListPage, Listing, is_record_link
from .paging import PagePlan, declared_pages, is_pager_link, printed_page_count

#: page parameter names, most common first
PAGE_PARAMS = ("page", "pageNum", "pageNo", "currPage", "currpage", "pageIndex", "curPage", "pageno", "cur_page",
               "pageindex", "p")
#: names taken from the page's own URL without a pager showing them (``p`` is as often a column)
KNOWN_ALONE = PAGE_PARAMS[:-1]
#: list containers whose every link is a record (绵竹 ``div.ewb-job > ul > li > a[title]``)
RECORD_CONTAINERS = ("div.ewb-job",)
#: a list script that POSTs its form to an ``.ashx`` handler (bafy ``newsList.ashx``)
ASHX_URL = re.compile(r"""["']([^"'\s]+\.ashx)(?:\?([^"'\s]*))?["']""", re.I)
ASHX_FORM_OBJECT = re.compile(r"\{([^{}]*currpage[^{}]*)\}", re.I)
ASHX_FORM_STRING = re.compile(r"""["']([^"'\s]*currpage=\d+[^"'\s]*)["']""", re.I)
PAIR = re.compile(r"""["']?(\w+)["']?\s*:\s*(?:'([^']*)'|"([^"]*)"|(-?[\w.]+))""")
ASHX_PAGE = "currpage"
#: the one word every .ashx call has: a page without it is not searched with ASHX_URL, which
#: tries a quoted run at every quote (0.8 ms on every page a crawl reads)
ASHX_WORD = re.compile(r"\.ashx", re.I)


def _params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def _same_list(url: str, here: str, name: str) -> bool:
    """``url`` is another page of the list at ``here``: same host and path, the other non-blank parameters equal."""
    a, b = urlsplit(url), urlsplit(here)
    if (a.netloc, a.path) != (b.netloc, b.path):
        return False
    pa = {k: v for k, v in parse_qsl(a.query) if k != name and v}
    pb = {k: v for k, v in parse_qsl(b.query) if k != name and v}
    return pa == pb


def page_param(page: ListPage) -> Optional[str]:
    """The page parameter: the one the pager's links vary, else a well-known name in the page's own URL."""
    for link in page.links:
        if not is_pager_link(link):
            continue
        qs = _params(link.url)
        for name in PAGE_PARAMS:
            if qs.get(name, "").isdigit() and _same_list(link.url, page.url, name):
                return name
    own = _params(page.url)
    return next((name for name in KNOWN_ALONE if name in own), None)


def container_records(page: ListPage, containers: tuple[str, ...] = RECORD_CONTAINERS) -> Optional[list[Link]]:
    """Every link inside the first known record container the page has (pager links aside), or None."""
    for css in containers:
        hrefs = page.selector.css(f"{css} a::attr(href)").getall()
        if hrefs:
            urls = set()
            for href in hrefs:
                try:
                    urls.add(canonical_url(urljoin(page.url, href.strip())))
                except ValueError:
                    continue
            return [link for link in page.links if link.url in urls and not is_pager_link(link)]
    return None


def ashx_call(html: str) -> Optional[tuple[str, dict[str, str]]]:
    """The ``.ashx`` URL and form of a list script whose form pages by ``currpage`` (bafy), or None."""
    if ASHX_WORD.search(html) is None:
        return None
    for m in ASHX_URL.finditer(html):
        near = html[m.end(): m.end() + 600]
        form: dict[str, str] = {}
        if m[2] and ASHX_PAGE in m[2].lower():
            form = dict(parse_qsl(m[2], keep_blank_values=True))
        elif (obj := ASHX_FORM_OBJECT.search(near)) is not None:
            form = {k: v1 or v2 or v3 for k, v1, v2, v3 in PAIR.findall(obj[1])}
        elif (text := ASHX_FORM_STRING.search(near)) is not None:
            form = dict(parse_qsl(text[1], keep_blank_values=True))
        key = next((k for k in form if k.lower() == ASHX_PAGE), None)
        if key is not None and form[key].lstrip("-").isdigit():
            return m[1], form
    return None


def page_plan(page: ListPage) -> Optional[PagePlan]:
    """The query-parameter pagination of ``page`` (None when no page parameter is seen)."""
    name = page_param(page)
    if name is None:
        return None
    params = _params(page.url)
    pager = [(link, int(_params(link.url)[name])) for link in page.links
             if is_pager_link(link) and _params(link.url).get(name, "").isdigit()
             and _same_list(link.url, page.url, name)]
    # 0-based when the page says pageNo=0, links it, or prints "2" on a link to pageNo=1
    numbers = {int(re.sub(r"\D", "", link.text)) - v for link, v in pager if re.search(r"\d", link.text)}
    value = params.get(name, "")
    zero_based = value == "0" or any(v == 0 for _, v in pager) or 1 in numbers
    first = 0 if zero_based else 1
    current = int(value) if value.isdigit() else first
    offset = 1 - first  # page number = value + offset
    declared = declared_pages(page.text, [link for link, _ in pager], lambda link: int(_params(link.url)[name]) + offset)
    plan = f"?{name}=N" + (" (from 0)" if zero_based else "")
    if declared is None or current + offset < declared:
        parts = urlsplit(page.url)
        params[name] = str(current + 1)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))
        return PagePlan(declared, plan, url, current + 1 + offset)
    return PagePlan(declared, plan)


class QueryParamAdapter(Adapter):
    name = "query_param"
    description = ("pages by a query parameter (page, pageNo from 0 or 1, pageNum, cur_page …) or a POSTed "
                   "currpage (ASP.NET .ashx)")

    def detect(self, page: ListPage) -> float:
        if page.state.get("ashx"):
            return 0.9
        if ashx_call(page.text):
            return 0.6
        return 0.5 if page_param(page) else 0.0

    def read_list(self, page: ListPage) -> Listing:
        if page.state.get("ashx"):
            return self._ashx_answer(page)
        listing = super().read_list(page)
        records = container_records(page)
        if records is not None:
            listing.records = records
        call = ashx_call(page.text)
        if call is not None:  # the list is the handler's answers (what else the page links is read too)
            return self._ashx_column(page, listing, *call)
        plan = page_plan(page)
        if plan is not None:
            plan.apply(self, listing)
        return listing

    # --- POST: an .ashx handler paged by currpage ------------------------------------------------

    def _ashx_column(self, page: ListPage, listing: Listing, url: str, form: dict[str, str]) -> Listing:
        key = next(k for k in form if k.lower() == ASHX_PAGE)
        state = {"ashx": urljoin(page.url, url), "form": form, "key": key, "first": int(form[key])}
        listing.requests.append(self._ashx_request(state, int(form[key])))
        if not listing.records:
            listing.pages_covered = 0  # the column page shows none of the records itself
        listing.plan = f"POST {url.rsplit('/', 1)[-1]} {key}=N (from {form[key]}) until an answer lists nothing"
        return listing

    def _ashx_request(self, state: dict, value: int):
        form = {**state["form"], state["key"]: str(value)}
        return self.request(state["ashx"], method="POST", form=form, state={**state, "value": value},
                            page=value - state["first"] + 1)

    def _ashx_answer(self, page: ListPage) -> Listing:
        state = page.state
        records = [link for link in page.links if is_record_link(link) and not is_pager_link(link)]
        listing = Listing(records=records, pages_covered=1 if records else 0)
        printed = printed_page_count(page.text)
        listing.declared_pages = printed
        number = state["value"] - state["first"] + 1
        if records and (printed is None or number < printed):
            listing.requests.append(self._ashx_request(state, state["value"] + 1))
        return listing


ADAPTERS = [QueryParamAdapter]
