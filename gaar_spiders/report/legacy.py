"""Figures stated in prose (table ``legacy``): 累计主动公开政府信息79条, 共收到申请0件 …"""

from __future__ import annotations

import re

from . import templates as T
from .lazyre import lazy
from .model import Cell
from .normalize import to_simplified
from .numbers import read_cell

_FIGURES = [(key, lazy(p)) for key, p in T.LEGACY_FIGURES]
_ZEROS = [(keys, re.compile(p)) for keys, p in T.LEGACY_ZERO_STATEMENTS]
_CLAUSE = re.compile(r"[^。；;！!\n]+")


def prose_figures(body_text: str) -> list[Cell]:
    """One cell per clearly stated figure, the clause kept as ``raw``; first statement wins."""
    found: dict[str, Cell] = {}
    simplified = to_simplified(body_text)
    for clause_m in _CLAUSE.finditer(simplified):
        clause = clause_m.group(0).strip()
        raw = body_text[clause_m.start() : clause_m.end()].strip()
        for key, pattern in _FIGURES:
            m = pattern.search(clause)
            if m and key not in found:
                found[key] = Cell("legacy", key, "value", read_cell(m.group(1)).value, raw)
        for keys, pattern in _ZEROS:
            if pattern.search(clause):
                for key in keys:
                    found.setdefault(key, Cell("legacy", key, "value", 0, raw))
    order = [k for k, _ in T.LEGACY_FIGURES]
    return sorted(found.values(), key=lambda c: order.index(c.row))
