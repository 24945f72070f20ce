"""The report's own fields: organ, organ_short, level, region, statistics year, dates, format.

This module gathers what ``pagemeta`` (the page's 发布时间/来源 lines), ``organ``
(every place the office is named), ``year`` and ``formats`` read, and keeps
the signature block reader (the organ and date under the report's end).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from . import organ as O
from . import templates as T
from .dates import find_dates
from .normalize import to_simplified
from .pagemeta import PageMeta
from .pagemeta import fold as fold_line

_SUFFIXES = "|".join(sorted(T.ORGAN_SUFFIXES, key=len, reverse=True))
_UNITS = "|".join(sorted(T.REGION_UNITS, key=len, reverse=True))
_ORGAN_LINE = re.compile(rf"^[\u4e00-\u9fff（）()·]{{2,40}}?(?:{_SUFFIXES})$")
_REGION = re.compile(rf"^((?:[\u4e00-\u9fff]{{2,8}}?(?:{_UNITS}))+)")


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


def region_of(organ: Optional[str]) -> Optional[str]:
    """The province/city/county names that prefix an organ's name (重庆市大足区邮亭镇… → 重庆市大足区)."""
    if not organ:
        return None
    m = _REGION.match(organ)
    return m[1] if m else None


@dataclass
class OrganFields:
    organ: Optional[str] = None
    organ_short: Optional[str] = None
    level: Optional[str] = None
    #: which kind of reading gave the organ (title, published, contact …), for debugging
    source: Optional[str] = None


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text))


#: the text read for organ statements: the preamble, contact line and opening stand in the first part
ORGAN_TEXT_CHARS = 5000


def organ_fields(title: Optional[str], head_lines: list[str], body_text: str, signature_organ: Optional[str],
                 page: PageMeta) -> OrganFields:
    """The reporting office from every place the page names it (see ``organ.py``)."""
    folded = O.strip_pinyin(_fold(body_text[:ORGAN_TEXT_CHARS]))
    compact = re.sub(r"\s+", "", folded)
    readings: list[O.Reading] = []

    def add(kind: str, name: Optional[str]) -> None:
        if name:
            readings.append(O.Reading(kind, name))

    add("title", O.from_title(title))
    for name in O.titles_in_head([fold_line(s) for s in head_lines]):
        add("title", name)
    readings.extend(O.from_statements(compact))
    for name in page.publishers:
        add("publisher", O.clean_name(name, "publisher"))
    add("signature", O.clean_name(signature_organ or "", "signature"))
    add("opening", O.from_opening(folded))
    if not readings:  # the last resort: a report that only calls itself 我乡 and names one 乡
        add("pronoun", O.from_pronoun(compact))
    chosen = O.choose(readings)
    if chosen is None:
        return OrganFields(level=O.level_from_pronouns(compact))
    level = O.level_of(chosen.name, chosen.kind)
    return OrganFields(chosen.name, O.short_of(chosen.name, level), level, chosen.kind)
