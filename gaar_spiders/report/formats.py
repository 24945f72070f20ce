"""Which format a report follows when its tables do not say it by their cells.

``template`` is the best answer a user can rely on, and ``template_source``
says where it came from:

* ``cells`` — the table reader read cells under one format's labels;
* ``labels`` — a label only one format prints stands in the text (本年制发件数
  → 2021, 本年新制作数量 → 2019), whitespace and line breaks inside it ignored,
  Traditional folded; a truncated label (本年新 | 本年新) is no match;
* ``legacy`` — a narrative report on 2018 or before (the old outline: 概述,
  主动公开, 依申请公开, 收费及减免 …), or a later report still written in the old
  outline: a section heading only the narrative format has (收费及减免). Such a
  late narrative fails ``template.current``. (A later narrative without such a
  heading stays ``None``: it follows no format the parser can name.)
* ``notice`` — no label: the format notice the report cites (国办公开办函〔2019〕60号
  → 2019, 〔2021〕30号 → 2021, garbled forms too; the newer one when both are cited).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from . import metawords as W
from .lazyre import lazy
from .normalize import to_simplified

_NOTICES = [(fmt, lazy(p)) for fmt, p in W.FORMAT_NOTICES]


def fold_compact(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(unicodedata.normalize("NFKC", text)))


def from_labels(compact: str) -> Optional[str]:
    for fmt, label in W.FORMAT_LABELS:
        if label in compact:
            return fmt
    return None


def from_notice(compact: str) -> Optional[str]:
    cited = [fmt for fmt, pattern in _NOTICES if pattern.search(compact)]
    return max(cited) if cited else None


def is_legacy(year: Optional[int], compact: str) -> bool:
    return year is not None and year <= W.LAST_LEGACY_YEAR and any(w in compact for w in W.LEGACY_OUTLINE_WORDS)


def decide(table_template: Optional[str], year: Optional[int], text: str,
           old_outline: bool = False) -> tuple[Optional[str], Optional[str]]:
    """(template, template_source) from the tables' reading, the text, the statistics year and
    whether a section heading of the narrative format only (``old_outline``) was read."""
    if table_template:
        return table_template, "cells"
    compact = fold_compact(text)
    fmt = from_labels(compact)
    if fmt:
        return fmt, "labels"
    if is_legacy(year, compact) or old_outline:
        return "legacy", "legacy"
    fmt = from_notice(compact)
    if fmt:
        return fmt, "notice"
    return None, None
