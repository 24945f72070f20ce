"""What kind of request this is, read from ``request.meta["gaar_kind"]`` (set by the spider).

The kinds: ``entry`` (a start page), ``nav`` (政务公开 … on the way to a column),
``list`` (a column's HTML list page), ``list_api`` (an XML/JSON list answer),
``page`` (a report page) and ``attachment``. Middlewares read the kind,
never the spider's callback names. A request without one (robots.txt, a
request built elsewhere) is an ``attachment`` when its URL says so, else a
``page``.
"""

from __future__ import annotations

KINDS = ("entry", "nav", "list", "list_api", "page", "attachment")
#: kinds read as lists (the list size cap, the tag bound before link extraction)
LIST_KINDS = ("entry", "nav", "list", "list_api")


def request_kind(request) -> str:
    kind = request.meta.get("gaar_kind")
    if kind in KINDS:
        return kind
    from gaar_spiders.crawl.links import is_attachment

    return "attachment" if is_attachment(request.url) else "page"


def cap_kind(kind: str) -> str:
    """The size-cap class of a kind: ``list``, ``page`` or ``attachment``."""
    return "list" if kind in LIST_KINDS else kind
