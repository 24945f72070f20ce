"""Year and organ-group sub-columns, nested (crawl README pattern 10): not one CMS's, so
this family brings no adapter, only ``SUB_COLUMN_RULES`` applied on every list page
whatever adapter reads it.

A 年报 column is often split by year (``2024年``, ``2023年度``, ``2018年度及以前``) and each
year by organ group (``县政府年报`` / ``部门年报`` / ``乡镇（街道）年报``, ``区政府`` / ``区级部门``
/ ``镇街``). The framework's built-in rule takes short links *below the column's
directory*; what it cannot see are sub-columns that share the column's path and differ
by their query string — an ASP/JSP portal's ``list.asp?classid=12`` → ``?classid=121``
(2024年) → ``?classid=1211`` (县政府年报), Jiangxi's ``xxgk.shtml?code=…&parentCode=…``
— or that hang below a column at the site's root. A link is a sub-column here when it
is on the page's host, near the column (the same path with another query, or below the
column's directory) and reads only as a year or an organ group; or when its last path
segment is a year directory seen on real portals below the column.

Evidence (code and public-page descriptions, no saved list page with year links):
北京 districts ``gknb{Y}/`` (密云), ``{Y}n/`` + ``{Y}n/xzjd/`` (大兴, 街乡镇), ``{Y}nb/zxjd{Y}/``
(怀柔), 水城 ``nb_2022n/``, 临夏 ``zfxxgknb/2024/gxs/`` (各县市), 富县 ``zfxxgknb/xj/``; the
small ASP portal of issue 11 whose year sub-columns stored 4 of 12 reports.
Local portal: ``localportals/families/subcolumns.py``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from gaar_spiders.crawl import links as L
from gaar_spiders.crawl.links import Link
from gaar_spiders.report.normalize import to_simplified

from .base import ListPage

_REPORT_WORDS = r"(?:政府信息公开工作年度报告|政府信息公开年度报告|政府信息公开年报|信息公开年报|年度报告|年报)"
#: 2024年, 2023年度, 2018年度及以前, 2022年报, 2021年度政府信息公开年报, 2023
YEAR_TEXT = re.compile(rf"^(?P<year>(?:19|20)\d\d)(?:年度?)?(?:及以前|以前|之前|及之前|前)?{_REPORT_WORDS}?$")
_LEVEL = r"(?:本级|县级|区级|市级|旗级|县直|区直|市直|旗直|各县市区|各县市|各县区|各县（市）|县市区|各乡镇|各街道|各部门|县|区|市|旗)"
_GROUP = (r"(?:人民政府|政府办公室|政府办|政府|部门单位|直属单位|部门|单位|乡镇（街道）|乡镇\(街道\)|乡镇街道|镇（街道）|"
          r"镇\(街道\)|街乡镇|乡镇|街道|镇街|街镇)")
#: 县政府年报, 部门年报, 乡镇（街道）年报, 区政府, 区级部门, 镇街, 各县市, 本级
ORGAN_GROUP_TEXT = re.compile(rf"^(?:{_LEVEL}{_GROUP}?|{_GROUP}){_REPORT_WORDS}?$")
#: year directories below a 年报 column: gknb2023, 2023n, 2023nb, 2023nd, nb_2022n, 2024, zxjd2023
YEAR_SEGMENT = re.compile(r"^(?:gknb|nb_?|zxjd|ndbg)?(?:19|20)\d\d(?:n|nb|nd|nian)?$")
#: the list file of a directory (gknb2023/index.html)
INDEX_FILE = re.compile(r"^(?:index|list|default)\.\w+$")


def _text(link: Link) -> str:
    return to_simplified(re.sub(r"\s+", "", link.text or ""))


def _near(link: Link, page: ListPage) -> bool:
    """On the page's host, and the column's own path with another query, or below the column's directory."""
    column = page.column_url or page.url
    a, b, here = urlsplit(link.url), urlsplit(column), urlsplit(page.url)
    if a.netloc != b.netloc:
        return False
    if a.path in (b.path, here.path) and a.query and link.url not in (column, page.url):
        return True
    return _below(link.url, column)


def _below(url: str, column: str) -> bool:
    """Below the column's directory, unless that is the site's root (where every link is)."""
    return (urlsplit(column).path or "/").rsplit("/", 1)[0] != "" and L.under(url, column)


def year_sub_column(link: Link, page: ListPage) -> bool:
    """A link that reads only as a year (2024年, 2023年度, 2018年度及以前); a bare 2023 only when its URL has it."""
    m = YEAR_TEXT.match(_text(link))
    if not m or not _near(link, page):
        return False
    return not _text(link).isdigit() or m["year"] in link.url


def organ_group_sub_column(link: Link, page: ListPage) -> bool:
    """A link that reads only as an organ group (县政府年报, 部门年报, 乡镇（街道）年报, 区级部门, 镇街)."""
    text = _text(link)
    return len(text) >= 2 and bool(ORGAN_GROUP_TEXT.match(text)) and _near(link, page)


def year_directory_sub_column(link: Link, page: ListPage) -> bool:
    """A link to a year directory below the column (gknb2023/, 2023n/, nb_2022n/, 2024/), whatever its text."""
    path = urlsplit(link.url).path
    directory, name = path.rsplit("/", 1)
    if name and not INDEX_FILE.match(name):  # a document, not the year's list
        return False
    last = directory.rsplit("/", 1)[-1]
    column = page.column_url or page.url
    return bool(YEAR_SEGMENT.match(last)) and _below(link.url, column) and \
        L.classify(link.text) in ("other", "column")


ADAPTERS: list = []
SUB_COLUMN_RULES = [year_sub_column, organ_group_sub_column, year_directory_sub_column]
