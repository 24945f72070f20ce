"""The statistics year a report covers, never the year it was published.

Read, in order, from: the title (2022年 / 2022年度 / 2022 before 政府信息公开);
the statistics period (统计期限自2022年1月1日起至…, also garbled as 202211日至…);
截至2022年12月31日; 2022年度政府信息公开; an opening 2022年, / 2022年以来,; 2022年度.
A year inside a trap (成立于1986年, 〔2019〕 notice numbers, 到2025年 targets,
索引号 runs) is skipped; a cited earlier report (《田黄镇2020年…》) loses to the
statistics period because the period is read first in the text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from . import metawords as W
from .lazyre import lazy
from .normalize import to_simplified

SANE = range(2000, 2101)
_TITLE_YEAR = re.compile(r"(\d{4})\s*(?:年|(?=\s*(?:政府信息公开|政务公开|信息公开)))")
_PERIODS = [re.compile(p) for p in W.PERIOD_PATTERNS]
_TRAPS = [lazy(p) for p in W.YEAR_TRAPS]
_LATER = (
    re.compile(r"(?<!\d)(\d{4})年度?(?:政府信息公开|政务公开|信息公开)"),
    re.compile(r"(?:^|[。\n])(?:[一二三四五六七八九十]+、[^\n]{0,20}\n)?(\d{4})年度?(?:以来)?[,，]", re.M),
    re.compile(r"(?<!\d)(\d{4})年度"),
)


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text))


def _trapped(text: str) -> set[int]:
    """Positions (start of the year) of years written in a trap."""
    spans = set()
    for pattern in _TRAPS:
        for m in pattern.finditer(text):
            spans.add(m.start(1))
    return spans


def from_title(title: Optional[str]) -> Optional[int]:
    if not title:
        return None
    for m in _TITLE_YEAR.finditer(_fold(title)):
        if int(m[1]) in SANE:
            return int(m[1])
    return None


def from_text(text: str) -> Optional[int]:
    """The statistics year stated in the report's text (its first few thousand characters)."""
    folded = _fold(text[:6000])
    flat = re.sub(r"[ \t\u3000]+", "", folded)
    compact = re.sub(r"\s+", "", folded)
    for pattern in _PERIODS:
        for m in pattern.finditer(compact):
            if int(m[1]) in SANE:
                return int(m[1])
    traps = _trapped(flat)
    for pattern in _LATER:
        for m in pattern.finditer(flat):
            if int(m[1]) in SANE and m.start(1) not in traps:
                return int(m[1])
    return None


def statistics_year(title: Optional[str], text: str) -> Optional[int]:
    return from_title(title) or from_text(text)
