"""TRS WCM static publishing: list pages ``index.html``, ``index_1.html`` … (page k is
``index_{k-1}``), documents ``./YYYYMM/tYYYYMMDD_ID.htm(l)``, bodies in ``div.TRS_Editor``.

TRS publishes every column as static files; how many list pages a column has
is printed in one of three ways, all read here (crawl README §3 patterns 1, 2):

- the inline pager script of a column template (real page 01, 鄂尔多斯恩格贝 年报
  column): ``var currentPage = 0;//所在页从0开始`` … ``var countPage = 2//共多少页``,
  the links built by ``document.write`` as ``"index"+"_" + i + "."+"html"``. A
  crawler sees the script, not its output (01 is a browser-saved DOM that holds
  both), so the count is read from the script;
- the rendered pager (real pages 01 and 08, 国家统计局): ``共计 N 页`` / ``共N页``,
  ``pagenav_N`` links and ``pagenav_tail`` (``index_{N-1}.html``). Its ``下5页``
  link jumps a group, so every page ``index_1 … index_{N-1}`` is generated from
  the count instead of following next links;
- the ``createPageHTML`` call, in two argument orders told apart by the values
  (a quoted extension, the quoted name before it, the two numbers before the
  name, a record total after it): TRS's own ``createPageHTML(4, 0, "index",
  "html")`` (count, 0-based current page; page k = ``index_{k-1}``) and the
  shaoyang order ``createPageHTML('page_div', 10, 1, 'xlist', 'shtml', 189)``
  (element id, count, 1-based current page, name, extension, records; page k =
  ``xlist_k.shtml``) — known from a scraper configuration only (crawl README
  §2, code, no saved page): its page naming is inferred from the current page
  being 1 on the column page.

A ``createPageHTML`` whose name is a document (``t20190918_693227``, real page
05, 山西) is the **article** pager: it splits ONE document into parts
``{name}_1.{ext}`` … ``{name}_{n-1}.{ext}``; ``document_parts`` names them and
the spider joins them into one report (``cms.base.join_parts``). It is never
list pagination, and a detail page's own ``var countPage`` (05 has one in its
``toPage()``) is not either.

List records: every dated link (cross-column records, as 08 shows, included);
the TRS list template that puts the title and the date inside the link
(``<font class="cont_tit03">title</font><font class="cont_tit02">date</font>``,
real page 08) is read as that title and that date.

Local portals: the demo's 大足区, ``localportals/families/trs_static.py`` (01/08
shapes) and ``trs_createpage.py`` (the shaoyang order, a report in parts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit

from gaar_spiders.crawl.links import Link, canonical_url

from .base import Adapter, ListPage, Listing, default_sub_columns, is_record_link
from .paging import declared_pages

#: a ``createPageHTML(...)`` call (its function definition takes names, not values: not read)
CREATE_PAGE_HTML = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_ARG = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|(\d+))\s*$""")
#: file extensions a TRS pager names
PAGE_EXTENSIONS = re.compile(r"^(?:s?html?|jsp|php)$")
DOCUMENT_NAME = re.compile(r"^t\d{8}_\d+$")
DOCUMENT_LINK = re.compile(r"/t\d{8}_\d+\.s?html?$")
DOCUMENT_PART = re.compile(r"/t\d{8}_\d+(?:_\d+)?\.s?html?$")
_MARKERS = ("TRS_Editor", "TRS_UEDITOR", "/was40/", "/was5/", "trs_paper")
#: the column template's inline pager (real page 01)
COUNT_PAGE = re.compile(r"\bvar\s+countPage\s*=\s*(\d+)")
CURRENT_PAGE = re.compile(r"\bvar\s+currentPage\s*=\s*(\d+)")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
#: how the script spells the file names: "index"+"_" + i + "."+"html" (or "index_"+… ".html")
_SCRIPT_NAME = re.compile(r"""["'](\w+?)(?:["']\s*\+\s*["']_["']|_["']\s*\+)""")
_SCRIPT_EXT = re.compile(r"""["']\.["']\s*\+\s*["'](s?html?)["']|["']\.(s?html?)["']""")
#: the TRS list template with title and date inside the link (real page 08)
TITLE_CLASS, DATE_CLASS = "cont_tit03", "cont_tit02"
_DATE = re.compile(r"(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")


@dataclass(frozen=True)
class PagerCall:
    """One ``createPageHTML`` call, its arguments told apart by their values.

    ``first_index``: the ``current`` value of the first page (0 in TRS's own order,
    1 in the shaoyang order), which also says how pages are named: page k is
    ``{name}_{k-1}`` when counting from 0, ``{name}_{k}`` when counting from 1.
    """

    count: int
    current: int
    name: str
    ext: str
    total: Optional[int] = None  # records, when the call prints them (shaoyang order)
    element: Optional[str] = None  # the element the pager is written into (shaoyang order)
    first_index: int = 0

    @property
    def is_document(self) -> bool:
        """The article pager: the name is a document (t20190918_693227), the pages its parts."""
        return bool(DOCUMENT_NAME.match(self.name))

    @property
    def page(self) -> int:
        """The 1-based page this call is printed on."""
        return self.current + 1 - self.first_index

    def file(self, page: int) -> str:
        """The file name of 1-based ``page``."""
        if page <= 1:
            return f"{self.name}.{self.ext}"
        return f"{self.name}_{page - 1 + self.first_index}.{self.ext}"


def _literal(arg: str):
    m = _ARG.match(arg)
    if m is None:
        return None
    if m[3] is not None:
        return int(m[3])
    return m[1] if m[1] is not None else m[2]


def pager_calls(html: str, url: str = "") -> list[PagerCall]:
    """Every ``createPageHTML`` call with literal arguments, whatever their order.

    The extension is the quoted value that is one (html, shtml, htm …), the name
    the quoted value before it, count and current the two numbers before the
    name, a number after the extension the record total, a quoted value before
    the numbers the pager's element. Counting from 0 or 1: the column page
    itself (``{name}.{ext}`` or its directory, no ``_N``) prints its own index; elsewhere a page
    ``{name}_{count}`` can only count from 1, else the order's convention
    (TRS's own from 0, the element-first order from 1, as its evidence shows).
    """
    calls = []
    here = urlsplit(url).path.rsplit("/", 1)[-1]
    for m in CREATE_PAGE_HTML.finditer(html):
        args = [_literal(a) for a in m[1].split(",")] if m[1].strip() else []
        if not args or any(a is None for a in args):
            continue
        ext_at = next((i for i, a in enumerate(args) if isinstance(a, str) and PAGE_EXTENSIONS.match(a)), None)
        if ext_at is None or ext_at == 0 or not isinstance(args[ext_at - 1], str):
            continue
        name, ext = args[ext_at - 1], args[ext_at]
        numbers = [a for a in args[:ext_at - 1] if isinstance(a, int)]
        if len(numbers) < 2:
            continue
        count, current = numbers[-2], numbers[-1]
        leading = [a for a in args[:ext_at - 1] if isinstance(a, str)]
        after = [a for a in args[ext_at + 1:] if isinstance(a, int)]
        element = leading[0] if leading else None
        if here in ("", f"{name}.{ext}"):  # the column page (a directory URL serves it)
            first = current if current in (0, 1) else 0
        elif here == f"{name}_{count}.{ext}":
            first = 1
        else:
            first = 1 if element else 0
        calls.append(PagerCall(count=count, current=current, name=name, ext=ext, total=after[0] if after else None,
                               element=element, first_index=first))
    return calls


def list_pager(html: str, url: str = "") -> Optional[PagerCall]:
    """The ``createPageHTML`` call of a list (None for none, or for an article pager)."""
    return next((c for c in pager_calls(html, url) if not c.is_document), None)


def article_pager(html: str, url: str = "") -> Optional[PagerCall]:
    """The article pager of a document page (``createPageHTML(3,0,"t20190918_693227","shtml")``)."""
    return next((c for c in pager_calls(html, url) if c.is_document), None)


def _is_document_url(url: str) -> bool:
    """A TRS document or one of its parts (t20190918_693227.shtml, t20190918_693227_1.shtml)."""
    return bool(DOCUMENT_PART.search(urlsplit(url).path))


def printed_date(text: str) -> Optional[str]:
    """The first date a list prints in ``text`` (2020-01-09, 2020/1/9, 2020年1月9日), as ISO."""
    m = _DATE.search(text or "")
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m and 1 <= int(m[2]) <= 12 else None


@dataclass(frozen=True)
class ScriptPager:
    """The column template's inline pager: ``var countPage = N`` and the file names it builds."""

    count: int
    current: int
    name: str
    ext: Optional[str]


def script_pager(html: str, url: str = "") -> Optional[ScriptPager]:
    """``var countPage = 2//共多少页`` in a list template's script (never on a document page)."""
    if _is_document_url(url):
        return None
    for script in _SCRIPT.findall(html):
        count = COUNT_PAGE.search(script)
        if count is None or "createPageHTML" in script:  # an article pager's toPage() has one too (05)
            continue
        current = CURRENT_PAGE.search(script)
        name = _SCRIPT_NAME.search(script)
        ext = _SCRIPT_EXT.search(script)
        return ScriptPager(count=int(count[1]), current=int(current[1]) if current else 0,
                           name=name[1] if name else "index", ext=(ext[1] or ext[2]) if ext else None)
    return None


def _titled_in_link(page: ListPage) -> dict[str, Link]:
    """Links whose title and date are elements inside the link (08: cont_tit03 / cont_tit02)."""
    found = {}
    base = page.selector.xpath("//base/@href").get()
    base_url = page.url
    if base:
        try:
            base_url = urljoin(page.url, base.strip())
        except ValueError:
            pass
    for a in page.selector.xpath(f"//a[@href][.//*[contains(concat(' ', normalize-space(@class), ' '), ' {TITLE_CLASS} ')]]"):
        try:
            url = canonical_url(urljoin(base_url, a.attrib["href"].strip()))
        except ValueError:
            continue
        title = re.sub(r"\s+", "", "".join(a.xpath(f".//*[contains(@class, '{TITLE_CLASS}')]//text()").getall()))
        date = printed_date("".join(a.xpath(f".//*[contains(@class, '{DATE_CLASS}')]//text()").getall()))
        if title:
            found[url] = Link(url, title, date)
    return found


def document_parts(page: ListPage) -> list[str]:
    """The further parts of a document the TRS article pager splits (``{name}_1.{ext}`` …).

    Only on the document's first part (``{name}.{ext}``): a part reached by
    itself names no others. Real page 05 (count 1) has none.
    """
    call = article_pager(page.text, page.url)
    if call is None or call.count <= 1:
        return []
    if urlsplit(page.url).path.rsplit("/", 1)[-1] != f"{call.name}.{call.ext}":
        return []
    return [canonical_url(urljoin(page.url, f"{call.name}_{i}.{call.ext}")) for i in range(1, call.count)]


class TRSAdapter(Adapter):
    name = "trs"
    description = ("TRS WCM static lists: var countPage / 共N页 / pagenav_tail (index_{k-1}), createPageHTML in "
                   "its argument orders; the article pager's parts joined")
    body_container = "div.TRS_Editor, div.TRS_UEDITOR"

    def detect(self, page: ListPage) -> float:
        if list_pager(page.text, page.url) or script_pager(page.text, page.url):
            return 0.9
        documents = sum(1 for link in page.links if DOCUMENT_LINK.search(urlsplit(link.url).path))
        if documents >= 2 or any(m in page.text for m in _MARKERS):
            return 0.6
        return 0.0

    def read_list(self, page: ListPage) -> Listing:
        titled = _titled_in_link(page)
        # a list never lists itself: its breadcrumb link to the column is no record, whatever date follows it
        itself = {page.url, page.column_url}
        records = [link for link in (titled.get(link.url, link) for link in page.links)
                   if is_record_link(link) and link.url not in itself]
        listing = Listing(records=records, sub_columns=default_sub_columns(page, records))
        call = list_pager(page.text, page.url)
        if call:
            self._create_page_html(page, call, listing)
            return listing
        self._static_pages(page, listing, script_pager(page.text, page.url))
        return listing

    def _create_page_html(self, page: ListPage, call: PagerCall, listing: Listing) -> None:
        listing.declared_pages = call.count
        listing.declared_records = call.total
        listing.requests += [self.request(canonical_url(urljoin(page.url, call.file(k))), page=k)
                             for k in range(call.page + 1, call.count + 1)]
        later = f"{call.name}_{{k-1}}" if call.first_index == 0 else f"{call.name}_{{k}}"
        listing.plan = f"createPageHTML: {call.name}.{call.ext}, {later}.{call.ext}"

    def _static_pages(self, page: ListPage, listing: Listing, script: Optional[ScriptPager]) -> None:
        """TRS naming: index.html, index_1.html … index_{N-1}.html, N from the script (var countPage),
        the printed count (共计 N 页 / 共N页) or the highest page the pager links (pagenav_tail)."""
        name = script.name if script else "index"
        numbered = re.compile(rf"^(?P<dir>.*/){re.escape(name)}(?:_(?P<k>\d+))?\.(?P<ext>s?html?)$")
        path = urlsplit(page.url).path
        path = path + f"{name}.html" if path.endswith("/") else path
        here = numbered.match(path)
        if here is None:
            return
        directory = here["dir"]
        linked_ext = []

        def page_of(link: Link) -> Optional[int]:
            m = numbered.match(urlsplit(link.url).path)
            if m and m["dir"] == directory and m["k"]:
                linked_ext.append(m["ext"])
                return int(m["k"]) + 1
            return None

        pages = declared_pages(page.text, page.links, page_of)
        if script:
            pages = max(pages or 0, script.count)
        if not pages or pages < 2:
            return
        # a column URL ending in / says nothing of the extension: the pager's links or its script do
        ext = (linked_ext[0] if linked_ext else None) or (script.ext if script else None) or here["ext"]
        listing.declared_pages = pages
        own = int(here["k"]) if here["k"] else 0
        listing.requests += [self.request(canonical_url(urljoin(page.url, f"{name}_{k}.{ext}")), page=k + 1)
                             for k in range(1, pages) if k != own]
        source = "var countPage" if script and script.count == pages else "pager links"
        listing.plan = f"{name}.{ext}, {name}_{{k-1}}.{ext} ({source})"

    def document_parts(self, page: ListPage) -> list[str]:
        return document_parts(page)


ADAPTERS = [TRSAdapter]
