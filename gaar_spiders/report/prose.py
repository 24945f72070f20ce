"""Figures the prose of a report states (收到申请43件, 现行有效203件, 行政复议2件) and the
check that they agree with the tables (``prose.matches_tables``).

The same figures are evidence for ``recover.py``: a glued ``1126`` in 行政规范性文件
splits three ways, and 制发…规范性文件1件、废止1件 leaves one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import templates as T
from .model import Check, Report
from .normalize import collapse_ws, to_simplified
from .numbers import read_cell

NAME = "prose.matches_tables"
_SEPARATORS = ("。", "；", ";", "！", "!", "\n")

Figure = tuple[object, tuple, str]  # value, cells summed, the clause as printed


@lru_cache(maxsize=1)
def _patterns():
    return [(key, targets, re.compile(p)) for key, targets, p in T.PROSE_FIGURES]


_FIGURE = re.compile(r"\d\s*[件条起个]")
#: a line a PDF's text layer wrapped mid-sentence (20+ characters, no closing punctuation)
#: runs on into the next: its clause does not end at the line break
_WRAPPED = re.compile(r"(?<=[^\n]{19}[^\n。；;！!：:）)”])\n(?=[\u4e00-\u9fff\d（(“])")


@lru_cache(maxsize=16)
def stated_figures(body_text: str) -> dict[str, Figure]:
    """key -> (value, target cells, clause); the first statement of a key wins."""
    found: dict[str, Figure] = {}
    if not body_text:
        return found
    body_text = _WRAPPED.sub("", body_text)
    seen = set()
    for hit in _FIGURE.finditer(body_text):  # every pattern ends in a counted figure: N件 / N条 / N起
        start = max(body_text.rfind(sep, 0, hit.start()) for sep in _SEPARATORS) + 1
        if start in seen:
            continue
        seen.add(start)
        end = min((e for e in (body_text.find(sep, hit.end()) for sep in _SEPARATORS) if e >= 0), default=len(body_text))
        printed = body_text[start:end]
        words = [w for w in T.PROSE_KEYWORDS if w in printed]
        if not words:
            continue
        clause = collapse_ws(printed)
        if not any(to_simplified(w) == w for w in words):  # only Traditional keywords: convert
            clause = to_simplified(clause)
        for key, targets, pattern in _patterns():
            if key in found:
                continue
            hit = pattern.search(clause)
            if hit:
                found[key] = (read_cell(hit.group(1)).value, targets, clause[:80])
    return found


def _cell_key(template: str, table: str, row: str, col: str) -> tuple[str, str, str]:
    if template == "2019":
        col = T.PROSE_COLUMN_2019.get(col, col)
    return table, row, col


def matches_tables(report: Report) -> Check:
    if report.template not in T.TABLE_TEMPLATES:
        return Check(NAME, None, "not applicable: no statistical tables to compare the prose with")
    figures = stated_figures(report.body_text)
    cells = {(c.table, c.row, c.col): c for c in report.cells if c.table != "requests" or c.col == "total"}
    agree, differ, unknown = [], [], []
    for key, (value, targets, clause) in figures.items():
        if not targets or value is None:
            continue
        keys = [_cell_key(report.template, *t) for t in targets]
        found = [cells.get(k) for k in keys]
        if any(c is None for c in found):
            continue
        if any(c.value is None and any(ch.isdigit() for ch in c.raw) for c in found):
            unknown.append(f"{key} {value}: table cell not known")
            continue
        total = sum(c.value or 0 for c in found)
        names = " + ".join(".".join(k) for k in keys)
        if total == value:
            agree.append(f"{key} {value} = {names}")
        else:
            differ.append(f"{key}: prose states {value} ({clause}), table {names} = {total}")
    if differ:
        return Check(NAME, False, "; ".join(differ + agree))
    if agree:
        return Check(NAME, True, "; ".join(agree + unknown))
    if unknown:
        return Check(NAME, None, "cannot be computed: " + "; ".join(unknown))
    return Check(NAME, None, "cannot be computed: the prose states no figure a table cell holds")
