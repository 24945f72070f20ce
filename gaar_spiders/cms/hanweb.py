"""Hanweb (大汉) jcms columns listed by jpage: the column page ``/col/col{id}/index.html``
carries its first records itself, inside ``<script type="text/xml"><datastore>``, and
the rest come from ``dataproxy.jsp`` answering the same ``<datastore>`` XML of CDATA
``<record>``s; documents ``/art/YYYY/M/D/art_{col}_{doc}.html``, bodies in ``div#zoom``.

Real evidence: page 03 (定西, ``tests/data/crawl/pages/03_dingxi_hanweb_datastore.xml``):
45 records ``<li><a href="/art/…" title="full title">cut…</a> <b>date</b></li>``, a
``<nextgroup>`` link ``/module/web/jpage/dataproxy.jsp?page=1&appid=1&appid=1&webid=110
&path=/&columnid=12377&unitid=38486&webname=%25E5…&permissiontype=0`` and **no**
``<totalrecord>``/``<totalpage>``; one record on a sibling host (``zwgk.dingxi.gov.cn``).
Code only (crawl README §2, pattern 4): 江苏人社 ``GET /module/web/jpage/dataproxy.jsp?page=1
&appid=1&webid=67&path=/&columnid=…&unitid=…&permissiontype=0`` answering
``<totalrecord>1928</totalrecord><totalpage>20</totalpage>``; older Hanweb (gansu, shandong,
tianjin …) ``/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=``
with the other fields (``col=1, appid=1, webid, path=/, columnid, sourceContentType,
unitid, webname, permissiontype=0``) as a POST form or a GET query. Page 06 (浙江发改委,
a jcms detail page: ``/module/jslib/…`` scripts, ``#zoom``, ``/col/col{id}/`` nav) is
recognised as the family's page, not as a list.

Two ways on from the column page, whichever it defines:

- **the jpage call** (``$('#unit').jpage({proxyUrl, perPage, totalRecord, groupSize,
  ajaxParam})``), each value written inline or as a variable declared elsewhere in the
  page: ``proxyUrl?startrecord=&endrecord=&perpage=`` asked ``groupSize`` pages at a
  time (default 3, as the jpage script does), the ``ajaxParam`` fields POSTed (or sent
  as a GET query when the call says ``type: 'get'`` or the proxy URL carries them);
- **the ``nextgroup`` link** of the inline datastore, sent as printed (duplicated
  ``appid`` and double-percent-encoded ``webname`` kept byte for byte) with its ``page``
  counted up. Whether a real server's ``page=1`` repeats the inline group or follows it
  is not shown by page 03, so the page the link names and the one after it are asked
  at once, and records the column page already showed are not counted again: either
  way the walk goes on, and it never mistakes the repeat for a loop.

With ``<totalrecord>``/``<totalpage>`` (or ``totalRecord``) the declared pages are asked
for; without, one more group at a time until an answer brings nothing (the shared walk
rule ends it there). A page holding jpage units of other columns (a home page's news
units) is a Hanweb page but not, by itself, a list.
Local portals: ``localportals/families/hanweb.py`` (inline datastore + ``nextgroup``, no
totals, a record on the sibling ``zwgk.`` host), ``hanweb_jslib.py`` (the old jslib path,
POST form declared in a variable, totals) and the demo's 精河县 (``ajaxParam`` POST).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urlencode, urljoin, urlsplit

from gaar_spiders.crawl.links import Link, read_links

from .base import Adapter, ListPage, Listing, default_sub_columns

#: a column page (``/col/col1234/index.html``) and a jcms document (``art_{col}_{doc}``)
COLUMN_PATH = re.compile(r"/col/col(\d+)/")
ART = re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_(\d+)_\d+\.html")
#: what a Hanweb page loads or prints (06: /module/jslib/…; jpage units)
MARKERS = ("/module/web/jpage/", "/module/jslib/", "<datastore>", "jpage(", "/jcms_files/", "大汉网络")
DATASTORE_SCRIPT = re.compile(r"<script\b[^>]*\btype\s*=\s*['\"]text/xml['\"][^>]*>(.*?)</script\s*>", re.S | re.I)
DATASTORE = re.compile(r"<datastore\b.*?</datastore\s*>", re.S | re.I)
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_JPAGE = re.compile(r"\.jpage\s*\(\s*")
#: the jpage script asks for three pages at a time unless the call says otherwise
GROUP = 3
DEFAULT_PER_PAGE = 15


# --- the datastore --------------------------------------------------------------------------------

@dataclass
class Datastore:
    """One ``<datastore>``: its CDATA records, its ``nextgroup`` href and the totals it prints."""

    records: list[str] = field(default_factory=list)
    nextgroup: Optional[str] = None
    total_records: Optional[int] = None
    total_pages: Optional[int] = None


def _int(text: Optional[str]) -> Optional[int]:
    return int(text.strip()) if text and text.strip().isdigit() else None


def parse_datastore(xml: bytes) -> Optional[Datastore]:
    """A ``<datastore>`` read with entities and DTDs off (None when it is no XML at all).

    An external entity (``file:///etc/passwd``, an ``http://`` DTD) is never read or fetched and
    nested entity definitions (billion laughs) are never expanded; the genuine records are still read.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(xml.strip() or b"<datastore/>", parser)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    nextgroup = None
    group = root.findtext("nextgroup")
    if group:
        m = _HREF.search(group)
        href = (m[1] or m[2] or "").strip() if m else ""
        nextgroup = href.replace("&amp;", "&") or None  # never html.unescape: "&para" is not ¶ here
    return Datastore(records=[r.text or "" for r in root.iter("record")], nextgroup=nextgroup,
                     total_records=_int(root.findtext("totalrecord")), total_pages=_int(root.findtext("totalpage")))


def datastore_records(xml: bytes) -> tuple[list[str], Optional[int]]:
    """The CDATA records and ``totalrecord`` of a dataproxy answer (entities and DTDs never expanded)."""
    store = parse_datastore(xml)
    return (store.records, store.total_records) if store else ([], None)


def datastore_in(text: str) -> Optional[Datastore]:
    """The first ``<datastore>…</datastore>`` of decoded text, read without what precedes it: the
    text is already decoded (by the answer's or page's charset), so an XML declaration naming another
    encoding, and any DTD, are left behind."""
    m = DATASTORE.search(text)
    return parse_datastore(m[0].encode("utf-8")) if m else None


def inline_datastores(html: str) -> list[Datastore]:
    """The datastores a page carries: in ``<script type="text/xml">`` blocks, or the page itself."""
    head = html[:400].lstrip().lower()
    if head.startswith("<datastore") or (head.startswith("<?xml") and "<datastore" in head):
        store = datastore_in(html)
        return [store] if store else []
    found = []
    for block in DATASTORE_SCRIPT.findall(html):
        store = datastore_in(block)
        if store is not None and (store.records or store.nextgroup or store.total_records):
            found.append(store)
    return found


def record_links(records: list[str], base_url: str) -> list[Link]:
    """The links of CDATA records (``title`` over the cut text, the date printed beside)."""
    links: list[Link] = []
    for record in records:
        links += read_links(record, base_url)[0]
    return links


# --- the jpage call ----------------------------------------------------------------------------

def _scan(text: str, start: int, end: int, *, to_comma: bool) -> Optional[int]:
    """Walk ``text[start:end]`` outside quoted strings, counting brackets: the index of the bracket
    that closes the one at ``start``, or (``to_comma``) of the first comma at depth 0; None if not found."""
    depth, quote, i = 0, None, start
    while i < end:
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
            if depth == 0 and not to_comma:
                return i
        elif c == "," and depth <= 0 and to_comma:
            return i
        i += 1
    return None


def _matching(text: str, start: int) -> Optional[str]:
    """The object literal starting at ``text[start]`` (``{…}``, at most ``MAX_OBJECT`` characters), or None."""
    if not text.startswith("{", start):
        return None
    end = _scan(text, start, min(len(text), start + MAX_OBJECT), to_comma=False)
    return text[start:end + 1] if end is not None else None


_STRING = re.compile(r"""\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""")
_NUMBER = re.compile(r"\s*(-?\d+(?:\.\d+)?)(?![\w$.])")
_IDENT = re.compile(r"\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)")
_KEY = re.compile(r"""[\s,]*(?:'([\w$]+)'|"([\w$]+)"|([A-Za-z_$][\w$]*))\s*:""")
_LITERALS = {"null": "", "undefined": "", "true": "true", "false": "false"}
#: how deep variables are followed (a = b; b = {…}), how many a page may name, how long an
#: object literal may be, and how many jpage calls of a page are read
MAX_INDIRECTION, MAX_LOOKUPS, MAX_OBJECT, MAX_CALLS = 4, 16, 20_000, 16


class Script:
    """A page's JavaScript as values: literals, objects and the variables they name, each variable
    looked up once and at most ``MAX_LOOKUPS`` of them, objects read up to ``MAX_OBJECT``
    characters — a hostile page cannot make the reading quadratic."""

    def __init__(self, page: str):
        self.page = page
        self.memo: dict[str, Any] = {}

    def value(self, text: str, at: int, depth: int = 0) -> Any:
        """The value written at ``text[at:]``: a string, a number (as text), an object (a dict of
        such values) or a variable (``param``, ``cfg.ajax``), looked up where the page declares it."""
        while at < len(text) and text[at].isspace():
            at += 1
        if text.startswith("{", at):
            body = _matching(text, at)
            return self.object(body, depth) if body else None
        for pattern in (_STRING, _NUMBER):
            m = pattern.match(text, at)
            if m:
                return m[1] if m[1] is not None else m[2]
        m = _IDENT.match(text, at)
        if not m:
            return None
        head, *members = m[1].split(".")
        if head in _LITERALS and not members:
            return _LITERALS[head]
        value = self.declared(head, depth + 1)
        for member in members:
            value = value.get(member) if isinstance(value, dict) else None
        return value

    def declared(self, name: str, depth: int = 1) -> Any:
        """The value the page assigns to variable ``name`` (``var name = …``, ``name = …``), or None."""
        if name in self.memo:
            return self.memo[name]
        if depth > MAX_INDIRECTION or len(self.memo) >= MAX_LOOKUPS:
            return None
        self.memo[name] = None  # a variable defined by itself (a = a) reads as nothing
        pattern = re.compile(rf"(?:\b(?:var|let|const)\s+|[;{{}}\s,(]|^){re.escape(name)}\s*=(?![=>])")
        for m in pattern.finditer(self.page):
            value = self.value(self.page, m.end(), depth)
            if value is not None:
                self.memo[name] = value
                break
        return self.memo[name]

    def object(self, body: str, depth: int = 0) -> dict[str, Any]:
        """The top-level ``key: value`` pairs of an object literal (``{…}``, braces included);
        values that are no string, number, object or known variable (functions, calls) are left out."""
        out: dict[str, Any] = {}
        inner, i = body[1:-1], 0
        while i < len(inner):
            m = _KEY.match(inner, i)
            if m:
                key = m[1] or m[2] or m[3]
                value = self.value(inner, m.end(), depth)
                if value is not None and key not in out:
                    out[key] = value
                i = m.end()
            i = _skip_value(inner, i) + 1
        return out


def _skip_value(text: str, at: int) -> int:
    """The index of the comma that ends the value starting at ``text[at:]`` (or the end of ``text``)."""
    end = _scan(text, at, len(text), to_comma=True)
    return len(text) if end is None else end


@dataclass
class JpageCall:
    """The parameters of one jpage call, wherever the page wrote them."""

    proxy: str
    per_page: int = DEFAULT_PER_PAGE
    group: int = GROUP
    total: Optional[int] = None
    form: dict[str, str] = field(default_factory=dict)
    method: str = "POST"

    @property
    def column_id(self) -> Optional[str]:
        value = self.form.get("columnid") or query_value(self.proxy, "columnid")
        return str(value) if value else None


def _flat(form: Any) -> dict[str, str]:
    if not isinstance(form, dict):
        return {}
    return {str(k): str(v) for k, v in form.items() if not isinstance(v, dict)}


def jpage_calls(html: str) -> list[JpageCall]:
    """Every ``.jpage(…)`` call of a page whose proxy is a ``dataproxy.jsp``: its settings written
    inline or as variables declared elsewhere in the page (the settings object itself, too)."""
    calls, script = [], Script(html)
    for n, m in enumerate(_JPAGE.finditer(html)):
        if n >= MAX_CALLS:
            break
        settings = script.value(html, m.end())
        if not isinstance(settings, dict):
            continue
        proxy = settings.get("proxyUrl")
        if not isinstance(proxy, str) or "dataproxy" not in proxy:
            continue
        form = _flat(settings.get("ajaxParam"))
        kind = str(settings.get("ajaxType") or settings.get("type") or settings.get("method") or "").upper()
        in_query = query_value(proxy, "columnid") is not None
        method = "GET" if kind == "GET" or (in_query and not form and kind != "POST") else "POST"
        calls.append(JpageCall(proxy=proxy, per_page=_int(str(settings.get("perPage", ""))) or DEFAULT_PER_PAGE,
                               group=_int(str(settings.get("groupSize", ""))) or GROUP, form=form, method=method,
                               total=_int(str(settings.get("totalRecord", "")))))
    return calls


# --- helpers the Hanweb families share ------------------------------------------------------------

def column_id(url: str) -> Optional[str]:
    """The column id of a jcms column page URL (``/col/col1234/index.html`` → ``1234``)."""
    m = COLUMN_PATH.search(urlsplit(url).path + "/")
    return m[1] if m else None


def set_query_param(url: str, name: str, value: Any) -> str:
    """``url`` with ``name=value`` in its query, everything else kept byte for byte (no re-encoding)."""
    parts = url.split("#", 1)[0]
    base, _, query = parts.partition("?")
    pattern = re.compile(rf"(^|&){re.escape(name)}=[^&]*")
    if pattern.search(query):
        query = pattern.sub(lambda m: f"{m[1]}{name}={value}", query, count=1)
    else:
        query = f"{query}&{name}={value}" if query else f"{name}={value}"
    return f"{base}?{query}"


def query_value(url: str, name: str) -> Optional[str]:
    m = re.search(rf"(?:^|[?&]){re.escape(name)}=([^&#]*)", url)
    return m[1] if m else None


def unseen(links: list[Link], shown: list[str]) -> list[Link]:
    """``links`` without those the column page showed already (an answer repeating the first group)."""
    taken = set(shown)
    return [link for link in links if link.url not in taken]


def is_hanweb_page(page: ListPage) -> bool:
    """Markers of a Hanweb page (06: /module/jslib/ scripts; jpage units; jcms documents)."""
    return any(m in page.text for m in MARKERS) or any(ART.search(link.url) for link in page.links)


# --- the adapter -------------------------------------------------------------------------------------

class HanwebAdapter(Adapter):
    name = "hanweb"
    description = ("Hanweb jpage: the column's inline <datastore>, then dataproxy.jsp XML (the nextgroup link's "
                   "page=N, or startrecord/endrecord with the jpage call's ajaxParam form)")
    body_container = "#zoom"

    def detect(self, page: ListPage) -> float:
        stores, calls = inline_datastores(page.text), jpage_calls(page.text)
        if stores or calls:
            return 0.9 if self._own_units(page, stores, calls)[2] else 0.6
        return 0.6 if is_hanweb_page(page) else 0.0

    @staticmethod
    def _store_column(store: Datastore) -> Optional[str]:
        return query_value(store.nextgroup, "columnid") if store.nextgroup else None

    def _own_units(self, page: ListPage, stores: list[Datastore], calls: list[JpageCall]):
        """The units that list this column page's own column (all of them when none says which),
        and whether the page is, by itself, that column's list."""
        own = column_id(page.url)
        mine_s = [s for s in stores if own and self._store_column(s) == own]
        mine_c = [c for c in calls if own and c.column_id == own]
        if mine_s or mine_c:  # with them, the datastores that name no column (no nextgroup link)
            return mine_s + [s for s in stores if self._store_column(s) is None], mine_c, True
        raw = page.text[:400].lstrip().lower().startswith(("<datastore", "<?xml"))
        return stores, calls, raw  # a bare datastore answer is a list; a page of other columns' units is not

    def read_list(self, page: ListPage) -> Listing:
        stores, calls, _ = self._own_units(page, inline_datastores(page.text), jpage_calls(page.text))
        if not stores and not calls:
            return super().read_list(page)
        records = record_links([r for s in stores for r in s.records], page.url)
        shown = [link.url for link in records]
        listing = Listing(records=records, sub_columns=default_sub_columns(page, records))
        store_totals = [s for s in stores if s.total_records or s.total_pages]
        if calls:
            self._from_call(page, calls[0], shown, listing)
        elif any(s.nextgroup for s in stores):
            store = next(s for s in stores if s.nextgroup)
            self._from_nextgroup(page, store, shown, listing)
        if store_totals and listing.declared_records is None:
            listing.declared_records = store_totals[0].total_records
        return listing

    # --- startrecord / endrecord (the jpage call) -------------------------------------------------

    def _from_call(self, page: ListPage, call: JpageCall, shown: list[str], listing: Listing) -> None:
        per_page = call.per_page
        state = {"mode": "records", "proxy": urljoin(page.url, call.proxy), "per_page": per_page,
                 "group": call.group, "form": call.form, "method": call.method, "shown": shown}
        listing.declared_records = call.total
        listing.declared_pages = math.ceil(call.total / per_page) if call.total else None
        listing.pages_covered = math.ceil(len(shown) / per_page)
        start = len(shown) + 1
        if call.total is None or start <= call.total:
            listing.requests.append(self._group(state, start))
        where = "form POSTed" if call.method == "POST" else "fields in the GET query"
        listing.plan = (f"{'inline datastore, then ' if shown else ''}{urlsplit(call.proxy).path}"
                        f"?startrecord=&endrecord=&perpage={per_page} ({where}), {call.group} pages a request")

    def _group(self, state: dict, start: int):
        per_page, group = state["per_page"], state.get("group") or GROUP
        end = start + per_page * group - 1
        query = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page})
        proxy = state["proxy"]
        url = f"{proxy}{'&' if '?' in proxy else '?'}{query}"
        return self.request(url, method=state.get("method", "POST"), form=dict(state.get("form") or {}),
                            answer="xml", state={**state, "start": start}, page=(start - 1) // per_page + 1)

    # --- page=N (the nextgroup link) ----------------------------------------------------------------

    def _from_nextgroup(self, page: ListPage, store: Datastore, shown: list[str], listing: Listing) -> None:
        template = urljoin(page.url, store.nextgroup)
        first = _int(query_value(template, "page")) or 1
        state = {"mode": "pages", "template": template, "shown": shown}
        listing.pages_covered = 1 if shown else 0
        listing.declared_pages = store.total_pages
        last = store.total_pages or (first + 1 if shown else first)
        listing.requests = [self._page(state, n) for n in range(first, last + 1)]
        listing.plan = (f"{'inline datastore, then ' if shown else ''}{urlsplit(template).path}?page=N "
                        "(GET, the nextgroup link's parameters)")

    def _page(self, state: dict, n: int):
        return self.request(set_query_param(state["template"], "page", n), answer="xml",
                            state={**state, "page": n}, page=n)

    # --- answers ------------------------------------------------------------------------------------

    def read_answer(self, answer: ListPage, state: dict[str, Any]) -> Listing:
        store = datastore_in(answer.text) or Datastore()
        links = record_links(store.records, answer.url)
        fresh = unseen(links, state.get("shown") or [])
        repeated = len(links) - len(fresh)
        count = max(0, len(store.records) - repeated)
        if state.get("mode") == "pages":
            return self._pages_answer(store, fresh, count, state)
        per_page = state.get("per_page") or DEFAULT_PER_PAGE
        total = store.total_records
        listing = Listing(records=fresh, record_count=count, declared_records=total,
                          declared_pages=math.ceil(total / per_page) if total else None,
                          pages_covered=math.ceil(count / per_page))
        next_start = state.get("start", 1) + len(store.records)
        if store.records and (total is None or next_start <= total):
            listing.requests.append(self._group(state, next_start))
        return listing

    def _pages_answer(self, store: Datastore, fresh: list[Link], count: int, state: dict) -> Listing:
        n = int(state.get("page") or 1)
        listing = Listing(records=fresh, record_count=count, declared_records=store.total_records,
                          declared_pages=store.total_pages, pages_covered=1 if count else 0)
        if store.records:
            last = store.total_pages or n + 1
            listing.requests = [self._page(state, k) for k in range(n + 1, last + 1)]
        return listing


ADAPTERS = [HanwebAdapter]
