"""Placing the printed rows of a table on the template's skeleton.

The templates fix every table's rows, in order, and their widths. The reader
(``tables.py``) hands over what the text printed, in reading order, as
*records*: a row label with the figures printed with it (an *anchor*), a label
with no figures, a run of figures with no label (a value row a PDF extraction
detached from its label), or figures under a piece of a label that names
several rows (``行政机关不再处理其政府信息公`` is in two of them).

Anchors are placed where their label says. Everything else is placed between
the anchors around it, on the rows the skeleton has there, in order:

* a label with no figures directly followed by a run of figures owns them
  (``（二）部分公开…`` printed over two lines, its figures on the next line);
* the runs between two anchors go, in reading order, onto the skeleton rows
  between them that have no figures yet, each on a row it fits (its label's
  rows, the row's width); when only one way exists they are placed, when
  several exist the rows stay open (their cells become candidates), and a run
  that fits nowhere is reported, never forced;
* a label printed in order with no figures at all, the next thing printed being
  another label, a header or a heading, is a blank row (followed by text the
  reader cannot read, its figures may be in that text: the row stays open);
* a row of a printed table that nothing names is *not found*.

Nothing is guessed: a row's figures come from its own label, or from the only
place the template order leaves for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from . import templates as T


@dataclass
class Record:
    """What the text printed for (at most) one row, in reading order."""

    table: str
    keys: tuple[str, ...]  # the rows the label can name (template order); () = no label
    cells: list[str]  # the printed cells after the label ('' = an explicitly empty cell)
    trusted: bool = False  # label and figures printed together: an anchor
    detached: bool = False  # figures a label-only line owned because they came right after it
    label: str = ""
    #: a label with no figures followed by another label, a header or a heading (a blank row);
    #: False when unreadable text followed it (its figures may be in that text)
    closed: bool = True

    @property
    def is_run(self) -> bool:
        return bool(self.cells) and not self.trusted


@dataclass
class Placement:
    """The outcome for one table."""

    rows: dict = field(default_factory=dict)  # row key -> Record placed there
    order: list = field(default_factory=list)  # row keys in the order they were placed
    blank: set = field(default_factory=set)  # rows printed with no figures
    #: rows the text leaves open: row key -> list of Records any of which may be the row's (None = no run)
    open_rows: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    #: rows whose printed figures came from order, not from their own label
    by_order: set = field(default_factory=set)


def skeleton(table: str, template: str, records: list[Record]) -> list[str]:
    """The rows of ``table`` in printed order; the 2021 requests table with one ``（六）其他处理``
    row when the report prints that row with figures and none of its three sub-rows."""
    if table == "active":
        return list(T.ACTIVE_COLUMNS[template])
    if table == "review":
        return [r.key for r in T.REVIEW_ROWS]
    rows = list(T.REQUEST_TEMPLATE_ROWS[template])
    if template == "2021":
        subrows = T.GROUP_WHEN_FOLLOWED["other"]
        named = {k for r in records for k in r.keys if len(r.keys) == 1}
        other_has_figures = any(r.keys == ("other",) and r.cells for r in records)
        if other_has_figures and not named & set(subrows):
            at = rows.index(subrows[0])
            rows[at:at + len(subrows)] = ["other"]
    return rows


def _fits(record: Record, row: str, width: dict) -> bool:
    if record.keys and row not in record.keys:
        return False
    if record.keys:
        return True  # a labelled run may be glued or short: recover.py splits it
    return len(record.cells) == width.get(row, -1)


def _possible(runs: list[Record], free: list[str], width: dict) -> list[list[int]]:
    """For each run, the indices into ``free`` it takes in some placement of all the runs
    in reading order (run j on a later row than run j-1), each on a row it fits."""
    k, m = len(runs), len(free)
    fits = [[_fits(r, row, width) for row in free] for r in runs]
    fwd = [[False] * m for _ in range(k)]
    for j in range(k):
        seen = j == 0
        for i in range(m):
            fwd[j][i] = fits[j][i] and seen
            if j > 0:
                seen = seen or fwd[j - 1][i]
        if j == 0:
            fwd[0] = list(fits[0])
    bwd = [[False] * m for _ in range(k)]
    for j in range(k - 1, -1, -1):
        if j == k - 1:
            bwd[j] = list(fits[j])
            continue
        seen = False
        for i in range(m - 1, -1, -1):
            bwd[j][i] = fits[j][i] and seen
            seen = seen or bwd[j + 1][i]
    return [[i for i in range(m) if fwd[j][i] and bwd[j][i]] for j in range(k)]


def place(table: str, template: str, records: list[Record], width: dict) -> Placement:
    """Place the records of one table on its skeleton (see the module docstring)."""
    out = Placement()
    rows = skeleton(table, template, records)
    index = {row: i for i, row in enumerate(rows)}

    # anchors: a label printed with its figures; the first printing with figures wins
    anchor_at: list[Optional[str]] = [None] * len(records)
    for n, r in enumerate(records):
        if r.trusted and len(r.keys) == 1:
            key = r.keys[0]
            if key in out.rows:
                continue
            out.rows[key] = r
            out.order.append(key)
            anchor_at[n] = key

    # the stretches between anchors, in reading order
    stretches: list[tuple[Optional[str], list[int], Optional[str]]] = []
    before: Optional[str] = None
    pending: list[int] = []
    for n, r in enumerate(records):
        if anchor_at[n] is not None:
            stretches.append((before, pending, anchor_at[n]))
            before, pending = anchor_at[n], []
        elif not r.trusted:
            pending.append(n)
    stretches.append((before, pending, None))

    label_only_in_order: set[str] = set()
    for lo_key, members, hi_key in stretches:
        lo = index.get(lo_key, -1) if lo_key is not None else -1
        hi = index.get(hi_key, len(rows)) if hi_key is not None else len(rows)
        if lo_key is not None and lo_key not in index:
            lo = -1  # an anchor of a row the template does not have here: no order information
        free = [row for row in rows[lo + 1:hi] if row not in out.rows] if lo < hi else []
        for n in members:
            r = records[n]
            if not r.cells and r.closed:
                label_only_in_order.update(k for k in r.keys if k in free and len(r.keys) == 1)
        runs = [records[n] for n in members if records[n].cells]
        if not runs:
            continue
        possible = _possible(runs, free, width)
        if any(not p for p in possible) and any(r.detached for r in runs):
            # a label directly above a run of figures may not be the run's (labels printed one
            # after another, then their value rows): the order alone decides, first for the
            # runs that fit nowhere, then for every such run (never when the label's row already
            # has its figures: that is a second printing)
            for widen in (False, True):
                loose = [Record(r.table, () if (r.detached and (widen or not p)
                                                 and not any(k in out.rows for k in r.keys)) else r.keys,
                                r.cells, label=r.label, detached=r.detached)
                         for r, p in zip(runs, possible)]
                retry = _possible(loose, free, width)
                if all(retry):
                    possible, runs = retry, loose
                    break
        for r, p in zip(runs, possible):
            if not p:
                shown = " ".join(c for c in r.cells if c)[:60]
                where = f"between {lo_key or 'the start'} and {hi_key or 'the end'}"
                out.warnings.append(f"{table}: a row of figures ({shown}) fits no row {where}; not placed")
        if all(len(p) == 1 for p in possible):
            for r, p in zip(runs, possible):
                key = free[p[0]]
                out.rows[key] = r
                out.order.append(key)
                if not (r.detached and r.keys == (key,)):
                    out.by_order.add(key)
            continue
        for r, p in zip(runs, possible):
            if len(p) == 1 and all(p[0] not in q for q in possible if q is not p):
                key = free[p[0]]
                out.rows[key] = r
                out.order.append(key)
                out.by_order.add(key)
                continue
            for i in p:
                out.open_rows.setdefault(free[i], []).append(r)
    for key in list(out.open_rows):
        if key in out.rows:
            del out.open_rows[key]
        else:
            out.open_rows[key].append(None)  # the row may also have had no run at all
    for key in sorted(label_only_in_order, key=index.__getitem__):  # printed order: a set's order varies by process
        if key not in out.rows and key not in out.open_rows:
            out.blank.add(key)
            out.order.append(key)
    return out
