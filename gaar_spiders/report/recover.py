"""Recovering the cells of rows printed as glued or garbled figures.

The table reader records what it sees; this pass looks at the rows whose
printed text cannot be the row's cells as they stand:

* a printed cell that is not one well-formed figure (``156-5997``, ``0 0``,
  ``1O``, ``043``);
* a row the glued-line reader (``glued.py``) cut out of a one-line dump with
  fewer pieces than cells (``规章000``, ``一、本年新收…81010010``);
* a short requests/review row whose padded reading breaks its own 总计;
* a row with more printed cells than columns, blanks among them (extra ``|``).

Each such row is split by ``split.split_run`` under the row's arithmetic, then
all split rows of the requests table are narrowed together by the table's
arithmetic (new + carried_over = results_total + carry_forward and
results_total = the sum of the result rows, in every column), then by the
figures the prose states. A cell with one value left is recorded with
``recovered=True``; a cell with several is recorded NULL with the row's printed
run as ``raw`` and its candidates in the ``cells.recovered`` check; a row with no
splitting at all keeps its run as ``raw`` and fails the check.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Optional

from . import evidence as E
from . import templates as T
from .checks import is_undecided
from .model import Cell, Check
from .numbers import read_cell
from .tables import _expected_columns
from .split import Slot, SplitResult, is_single_cell, pieces_of, slot_kind, split_run, value_of

NAME = "cells.recovered"
#: combinations of ambiguous rows tried together against the table's arithmetic
MAX_JOINT = 4096
#: sums kept per column when narrowing rows by the table's arithmetic
MAX_SUMSET = 2048
#: candidates printed per ambiguous row in the check's detail
SHOWN = 6

RowKey = tuple[str, str]


@dataclass
class Unit:
    """One run to split: a row, or the review table's unlabeled 15 figures."""

    rows: list[RowKey]
    slots: list[Slot]
    raw: str
    result: Optional[SplitResult] = None
    cands: list[dict] = field(default_factory=list)  # (table, row, col) -> (value, text)
    pieces: list[str] = field(default_factory=list)
    #: a short row of clean cells: which columns they are is what is not known
    atomic: bool = False
    #: the evidence that narrowed the candidates, for the check's detail
    why: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return ".".join(self.rows[0]) if len(self.rows) == 1 else f"{self.rows[0][0]} (unlabeled run)"


# --- which rows need splitting ------------------------------------------------------------


def _columns(table: str, key: str, template: str) -> tuple[str, ...]:
    return _expected_columns(table, key, template)


def _slots(rows: list[RowKey], template: str) -> list[Slot]:
    out: list[Slot] = []
    for table, key in rows:
        cols = _columns(table, key, template)
        base = len(out)
        for col in cols:
            parts: tuple[int, ...] = ()
            if col == "total" and table in ("requests", "review"):
                parts = tuple(range(base, base + len(cols) - 1))
            unit = T.MONEY_COLUMNS.get((template, key, col), 1)
            out.append(Slot(table, key, col, slot_kind(col), parts, unit))
    return out


def _row_breaks_total(raws: list[str], cols: tuple[str, ...]) -> bool:
    """The row as printed, padded with blanks, fails its own 总计 (the reader's reading is wrong)."""
    if "total" not in cols:
        return False
    values = [read_cell(r).value for r in (list(raws) + [""] * len(cols))[: len(cols)]]
    if any(v is None and r.strip() for v, r in zip(values, raws)):
        return True
    parts = sum(v or 0 for v in values[:-1])
    return parts != (values[-1] or 0)


def needs_split(raws: list[str], cols: tuple[str, ...], glued: bool, short: bool = False) -> bool:
    if short and any(r.strip() for r in raws):
        return True  # fewer cells than columns: which columns they are is not known
    if len(raws) == len(cols) and all(map(is_single_cell, raws)):
        return False  # the common case: one well-formed figure (or blank) per column
    filled = [r for r in raws if r.strip()]
    if not filled:
        return False
    if any(not is_single_cell(r) for r in filled):
        return True
    if len(raws) > len(cols) and len(filled) >= 1 and any(r.strip() for r in raws[len(cols):]):
        return True
    if len(filled) < len(cols):
        return glued or _row_breaks_total(raws, cols)
    return False


def _review_run_needs_split(run: list[str], glued: bool) -> bool:
    filled = [r for r in run if r.strip()]
    if not filled:
        return False
    if any(not is_single_cell(r) for r in filled):
        return True
    if len(filled) >= 15:
        return False
    chunks = [run[i: i + 5] for i in range(0, 15, 5)]
    return glued or any(_row_breaks_total(c, T.REVIEW_COLUMNS) for c in chunks if any(x.strip() for x in c))


def _unit(rows: list[RowKey], raws: list[str], template: str, atomic: bool = False) -> Unit:
    printed = " ".join(r.strip() for r in raws if r.strip())
    if atomic:
        pieces = [r.strip().replace(",", "") for r in raws if r.strip()]
        pieces = [p for r in pieces for p in pieces_of(r)]
    else:
        pieces = [p for r in raws for p in pieces_of(r)]
    return Unit(rows, _slots(rows, template), printed, pieces=pieces, atomic=atomic)


# --- narrowing by the table's arithmetic ------------------------------------------------------

MISSING = object()


def _equations(template: str) -> list[tuple[str, dict[str, int]]]:
    eqs = []
    for col in T.REQUEST_COLUMNS:
        eqs.append((col, {"new": 1, "carried_over": 1, "results_total": -1, "carry_forward": -1}))
        coefs = {r: 1 for r in T.RESULT_ROWS[template]}
        coefs["results_total"] = -1
        eqs.append((col, coefs))
    return eqs


def _num(cand: dict, row: str, col: str):
    v = cand.get(("requests", row, col), (None, None))[0]
    return v or 0


def _joint(units: list[Unit], fixed: dict, template: str) -> Optional[str]:
    """Narrow the units' candidates by the requests table's arithmetic. Returns a note or None."""
    unit_of = {row: u for u in units for (t, row) in u.rows if t == "requests"}
    if not unit_of:
        return None
    usable = []
    for col, coefs in _equations(template):
        const, terms = 0, []
        for row, k in coefs.items():
            if row in unit_of:
                terms.append((unit_of[row], row, k))
                continue
            v = fixed.get(("requests", row, col), MISSING)
            if v is MISSING or v == "unknown":
                break
            const += k * (v or 0)
        else:
            if terms:
                usable.append((col, const, terms))
    if not usable:
        return None
    saved = {id(u): list(u.cands) for u in units}
    changed = True
    while changed:
        changed = False
        for col, const, terms in usable:
            for idx, (u, row, k) in enumerate(terms):
                if len(u.cands) <= 1 and all(len(o.cands) <= 1 for o, _, _ in terms):
                    continue
                sums = {0}
                for j, (o, orow, ok_) in enumerate(terms):
                    if j == idx:
                        continue
                    vals = {ok_ * _num(c, orow, col) for c in o.cands}
                    sums = {a + b for a in sums for b in vals}
                    if len(sums) > MAX_SUMSET:
                        break
                else:
                    keep = [c for c in u.cands if -(const + k * _num(c, row, col)) in sums]
                    if not keep:
                        for x in units:
                            x.cands = saved[id(x)]
                        return "the table's arithmetic does not hold for any splitting; rows narrowed by their own arithmetic only"
                    if len(keep) < len(u.cands):
                        u.cands = keep
                        changed = True
    amb = [u for u in units if len(u.cands) > 1 and any(u is t[0] for _, _, terms in usable for t in terms)]
    size = 1
    for u in amb:
        size *= len(u.cands)
    if len(amb) < 2:
        return None
    if size > MAX_JOINT:
        return f"{size} combinations of ambiguous rows: more than {MAX_JOINT}, narrowed column by column only"
    chosen: list[set] = [set() for _ in amb]
    for combo in itertools.product(*(range(len(u.cands)) for u in amb)):
        pick = {id(u): u.cands[i] for u, i in zip(amb, combo)}

        def val(u, row, col):
            c = pick.get(id(u), u.cands[0])
            return _num(c, row, col)

        if all(const + sum(k * val(u, row, col) for u, row, k in terms) == 0 for col, const, terms in usable):
            for s, i in zip(chosen, combo):
                s.add(i)
    for u, s in zip(amb, chosen):
        if s:
            u.cands = [u.cands[i] for i in sorted(s)]
    return None


def _prose_filter(units: list[Unit], figures: dict, template: str) -> None:
    """Keep the candidates that agree with a figure the prose states, when any does."""
    for key, (value, targets, _clause) in figures.items():
        if len(targets) != 1:
            continue
        table, row, col = targets[0]
        if template == "2019":
            col = T.PROSE_COLUMN_2019.get(col, col)
        for u in units:
            if (table, row) in u.rows and len(u.cands) > 1:
                keep = [c for c in u.cands if c.get((table, row, col), (None,))[0] == value]
                if keep:
                    u.cands = keep


# --- the pass ---------------------------------------------------------------------------------


def _fmt(text: Optional[str]) -> str:
    return "blank" if text is None else text


def _row_values(cand: dict, table: str, row: str) -> dict:
    return {col: v for (t, r, col), (v, _text) in cand.items() if t == table and r == row}


def _narrow(u: Unit, test, why: str) -> bool:
    """Keep the candidates that pass ``test`` when some do; say why when that settles more."""
    if len(u.cands) <= 1:
        return False
    keep = [c for c in u.cands if test(c)]
    if keep and len(keep) < len(u.cands):
        u.cands = keep
        u.why.append(why)
        return True
    return False


def _active_row(u: Unit) -> Optional[str]:
    if len(u.rows) == 1 and u.rows[0][0] == "active":
        return u.rows[0][1]
    return None


def _apply_meaning(units: list[Unit], template: str) -> None:
    for u in units:
        row = _active_row(u)
        if row is None:
            continue
        for rule in E.MEANING:
            if rule.applies(template, row):
                _narrow(u, lambda c: rule.holds(_row_values(c, "active", row)), rule.name)


def _apply_previous(units: list[Unit], template: str, previous) -> None:
    rules = E.previous_year_rules(template, previous)
    for u in units:
        row = _active_row(u)
        for rrow, name, test in rules:
            if row == rrow:
                _narrow(u, lambda c: test(_row_values(c, "active", row)), f"previous report: {name}")
    carried = E.carried_over_from(previous, template)
    if carried:
        for u in units:
            if ("requests", "carried_over") in u.rows:
                _narrow(u, lambda c: all(
                    (_row_values(c, "requests", "carried_over").get(col) or 0) == (v or 0)
                    for col, v in carried.items() if col in T.REQUEST_COLUMNS),
                    "previous report: 上年结转 = last year's 结转下年度继续办理")


def _settled_active_rows(read, units: list[Unit]) -> list[tuple[str, dict]]:
    open_rows = {row for u in units if len(u.cands) != 1 for row in u.rows}
    rows: dict[str, dict] = {}
    for c in read.cells:
        if c.table == "active" and ("active", c.row) not in open_rows and c.candidates is None:
            rows.setdefault(c.row, {})[c.col] = c.value
    for u in units:
        if len(u.cands) == 1 and _active_row(u):
            rows[_active_row(u)] = _row_values(u.cands[0], "active", _active_row(u))
    return list(rows.items())


def _apply_conventions(units: list[Unit], read, template: str, previous) -> None:
    if not any(len(u.cands) > 1 and _active_row(u) for u in units):
        return
    mine = _settled_active_rows(read, units)
    last = list(E.settled_values(previous, "active").items()) if (
        previous is not None and getattr(previous, "template", None) == template) else []
    for rule in E.CONVENTIONS:
        if rule.template != template or not E.learned(rule, mine + last):
            continue
        sources = [name for name, rows in (("this report's settled rows", mine), ("the previous report", last))
                   if rows and E.learned(rule, rows)]
        source = " and ".join(sources) or "this report's and the previous report's settled rows together"
        for u in units:
            row = _active_row(u)
            if row is not None and rule.applies(template, row):
                _narrow(u, lambda c: rule.holds(_row_values(c, "active", row)), f"{rule.name}, as in {source}")


def recover_cells(read, glued: set, figures, *, empty_rows: Optional[set] = None, previous=None) -> Optional[Check]:
    """Split the rows of ``read`` (a ``tables.TableRead``) that need it, in place; the check, or
    None when no row needed it. ``figures`` gives the prose's stated figures (called only when
    needed); ``empty_rows``: rows a glued dump printed with no figures (it drops empty cells);
    ``previous``: the same office's report on the year before (a ``Report``), or None."""
    template = read.template
    if template not in T.TABLE_TEMPLATES:
        return None
    units: list[Unit] = []
    short = getattr(read, "short", set())
    # tables whose glued rows show that this dump drops empty cells: a row cut with no figures,
    # or with fewer figures than cells
    vanishing = {table for table, _key in (empty_rows or ())}
    for (table, key), raws in read.printed.items():
        cols = _columns(table, key, template)
        if (table, key) in glued and sum(ch.isdigit() or ch in "/—" for r in raws for ch in r) < len(cols):
            vanishing.add(table)
    if ("review", "*") in glued and read.review_run and sum(
            ch.isdigit() or ch in "/—" for r in read.review_run for ch in r) < len(T.REVIEW_ROWS) * len(T.REVIEW_COLUMNS):
        vanishing.add("review")
    for (table, key), raws in read.printed.items():
        cols = _columns(table, key, template)
        if (table, key) in read.review_run_rows or (table, key) not in read.rows_seen or not cols:
            continue
        is_glued = (table, key) in glued
        if needs_split(raws, cols, is_glued, (table, key) in short):
            atomic = (table, key) in short and not is_glued and all(is_single_cell(r) for r in raws)
            units.append(_unit([(table, key)], raws, template, atomic))
    run = read.review_run
    labeled = read.rows_seen - read.review_run_rows
    run_rows = [("review", r.key) for r in T.REVIEW_ROWS if ("review", r.key) not in labeled]
    if run and len(run_rows) == len(T.REVIEW_ROWS) and _review_run_needs_split(run, ("review", "*") in glued):
        units.append(_unit(run_rows, run, template))
    by_order = sorted(getattr(read, "by_order", set()))
    for c in read.cells:  # figures placed by the template's order, not by their own label
        if (c.table, c.row) in read.by_order and c.value is not None:
            c.recovered = True
    if not units:
        return _placed_check(by_order) if by_order else None
    for u in units:
        glued_unit = any(row in glued for row in u.rows) or ("review", "*") in glued and u.rows[0][0] == "review"
        u.result = split_run(u.pieces, u.slots, vanishing=glued_unit and u.rows[0][0] in vanishing, atomic=u.atomic)
        u.cands = [
            {(s.table, s.row, s.col): (value_of(s, text), text) for s, text in zip(u.slots, sol)}
            for sol in u.result.solutions
        ]
    solved = [u for u in units if u.cands]
    recovered_rows = {row for u in units for row in u.rows}
    fixed = {}
    for c in read.cells:
        if (c.table, c.row) not in recovered_rows:
            fixed[(c.table, c.row, c.col)] = "unknown" if is_undecided(c) else c.value
    before = {id(u): list(u.cands) for u in solved}
    if any(len(u.cands) > 1 for u in solved):
        _prose_filter(solved, figures() if callable(figures) else figures, template)
        _apply_meaning(solved, template)
        _apply_previous(solved, template, previous)
    note = _joint(solved, fixed, template)
    if note and "does not hold" in note:
        for u in solved:
            u.cands = before[id(u)]
        note = _joint(solved, fixed, template)
    _apply_conventions(solved, read, template, previous)
    _write(read, units)
    return _check(units, note, by_order)


def _placed_check(by_order: list) -> Check:
    return Check(NAME, True, _placed_detail(by_order))


def _placed_detail(by_order: list) -> str:
    names = ", ".join(f"{t}.{r}" for t, r in by_order)
    return f"placed by the template's row order {len(by_order)}: {names} (a row of figures printed apart from its label)"


def _write(read, units: list[Unit]) -> None:
    new_cells: dict[RowKey, list[Cell]] = {}
    for u in units:
        for s in u.slots:
            key = (s.table, s.row, s.col)
            options = {c[key][0] for c in u.cands}
            if len(options) == 1:
                value = options.pop()
                texts = list(dict.fromkeys(c[key][1] for c in u.cands if c[key][1] is not None))
                cell = Cell(s.table, s.row, s.col, value, texts[0] if len(texts) == 1 else "", recovered=True)
            else:
                values = list(dict.fromkeys(c[key][0] for c in u.cands))
                cell = Cell(s.table, s.row, s.col, None, u.raw, candidates=values)
            new_cells.setdefault((s.table, s.row), []).append(cell)
    out, done = [], set()
    for c in read.cells:
        row = (c.table, c.row)
        if row in new_cells:
            if row not in done:
                out.extend(new_cells[row])
                done.add(row)
            continue
        out.append(c)
    for row, cells in new_cells.items():
        if row not in done:
            out.extend(cells)
    read.cells[:] = out
    prefixes = tuple(f"{t}.{k}:" for t, k in new_cells) + (("review:",) if any(len(u.rows) > 1 for u in units) else ())
    read.warnings[:] = [w for w in read.warnings if not w.startswith(prefixes)]


def _check(units: list[Unit], note: Optional[str], by_order: list = ()) -> Check:
    done, ambiguous, failed = [], [], []
    for u in units:
        if not u.cands:
            why = "search bound reached" if u.result.bounded else "no splitting fits the row's arithmetic"
            failed.append(f"{u.name} {u.raw!r}: {why}")
            continue
        cols = [s for s in u.slots if len({c[(s.table, s.row, s.col)][0] for c in u.cands}) > 1]
        if not cols:
            sol = [u.cands[0][(s.table, s.row, s.col)][1] for s in u.slots]
            flag = " (the split ignores the row's arithmetic, which the printed figures break)" if u.result.unchecked else ""
            by = f" (by {'; '.join(u.why)})" if u.why else ""
            done.append(f"{u.name} {u.raw!r} = {'/'.join(_fmt(t) for t in sol)}{flag}{by}")
            continue
        shown = [
            "/".join(_fmt(c[(s.table, s.row, s.col)][1]) for s in u.slots) for c in u.cands[:SHOWN]
        ]
        more = f" … ({len(u.cands)} in all)" if len(u.cands) > SHOWN else ""
        names = ", ".join(f"{s.row}.{s.col}" if len(u.rows) > 1 else s.col for s in cols)
        ambiguous.append(f"{u.name} {u.raw!r}: {names} ambiguous: {' | '.join(shown)}{more}")
    parts = []
    if done:
        parts.append(f"recovered {len(done)}: " + "; ".join(done))
    if ambiguous:
        parts.append(f"ambiguous {len(ambiguous)}: " + "; ".join(ambiguous))
    if failed:
        parts.append(f"not split {len(failed)}: " + "; ".join(failed))
    if by_order:
        parts.append(_placed_detail(list(by_order)))
    if note:
        parts.append(note)
    ok = False if failed else (None if ambiguous else True)
    return Check(NAME, ok, " || ".join(parts))
