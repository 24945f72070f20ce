"""The CMS family adapters, in order, and how a page gets one.

A family is one module here exposing ``ADAPTERS`` (its ``Adapter`` subclasses);
``FAMILY_MODULES`` lists the modules. ``detect(page)`` asks every adapter and
takes the highest score (the earlier one on a tie, so list specific families
before general ones); ``get(name)`` is the adapter a registry entry's ``cms``
pins. To add a family: see docs/crawling.md, "Adding a CMS family".
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Optional

from .base import STRONG, Adapter, ListPage, Listing, ListRequest, check_name  # noqa: F401

#: family modules, most specific first; ``generic`` (it detects every page weakly) stays last
FAMILY_MODULES = (
    "fujian",
    "trs",
    "hanweb_jpaas",
    "hanweb_uid",
    "hanweb",
    "jiangxi",
    "gkmlpt",
    "xxgk_platform",
    "query_param",
    "numbered",
    "next_link",
    "subcolumns",
    "generic",
)
#: the registry's ``cms`` value that pins nothing: every page is detected
DETECT = "unknown"


def _modules():
    return [importlib.import_module(f"{__name__}.{name}") for name in FAMILY_MODULES]


@lru_cache(maxsize=1)
def adapters() -> tuple[Adapter, ...]:
    """One instance of every registered adapter, in registry order (names checked unique)."""
    found: list[Adapter] = []
    for module in _modules():
        for cls in module.ADAPTERS:
            found.append(cls())
    names = [check_name(a.name) for a in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"two adapters share the name(s) {duplicates}")
    return tuple(found)


@lru_cache(maxsize=1)
def sub_column_rules() -> tuple:
    """Every family module's ``SUB_COLUMN_RULES`` (``(link, page) -> bool``), applied to every list page."""
    return tuple(rule for module in _modules() for rule in getattr(module, "SUB_COLUMN_RULES", ()))


def names() -> tuple[str, ...]:
    """Every adapter name: the values the registry's ``cms`` field accepts (and ``unknown``)."""
    return tuple(a.name for a in adapters())


def get(name: str) -> Adapter:
    for adapter in adapters():
        if adapter.name == name:
            return adapter
    raise KeyError(f"no CMS adapter {name!r}; known: {', '.join(names())}")


def scores(page: ListPage) -> list[tuple[float, Adapter]]:
    """Every adapter's score for ``page``, best first (registry order on ties)."""
    scored = [(adapter.detect(page), -i, adapter) for i, adapter in enumerate(adapters())]
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [(score, adapter) for score, _, adapter in scored]


def detect(page: ListPage) -> tuple[Adapter, float]:
    """The adapter that recognises ``page`` best, and its score."""
    score, adapter = scores(page)[0]
    return adapter, score


def pick(page: ListPage, pinned: Optional[str] = None) -> tuple[Adapter, float]:
    """The pinned adapter (its own score), or the detected one."""
    if pinned and pinned != DETECT:
        adapter = get(pinned)
        return adapter, adapter.detect(page)
    return detect(page)


def document_parts(page: ListPage, pinned: Optional[str] = None) -> list[str]:
    """The further parts of a report page its CMS split (the TRS article pager), in order; [] for a
    whole page. Asked of the pinned adapter, else of the adapters that split documents: a report
    page is no list, so the list detection (which reads every link with the date beside it, the
    most of a report page's crawl time) is not run on it."""
    if pinned and pinned != DETECT:
        return get(pinned).document_parts(page)
    for adapter in adapters():
        if type(adapter).document_parts is not Adapter.document_parts:
            parts = adapter.document_parts(page)
            if parts:
                return parts
    return []


def recognised_platform(url: str) -> Optional[Adapter]:
    """The adapter that knows ``url`` as a disclosure platform it reads (followed across hosts)."""
    return next((a for a in adapters() if a.recognises_platform(url)), None)
