"""Table cells against a hand transcription (corpus gold ``cells``).

Cells are matched by their schema key ``(table, row, col)``. A settled gold
cell is right when the parser states the same value (a printed blank: the
parser records NULL). An ambiguous gold cell (``ambiguous: true`` with
``candidates``) is right when the parser states any candidate (``None`` = a
blank) or leaves the cell unsettled and says so (NULL with the printed figures
in ``raw``, or its own ``candidates``). The worst error is counted apart:
STATED-BUT-WRONG, a number the parser states that differs from the printed one
(a settled value, a blank, or none of the candidates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

Key = tuple[str, str, str]
#: two numbers are the same figure when they differ by less than this (money in yuan from 万元)
TOLERANCE = 1e-6


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= TOLERANCE * max(1.0, abs(float(b)))


def unsettled(cell) -> bool:
    """The parser left the cell open: NULL with candidates (``[]``: the text does not give the
    cell at all, which is never a right blank) or with figures kept in ``raw``."""
    if cell.value is not None:
        return False
    return getattr(cell, "candidates", None) is not None or any(ch.isdigit() for ch in (cell.raw or ""))


@dataclass
class CellMiss:
    key: Key
    kind: str  # missing | wrong | stated-but-wrong | unsettled
    gold: Any
    answer: Any
    raw: Optional[str] = None

    def describe(self) -> str:
        where = ".".join(self.key)
        got = "no cell" if self.kind == "missing" else f"{self.answer!r} (raw {self.raw!r})"
        return f"{where}: {self.kind}: gold {self.gold!r}, parser {got}"


@dataclass
class CellScore:
    """Counts for one document (or a sum of documents)."""

    settled: int = 0
    settled_right: int = 0
    nonzero: int = 0
    nonzero_right: int = 0
    blank: int = 0
    blank_right: int = 0
    ambiguous: int = 0
    ambiguous_accepted: int = 0
    #: ambiguous gold cells the parser left open (NULL with its candidates): never guessed
    ambiguous_open: int = 0
    stated_but_wrong: int = 0
    #: cells the parser states where the gold records none (a table the report does not print)
    extra: int = 0
    misses: list[CellMiss] = field(default_factory=list)

    def add(self, other: "CellScore") -> None:
        for name in ("settled", "settled_right", "nonzero", "nonzero_right", "blank", "blank_right",
                     "ambiguous", "ambiguous_accepted", "ambiguous_open", "stated_but_wrong", "extra"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    def as_dict(self) -> dict:
        return {
            "settled": [self.settled_right, self.settled],
            "nonzero": [self.nonzero_right, self.nonzero],
            "blank": [self.blank_right, self.blank],
            "ambiguous": [self.ambiguous_accepted, self.ambiguous],
            "ambiguous_open": self.ambiguous_open,
            "stated_but_wrong": self.stated_but_wrong,
            "extra": self.extra,
        }


def _gold_key(cell: dict) -> Key:
    return (cell["table"], cell["row"], cell["col"])


def score_cells(gold_cells: list[dict], parsed_cells) -> CellScore:
    """Score the parser's cells of one document against the gold transcription."""
    parsed = {(c.table, c.row, c.col): c for c in parsed_cells if c.table != "legacy"}
    score = CellScore()
    gold_keys = set()
    for g in gold_cells:
        key = _gold_key(g)
        gold_keys.add(key)
        got = parsed.get(key)
        if g.get("ambiguous"):
            _score_ambiguous(score, key, g, got)
            continue
        expected = g.get("value")
        is_blank = expected is None
        score.settled += 1
        if is_blank:
            score.blank += 1
        elif float(expected) != 0:
            score.nonzero += 1
        if got is None:
            score.misses.append(CellMiss(key, "missing", expected, None))
            continue
        if same(got.value, expected) and not unsettled(got):
            score.settled_right += 1
            score.blank_right += is_blank
            score.nonzero_right += (not is_blank and float(expected) != 0)
            continue
        if unsettled(got):
            score.misses.append(CellMiss(key, "unsettled", expected, None, got.raw))
        else:  # a figure, or a settled blank, other than the printed one
            score.stated_but_wrong += 1
            score.misses.append(CellMiss(key, "stated-but-wrong", expected, got.value, got.raw))
    score.extra = sum(1 for k, c in parsed.items() if k not in gold_keys and c.value is not None)
    return score


def _score_ambiguous(score: CellScore, key: Key, g: dict, got) -> None:
    score.ambiguous += 1
    candidates = g.get("candidates") or []
    if got is None:
        score.misses.append(CellMiss(key, "missing", f"one of {candidates}", None))
        return
    if unsettled(got):
        score.ambiguous_accepted += 1
        score.ambiguous_open += 1
        return
    if any(same(got.value, c) for c in candidates):
        score.ambiguous_accepted += 1
        return
    # a figure, or a settled blank, that is none of the candidates
    score.stated_but_wrong += 1
    score.misses.append(CellMiss(key, "stated-but-wrong", f"one of {candidates}", got.value, got.raw))
