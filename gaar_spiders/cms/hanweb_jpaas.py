"""Hanweb jpaas (the publishing platform after jcms): a column page ``/col/col{id}/index.html``
whose list comes from the ``build/unit`` JSON API, the list HTML in the answer's ``data.html``.

Real evidence — **code descriptions only, no saved page or answer** (crawl README §2, pattern 5):
crawler code for ``www.hhtz.gov.cn`` asks ``/col/col1487002/index.html``'s list from
``/api-gateway/jpaas-publish-server/front/page/build/unit?parseType=bulidstatic&webId=2945
&tplSetId=…&pageType=column&tagId=阳光政务_分页列表&editType=null&pageId=1487002
&paramJson={"pageNo":{page},"pageSize":50}``; the same API serves samr / miit / mohurd,
whose answers hold the list HTML in ``data.html``.

How the column page exposes those parameters is **inferred** (no page was saved): the adapter
takes a ``build/unit`` URL written in the page with its query (a script's ``url:``), or the
parameters under their API names wherever a script sets them (``webId: '2945'``,
``tagId = '…'``, ``pageSize: 50``); ``pageType`` defaults to ``column``, ``pageId`` to the
column id of the page's URL (hhtz: ``pageId`` = the ``col`` id), ``parseType`` to the
documented ``bulidstatic`` (sic). It asks ``pageNo`` 1, 2 … until an answer lists nothing,
or up to the ``共N页`` a pager in ``data.html`` prints. Records the column page shows itself
are read and not counted again when an answer repeats them. Documents: jcms grammar
``/art/YYYY/M/D/art_{col}_{doc}.html``, bodies in ``#zoom``.
Local portal: ``localportals/families/hanweb_jpaas.py``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from .base import Adapter, ListPage, Listing, default_sub_columns, is_record_link
from .hanweb import column_id, unseen
from .paging import printed_page_count

API = "/api-gateway/jpaas-publish-server/front/page/build/unit"
#: the API's parameters, in the documented order (paramJson last)
PARAMS = ("parseType", "webId", "tplSetId", "pageType", "tagId", "editType", "pageId")
DEFAULTS = {"parseType": "bulidstatic", "pageType": "column", "editType": "null"}
DEFAULT_PAGE_SIZE = 20
#: a build/unit URL with its query, as a quoted string (script) or attribute value
_API_URL = re.compile(r"""(['"])((?:https?://[^\s'"<>]+)?/api-gateway/jpaas-publish-server/front/page/build/unit"""
                      r"""\?[^\s<>]*?)\1""")
_ENTITIES = {"&amp;": "&", "&quot;": '"', "&#34;": '"', "&#39;": "'"}


def _setting(text: str, name: str) -> Optional[str]:
    """``name: 'v'`` / ``name = "v"`` / ``"name": 5`` as a script writes it (the first one)."""
    m = re.search(rf"""["']?\b{name}\b["']?\s*[:=]\s*(?:'([^']*)'|"([^"]*)"|(-?\d+|null)\b)""", text)
    if not m:
        return None
    return next(v for v in (m[1], m[2], m[3]) if v is not None)


def unit_parameters(page: ListPage) -> Optional[dict[str, str]]:
    """The ``build/unit`` parameters of a column page (None when it calls no such API).

    A URL with a query wins (it is what the page asks); else each parameter under its API name.
    """
    text = page.text
    if API not in text:
        return None
    params: dict[str, str] = {}
    for m in _API_URL.finditer(text):
        url = m[2]
        for entity, char in _ENTITIES.items():
            url = url.replace(entity, char)
        query = urlsplit(url).query
        found = dict(parse_qsl(query, keep_blank_values=True))
        if found.get("webId") or found.get("pageId"):
            params = found
            break
    for name in PARAMS:
        if not params.get(name):
            value = _setting(text, name)
            if value is not None:
                params[name] = value
    size = _page_size(params.pop("paramJson", None)) or _setting(text, "pageSize")
    params["pageSize"] = str(size or DEFAULT_PAGE_SIZE)
    for name, value in DEFAULTS.items():
        params.setdefault(name, value)
    if not params.get("pageId"):
        own = column_id(page.url)
        if own:
            params["pageId"] = own
    return params if params.get("webId") or params.get("pageId") else None


def _page_size(param_json: Optional[str]) -> Optional[int]:
    try:
        size = json.loads(param_json or "").get("pageSize")
    except (ValueError, AttributeError):
        return None
    return int(size) if str(size).isdigit() else None


def api_url(base: str, params: dict[str, str], page_no: int) -> str:
    """The ``build/unit`` request for page ``page_no`` (1-based), parameters in the documented order."""
    query = [(name, params[name]) for name in PARAMS if name in params]
    query.append(("paramJson", json.dumps({"pageNo": page_no, "pageSize": int(params["pageSize"])},
                                          separators=(",", ":"))))
    return urljoin(base, API) + "?" + urlencode(query)


def answer_html(answer: ListPage) -> Optional[str]:
    """The list HTML of an answer: its ``data.html`` (None for an answer that is no such JSON)."""
    data = answer.json()
    inner = data.get("data") if isinstance(data, dict) else None
    html = inner.get("html") if isinstance(inner, dict) else None
    return html if isinstance(html, str) else None


class HanwebJpaasAdapter(Adapter):
    name = "hanweb_jpaas"
    description = "Hanweb jpaas: the column's list from the build/unit JSON API (data.html), pageNo 1, 2 …"
    body_container = "#zoom"

    def detect(self, page: ListPage) -> float:
        params = unit_parameters(page)
        if params is None:
            return 0.0
        own = column_id(page.url)
        return 0.9 if params.get("pageType") == "column" and own and params.get("pageId") == own else 0.7

    def read_list(self, page: ListPage) -> Listing:
        params = unit_parameters(page)
        if params is None:
            return super().read_list(page)
        records = [link for link in page.links if is_record_link(link)]
        shown = [link.url for link in records]
        state = {"params": params, "base": page.url, "shown": shown}
        listing = Listing(records=records, sub_columns=default_sub_columns(page, records),
                          pages_covered=1 if records else 0,
                          plan=f"build/unit JSON API (tagId {params.get('tagId') or '?'}), "
                               f"paramJson pageNo=N, pageSize {params['pageSize']}")
        # the page's own records may be pageNo 1 again: ask 1 and 2 at once, so a repeat never ends the walk
        listing.requests = [self._page(state, n) for n in ((1, 2) if shown else (1,))]
        return listing

    def _page(self, state: dict, n: int):
        return self.request(api_url(state["base"], state["params"], n), answer="json", state={**state, "page": n},
                            page=n)

    def read_answer(self, answer: ListPage, state: dict[str, Any]) -> Listing:
        html = answer_html(answer) or ""
        unit = ListPage.from_html(html, answer.url) if html else None
        links = [link for link in unit.links if is_record_link(link)] if unit else []
        fresh = unseen(links, state.get("shown") or [])
        pages = printed_page_count(html) if html else None
        n = int(state.get("page") or 1)
        listing = Listing(records=fresh, record_count=len(fresh), declared_pages=pages,
                          pages_covered=1 if fresh else 0)
        if links:
            last = pages or n + 1
            listing.requests = [self._page(state, k) for k in range(n + 1, last + 1)]
        return listing


ADAPTERS = [HanwebJpaasAdapter]
