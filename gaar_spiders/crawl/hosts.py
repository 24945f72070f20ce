"""Which hosts belong to one portal: the registrable domain by the public suffix list.

``zwgk.dingxi.gov.cn`` and ``www.dingxi.gov.cn`` share ``dingxi.gov.cn``;
``www.gov.cn`` is a registrable domain of its own (``gov.cn`` is a public
suffix), so the central portal is never taken for part of a county's. The
list is the snapshot ``tldextract`` (a Scrapy dependency) ships: it is never
fetched (``suffix_list_urls=()``) and nothing is cached on disk.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable
from urllib.parse import urlsplit


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """``dingxi.gov.cn`` for ``zwgk.dingxi.gov.cn``; "" for IP addresses and bare names."""
    result = _extractor()((host or "").lower())
    return result.top_domain_under_public_suffix


def same_registrable_domain(url: str, hosts: Iterable[str]) -> bool:
    """Whether ``url``'s host shares a registrable domain with one of ``hosts``."""
    domain = registrable_domain(urlsplit(url).hostname or "")
    return bool(domain) and any(registrable_domain(h) == domain for h in hosts)
