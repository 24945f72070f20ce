"""Separate 信息公开 platform hosts (crawl README pattern 9): the portal's 政府信息公开 / 年报
link leaves the www host for the same government's disclosure platform, where each organ
has its own section, addressed by an organ code.

Built from code descriptions only (crawler code; no platform page was saved):

- 北京: ``zfxxgk.beijing.gov.cn/{organ}/zfxxgknb/list.shtml`` (``110016``, ``110094``: the organ
  code is the first path segment);
- 合肥: ``zwgk.hefei.gov.cn/zwgk/public/spage.xp?doAction=sindex&unitid=0004000100010006&frame=nb``
  (``unitid`` = the organ, ``frame=nb`` = its 年报);
- 邯郸 ``hdzfxxgk.hd.gov.cn/zfxxgknb/``, 会昌 ``xxgk.huichang.gov.cn/xxgknb/`` (records
  ``#in_list>ul>li a[title]``), 梅江 ``zwgk.meijiang.gov.cn/zfgzbg``, 定西 ``zwgk.dingxi.gov.cn``.

Following the link across hosts is the framework's (another host of the portal's
registrable domain joins the crawl; an unrelated host — another government's platform —
never does). This family reads what the platform adds: its organ directory (a page
linking three or more organ sections, by code or by ``unitid``) is a list whose
sub-columns are the organs; an organ's section leads to its 年报 (the link named so
below its code, or for 合肥 its own ``frame=nb`` page); a 年报 list's records (in
``#in_list`` where the page has it) and its pages, read from the pager like the
``numbered`` and ``query_param`` adapters read them. ``recognises_platform`` stays
``False``: every documented platform shares its portal's registrable domain, and
recognising hosts by name (``zfxxgk.*``) would follow other governments' platforms too.
Local portal: ``localportals/families/xxgk_platform.py`` (platform on 127.0.0.2).
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from gaar_spiders.crawl import links as L
from gaar_spiders.crawl.links import Link
from gaar_spiders.report import templates as T

from . import numbered, query_param
from .base import Adapter, ListPage, Listing, is_record_link, is_report_link

_ORGAN = re.compile(r"^/(?P<code>\d{6,})(?:/|$)")  # /110016/…
_MONTH_DIR = re.compile(r"^(?:19|20)\d\d(?:0[1-9]|1[0-2])$")  # /202401/t20240120_1.html: a TRS date directory
_ORGAN_HOME = re.compile(r"^/\d{6,}/(?:index\.s?html?)?$")
_NIANBAO_LIST = re.compile(r"/(?:zf)?xxgknb/(?:list(?:_\d+)?\.s?html?|index(?:_\d+)?\.s?html?)?$")
_SPAGE = re.compile(r"/spage\.xp$")
_PLATFORM_HOST = re.compile(r"^(?:[a-z]*zfxxgk|xxgk|zwgk)\.")
#: list containers whose links are the records (会昌 #in_list>ul>li a[title])
RECORD_CONTAINERS = ("#in_list",)
NIANBAO_FRAME = "nb"
MIN_ORGANS = 3


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def organ_of(url: str) -> Optional[str]:
    """The organ a platform URL belongs to: its code in the path (北京) or its ``unitid`` (合肥 spage.xp)."""
    parts = urlsplit(url)
    if _SPAGE.search(parts.path):
        return _query(url).get("unitid") or None
    m = _ORGAN.match(parts.path)
    return m["code"] if m and not _MONTH_DIR.match(m["code"]) else None


def _organ_links(page: ListPage) -> list[Link]:
    """One link per organ section a page outside the sections links on its own host (the first naming it).

    A link counts when its text names an organ (…局, …委, …政府, …街道办事处, …镇); an organ's own
    page, or a page that lists reports, is no directory whatever it links.
    """
    if organ_of(page.url) or any(is_report_link(link) for link in page.links):
        return []
    host = urlsplit(page.url).netloc
    chosen: dict[str, Link] = {}
    for link in page.links:
        code = organ_of(link.url)
        if code and urlsplit(link.url).netloc == host and link.text.endswith(T.ORGAN_SUFFIXES) \
                and not is_record_link(link):
            chosen.setdefault(code, link)
    return list(chosen.values())


def _is_spage_nianbao(url: str) -> bool:
    q = _query(url)
    return bool(_SPAGE.search(urlsplit(url).path)) and q.get("frame") == NIANBAO_FRAME and bool(q.get("unitid"))


def _with_frame(url: str) -> str:
    parts = urlsplit(url)
    q = dict(parse_qsl(parts.query, keep_blank_values=True))
    q["frame"] = NIANBAO_FRAME
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(q), ""))


class XxgkPlatformAdapter(Adapter):
    name = "xxgk_platform"
    description = ("a separate 信息公开 platform: an organ directory (codes in the path, or unitid), each organ's "
                   "年报 (/{organ}/zfxxgknb/list.shtml, spage.xp?…&frame=nb)")

    def detect(self, page: ListPage) -> float:
        path = urlsplit(page.url).path
        if len(_organ_links(page)) >= MIN_ORGANS:
            return 0.85  # the organ directory: a list of its own
        if _is_spage_nianbao(page.url) or (organ_of(page.url) and _NIANBAO_LIST.search(path)):
            return 0.85
        if organ_of(page.url) and (_ORGAN_HOME.match(path) or _SPAGE.search(path)):
            return 0.6  # an organ's section
        if _PLATFORM_HOST.match(urlsplit(page.url).hostname or "") and _NIANBAO_LIST.search(path):
            return 0.6  # 邯郸 hdzfxxgk…/zfxxgknb/, 会昌 xxgk…/xxgknb/
        return 0.0

    def read_list(self, page: ListPage) -> Listing:
        path = urlsplit(page.url).path
        organs = _organ_links(page)
        if len(organs) >= MIN_ORGANS:
            return Listing(sub_columns=organs, plan="organ sections of the platform")
        if organ_of(page.url) and not (_is_spage_nianbao(page.url) or _NIANBAO_LIST.search(path)):
            return Listing(sub_columns=self._nianbao_of_organ(page), plan="the organ's 年报")
        listing = super().read_list(page)
        records = query_param.container_records(page, RECORD_CONTAINERS)
        if records is not None:
            listing.records = records
        if _SPAGE.search(path):  # one path, the page in the query
            plan = query_param.page_plan(page)
        else:
            plan = numbered.page_plan(page) or query_param.page_plan(page)
        if plan is not None:
            plan.apply(self, listing)
        return listing

    @staticmethod
    def _nianbao_of_organ(page: ListPage) -> list[Link]:
        """An organ section's 年报: the link named so within its section (or, on spage.xp, its frame=nb page)."""
        code = organ_of(page.url)
        host = urlsplit(page.url).netloc
        found = [link for link in page.links if urlsplit(link.url).netloc == host and organ_of(link.url) == code
                 and L.classify(link.text) == "column"]
        if not found and _SPAGE.search(urlsplit(page.url).path):  # frame=nb is the organ's 年报 (合肥)
            found = [Link(_with_frame(page.url), "年报")]
        return found


ADAPTERS = [XxgkPlatformAdapter]
