"""Splitting a run of glued figures into a row's cells, under the row's own arithmetic.

A *run* is what a degraded rendering printed where a row's cells should be:
``81010010`` for 8/1/0/1/0/0/10, ``156-5997`` for 156/-59/97, ``0 0`` for two
cells an OCR merged. Its *pieces* (separated by whitespace) are hard
boundaries; inside a piece every digit boundary is a possible cell boundary.
A *slot* is one cell to fill. The search enumerates every way to fill the
slots such that

* each number has no leading zero (``0`` itself is fine), at most
  ``MAX_DIGITS`` digits; a sign only in the 2019 本年增/减 column; a decimal
  and 元/万元 only in a money column;
* every character is used, in order;
* blanks (printed cells that vanished) are as few as the run allows: a run
  with at least as many digits as slots has none;
* each row's own rule holds: 总计 = the sum of the applicant columns, review
  总计 = the sum of its four. The active table has no such rule, so its glued
  rows are often ambiguous (``101077`` is 10/10/77 or 1/0/1077 or …).

A 总计 slot is not searched at all: its value is the sum of its parts, so the
run must continue with exactly that number. The work is bounded: at most
``MAX_STEPS`` search steps and ``MAX_SOLUTIONS`` solutions per run; past
either bound the run is reported as not split (``bounded``), never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from . import templates as T
from .numbers import money_value, read_cell

#: search steps (slots tried) per run
MAX_STEPS = 20_000
#: of which for blanks beyond the fewest the run's digits allow (past it: not split)
MAX_VANISHING_STEPS = 4_000
#: solutions kept per run; a run with more is reported as not split
MAX_SOLUTIONS = 200
#: digits of one count cell (the largest real figures have 7: 行政处罚 3985758)
MAX_DIGITS = 9

_OCR = str.maketrans(T.OCR_DIGITS)
_VALID_PIECE = re.compile(r"^[+\-]?\d[\d.]*(?:万元|元)?$")
_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$")
#: a page number a PDF extraction leaves in the text: — 6 —, - 3 -
_PAGE_NUMBER = re.compile(r"^[—\-]+\s*\d{1,3}\s*[—\-]+$")
_MATERIAL = re.compile(r"^[0-9OolI〇+\-.,\s/—]+(?:万元|元)?$")
#: printed blanks inside a run: each is one blank cell (``——`` may be one or two)
BLANK_MARKS = "/—"


@dataclass(frozen=True)
class Slot:
    table: str
    row: str
    col: str
    kind: str  # count | signed | money
    parts: tuple[int, ...] = ()  # indices of the slots this one is the total of
    unit: int = 1  # money: yuan per printed unit


Solution = tuple[Optional[str], ...]  # the printed text of each slot; None = blank


@dataclass
class SplitResult:
    solutions: list[Solution]
    steps: int
    bounded: bool = False
    #: the split found ignoring the rows' arithmetic (the report's own figures do not add up)
    unchecked: bool = False


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("−", "-").replace("－", "-")


def pieces_of(raw: str) -> list[str]:
    """The whitespace-separated pieces of a printed run, OCR letters read as digits."""
    out = []
    for part in _nfkc(raw).split():
        part = part.strip("|").translate(_OCR).replace(",", "")
        if part:
            out.append(part)
    return out


@lru_cache(maxsize=32768)
def is_cell_material(text: str) -> bool:
    """Figures only (digits, OCR look-alikes, signs, spaces): a cell or a run of glued cells."""
    t = _nfkc(text).strip()
    if not t or len(t) > 60 or _DATE.match(t) or _PAGE_NUMBER.match(t) or not _MATERIAL.match(t):
        return False
    return any(ch.isdigit() or ch in T.OCR_DIGITS for ch in t) or (len(t) >= 2 and not "".join(t.split()).strip("/—-"))


@lru_cache(maxsize=32768)
def is_single_cell(raw: str) -> bool:
    """The printed text reads as exactly one well-formed cell (no glue, no OCR letters)."""
    t = _nfkc(raw).strip().replace(",", "")
    if not t or read_cell(raw).kind == "null":
        return True
    if len(t.split()) != 1 or not _VALID_PIECE.match(t):
        return False
    digits = t.lstrip("+-")
    return not (len(digits) > 1 and digits[0] == "0" and digits[1] != ".")


def slot_kind(col: str) -> str:
    if col == "amount":
        return "money"
    if col == "change":
        return "signed"
    return "count"


def _marks(s: str, i: int) -> list[int]:
    """End offsets of a printed blank mark starting at ``s[i]``."""
    if i >= len(s):
        return []
    if s[i] in BLANK_MARKS:
        return [i + 1, i + 2] if s.startswith("——", i) else [i + 1]
    if s[i] == "-" and (i + 1 == len(s) or not s[i + 1].isdigit()):
        return [i + 1]
    return []


def value_of(slot: Slot, text: Optional[str]):
    if text is None or not any(ch.isdigit() for ch in text):
        return None
    if slot.kind == "money":
        return money_value(text, slot.unit)
    return int(text)


def _ends(s: str, i: int, kind: str, limit: int) -> list[int]:
    """End offsets of every number of this kind that starts at ``s[i]``."""
    n = len(s)
    j = i
    if kind == "signed" and j < n and s[j] in "+-":
        j += 1
    if j >= n or not s[j].isdigit():
        return []
    if s[j] == "0":
        ints = [j + 1]
    else:
        ints = []
        k = j
        while k < n and s[k].isdigit() and k - j < limit:
            k += 1
            ints.append(k)
    if kind != "money":
        return ints
    out = []
    for e in ints:
        if e < n and s[e] == ".":
            f = e + 1
            while f < n and s[f].isdigit():
                f += 1
            if f == e + 1:
                continue
            e = f
        elif e < n and s[e].isdigit():
            out.append(e)  # a shorter integer part followed by another cell
            continue
        if s.startswith("万元", e):
            e += 2
        elif s.startswith("元", e):
            e += 1
        out.append(e)
    return out


def _int(text: Optional[str]) -> int:
    return int(text) if text and text.lstrip("+-").isdigit() else 0


class _Bound(Exception):
    pass


class _Search:
    def __init__(self, pieces: list[str], slots: list[Slot], check_rows: bool, max_steps: int,
                 cap: Optional[int] = None, atomic: bool = False) -> None:
        self.cap = cap  # the known total of a single-row run: no part sum may exceed it
        self.atomic = atomic  # each piece is one whole cell (a short row of clean cells)
        self.pieces = pieces
        self.slots = slots
        self.check_rows = check_rows
        self.max_steps = max_steps
        self.steps = 0
        self.solutions: list[Solution] = []
        self.target: Optional[int] = None
        # the slot index that completes each row, and the row's slot indices
        self.row_end: dict[int, list[int]] = {}
        #: the total slot each part belongs to
        self.total_of = {j: t for t, slot in enumerate(slots) for j in slot.parts}
        start = 0
        for k in range(1, len(slots) + 1):
            if k == len(slots) or (slots[k].table, slots[k].row) != (slots[start].table, slots[start].row):
                self.row_end[k - 1] = list(range(start, k))
                start = k

    def run(self, blanks: int) -> None:
        self.values: list[Optional[str]] = []
        self.ints: list[int] = []
        self.count_sum = 0  # sum of the count cells so far (for ``cap``)
        # characters left from the start of each piece to the end of the run
        self.suffix = [0] * (len(self.pieces) + 1)
        for q in range(len(self.pieces) - 1, -1, -1):
            self.suffix[q] = self.suffix[q + 1] + len(self.pieces[q])
        self._fill(0, 0, 0, blanks)

    def _row_ok(self, idx: list[int]) -> bool:
        """Rules a complete row must meet beyond its 总计 (which is built into the search).
        None today: the active table's columns are not tied by any rule a report must keep
        (上一年项目数量 0 with 本年增/减 -3 is printed), so they are not guessed at."""
        return True

    def _fill(self, k: int, p: int, i: int, blanks: int) -> None:
        self.steps += 1
        if self.steps > self.max_steps:
            raise _Bound()
        slots, pieces = self.slots, self.pieces
        if k == len(slots):
            if self.target is not None and self.target != sum(self.ints):
                return
            if p == len(pieces):
                self.solutions.append(tuple(self.values))
                if len(self.solutions) > MAX_SOLUTIONS:
                    raise _Bound()
            return
        # every remaining piece needs at least one slot
        if len(pieces) - p > len(slots) - k:
            return
        # the slots left that are not blank each take at least one character
        if (len(slots) - k) - blanks > self._left(p, i):
            return
        slot = slots[k]
        options: list[tuple[Optional[str], int, int]] = []
        if slot.parts and self.check_rows:
            # a total is not searched: the run must go on with the sum of its parts
            ints = self.ints
            want = sum(ints[j] for j in slot.parts)
            if blanks and want == 0:
                options.append((None, p, i))
            if p < len(pieces) and pieces[p].startswith(str(want), i):
                options.append((str(want), p, i + len(str(want))))
            if p < len(pieces) and want == 0:
                options += [(pieces[p][i:e], p, e) for e in _marks(pieces[p], i)]
            if self.atomic and p < len(pieces):
                # a whole printed cell: its own figure (the sum's spelling may differ: 1,234)
                options = [o for o in options if o[0] is None or o[2] == len(pieces[p])]
                whole = pieces[p]
                if _int(whole) == want and not any(o[0] == whole for o in options) and (
                        whole.isdigit() or whole.lstrip("+").isdigit()):
                    options.append((whole, p, len(whole)))
        else:
            if blanks:
                options.append((None, p, i))
            if p < len(pieces):
                options += [(pieces[p][i:e], p, e) for e in _marks(pieces[p], i)]
                limit = MAX_DIGITS + (4 if slot.kind == "money" else 0)
                for e in _ends(pieces[p], i, slot.kind, limit):
                    options.append((pieces[p][i:e], p, e))
                if self.atomic:
                    options = [o for o in options if o[0] is None or o[2] == len(pieces[p])]
        total_of = self.total_of.get(k)
        counted = slot.kind == "count" and not slot.parts
        for text, np_, ni in options:
            if text is not None and ni == len(pieces[np_]):
                np_, ni = np_ + 1, 0
            value = _int(text)
            self.values.append(text)
            self.ints.append(value)
            if counted:
                self.count_sum += value
            if self.cap is not None and text is not None and counted and self.count_sum > self.cap:
                pass  # the parts already exceed the row's total
            elif self.cap is not None and self._left(np_, ni) > (len(slots) - k - 1) * len(str(self.cap)):
                pass  # no part exceeds the total: what is left cannot fit in the slots left
            elif self.cap is not None and not self._can_reach(np_, ni, len(slots) - k - 1):
                pass  # what is left, however split, sums past the total
            elif total_of is not None and self.check_rows and not self._room_for_total(total_of, np_, ni):
                pass  # the total, at least the sum so far, no longer fits in what is left
            elif k not in self.row_end or self._row_ok(self.row_end[k]):
                self._fill(k + 1, np_, ni, blanks - (text is None))
            self.values.pop()
            self.ints.pop()
            if counted:
                self.count_sum -= value

    def _can_reach(self, p: int, i: int, slots_left: int) -> bool:
        left = self._left(p, i)
        if not left:
            return True
        if not slots_left:
            return False
        need = self.cap - sum(self.ints)
        longest = -(-left // slots_left)  # some number has at least this many digits
        return longest == 1 or need >= 10 ** (longest - 1)

    def _left(self, p: int, i: int) -> int:
        if p >= len(self.pieces):
            return 0
        return self.suffix[p] - i

    def _room_for_total(self, t: int, p: int, i: int) -> bool:
        ints = self.ints
        partial = sum(ints[j] for j in self.slots[t].parts if j < len(ints))
        return partial == 0 or self._left(p, i) >= len(str(partial))


def _searches(pieces: list[str], slots: list[Slot], check: bool):
    """(pieces, slots, cap, suffix) to search. A single row whose last slot is its total
    is searched once per possible total, read off the end of the run: the parts may
    then never sum past it, which keeps long runs cheap."""
    last = slots[-1]
    single_row = all((s.table, s.row) == (last.table, last.row) for s in slots)
    if not (check and single_row and last.parts and last.kind == "count" and pieces):
        yield pieces, slots, None, ()
        return
    tail = pieces[-1]
    for n in range(1, min(len(tail), MAX_DIGITS) + 1):
        text = tail[-n:]
        if not text.isdigit() or (n > 1 and text[0] == "0"):
            continue
        rest = pieces[:-1] + ([tail[:-n]] if n < len(tail) else [])
        yield rest, slots + [], int(text), (text,)
    yield pieces, slots, 0, ()  # the total printed blank


@lru_cache(maxsize=4096)
def _fewest_in(piece: str) -> int:
    """The fewest numbers a run of digits splits into: no leading zeros (a 0 that starts a
    number is a number of its own), at most ``MAX_DIGITS`` digits each."""
    if not piece.isdigit():
        return 1  # signs, decimals, blank marks: one cell at least
    n = len(piece)
    best = [0] + [n + 1] * n  # best[i]: fewest numbers for piece[:i]
    for i in range(n):
        if best[i] > n:
            continue
        ends = [i + 1] if piece[i] == "0" else range(i + 1, min(n, i + MAX_DIGITS) + 1)
        for e in ends:
            best[e] = min(best[e], best[i] + 1)
    return best[n]


def _fewest_numbers(pieces: list[str]) -> int:
    """The fewest cells the pieces can be read as (``0000000`` is seven however blanks vanished)."""
    return sum(_fewest_in(p) for p in pieces)


def split_run(pieces: list[str], slots: list[Slot], max_steps: int = MAX_STEPS, *,
              vanishing: bool = False, atomic: bool = False) -> SplitResult:
    """Every splitting of ``pieces`` into ``slots`` that the rows' arithmetic allows.

    Fewest blanks, unless ``vanishing``: the rendering is known to drop empty cells (the same
    table prints rows with fewer figures than cells), so a run may have lost blanks even where
    its digits would fill every cell (``10`` for two cells is 1/0, 10/blank or blank/10); the
    search for those extra blanks has its own, smaller bound (``MAX_VANISHING_STEPS``).
    ``atomic``: every piece is one whole printed cell (a short row of clean cells whose
    columns are not known), never split inside."""
    if atomic:
        digits = len(pieces)
    else:
        digits = sum(sum(ch.isdigit() or ch in BLANK_MARKS or ch == "-" for ch in p) for p in pieces)
    fewest = max(0, len(slots) - digits)
    most = fewest if atomic else max(fewest, len(slots) - _fewest_numbers(pieces))
    steps = 0
    for check in (True, False):
        collected: list[Solution] = []
        extra_steps = 0
        for blanks in range(fewest, most + 1):
            extra = check and blanks > fewest  # blanks beyond the fewest: a smaller budget
            budget = max_steps - steps
            if extra:
                budget = min(budget, MAX_VANISHING_STEPS - extra_steps)
            found: list[Solution] = []
            for sub_pieces, sub_slots, cap, suffix in _searches(pieces, slots, check and not atomic):
                if suffix:
                    sub_slots = sub_slots[:-1]
                search = _Search(sub_pieces, sub_slots, check, budget, cap, atomic)
                if suffix:
                    search.target = cap
                try:
                    search.run(blanks)
                except _Bound:
                    return SplitResult([], steps + search.steps, bounded=True)
                steps += search.steps
                budget -= search.steps
                if extra:
                    extra_steps += search.steps
                found += [sol + suffix for sol in search.solutions]
            found = list(dict.fromkeys(found))
            if found and not (vanishing and check):
                if not check and len(found) != 1:
                    return SplitResult([], steps)
                return SplitResult(found, steps, unchecked=not check)
            collected += [f for f in found if f not in collected]
            if len(collected) > MAX_SOLUTIONS:
                return SplitResult([], steps, bounded=True)
            if not check:
                break  # without the arithmetic, only the fewest blanks are tried
        if collected:
            return SplitResult(collected, steps)
    return SplitResult([], steps)
