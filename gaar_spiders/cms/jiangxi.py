"""Jiangxi 集约化 platform (crawl README pattern 6): one site per government under
``/{websiteCode}/``, list templates ``{col}/xxgk_list.shtml`` / ``xxgk_lists.shtml``, and
each department's disclosure sub-site ``/{websiteCode}/{organ}/xxgk.shtml`` whose columns
are chosen by query string: ``xxgk.shtml?code=…&temp=…`` (``&parentCode=…`` for a child
column). One URL path, many columns: query strings are part of a page's identity.

Real pages: 04 (万载县 detail page: ``var websiteId = "…", websiteCode = "wzxrmzf",
websiteName, manuscriptId``; breadcrumb 首页 > 政务公开 ``zwgk/zwgk.shtml`` > 部门信息公开目录
``bmxxgkml/zzxxgk_bm.shtml`` > 统计局 ``tjj/xxgk.shtml`` > ``tjj/xxgk.shtml?code=fdzdgknrtj&temp=xsqbmxxgk_list``
> ``…?code=tjsja&temp=xsqbmxxgk_list&parentCode=fdzdgknrtj``; body ``div.article-content#zoomcon``)
and 07 (宜春 home: ``websiteCode = "ycsrmzf"``, 政务公开 ``zwgk/zwgk.shtml``, 信息公开
``xxgk/redirect_firstChannel.shtml`` (a redirect), 政府信息公开年度报告
``zfxxgknb/redirect_firstChannel.shtml``, lists ``{col}/xxgk_list.shtml`` and ``xxgk_lists.shtml``).

The entry chain (home → 政务公开 → 部门信息公开目录, the 年报 link through its redirect) is
the spider's own: those link texts are nav and column words. This adapter adds what the
words cannot: the organ directory ``zzxxgk_*.shtml`` is a list of its own (score STRONG)
whose organ sub-sites are its sub-columns; an organ sub-site's sub-column is its nav item
named 年报 (its ``code=``); a column's child columns (``parentCode=`` its code) are its
sub-columns. Pages of a list follow the pager's own links: a query parameter on a
``xxgk.shtml?code=`` column, numbered files ``xxgk_list_N.shtml`` on a template list —
neither page form is in the evidence (no list page was saved), so both are read from the
pager as the ``query_param`` and ``numbered`` adapters read them.
Local portal: ``localportals/families/jiangxi.py``.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import parse_qsl, urlsplit

from gaar_spiders.crawl import links as L
from gaar_spiders.crawl.links import Link

from . import numbered, query_param
from .base import Adapter, ListPage, Listing

#: ``var websiteId = "f2c9…", websiteCode = "wzxrmzf"`` (04, 07)
WEBSITE = re.compile(r"""websiteId\s*=\s*["'][0-9a-f]{32}["']\s*,\s*websiteCode\s*=\s*["'](\w+)["']""")
_DIRECTORY = re.compile(r"^/\w+/\w+/zzxxgk_\w+\.shtml$")  # bmxxgkml/zzxxgk_bm.shtml
_ORGAN_SITE = re.compile(r"^/\w+/\w+/xxgk\.shtml$")  # tjj/xxgk.shtml (?code=… selects a column)
_LIST = re.compile(r"^/\w+/\w+/xxgk_lists?(?:_\d+)?\.shtml$")  # zfxxgknb/xxgk_list.shtml

DIRECTORY, ORGAN_SITE, COLUMN, LIST = "directory", "organ_site", "column", "list"


def website_code(page: ListPage) -> Optional[str]:
    """The platform's ``websiteCode`` declared in the page's script, or None."""
    m = WEBSITE.search(page.text)
    return m[1] if m else None


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def page_kind(url: str) -> Optional[str]:
    """What a platform URL is: the organ directory, an organ sub-site, one of its ``code=`` columns, a template list."""
    path = urlsplit(url).path
    if _DIRECTORY.match(path):
        return DIRECTORY
    if _ORGAN_SITE.match(path):
        return COLUMN if _query(url).get("code") else ORGAN_SITE
    if _LIST.match(path):
        return LIST
    return None


class JiangxiAdapter(Adapter):
    name = "jiangxi"
    description = ("Jiangxi 集约化 platform: /{websiteCode}/{col}/xxgk_list.shtml lists, organ sub-sites "
                   "{organ}/xxgk.shtml with columns chosen by ?code=&temp=&parentCode=")
    body_container = "div.article-content"

    def detect(self, page: ListPage) -> float:
        code, kind = website_code(page), page_kind(page.url)
        if kind == DIRECTORY or (kind == ORGAN_SITE and code):
            return 0.9  # >= STRONG: lists of their own (the organ sub-sites; an organ's columns)
        if kind and code:
            return 0.7
        if kind or code:
            return 0.4  # the platform's home and detail pages, or its URL shapes alone
        return 0.0

    def read_list(self, page: ListPage) -> Listing:
        kind = page_kind(page.url)
        host = urlsplit(page.url).netloc
        if kind == DIRECTORY:
            organs = [link for link in page.links if urlsplit(link.url).netloc == host
                      and page_kind(link.url) in (ORGAN_SITE, COLUMN)]
            return Listing(sub_columns=organs, plan="organ sub-sites ({organ}/xxgk.shtml)")
        if kind == ORGAN_SITE:
            return Listing(sub_columns=self._nianbao_items(page), plan="the organ's 年报 column (?code=)")
        listing = super().read_list(page)
        if kind == COLUMN:
            taken = {link.url for link in listing.sub_columns}
            listing.sub_columns += [link for link in self._child_columns(page) if link.url not in taken]
        plan = query_param.page_plan(page) if kind == COLUMN else numbered.page_plan(page)
        if plan is not None:
            plan.apply(self, listing)
        return listing

    @staticmethod
    def _nianbao_items(page: ListPage) -> list[Link]:
        """The organ sub-site's nav items named 年报: ``xxgk.shtml?code=…`` on its own path."""
        path = urlsplit(page.url).path
        return [link for link in page.links if urlsplit(link.url).path == path
                and _query(link.url).get("code") and L.classify(link.text) == "column"]

    @staticmethod
    def _child_columns(page: ListPage) -> list[Link]:
        """Columns whose ``parentCode`` is this column's ``code`` (on the same path): read as lists in turn."""
        path, code = urlsplit(page.url).path, _query(page.url).get("code")
        return [link for link in page.links if urlsplit(link.url).path == path and link.url != page.url
                and _query(link.url).get("parentCode") == code and _query(link.url).get("code") != code]


ADAPTERS = [JiangxiAdapter]
