"""Query-parameter pagination: ``list.jsp?columnId=12&pageNo=2`` (ASP.NET ``?page=``,
JSP ``cur_page`` …), the parameter found in the page's URL or in its pager links,
the count from the pager (``共N页`` or the highest page linked).

Real evidence (crawl README §2, code only): ``hrss.yn.gov.cn InfoPublic.aspx?…&page=``,
绵竹 ``iList.jsp?…&cur_page=``. Local portal: ``localportals/families/query_param.py``
and the demo's 道外区.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from gaar_spiders.crawl.links import Link

from .base import Adapter, ListPage, Listing
from .paging import declared_pages

PAGE_PARAMS = ("page", "pageNum", "pageNo", "currPage", "pageIndex", "curPage", "pageno", "cur_page", "p")


def page_param(page: ListPage) -> Optional[str]:
    """The name of the page parameter: in the page's own URL, else in a pager link to the same path."""
    parts = urlsplit(page.url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    name = next((p for p in PAGE_PARAMS if p in params), None)
    if name:
        return name
    for link in page.links:
        lp = urlsplit(link.url)
        if lp.path != parts.path or lp.netloc != parts.netloc:
            continue
        qs = dict(parse_qsl(lp.query))
        name = next((p for p in PAGE_PARAMS if p in qs and qs[p].isdigit()), None)
        if name:
            return name
    return None


class QueryParamAdapter(Adapter):
    name = "query_param"
    description = "pages by a query parameter (page, pageNo, pageNum, currPage, cur_page …)"

    def detect(self, page: ListPage) -> float:
        return 0.5 if page_param(page) else 0.0

    def read_list(self, page: ListPage) -> Listing:
        listing = super().read_list(page)
        name = page_param(page)
        if name is None:
            return listing
        parts = urlsplit(page.url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        value = str(params.get(name, "1") or "1")
        current = int(value) if value.isdigit() else 1

        def page_of(link: Link) -> Optional[int]:
            lp = urlsplit(link.url)
            qs = dict(parse_qsl(lp.query))
            return int(qs[name]) if lp.path == parts.path and qs.get(name, "").isdigit() else None

        listing.declared_pages = declared_pages(page.text, page.links, page_of)
        if listing.declared_pages is None or current < listing.declared_pages:
            params[name] = str(current + 1)
            url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))
            listing.requests.append(self.request(url, page=current + 1))
        listing.plan = f"?{name}=N"
        return listing


ADAPTERS = [QueryParamAdapter]
