"""A portal as the server sees it: routes to responses, plus what it publishes.

A ``Site`` maps request paths (with a canonical query string) to handlers.
Pages are rendered lazily and cached, so a portal starts fast and a large
benchmark portal can generate its pages on demand. The manifest lists every
document a list links to; ``navigation`` the pages that lead to them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Optional, Union
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import content as C


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    #: chunks written one by one instead of ``body`` (slow or endless answers of the hostile
    #: portal); chunked unless ``headers`` names a Content-Length. The iterator must end by itself.
    stream: Optional[Iterable[bytes]] = None


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]


Handler = Callable[[Request], Response]


def canonical(path_qs: str) -> str:
    """``/list.jsp?pageNo=2&columnId=12`` and ``/list.jsp?columnId=12&pageNo=2`` are one route."""
    parts = urlsplit(path_qs)
    path = parts.path or "/"
    if not parts.query:
        return path
    return path + "?" + urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def html_response(html: str, encoding: str = "utf-8", *, declared: Optional[str] = None,
                  status: int = 200) -> Response:
    """HTML encoded as ``encoding``; the header declares ``declared`` (default: the real one)."""
    charset = declared or encoding
    return Response(status, html.encode(encoding), {"Content-Type": f"text/html; charset={charset}"})


class Site:
    """One portal's routes, manifest and navigation pages."""

    def __init__(self, name: str, host: str, *, encoding: str = "utf-8", charset_label: Optional[str] = None,
                 bind: str = "127.0.0.1"):
        self.name = name
        self.host = host
        #: the loopback address the server listens on (127.0.0.2 for a portal's second host)
        self.bind = bind
        self.encoding = encoding
        #: how the Content-Type header names the encoding (``GBK`` for ``gbk``)
        self.charset_label = charset_label or encoding
        self._routes: dict[str, Handler] = {}
        self._dynamic: dict[str, Handler] = {}
        self.manifest: list[dict] = []
        self.navigation: list[str] = []
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        #: set when the server stops: streaming handlers end at their next chunk
        self.closing = threading.Event()

    # --- building ---------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The real (portal host) URL of a path."""
        return f"http://{self.host}{path}"

    def add(self, path_qs: str, handler: Handler) -> None:
        self._routes[canonical(path_qs)] = handler

    def add_dynamic(self, path: str, handler: Handler) -> None:
        """A handler for a path prefix, whatever its query (list proxies, generated pages)."""
        self._dynamic[path] = handler

    def add_page(self, path_qs: str, render: Callable[[], Union[str, bytes]], *, content_type: str = "text/html",
                 declared: Optional[str] = None, status: int = 200, navigation: bool = False) -> None:
        """A page rendered once, on first request. ``declared`` overrides the charset the header names."""
        encoding = self.encoding

        @lru_cache(maxsize=1)
        def body() -> bytes:
            value = render()
            return value.encode(encoding) if isinstance(value, str) else value

        if content_type.startswith("text/"):
            header = f"{content_type}; charset={declared or self.charset_label}"
        else:
            header = content_type
        self.add(path_qs, lambda request: Response(status, body(), {"Content-Type": header}))
        if navigation:
            self.add_navigation(path_qs)

    def add_navigation(self, path_qs: str) -> None:
        url = self.url(path_qs)
        if url not in self.navigation:
            self.navigation.append(url)

    def add_redirect(self, path_qs: str, location: str, status: int = 302) -> None:
        self.add(path_qs, lambda request: Response(status, b"", {"Location": location}))

    def add_flaky(self, path_qs: str, render: Callable[[], Union[str, bytes]], failures: int = 1) -> None:
        """Answers 500 the first ``failures`` times, then the page (a CMS under load)."""
        key = canonical(path_qs)
        self.add_page(path_qs, render)
        page = self._routes[key]

        def handler(request: Request) -> Response:
            with self._lock:
                self._hits[key] = self._hits.get(key, 0) + 1
                hit = self._hits[key]
            if hit <= failures:
                return html_response("<html><body><h1>500 Internal Server Error</h1></body></html>",
                                     self.encoding, status=500)
            return page(request)

        self._routes[key] = handler

    def record(self, path_qs: str, **entry) -> dict:
        """Add a manifest entry for a linked document at ``path_qs`` (stored with its real URL)."""
        entry = {"portal": self.name, "url": self.url(path_qs), **entry}
        for name in MANIFEST_FIELDS:
            entry.setdefault(name, None)
        if entry["expected_failed_checks"] is None:
            entry["expected_failed_checks"] = []
        self.manifest.append(entry)
        return entry

    # --- serving ------------------------------------------------------------------------

    def resolve(self, method: str, path_qs: str, form: Optional[dict[str, str]] = None) -> Response:
        parts = urlsplit(path_qs)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query.update(form or {})
        request = Request(method, parts.path or "/", query)
        key = canonical(path_qs)
        handler = self._routes.get(key)
        if handler is None and request.path.endswith("/"):
            handler = self._routes.get(canonical(request.path + "index.html" + ("?" + parts.query if parts.query else "")))
        if handler is None:
            for prefix, dynamic in self._dynamic.items():
                if request.path.startswith(prefix):
                    handler = dynamic
                    break
        if handler is None:
            return not_found(self.encoding)
        return handler(request)


def not_found(encoding: str = "utf-8") -> Response:
    return html_response("<html><head><title>404</title></head><body><h1>404 Not Found</h1>"
                         f"<p>{C.NOT_FOUND}</p></body></html>", encoding, status=404)


#: the keys of every manifest entry
MANIFEST_FIELDS = (
    "portal",  # portal name (dazu, jinghe, …)
    "url",  # the linked URL, with the portal's REAL host
    "kind",  # report_html | report_text_page | report_pdf | report_docx | non_report | trap
    "trap",  # None, or: http_404, flaky_500, redirect, js_challenge, truncated, wrong_charset
    "title",  # the title the list gives the link
    "organ",
    "year",
    "template",  # '2019' | '2021' | 'legacy' | None
    "published_on",  # ISO date the list and page show
    "report",  # the generator's Report (None for seeds, traps without content, bench entries)
    "expected_failed_checks",  # arithmetic checks that must fail (ok False); others must not
    "generator_args",  # dict to rebuild the report with make_report(**args), or None
    "seed_file",  # package seed file name for seed text pages, or None
    "source_url",  # the page that links it (list page, or detail page for attachments)
    "final_url",  # where a redirect lands (real host), or None
    "cross_year_break",  # None, or how the report disagrees with its office's year before (generator.BREAKS)
)
