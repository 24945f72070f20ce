"""The CMS family adapter interface and the values it trades in.

An adapter knows one family of portal software (TRS, Hanweb, a pagination
style …): how to recognise its list pages (``detect``), what a list page of it
lists (``read_list``), how to read the XML/JSON answers of its list APIs
(``read_answer``) and which parts make up one paginated document
(``document_parts``). Adapters are pure: they read values and return values,
never touch Scrapy, the network or the database. The spider turns a
``ListRequest`` into a Scrapy request and the answer back into a ``ListPage``,
so one spider callback serves every family; the shared walk rule
(``cms/walk.py``) bounds every walk. Modelled on alltheplaces' storefinders.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Iterable, Optional
from urllib.parse import urlsplit

from parsel import Selector

from gaar_spiders.crawl import links as L
from gaar_spiders.crawl.links import BadLink, Link

#: answer kinds a list request may expect
ANSWER_KINDS = ("html", "xml", "json")
#: a detection score at or above this says "this page is a list of my family" on its own
#: (a column page that no 年报 link led to is still read as a list)
STRONG = 0.8
#: pager link texts that are never sub-columns
PAGER_WORDS = ("首页", "上一页", "下一页", "尾页", "末页", "上页", "下页", "更多")


@dataclass
class ListPage:
    """One fetched list page or list-API answer, as adapters see it.

    ``state`` is what the adapter put on the ``ListRequest`` that fetched it
    (empty for pages the spider found by itself); ``column_url`` the column
    the walk started at (sub-columns are judged against it).
    """

    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    encoding: Optional[str] = "utf-8"
    state: dict[str, Any] = field(default_factory=dict)
    column_url: Optional[str] = None
    answer: str = "html"

    @classmethod
    def from_html(cls, html: str, url: str, **kwargs) -> "ListPage":
        """A page from text (tests, ``gaar discover``)."""
        return cls(url=url, body=html.encode("utf-8"), encoding="utf-8", **kwargs)

    @cached_property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")

    @cached_property
    def selector(self) -> Selector:
        return Selector(text=self.text or "<html></html>")

    @cached_property
    def _read_links(self) -> tuple[list[Link], list[BadLink]]:
        return L.read_links(self.text, self.url, selector=self.selector)

    @property
    def links(self) -> list[Link]:
        """Every followable ``<a>`` (text, or its ``title`` when lists cut the text; the date printed beside it)."""
        return self._read_links[0]

    @property
    def bad_links(self) -> list[BadLink]:
        """Hrefs that make no URL (``http://[bad-ipv6/x.html``): one failure row each, the rest is read."""
        return self._read_links[1]

    @cached_property
    def _read_undated_links(self) -> tuple[list[Link], list[BadLink]]:
        return L.read_links(self.text, self.url, selector=self.selector, dates=False)

    @property
    def undated_links(self) -> list[Link]:
        """``links`` without the date beside each: a report page's (its attachments take the list's
        date), read in half the time."""
        return self._read_undated_links[0]

    @property
    def undated_bad_links(self) -> list[BadLink]:
        return self._read_undated_links[1]

    def json(self) -> Any:
        """The answer as JSON (``None`` when it is not JSON)."""
        try:
            return json.loads(self.text)
        except ValueError:
            return None

    def meta(self, name: str) -> Optional[str]:
        """A ``<meta name=…>`` of the page (SiteIDCode, SiteName, ColumnName …)."""
        value = self.selector.xpath(f'//meta[@name="{name}"]/@content').get()
        return value.strip() if value else None


@dataclass(frozen=True)
class ListRequest:
    """A follow-up list request as a value: the spider sends it and gives the answer back.

    ``adapter``: the adapter that reads the answer (default: the one that asked);
    ``state``: opaque to everyone else, handed back as ``ListPage.state`` and to
    ``read_answer``; ``page``: which page of the column this fetches, when known
    (1-based), so declared and fetched pages can be compared.
    """

    url: str
    method: str = "GET"
    form: Optional[dict[str, str]] = None  # sent urlencoded (GET: in the query; POST: as the body)
    body: Optional[str] = None  # a raw body (JSON APIs); excludes form
    headers: dict[str, str] = field(default_factory=dict)
    answer: str = "html"  # html | xml | json
    adapter: Optional[str] = None
    state: dict[str, Any] = field(default_factory=dict)
    page: Optional[int] = None

    def __post_init__(self) -> None:
        if self.method not in ("GET", "POST"):
            raise ValueError(f"ListRequest.method must be GET or POST, got {self.method!r}")
        if self.answer not in ANSWER_KINDS:
            raise ValueError(f"ListRequest.answer must be one of {ANSWER_KINDS}, got {self.answer!r}")
        if self.form is not None and self.body is not None:
            raise ValueError("ListRequest takes a form or a body, not both")

    @property
    def key(self) -> tuple:
        """What makes two list requests the same (the walk never sends one twice)."""
        form = tuple(sorted((self.form or {}).items()))
        return (L.canonical_url(self.url), self.method, form, self.body or "")


@dataclass
class Listing:
    """What one list page or answer lists.

    ``records``: every document link the list shows (reports, news, other
    columns' documents — as the CMS lists them, title over cut text);
    ``reports`` / ``skipped`` split them by the shared title rule, so mixed
    columns are read alike by every family. ``sub_columns``: lists below this
    column (by year, by organ group), read as lists in turn. ``requests``: the
    next pages and API calls. ``declared_pages`` / ``declared_records``: what
    the CMS prints about the column's size (None when it prints nothing).
    ``plan``: the pagination plan in words (``gaar discover`` prints it).
    """

    records: list[Link] = field(default_factory=list)
    sub_columns: list[Link] = field(default_factory=list)
    requests: list[ListRequest] = field(default_factory=list)
    declared_pages: Optional[int] = None
    declared_records: Optional[int] = None
    plan: str = ""
    #: how many records the answer carried, when the records are not all links (XML/JSON)
    record_count: Optional[int] = None
    #: how many of the column's pages this page or answer stands for (a Hanweb answer carries
    #: three; a jpage column page, which holds no records itself, none)
    pages_covered: int = 1

    @property
    def reports(self) -> list[Link]:
        return [link for link in self.records if is_report_link(link)]

    @property
    def skipped(self) -> list[Link]:
        return [link for link in self.records if not is_report_link(link)]


def is_report_link(link: Link) -> bool:
    """The shared rule: a report title, or an attachment whose name carries a year (2021年年报.pdf)."""
    kind = L.classify(link.text)
    return kind == "report" or (kind == "other" and L.is_attachment(link.url, link.text)
                                and L.title_year(link.text) is not None)


def is_record_link(link: Link) -> bool:
    """A document a list shows: a dated link, or a link titled like a (dated) report of any kind."""
    if link.date:
        return True
    return L.classify(link.text) in ("report", "non_report") or is_report_link(link)


def default_sub_columns(page: ListPage, records: Iterable[Link] = ()) -> list[Link]:
    """The sub-columns of a list page by the shared rules.

    Built in: short links below the column's directory that are not records,
    pager links or numbers (per organ 区政府 / 区级部门 / 镇街, per year 2020年度).
    Family modules add rules of their own without touching this one: a module's
    ``SUB_COLUMN_RULES`` (functions ``(link, page) -> bool``) are collected by the
    registry and any rule that says yes makes a link a sub-column too, whatever
    adapter reads the page (year and organ sub-columns are not one family's).
    """
    from gaar_spiders import cms  # the registry (imports this module): read at call time

    column = page.column_url or page.url
    at_root = (urlsplit(column).path or "/").rsplit("/", 1)[0] == ""  # every link of the site is "below" it
    taken = {link.url for link in records}
    extra = cms.sub_column_rules()
    found = []
    for link in page.links:
        if link.url in taken or link.url == page.url or L.is_attachment(link.url):
            continue
        if _builtin_sub_column(link, column, at_root) or any(rule(link, page) for rule in extra):
            found.append(link)
    return found


def _builtin_sub_column(link: Link, column: str, at_root: bool) -> bool:
    if at_root or not L.under(link.url, column):
        return False
    if L.classify(link.text) not in ("other", "column"):
        return False
    text = link.text
    return bool(text) and len(text) <= 16 and text not in PAGER_WORDS and not text.isdigit()


class Adapter:
    """One CMS family. Subclass it in ``gaar_spiders/cms/<family>.py`` and list it in ``cms/__init__.py``.

    Override what your family does differently; the defaults read a plain HTML
    list (dated links and report-titled links are records, short links below
    the column are sub-columns) and paginate nothing.
    """

    #: the registry name (the registry's ``cms`` field pins it): ``[a-z][a-z0-9_]*``
    name: ClassVar[str] = ""
    #: what the family is, in words, with the real evidence (``gaar discover`` prints it)
    description: ClassVar[str] = ""
    #: CSS selector of the report body on the family's article pages, if known (for the chrome step)
    body_container: ClassVar[Optional[str]] = None

    def detect(self, page: ListPage) -> float:
        """How sure this adapter is that ``page`` is one of its list pages: 0 (no) to 1.

        Cheap: markers from real pages (a script call, a path shape, a meta tag).
        ``STRONG`` (0.8) or more makes a page a list even when no 年报 link led to it.
        """
        return 0.0

    def read_list(self, page: ListPage) -> Listing:
        """The records, sub-columns and follow-up requests of an HTML list page."""
        records = [link for link in page.links if is_record_link(link)]
        return Listing(records=records, sub_columns=default_sub_columns(page, records))

    def read_answer(self, answer: ListPage, state: dict[str, Any]) -> Listing:
        """The records of an XML or JSON answer to one of this adapter's ``ListRequest``s."""
        raise NotImplementedError(f"adapter {self.name!r} sent a {answer.answer} request but reads none")

    def document_parts(self, page: ListPage) -> list[str]:
        """URLs of the further parts of a document paginated in parts (TRS article pager), in order.

        Default: none. The spider fetches the parts and stores them with the first page.
        """
        return []

    def recognises_platform(self, url: str) -> bool:
        """Whether ``url`` is on a disclosure platform this family knows (followed across hosts)."""
        return False

    def request(self, url: str, **kwargs) -> ListRequest:
        """A follow-up request read by this adapter (a shorthand for families)."""
        return ListRequest(url, adapter=self.name, **kwargs)


#: where a document's text sits in each of its parts, most specific first
PART_CONTAINERS = ("div.TRS_Editor", "div.TRS_UEDITOR", "#zoom", "body")


def join_parts(pages: list[str], container: Optional[str] = None) -> str:
    """One document from the HTML of its parts, in order: the parts' bodies in the first's container.

    The body of each part is its ``container`` (a CSS selector; default: the
    first ``div.TRS_Editor``, ``div.TRS_UEDITOR``, ``#zoom`` or ``<body>``), so
    the chrome of the first part stays around the whole text once.

    A CMS splits a document into parts as text, wherever the editor put the
    break — often inside a table: part 1 ends after some rows with the table
    left open, part 2 starts with the next ``<tr>`` and closes it. Parsed one by
    one, such parts hold two broken tables (and libxml2 pulls part 1's trailing
    chrome into the open table). So the parts are joined as markup: each part's
    container is cut out of its raw HTML and the pieces are put one after the
    other in place of the first part's, and the whole is parsed once, later, by
    the parser: a table split across parts is one table again. When a part's
    container cannot be found in its markup (a selector other than ``tag.class``,
    ``#id`` or ``tag``), the parts are joined element by element, as parsed.
    """
    spans = _raw_spans(pages, container)
    if spans is not None:
        (start, end), first = spans[0], pages[0]
        inner = "".join(html[a:b] for html, (a, b) in zip(pages, spans))
        return first[:start] + inner + first[end:]
    return _join_parsed(pages, container)


_HIDDEN = re.compile(r"<!--.*?(?:-->|$)|<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.S | re.I)
_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-zA-Z][\w-]*)?(?:\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+))?$")


def _masked(html: str) -> str:
    """``html`` with comments, scripts and styles blanked (same length: offsets stay true)."""
    return _HIDDEN.sub(lambda m: " " * len(m[0]), html)


def _opening_tag(selector: str) -> Optional[re.Pattern]:
    m = _SIMPLE_SELECTOR.match(selector.strip())
    if m is None or not (m["tag"] or m["cls"] or m["id"]):
        return None
    tag = re.escape(m["tag"]) if m["tag"] else r"[a-zA-Z][\w-]*"
    if m["cls"]:
        attr = rf"""\bclass\s*=\s*["']?[^"'>]*(?<![\w-]){re.escape(m["cls"])}(?![\w-])"""
    elif m["id"]:
        attr = rf"""\bid\s*=\s*["']?{re.escape(m["id"])}(?![\w-])"""
    else:
        attr = ""
    return re.compile(rf"<(?P<tag>{tag})\b[^>]*{attr}[^>]*>", re.I)


def _inner_span(html: str, masked: str, pattern: re.Pattern) -> Optional[tuple[int, int]]:
    """Where the first element ``pattern`` opens has its content: (start, end) offsets, by tag depth."""
    opening = pattern.search(masked)
    if opening is None:
        return None
    tag = opening["tag"]
    tags = re.compile(rf"<(/?){re.escape(tag)}\b[^>]*>", re.I)
    depth, start = 1, opening.end()
    for m in tags.finditer(masked, start):
        depth += -1 if m[1] else (0 if m[0].endswith("/>") else 1)
        if depth == 0:
            return start, m.start()
    return (start, len(html)) if tag.lower() in ("body", "html") else None


def _raw_spans(pages: list[str], container: Optional[str]) -> Optional[list[tuple[int, int]]]:
    """The raw content span of the container in every part, or None when one is not found."""
    masked = [_masked(html) for html in pages]
    for selector in ([container] if container else PART_CONTAINERS):
        pattern = _opening_tag(selector)
        if pattern is None:
            return None
        if pattern.search(masked[0]) is None:
            continue
        spans = [_inner_span(html, m, pattern) for html, m in zip(pages, masked)]
        return spans if all(spans) else None
    return None


def _join_parsed(pages: list[str], container: Optional[str]) -> str:
    """The element-by-element join: each part's container children appended to the first's."""
    import lxml.html

    selectors = [container] if container else list(PART_CONTAINERS)

    def body_of(tree):
        for css in selectors:
            found = tree.cssselect(css)
            if found:
                return found[0]
        return tree

    first = lxml.html.document_fromstring(pages[0])
    target = body_of(first)
    for html in pages[1:]:
        part = body_of(lxml.html.document_fromstring(html))
        if part.text and part.text.strip():
            wrapper = lxml.html.Element("p")
            wrapper.text = part.text
            target.append(wrapper)
        for child in list(part):
            target.append(child)
    return lxml.html.tostring(first, encoding="unicode", doctype="<!DOCTYPE html>")


_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise ValueError(f"adapter name {name!r} must match {_NAME.pattern}")
    return name
