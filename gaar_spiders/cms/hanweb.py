"""Hanweb (大汉) jpage columns: the column page ``/col/col{id}/index.html`` holds a jpage
script whose list comes from ``dataproxy.jsp`` (an XML ``<datastore>`` of CDATA
``<record>``s); documents ``/art/Y/M/D/art_{col}_{id}.html``, bodies in ``div#zoom``.

What is here (ported from the first crawler): the jpage call's ``proxyUrl``,
``perPage``, ``totalRecord`` and ``ajaxParam`` object in the column page,
sent as a POST form to ``proxyUrl?startrecord=&endrecord=&perpage=`` (three
pages a request, as the jpage script asks); answers read with entities and
DTDs off. With no total printed, the next group is asked for until an answer
brings nothing new (the shared walk rule stops there).
Real page: 03 (定西 datastore). Local portals: the demo's 精河县 and
``localportals/families/hanweb.py``.

For the Hanweb group to extend: the inline ``<script type="text/xml"><datastore>``,
``nextgroup``, jpage parameters declared elsewhere, GET forms, the old path,
jpaas ``build/unit``, server-side ``?uid=&pageNum=``.
"""

from __future__ import annotations

import math
import re
from typing import Any, Optional
from urllib.parse import urlencode, urljoin

from gaar_spiders.crawl.links import Link, read_links

from .base import Adapter, ListPage, Listing

PROXY = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+dataproxy\.jsp)['\"]")
PER_PAGE = re.compile(r"perPage\s*:\s*(\d+)")
TOTAL = re.compile(r"totalRecord\s*:\s*(\d+)")
AJAX = re.compile(r"ajaxParam\s*:\s*\{([^}]*)\}")
PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w./\-]+))")
_MARKERS = ("/module/web/jpage/", "/module/jslib/", "<datastore>", "jpage(")
_ART = re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html")
#: the jpage script asks for three pages at a time
GROUP = 3
DEFAULT_PER_PAGE = 15


def datastore_records(xml: bytes) -> tuple[list[str], Optional[int]]:
    """The CDATA records and ``totalrecord`` of a dataproxy answer; entities and DTDs are never expanded.

    An external entity (``file:///etc/passwd``, an ``http://`` DTD) is never read or fetched and
    nested entity definitions (billion laughs) are never expanded; the genuine records are still read.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return [], None
    if root is None:
        return [], None
    total = root.findtext("totalrecord")
    records = [r.text or "" for r in root.iter("record")]
    return records, int(total) if total and total.strip().isdigit() else None


def jpage_call(html: str) -> Optional[dict[str, Any]]:
    """proxy URL, perPage, totalRecord and the ajaxParam form of a column page's jpage call."""
    m = PROXY.search(html)
    if not m:
        return None
    per_page = PER_PAGE.search(html)
    total = TOTAL.search(html)
    form = {}
    ajax = AJAX.search(html)
    if ajax:
        for k, v1, v2, v3 in PAIR.findall(ajax[1]):
            form[k] = v1 or v2 or v3
    return {"proxy": m[1], "per_page": int(per_page[1]) if per_page else DEFAULT_PER_PAGE,
            "total": int(total[1]) if total else None, "form": form}


class HanwebAdapter(Adapter):
    name = "hanweb"
    description = "Hanweb jpage: dataproxy.jsp XML answers to the column's ajaxParam form"
    body_container = "#zoom"

    def detect(self, page: ListPage) -> float:
        if jpage_call(page.text):
            return 0.9
        if any(m in page.text for m in _MARKERS) or any(_ART.search(link.url) for link in page.links):
            return 0.6
        return 0.0

    def read_list(self, page: ListPage) -> Listing:
        call = jpage_call(page.text)
        if call is None:
            return super().read_list(page)
        per_page, total = call["per_page"], call["total"]
        state = {"proxy": urljoin(page.url, call["proxy"]), "per_page": per_page, "form": call["form"]}
        listing = Listing(sub_columns=[], declared_records=total,
                          declared_pages=math.ceil(total / per_page) if total else None,
                          requests=[self._group(state, 1)], pages_covered=0,
                          plan=f"dataproxy.jsp POST, {per_page} a page, {GROUP} pages a request")
        return listing

    def _group(self, state: dict, start: int):
        end = start + state["per_page"] * GROUP - 1
        query = urlencode({"startrecord": start, "endrecord": end, "perpage": state["per_page"]})
        return self.request(f"{state['proxy']}?{query}", method="POST", form=dict(state["form"]), answer="xml",
                            state={**state, "start": start}, page=(start - 1) // state["per_page"] + 1)

    def read_answer(self, answer: ListPage, state: dict[str, Any]) -> Listing:
        records, total = datastore_records(answer.body)
        links: list[Link] = []
        for record in records:
            links += read_links(record, answer.url)[0]
        per_page = state.get("per_page") or DEFAULT_PER_PAGE
        listing = Listing(records=links, record_count=len(records), declared_records=total,
                          declared_pages=math.ceil(total / per_page) if total else None,
                          pages_covered=math.ceil(len(records) / per_page))
        next_start = state.get("start", 1) + len(records)
        if records and (total is None or next_start <= total):
            listing.requests.append(self._group(state, next_start))
        return listing


ADAPTERS = [HanwebAdapter]
