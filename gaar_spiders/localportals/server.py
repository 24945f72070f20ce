"""Serve the bundled portals over real HTTP on loopback, one ephemeral port each.

Crawls in tests and in ``gaar demo`` go to these servers only: the crawler
maps each portal's real host to its local address with ``host_map`` (sent as
a proxy address, so requests arrive in absolute form, ``GET http://host/path``,
which the handler reads like ``GET /path``), and pages may link with their real
absolute URLs as real portals do. A portal's second host (a separate 信息公开
platform) listens on 127.0.0.2.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterable, Optional
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from .site import Site

BIND_ADDRESS = "127.0.0.1"  # the default; a Site may ask for another loopback address (Site.bind)


class Meter:
    """What one host was asked, for tests of politeness: every request (method and target, in
    order) and the most requests it was answering at the same time (``peak``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.requests: list[tuple[str, str]] = []
        #: the targets being answered at once when the peak was reached (what a failed politeness
        #: test prints)
        self.at_peak: list[str] = []
        self._answering: dict[int, str] = {}

    def enter(self, method: str, target: str) -> int:
        """Count a request as being answered; returns its ticket for ``leave``."""
        with self._lock:
            self.active += 1
            ticket = len(self.requests)
            self._answering[ticket] = f"{method} {target}"
            if self.active > self.peak:
                self.peak, self.at_peak = self.active, list(self._answering.values())
            self.requests.append((method, target))
            return ticket

    def leave(self, ticket: Optional[int] = None) -> None:
        with self._lock:
            self.active -= 1
            self._answering.pop(ticket, None)


def _handler_for(site: Site, meter: Optional[Meter] = None) -> type[BaseHTTPRequestHandler]:
    meter = meter or Meter()

    class PortalHandler(BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def _serve(self, method: str) -> None:
            self._ticket = meter.enter(method, self.path)
            self._metered = True
            try:
                self._answer(method)
            finally:
                self._done()

        def _done(self) -> None:
            """The request no longer counts as being answered: called just before the last bytes go
            out (a client can send its next request only after them), so the peak never counts a
            request the client already considers answered."""
            if self._metered:
                self._metered = False
                meter.leave(self._ticket)

        def _answer(self, method: str) -> None:
            form = {}
            if method == "POST":
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
            response = site.resolve(method, self.path, form)
            if response.stream is not None:
                self._stream(method, response)
                return
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self._done()
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(response.body)

        def _stream(self, method: str, response) -> None:
            """Write the chunks as they come; stop when the client hangs up (the crawler gave up)."""
            chunked = not any(name.lower() == "content-length" for name in response.headers)
            self.close_connection = True
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            if method == "HEAD":
                self._done()  # the headers are the whole answer
                self.end_headers()
                return
            self.end_headers()
            try:
                chunks = (chunk for chunk in response.stream if chunk)
                chunk = next(chunks, None)
                while chunk is not None:
                    following = next(chunks, None)  # one ahead: the last bytes are known as the last
                    if following is None and not chunked:
                        self._done()  # with a Content-Length, the client is answered by these bytes
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                    self.wfile.flush()
                    chunk = following
                if chunked:
                    self._done()  # the terminator answers the client
                    self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                pass
            finally:
                close = getattr(response.stream, "close", None)
                if close is not None:
                    close()

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve("HEAD")

        def log_message(self, format: str, *args) -> None:  # quiet: tests and the demo print their own
            pass

    return PortalHandler


class _QuietServer(ThreadingHTTPServer):
    """A crawler that hangs up mid-answer (a size cap, a timeout) is normal here, not an error to print."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class PortalServer:
    """The bundled portals, each on its own port of 127.0.0.1.

    ``portals``: names to serve (default: all of ``PORTALS``; the ``hostile``
    portal of ``OPT_IN_PORTALS`` only when named); ``bench_reports``:
    when > 0, also a generated ``bench`` portal with that many reports;
    ``families``: CMS family portals (``localportals/families/``) to serve too,
    each site of them under ``family:host`` (``server.family(name)`` has its
    home and manifest). ``port``: serve on fixed ports, the first site on ``port`` and each
    next one on the next port (default: a free port each, chosen by the system). Use as a
    context manager, or call ``start()`` / ``stop()``.
    """

    def __init__(self, portals: Optional[Iterable[str]] = None, *, bench_reports: int = 0,
                 families: Iterable[str] = (), port: int = 0):
        from .families import family_portal
        from .portals import OPT_IN_PORTALS, PORTALS, build_bench, build_portal

        names = list(PORTALS) if portals is None else list(portals)
        unknown = [n for n in names if n not in PORTALS and n not in OPT_IN_PORTALS]
        if unknown:
            raise ValueError(f"unknown portals {unknown}; known: {sorted(PORTALS) + sorted(OPT_IN_PORTALS)}")
        self.sites: dict[str, Site] = {name: build_portal(name) for name in names}
        if bench_reports > 0:
            self.sites["bench"] = build_bench(bench_reports)
        self.families = {name: family_portal(name) for name in families}
        for name, family in self.families.items():
            for site in family.sites:
                self.sites[f"{name}:{site.host}"] = site
        #: per served host (its real name): the requests it got and its peak of concurrent requests
        self.meters: dict[str, Meter] = {site.host: Meter() for site in self.sites.values()}
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self.port = port

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> "PortalServer":
        if self._servers:
            return self
        for n, (name, site) in enumerate(self.sites.items()):
            port = self.port + n if self.port else 0
            try:
                server = _QuietServer((site.bind or BIND_ADDRESS, port), _handler_for(site, self.meters[site.host]))
            except OSError as exc:
                self.stop()
                raise OSError(exc.errno, f"cannot serve {name} on {site.bind or BIND_ADDRESS}:{port}: "
                                         f"{exc.strerror}") from None
            server.daemon_threads = True
            thread = threading.Thread(target=server.serve_forever, name=f"portal-{name}", daemon=True)
            thread.start()
            self._servers[name] = server
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for site in self.sites.values():
            site.closing.set()  # streaming answers (the hostile portal's) end now
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> "PortalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- addresses ------------------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return list(self.sites)

    def address(self, name: str) -> str:
        """``127.0.0.1:PORT`` of a running portal."""
        if name not in self._servers:
            raise RuntimeError(f"portal {name!r} is not running (call start())")
        host, port = self._servers[name].server_address[:2]
        return f"{host}:{port}"

    def base_url(self, name: str) -> str:
        return f"http://{self.address(name)}/"

    def host(self, name: str) -> str:
        """The portal's real host name (www.dazu.gov.cn …)."""
        return self.sites[name].host

    @property
    def host_map(self) -> dict[str, str]:
        """Real host → local address, e.g. ``{"www.xjjh.gov.cn": "127.0.0.1:40123"}``."""
        return {site.host: self.address(name) for name, site in self.sites.items()}

    def local_url(self, url: str) -> str:
        """A real portal URL rewritten to the local server (other URLs unchanged)."""
        parts = urlsplit(url)
        address = self.host_map.get(parts.hostname or "")
        if address is None:
            return url
        return urlunsplit(("http", address, parts.path or "/", parts.query, parts.fragment))

    def family(self, name: str):
        """A served CMS family portal (``FamilyPortal``: home URL, sites, manifest)."""
        return self.families[name]

    def start_url(self, name: str) -> str:
        """The portal's home page, with its real host."""
        return self.sites[name].url("/")

    @property
    def manifest(self) -> list[dict]:
        """Every linked document of every served portal (see ``site.MANIFEST_FIELDS``)."""
        return [entry for site in self.sites.values() for entry in site.manifest]

    def navigation_urls(self, name: str) -> list[str]:
        """The real URLs of a portal's non-document pages (home, columns, list pages, attachment holders)."""
        return list(self.sites[name].navigation)
