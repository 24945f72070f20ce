"""Hanweb columns paged on the server: ``/col/col{id}/index.html?uid={unitid}&pageNum={N}``
renders page N of the column's list unit, the element whose ``id`` is the unit id.

Real evidence — **code descriptions only, no saved page** (crawl README §2, pattern 4's
server-side alternative): RSSHub's 江苏省人民政府 route reads the 年报 column
``https://www.jiangsu.gov.cn/col/col31251/index.html?uid=300520&pageNum={N}`` and takes the
list from element ``#300520`` with the regex ``<li>.+</li>`` (its issue #4527: the 年报
page "needs parsing of its own"); a crawler for 江西省生态环境厅 pages
``/col/col42150/index.html?uid=380055&pageNum={}``. The unit id is the ``unitid`` a jpage
``nextgroup`` link carries (page 03: ``unitid=38486``).

Read here: the unit id from the page's own URL or from the pager links that carry
``uid=`` and ``pageNum=`` (a page linking no such page is left to the ``hanweb``
adapter); records only from inside the unit element — plain ``<li>`` links, or CDATA
records of a ``<datastore>`` inside it (why RSSHub needs a regex) — so links in the
page's other blocks (notices, news) are never taken for the column's documents; the
page count from the pager's highest ``pageNum``, a printed ``共N页`` or the datastore's
``<totalpage>``, else the next ``pageNum`` until a page brings nothing new.
Local portal: ``localportals/families/hanweb_uid.py``.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

from gaar_spiders.crawl.links import Link, read_links

from .base import Adapter, ListPage, Listing, default_sub_columns, is_record_link
from .hanweb import column_id, inline_datastores, query_value, record_links, set_query_param
from .paging import printed_page_count

_UID = re.compile(r"^\d+$")
_INDEX = re.compile(r"/index\.s?html?$")


def _same_page(a: str, b: str) -> bool:
    """``/col/col1/`` and ``/col/col1/index.html`` on one host are one page."""
    pa, pb = urlsplit(a), urlsplit(b)
    return pa.netloc == pb.netloc and _INDEX.sub("/", pa.path) == _INDEX.sub("/", pb.path)


def _pager_links(page: ListPage) -> list[tuple[str, int, Link]]:
    """(uid, pageNum, link) of the links to this column's server-side pages."""
    found = []
    for link in page.links:
        uid, num = query_value(link.url, "uid"), query_value(link.url, "pageNum")
        if uid and num and num.isdigit() and _same_page(link.url, page.url):
            found.append((uid, int(num), link))
    return found


def unit_id(page: ListPage) -> Optional[str]:
    """The list unit's id: the page URL's ``uid``, else the one its pager links carry."""
    uid = query_value(page.url, "uid")
    if uid and _UID.match(uid):
        return uid
    pager = _pager_links(page)
    return pager[0][0] if pager and _UID.match(pager[0][0]) else None


class HanwebUidAdapter(Adapter):
    name = "hanweb_uid"
    description = "Hanweb server-side pages: /col/col{id}/index.html?uid={unitid}&pageNum=N, the list in #{unitid}"
    body_container = "#zoom"

    def detect(self, page: ListPage) -> float:
        uid = unit_id(page)
        if uid is None or self._unit(page, uid) is None:
            return 0.0
        return 0.9 if column_id(page.url) else 0.7

    @staticmethod
    def _unit(page: ListPage, uid: str) -> Optional[str]:
        return page.selector.xpath(f'//*[@id="{uid}"]').get()

    def read_list(self, page: ListPage) -> Listing:
        uid = unit_id(page)
        unit = self._unit(page, uid) if uid else None
        if unit is None:
            return super().read_list(page)
        stores = inline_datastores(unit)
        records = record_links([r for s in stores for r in s.records], page.url)
        taken = {link.url for link in records}
        records += [link for link in read_links(unit, page.url)[0]
                    if is_record_link(link) and link.url not in taken]
        pager = [(n, link) for u, n, link in _pager_links(page) if u == uid]
        printed = [n for n in (printed_page_count(page.text), *(s.total_pages for s in stores)) if n]
        declared = max([n for n, _ in pager] + printed) if pager or printed else None
        num = query_value(page.url, "pageNum") or ""
        current = int(num) if num.isdigit() else 1
        template = pager[0][1].url if pager else page.url
        listing = Listing(records=records, sub_columns=default_sub_columns(page, records), declared_pages=declared,
                          plan=f"?uid={uid}&pageNum=N (server-side pages, the list in #{uid})")
        last = declared if declared else (current + 1 if records else current)
        listing.requests = [self.request(set_query_param(set_query_param(template, "uid", uid), "pageNum", k), page=k)
                            for k in range(current + 1, last + 1)]
        return listing


ADAPTERS = [HanwebUidAdapter]
