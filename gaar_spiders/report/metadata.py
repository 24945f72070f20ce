"""The report's own fields: organ, region, statistics year, signature date.

The statistics year comes from the title or the text (2019年度, 截至2019年12月31日,
统计期限…2021年1月1日起至2021年12月31日止), never from a publication date.
"""

from __future__ import annotations

import re
from typing import Optional

from . import templates as T
from .dates import find_dates
from .normalize import to_simplified

_SUFFIXES = "|".join(sorted(T.ORGAN_SUFFIXES, key=len, reverse=True))
_UNITS = "|".join(sorted(T.REGION_UNITS, key=len, reverse=True))
_ORGAN_LINE = re.compile(rf"^[\u4e00-\u9fff（）()·]{{2,40}}?(?:{_SUFFIXES})$")
_TITLE_ORGAN = re.compile(r"^(?:关于)?(?P<organ>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:关于)?\s*(?P<year>\d{4})\s*年")
_YEAR_FIRST_ORGAN = re.compile(
    rf"^\d{{4}}\s*年度?\s*(?P<organ>[\u4e00-\u9fff（）()]{{2,30}}?(?:{_SUFFIXES}))(?=政府信息公开|政务公开|信息公开)"
)
_OPENING_ORGAN = re.compile(
    rf"^(?:\d{{4}}\s*年度?\s*[,，]?\s*)(?P<organ>[\u4e00-\u9fff]{{1,20}}?(?:{_SUFFIXES}))(?=[\u4e00-\u9fff])"
)
_REGION = re.compile(rf"^((?:[\u4e00-\u9fff]{{2,8}}?(?:{_UNITS}))+)")
_YEAR_PATTERNS = (
    re.compile(r"截至\s*(\d{4})\s*年\s*12\s*月\s*31\s*日"),
    re.compile(r"(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)\s*(?:\d{4}\s*年\s*)?12\s*月\s*31\s*日"),
    re.compile(r"(\d{4})\s*年度?\s*(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"(\d{4})\s*年度"),
    re.compile(r"^(\d{4})\s*年\s*[,，]"),
)
_SANE_YEAR = range(2000, 2101)


def _year(text: str) -> Optional[int]:
    m = re.search(r"(\d{4})\s*年", text)
    if m and int(m[1]) in _SANE_YEAR:
        return int(m[1])
    return None


def statistics_year(title: Optional[str], lines: list[str]) -> Optional[int]:
    if title:
        y = _year(to_simplified(title))
        if y:
            return y
    head = to_simplified("\n".join(lines[:30]))[:3000]
    for pattern in _YEAR_PATTERNS:
        for m in pattern.finditer(head):
            if int(m[1]) in _SANE_YEAR:
                return int(m[1])
    return None


def _date_only(line: str) -> Optional[str]:
    s = line.strip()
    if len(s) > 24:
        return None
    for iso, start, end in find_dates(s):
        if end - start >= len(s) - 2:
            return iso
    return None


def signature(lines: list[str]) -> tuple[Optional[str], Optional[str]]:
    """(organ, signed_on) from the signature block at the end of the report."""
    tail = [ln.strip() for ln in lines if ln.strip()][-12:]
    for i in range(len(tail) - 1, -1, -1):
        signed = _date_only(tail[i])
        if not signed:
            continue
        organ = None
        for j in range(i - 1, max(-1, i - 3), -1):
            cand = to_simplified(tail[j])
            if _ORGAN_LINE.match(cand) and len(cand) <= 40:
                organ = cand
                break
        return organ, signed
    return None, None


def organ_from_title(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    s = to_simplified(re.sub(r"\s+", "", title))
    m = _YEAR_FIRST_ORGAN.match(s)
    if m:
        return m["organ"]
    m = _TITLE_ORGAN.match(s)
    if m and not m["organ"].startswith(("政府信息", "信息公开")):
        return m["organ"]
    return None


def organ_from_opening(lines: list[str]) -> Optional[str]:
    for line in lines[:5]:
        m = _OPENING_ORGAN.match(to_simplified(line.strip()))
        if m:
            return m["organ"]
    return None


def region_of(organ: Optional[str]) -> Optional[str]:
    """The province/city/county names that prefix an organ's name (重庆市大足区邮亭镇… → 重庆市大足区)."""
    if not organ:
        return None
    m = _REGION.match(organ)
    return m[1] if m else None
