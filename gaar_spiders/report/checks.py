"""The report's own arithmetic (勾稽关系), as checks with a detail that names cells and figures.

A check is ``ok=True`` when it holds, ``False`` when the printed figures
contradict it, and ``None`` when it cannot be computed (rows not printed, a
legacy report). Cells printed blank (``''``, ``—``, ``/``, ``无``) count as 0,
and the detail says so.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional

from . import templates as T
from .model import Check, Report

Grid = dict[tuple[str, str, str], object]


def _fmt(v) -> str:
    if v is None:
        return "blank"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def _num(v) -> float:
    return 0 if v is None else v


class _Table:
    def __new__(cls, report: Report, table: str):
        # run_checks reads each table several times: build it once per report
        cache = report.__dict__.get("_check_tables")
        if cache is not None and table in cache:
            return cache[table]
        self = super().__new__(cls)
        self.table = table
        self.cells = {(c.row, c.col): c for c in report.cells if c.table == table}
        #: rows the report prints (a row whose every cell the text does not give is not printed)
        self.rows = set()
        #: cells the text does not settle: an ambiguous split, a row placed several ways, not given
        self.unknown = set()
        for k, c in self.cells.items():
            if c.value is not None:
                self.rows.add(k[0])
                continue
            if not is_not_found(c):
                self.rows.add(k[0])
            if is_undecided(c):
                self.unknown.add(k)
        if cache is not None:
            cache[table] = self
        return self

    def get(self, row: str, col: str):
        c = self.cells.get((row, col))
        return None if c is None else c.value

    def has(self, row: str, col: str) -> bool:
        return (row, col) in self.cells


def is_undecided(cell) -> bool:
    """A cell the text does not settle: candidates recorded, or NULL although figures were printed."""
    if cell.value is not None:
        return False
    return getattr(cell, "candidates", None) is not None or any(ch.isdigit() for ch in cell.raw or "")


def is_not_found(cell) -> bool:
    """A cell of a printed table that the text does not give at all."""
    return cell.value is None and getattr(cell, "candidates", None) == []


def _undecided(name: str, failures: list[str], undecided: list[str], ok_detail: str) -> Check:
    """The verdict when some terms are ambiguous cells: a failure elsewhere still fails."""
    if failures:
        more = f"; ambiguous cells in: {', '.join(undecided)}" if undecided else ""
        return Check(name, False, "; ".join(failures) + more)
    if undecided:
        return Check(name, None, f"cannot be computed: ambiguous cells in: {', '.join(undecided)}")
    return Check(name, True, ok_detail)


def _verdict(name: str, failures: list[str], missing: list[str], ok_detail: str) -> Check:
    if failures:
        detail = "; ".join(failures)
        if missing:
            detail += f"; cannot be computed for: {', '.join(missing)}"
        return Check(name, False, detail)
    if missing:
        return Check(name, None, f"cannot be computed: not printed: {', '.join(missing)}")
    return Check(name, True, ok_detail)


def requests_balance(report: Report) -> Check:
    name = "requests.balance"
    t = _Table(report, "requests")
    needed = ("new", "carried_over", "results_total", "carry_forward")
    missing_rows = [r for r in needed if r not in t.rows]
    if not t.rows:
        return Check(name, None, "cannot be computed: no requests table")
    if missing_rows:
        return Check(name, None, f"cannot be computed: rows not printed: {', '.join(missing_rows)}")
    failures, undecided = [], []
    for col in T.REQUEST_COLUMNS:
        if t.unknown and any((row, col) in t.unknown for row in needed):
            undecided.append(col)
            continue
        n, c, r, f = (t.get(row, col) for row in needed)
        left, right = _num(n) + _num(c), _num(r) + _num(f)
        if left != right:
            failures.append(
                f"{name}[{col}]: new {_fmt(n)} + carried_over {_fmt(c)} = {_fmt(left)}, "
                f"results_total {_fmt(r)} + carry_forward {_fmt(f)} = {_fmt(right)}"
            )
    return _undecided(name, failures, undecided, "new + carried_over = results_total + carry_forward in all 7 columns")


def requests_results_total(report: Report) -> Check:
    name = "requests.results_total"
    t = _Table(report, "requests")
    if not t.rows:
        return Check(name, None, "cannot be computed: no requests table")
    rows = T.RESULT_ROWS.get(report.template or "", T.RESULT_ROWS["2019"])
    if "results_total" not in t.rows:
        return Check(name, None, "cannot be computed: rows not printed: results_total")
    missing = [r for r in rows if r not in t.rows]
    if missing:
        return Check(name, None, f"cannot be computed: result rows not printed: {', '.join(missing)}")
    failures, undecided = [], []
    for col in T.REQUEST_COLUMNS:
        if t.unknown and any((r, col) in t.unknown for r in rows + ("results_total",)):
            undecided.append(col)
            continue
        terms = [(r, t.get(r, col)) for r in rows]
        total = sum(_num(v) for _, v in terms)
        printed = t.get("results_total", col)
        if total != _num(printed):
            nonzero = ", ".join(f"{r} {_fmt(v)}" for r, v in terms if v) or "all rows 0"
            failures.append(f"{name}[{col}]: sum of result rows = {_fmt(total)} ({nonzero}), results_total {_fmt(printed)}")
    return _undecided(name, failures, undecided, f"results_total = sum of the {len(rows)} result rows in all 7 columns")


def _row_total_check(report: Report, name: str, table: str, parts: tuple[str, ...], total_col: str) -> Check:
    t = _Table(report, table)
    if not t.rows:
        return Check(name, None, f"cannot be computed: no {table} table")
    failures, missing, undecided = [], [], []
    for row in sorted(t.rows, key=lambda r: _row_order(table).get(r, 99)):
        if not t.has(row, total_col):
            missing.append(row)
            continue
        if t.unknown and any((row, c) in t.unknown for c in parts + (total_col,)):
            undecided.append(row)
            continue
        values = [t.get(row, p) for p in parts]
        total = sum(_num(v) for v in values)
        printed = t.get(row, total_col)
        if total != _num(printed):
            terms = " + ".join(_fmt(v) for v in values)
            failures.append(f"{name}[{row}]: {terms} = {_fmt(total)}, {total_col} {_fmt(printed)}")
    label = "+".join(parts)
    if undecided and not missing:
        return _undecided(name, failures, undecided, "")
    return _verdict(name, failures, missing, f"{total_col} = {label} in all {len(t.rows)} rows")


@lru_cache(maxsize=None)
def _row_order(table: str) -> dict[str, int]:
    if table == "requests":
        rows = T.REQUEST_TEMPLATE_ROWS["2021"] + ("other",)
    else:
        rows = tuple(r.key for r in T.REVIEW_ROWS)
    return {r: i for i, r in enumerate(rows)}


def requests_row_total(report: Report) -> Check:
    return _row_total_check(report, "requests.row_total", "requests", T.REQUEST_COLUMNS[:-1], "total")


def review_row_total(report: Report) -> Check:
    return _row_total_check(report, "review.row_total", "review", T.REVIEW_COLUMNS[:-1], "total")


def expected_template(year: Optional[int]) -> Optional[str]:
    """The format a report on ``year`` should use (extension: 2019–2020 → 2019)."""
    if year is None or year < 2019:
        return None
    return "2021" if year >= 2021 else "2019"


def template_current(report: Report) -> Check:
    name = "template.current"
    if report.year is None:
        return Check(name, None, "cannot be computed: the statistics year was not found")
    expected = expected_template(report.year)
    if expected is None:
        return Check(name, True, f"year {report.year}: before the 2019 format; any format is current")
    if report.template is None:
        return Check(name, None, "cannot be computed: the template was not recognised")
    if report.template == expected:
        return Check(name, True, f"year {report.year} report uses the {expected} format")
    return Check(
        name, False,
        f"year {report.year} report uses the {report.template} format; reports on {report.year} use the {expected} format",
    )


def template_cells(template: str) -> list[tuple[str, str, str]]:
    """Every (table, row, col) the template defines."""
    return list(_template_cells(template))


@lru_cache(maxsize=None)
def _template_cells(template: str) -> tuple[tuple[str, str, str], ...]:
    out = [("active", row, col) for row, cols in T.ACTIVE_COLUMNS[template].items() for col in cols]
    out += [("requests", row, col) for row in T.REQUEST_TEMPLATE_ROWS[template] for col in T.REQUEST_COLUMNS]
    out += [("review", r.key, col) for r in T.REVIEW_ROWS for col in T.REVIEW_COLUMNS]
    return tuple(out)


def _expected_cells(report: Report) -> list[tuple[str, str, str]]:
    """The template's cells; the 2021 requests table as the report prints it when it has one
    ``（六）其他处理`` row with figures instead of the three sub-rows (23 rows, not 25)."""
    expected = template_cells(report.template)
    rows = {(c.table, c.row) for c in report.cells}
    if report.template == "2021" and ("requests", "other") in rows:
        subrows = T.GROUP_WHEN_FOLLOWED["other"]
        if not any(("requests", r) in rows for r in subrows):
            at = next(i for i, k in enumerate(expected) if k[:2] == ("requests", subrows[0]))
            expected = [k for k in expected if not (k[0] == "requests" and k[1] in subrows)]
            expected[at:at] = [("requests", "other", col) for col in T.REQUEST_COLUMNS]
    return expected


def cells_complete(report: Report) -> Check:
    name = "cells.complete"
    if report.template not in T.TABLE_TEMPLATES:
        return Check(name, None, "not applicable: the narrative (legacy) format defines no table cells")
    cells = {(c.table, c.row, c.col): c for c in report.cells}
    if getattr(report, "template_source", None) == "notice" and not any(c.table != "legacy" for c in report.cells):
        return Check(name, None, f"cannot be computed: no table was read; the {report.template} format is known "
                                 "only from the format notice the report cites")
    expected = _expected_cells(report)
    tables_absent = [t for t in ("active", "requests", "review") if not any(k[0] == t for k in cells)]
    missing = [k for k in expected if k not in cells or is_not_found(cells[k])]
    blank = sum(1 for c in report.cells if c.table != "legacy" and c.value is None and c.candidates is None)
    open_ = sum(1 for c in report.cells if c.table != "legacy" and c.candidates)
    notes = (f"; {blank} printed blank" if blank else "") + (f"; {open_} ambiguous (candidates kept)" if open_ else "")
    if not missing:
        return Check(name, True, f"all {len(expected)} cells of the {report.template} format found{notes}")
    rows: dict[str, int] = {}
    for table, row, _col in missing:
        if table in tables_absent:
            continue
        rows[f"{table}.{row}"] = rows.get(f"{table}.{row}", 0) + 1
    parts = []
    if tables_absent:
        parts.append("table(s) not printed: " + ", ".join(tables_absent))
    if rows:
        parts.append("not in the text: " + ", ".join(f"{r} ({n})" if n > 1 else r for r, n in rows.items()))
    return Check(name, False, f"{len(missing)} of {len(expected)} cells of the {report.template} format not found"
                 f" ({'; '.join(parts)}){notes}")


def cells_recovered(report: Report) -> Check:
    """Extension: what the degraded-text reader (``recover.py``) split out of glued figures."""
    if report.recovery is not None:
        return report.recovery
    return Check("cells.recovered", None, "not applicable: no glued or garbled figures to split")


def prose_matches_tables(report: Report) -> Check:
    from .prose import matches_tables

    return matches_tables(report)


CHECKS: tuple[Callable[[Report], Check], ...] = (
    requests_balance,
    requests_results_total,
    requests_row_total,
    review_row_total,
    template_current,
    cells_complete,
    cells_recovered,
    prose_matches_tables,
)


def run_checks(report: Report) -> list[Check]:
    report.__dict__["_check_tables"] = {}
    try:
        return [check(report) for check in CHECKS]
    finally:
        report.__dict__.pop("_check_tables", None)
