"""Dates as Chinese reports print them, to ISO ``YYYY-MM-DD``.

A small deterministic reader handles what reports use (``2020-07-06``,
``2020年1月20日``, ``二〇二一年二月五日``, ``2019 年 10 月 30 日``,
``2020/7/6``, ``2020.07.06``); dateparser is the fallback for anything else.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Iterator, Optional

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○Ｏ一二三四五六七八九十"

#: ``2021-01-28``; also run into its time with no space (``2021-01-2814:11``: a two-digit day, then h:mm)
_NUMERIC = re.compile(
    r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"|[-/.](\d{1,2})[-/.](\d{2}(?=\d{1,2}:\d{2})|\d{1,2}(?!\d)))"
)
_CHINESE = re.compile(rf"([{_CN}]{{4}})\s*年\s*([{_CN}]{{1,3}})\s*月\s*([{_CN}]{{1,3}})\s*日")


def _cn_number(text: str) -> Optional[int]:
    """二十五 → 25, 十 → 10, 三十一 → 31."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        o = _CN_DIGITS.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def _iso(y: int, m: int, d: int) -> Optional[str]:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> Iterator[tuple[str, int, int]]:
    """Every date printed in ``text`` as (iso, start, end), in order of position."""
    text = unicodedata.normalize("NFKC", text)
    found = []
    for m in _NUMERIC.finditer(text):
        y = int(m[1])
        mo, d = (m[2], m[3]) if m[2] else (m[4], m[5])
        iso = _iso(y, int(mo), int(d))
        if iso and 1990 <= y <= 2100:
            found.append((iso, m.start(), m.end()))
    for m in _CHINESE.finditer(text):
        digits = [_CN_DIGITS.get(ch) for ch in m[1]]
        mo, d = _cn_number(m[2]), _cn_number(m[3])
        if None in digits or mo is None or d is None:
            continue
        iso = _iso(int("".join(map(str, digits))), mo, d)
        if iso:
            found.append((iso, m.start(), m.end()))
    found.sort(key=lambda f: f[1])
    return iter(found)


def parse_date(text: str) -> Optional[str]:
    """The first date in ``text`` (deterministic reader, then dateparser). Never raises."""
    if not text:
        return None
    for iso, _, _ in find_dates(text):
        return iso
    try:
        import dateparser

        parsed = dateparser.parse(
            text.strip()[:64], languages=["zh", "en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["year", "month", "day"]}
        )
    except Exception:  # dateparser raises on odd input; a date is optional
        return None
    return parsed.date().isoformat() if parsed else None
