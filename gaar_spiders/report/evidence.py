"""Evidence beyond a row's own arithmetic for glued rows of the active table.

The active table (主动公开) has no 总计: a glued ``101077`` or ``156-5997`` splits
several ways and the row itself cannot tell which. What can:

* **What the columns mean** (every report): an item count cannot fall below
  zero (上一年项目数量 + 本年增/减 ≥ 0); the documents published in all
  (对外公开总数量) include those newly published this year; 规章 and
  规范性文件 must be published to take effect, so a year's newly published
  ones equal the newly made ones (本年新公开数量 = 本年新制作数量).
* **The office's own way of filling the table**, learned from rows the same
  report (or its previous report) prints unambiguously: many offices fill
  处理决定数量 with the year's item count (上一年项目数量 + 本年增/减); a
  convention is used only when at least one settled row shows it with figures
  other than 0 and no settled row contradicts it.
* **The same office's previous report**: this year's 上一年项目数量 is last
  year's 上一年项目数量 + 本年增/减; 现行有效件数 is last year's plus this
  year's 本年制发 − 本年废止; 上年结转 is last year's 结转下年度.

Each piece of evidence only narrows: the candidates that agree with it are
kept when any does; when none does the report breaks the rule and the
candidates stay as they were. A cell is stated only when one value is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

Values = dict  # col -> value (None = blank)

#: 2019 rows counted in items (上一年项目数量 / 本年增减 / 处理决定数量)
ITEM_ROWS = ("licensing", "other_services", "penalties", "coercion", "fees")
DOC_ROWS = ("rules", "normative_docs")


def _n(v) -> float:
    return 0 if v is None else v


@dataclass(frozen=True)
class RowRule:
    """A relation between the cells of one active row."""

    name: str
    template: str
    rows: tuple[str, ...]
    holds: Callable[[Values], bool]
    #: the columns that must be printed for a settled row to witness (learned rules)
    needs: tuple[str, ...] = ()

    def applies(self, template: str, row: str) -> bool:
        return template == self.template and row in self.rows


#: what the columns mean: true of every report that fills them as the form asks
MEANING = (
    RowRule("对外公开总数量 ≥ 本年新公开数量", "2019", DOC_ROWS,
            lambda r: _n(r.get("total")) >= _n(r.get("published"))),
    RowRule("上一年项目数量 + 本年增/减 ≥ 0", "2019", ITEM_ROWS,
            lambda r: _n(r.get("prev_items")) + _n(r.get("change")) >= 0),
    RowRule("本年新公开数量 = 本年新制作数量 (规章、规范性文件 are published to take effect)", "2019", DOC_ROWS,
            lambda r: r.get("made") is not None and r.get("made") == r.get("published")),
)

_ITEMS = ("prev_items", "change", "decisions")

#: ways some offices fill the table: used only when the report or its predecessor shows them
CONVENTIONS = (
    RowRule("处理决定数量 = 上一年项目数量 + 本年增/减", "2019", ITEM_ROWS,
            lambda r: all(r.get(c) is not None for c in _ITEMS)
            and r["decisions"] == r["prev_items"] + r["change"], needs=_ITEMS),
    RowRule("处理决定数量 = 上一年项目数量 − 本年增/减", "2019", ITEM_ROWS,
            lambda r: all(r.get(c) is not None for c in _ITEMS)
            and r["decisions"] == r["prev_items"] - r["change"], needs=_ITEMS),
)


def learned(rule: RowRule, rows: list[tuple[str, Values]]) -> bool:
    """The convention holds in every settled row that prints its columns, and in at least one
    with a figure other than 0."""
    witnesses = 0
    for row, values in rows:
        if not rule.applies(rule.template, row) or any(values.get(c) is None for c in rule.needs):
            continue
        if not rule.holds(values):
            return False
        if any(values.get(c) for c in rule.needs):
            witnesses += 1
    return witnesses > 0


def previous_year_rules(template: str, previous) -> list[tuple[str, str, Callable[[Values], bool]]]:
    """(row, description, test) of what the previous report fixes for this one's active rows."""
    if previous is None or getattr(previous, "template", None) != template:
        return []
    last = settled_values(previous, "active")
    out = []
    for row, values in last.items():
        if template == "2019" and row in ITEM_ROWS and ("prev_items" in values or "change" in values):
            if values.get("prev_items") is None and values.get("change") is None:
                continue
            expected = _n(values.get("prev_items")) + _n(values.get("change"))
            out.append((row, f"上一年项目数量 = last year's {_fmt(values.get('prev_items'))} {_signed(values.get('change'))}",
                        lambda r, e=expected: _n(r.get("prev_items")) == e))
        if template == "2021" and row in DOC_ROWS and values.get("in_force") is not None:
            base = values["in_force"]
            out.append((row, f"现行有效件数 = last year's {_fmt(base)} + 本年制发 − 本年废止",
                        lambda r, b=base: _n(r.get("in_force")) == b + _n(r.get("issued")) - _n(r.get("repealed"))))
    return out


def carried_over_from(previous, template: str) -> Optional[Values]:
    """Last year's 结转下年度继续办理 row (settled cells only), this year's 上年结转."""
    if previous is None:
        return None
    row = settled_values(previous, "requests").get("carry_forward")
    if not row or all(v is None for v in row.values()):
        return None
    return row


def settled_values(report, table: str) -> dict[str, Values]:
    """row -> {col: value} of the rows of ``table`` whose every cell is settled."""
    rows: dict[str, Values] = {}
    unsettled: set[str] = set()
    for c in getattr(report, "cells", []) or []:
        if c.table != table:
            continue
        if getattr(c, "candidates", None) is not None or (c.value is None and any(ch.isdigit() for ch in c.raw or "")):
            unsettled.add(c.row)
            continue
        rows.setdefault(c.row, {})[c.col] = c.value
    return {row: values for row, values in rows.items() if row not in unsettled}


def _fmt(v) -> str:
    return "blank" if v is None else str(v)


def _signed(v) -> str:
    if v is None:
        return "+ blank"
    return f"+ {v}" if v >= 0 else f"− {-v}"
