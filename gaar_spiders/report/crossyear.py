"""Checks across years: what one office's consecutive reports must agree on.

The templates tie a report to the office's report of the year before:

* requests (both formats): this year's 上年结转 (``carried_over``) is last year's
  结转下年度继续办理 (``carry_forward``), in every applicant column;
* 2021 format: 现行有效件数 (``in_force``) of rules and normative documents is last
  year's plus this year's 制发 (``issued``) minus 废止 (``repealed``). Offices often
  restate the stock (a clean-up finds documents no longer in force), so this one is a
  **warning**: ``ok`` is False and ``severity`` is ``warning``; it is never counted as
  a failed check;
* 2019 format: 上一年项目数量 (``prev_items``) is last year's 上一年项目数量 plus last
  year's 本年增/减 (``change``), for every row that prints both;
* the format: a report in a format older than its year's, or older than the one the
  office already used the year before;
* the years: a year missing between two reports of the office.

The functions are pure: they take two reports' cells (``Snapshot``) and return
``CrossYearCheck`` records with the cells they compared. Where the figures
cannot be compared (a cell not printed, an ambiguous split, years not
consecutive) the check is ``ok=None`` and says why, as the report's own checks do.
Blank cells count as 0, as in ``checks.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Iterable, Mapping, Optional

from . import templates as T
from .checks import expected_template
from .model import Number, Report

KIND = "cross_year"
ERROR, WARNING = "error", "warning"
SEVERITIES = (ERROR, WARNING)

CARRY = "cross_year.carry_over"
IN_FORCE = "cross_year.in_force"
PREV_ITEMS = "cross_year.prev_items"
TEMPLATE = "cross_year.template"
YEAR_GAP = "cross_year.year_gap"
#: every cross-year check, in the order they are stored
CHECK_NAMES = (YEAR_GAP, TEMPLATE, CARRY, PREV_ITEMS, IN_FORCE)

#: the cells the checks read: (table, the rows, or None for every row); storage reads only these
CELLS_READ = (("requests", ("carried_over", "carry_forward")), ("active", None))

#: format order: a report in a lower one is in an older format
_FORMAT_ORDER = {"legacy": 0, "2019": 1, "2021": 2}

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Snapshot:
    """What the checks need of one report: its id, year, format and cells ``(value, raw)``, or
    ``(value, raw, unsettled)`` where ``unsettled`` is true for a cell the text does not settle
    (``Cell.candidates`` recorded, ``[]`` included: a cell of a printed table the text does not give)."""

    report_id: str
    year: Optional[int]
    template: Optional[str]
    cells: Mapping[Key, tuple[Optional[Number], str]] = field(default_factory=dict)

    @classmethod
    def of(cls, report: Report) -> "Snapshot":
        return cls(report.report_id, report.year, report.template,
                   {(c.table, c.row, c.col): (c.value, c.raw or "", getattr(c, "candidates", None) is not None)
                    for c in report.cells})


@dataclass(frozen=True)
class CellPair:
    """One compared figure: this year's cell, the figure it should equal, and from what."""

    table: str
    row: str
    col: str
    this: Optional[Number]
    expected: Optional[Number]
    #: how ``expected`` is made from last year's report (and this one's), in words
    rule: str

    def to_dict(self) -> dict:
        return {"table": self.table, "row": self.row, "col": self.col, "this": self.this,
                "expected": self.expected, "rule": self.rule}


@dataclass(frozen=True)
class CrossYearCheck:
    check: str
    ok: Optional[bool]
    detail: str
    severity: str = ERROR
    cells: tuple[CellPair, ...] = ()


# --- reading cells ---------------------------------------------------------------------------


class _Figures:
    """A snapshot's cells as the checks read them: blank is 0, not printed or undecided is unknown."""

    def __init__(self, snap: Snapshot):
        self.snap = snap

    def get(self, table: str, row: str, col: str) -> tuple[bool, Number]:
        """(known, value): unknown when the cell was not printed or is an undecided split."""
        found = self.snap.cells.get((table, row, col))
        if found is None:
            return False, 0
        value, raw, *unsettled = found
        if value is None and (unsettled and unsettled[0] or any(ch.isdigit() for ch in raw)):
            return False, 0  # the text does not settle it: candidates, or glued figures not split
        return True, 0 if value is None else value


def _fmt(v: Number) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _verdict(name: str, failures: list[str], unknown: list[str], compared: list[CellPair], ok_detail: str,
             severity: str = ERROR) -> CrossYearCheck:
    cells = tuple(compared)
    if failures:
        more = f"; cannot be compared: {', '.join(unknown)}" if unknown else ""
        return CrossYearCheck(name, False, "; ".join(failures) + more, severity, cells)
    if not compared:
        return CrossYearCheck(name, None, f"cannot be computed: not printed in both reports: {', '.join(unknown)}",
                              severity)
    more = f" (cannot be compared: {', '.join(unknown)})" if unknown else ""
    return CrossYearCheck(name, True, ok_detail + more, severity, cells)


# --- the checks ------------------------------------------------------------------------------


def year_gap(last: Snapshot, this: Snapshot) -> CrossYearCheck:
    missing = list(range(last.year + 1, this.year))
    if not missing:
        return CrossYearCheck(YEAR_GAP, True, f"{last.year} and {this.year} are consecutive")
    years = ", ".join(map(str, missing))
    return CrossYearCheck(YEAR_GAP, False, f"no report for {years} between the {last.year} and {this.year} reports")


def template_order(last: Snapshot, this: Snapshot) -> CrossYearCheck:
    if this.template not in _FORMAT_ORDER:
        return CrossYearCheck(TEMPLATE, None, "cannot be computed: the format was not recognised")
    expected = expected_template(this.year)
    older = []
    if expected and _FORMAT_ORDER[this.template] < _FORMAT_ORDER[expected]:
        older.append(f"reports on {this.year} use the {expected} format")
    if last.template in _FORMAT_ORDER and _FORMAT_ORDER[this.template] < _FORMAT_ORDER[last.template]:
        older.append(f"the {last.year} report already used the {last.template} format")
    if older:
        return CrossYearCheck(TEMPLATE, False, f"the {this.year} report uses the older {this.template} format: "
                                               + "; ".join(older))
    return CrossYearCheck(TEMPLATE, True, f"the {this.year} report's {this.template} format is not older than "
                                          f"its year's or the {last.year} report's")


def carry_over(last: Snapshot, this: Snapshot) -> CrossYearCheck:
    """上年结转 this year = 结转下年度 last year, per applicant column."""
    a, b = _Figures(last), _Figures(this)
    failures, unknown, compared = [], [], []
    for col in T.REQUEST_COLUMNS:
        known_this, carried = b.get("requests", "carried_over", col)
        known_last, forward = a.get("requests", "carry_forward", col)
        if not (known_this and known_last):
            unknown.append(col)
            continue
        compared.append(CellPair("requests", "carried_over", col, carried, forward,
                                 f"carry_forward/{col} of the {last.year} report"))
        if carried != forward:
            failures.append(f"{CARRY}[{col}]: carried_over {_fmt(carried)} in {this.year}, "
                            f"carry_forward {_fmt(forward)} in {last.year}")
    return _verdict(CARRY, failures, unknown, compared,
                    f"carried_over in {this.year} = carry_forward in {last.year} in all {len(compared)} columns")


def _rows_with(template: str, *cols: str) -> tuple[str, ...]:
    return tuple(row for row, have in T.ACTIVE_COLUMNS[template].items() if all(c in have for c in cols))


def _stock(name: str, last: Snapshot, this: Snapshot, *, template: str, col: str, label: str,
           terms: tuple[tuple[str, str, int], ...], severity: str = ERROR) -> CrossYearCheck:
    """A stock this year's report prints in ``col`` of every active row that has it, which must be
    last year's stock moved by ``terms``: (``last`` | ``this``, column, +1 | −1)."""
    if this.template != template or last.template != template:
        return CrossYearCheck(name, None, f"not applicable: both reports must be in the {template} format "
                                          f"(only it prints the {label} this check follows)", severity)
    figures = {"last": _Figures(last), "this": _Figures(this)}
    years = {"last": last.year, "this": this.year}
    failures, unknown, compared = [], [], []
    for row in _rows_with(template, col, *(c for _, c, _ in terms)):
        now = figures["this"].get("active", row, col)
        before = figures["last"].get("active", row, col)
        moves = [figures[who].get("active", row, c) for who, c, _ in terms]
        if not all(known for known, _ in (now, before, *moves)):
            unknown.append(row)
            continue
        expected = before[1] + sum(sign * v for (_, _, sign), (_, v) in zip(terms, moves))
        rule = f"{col} of the {last.year} report" + "".join(
            f" {'+' if sign > 0 else '−'} {c} of the {years[who]} report" for who, c, sign in terms)
        compared.append(CellPair("active", row, col, now[1], expected, rule))
        if now[1] != expected:
            steps = "".join(f" {'+' if sign > 0 else '−'} {c} {_fmt(v)}" for (_, c, sign), (_, v) in zip(terms, moves))
            failures.append(f"{name}[{row}]: {label} {_fmt(now[1])} in {this.year}, but {_fmt(before[1])} in "
                            f"{last.year}{steps} = {_fmt(expected)}")
    return _verdict(name, failures, unknown, compared,
                    f"{label} in {this.year} = {label} in {last.year}"
                    + "".join(f" {'+' if sign > 0 else '−'} {c}" for _, c, sign in terms), severity)


def in_force(last: Snapshot, this: Snapshot) -> CrossYearCheck:
    """2021 format: 现行有效 this year = last year's + 制发 − 废止 (a warning: offices restate)."""
    return _stock(IN_FORCE, last, this, template="2021", col="in_force", label="in force",
                  terms=(("this", "issued", +1), ("this", "repealed", -1)), severity=WARNING)


def prev_items(last: Snapshot, this: Snapshot) -> CrossYearCheck:
    """2019 format: 上一年项目数量 this year = last year's 上一年项目数量 + 本年增/减."""
    return _stock(PREV_ITEMS, last, this, template="2019", col="prev_items", label="items",
                  terms=(("last", "change", +1),))


def _not_consecutive(name: str, last: Snapshot, this: Snapshot, severity: str) -> CrossYearCheck:
    return CrossYearCheck(name, None, f"cannot be computed: {last.year} and {this.year} are not consecutive years",
                          severity)


def check_pair(last: Snapshot, this: Snapshot) -> list[CrossYearCheck]:
    """Every cross-year check of ``this`` report against ``last`` (an earlier year), in CHECK_NAMES order."""
    if last.year is None or this.year is None or last.year >= this.year:
        raise ValueError("check_pair needs two reports with years, the earlier first")
    gap = year_gap(last, this)
    out = [gap, template_order(last, this)]
    if gap.ok:
        out += [carry_over(last, this), prev_items(last, this), in_force(last, this)]
    else:
        out += [_not_consecutive(CARRY, last, this, ERROR), _not_consecutive(PREV_ITEMS, last, this, ERROR),
                _not_consecutive(IN_FORCE, last, this, WARNING)]
    return out


def consecutive_pairs(snapshots: Iterable[Snapshot]) -> list[tuple[Snapshot, Snapshot]]:
    """(last, this) for every report of one office and each report of the office's previous year on
    record. Reports without a year cannot be placed and are left out; two reports of one year
    (a corrected edition) are each paired with the year before."""
    dated = sorted((s for s in snapshots if s.year is not None), key=lambda s: (s.year, s.report_id))
    by_year = [list(group) for _, group in groupby(dated, key=lambda s: s.year)]
    return [(last, this) for before, now in zip(by_year, by_year[1:]) for this in now for last in before]


def check_chain(snapshots: Iterable[Snapshot]) -> list[tuple[Snapshot, Snapshot, CrossYearCheck]]:
    """Every cross-year check of one office's reports: (last, this, check)."""
    return [(last, this, check) for last, this in consecutive_pairs(snapshots) for check in check_pair(last, this)]
