"""Comparing a parser's cells with a hand transcription (corpus gold), for the tests.

Kept small on purpose: ``gaar eval``'s scorer (``gaar_spiders/evaluation``) does
the same for users; these tests need only the counts below.

A settled gold cell (a value, or a printed blank: value null, raw "") is
*right* when the parser states the same value and does not mark the cell
open. An ambiguous gold cell (``ambiguous: true``) is *flagged* when the
parser leaves it open (``Cell.candidates`` not None). *Stated-but-wrong*: the
parser states something (a number, or a settled blank) that differs from what
is printed: a different number, a blank for a number, a number for a blank,
or, for an ambiguous gold cell, none of its candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def is_open(cell) -> bool:
    return cell.value is None and (cell.candidates is not None or any(ch.isdigit() for ch in cell.raw or ""))


@dataclass
class Score:
    settled: int = 0
    right: int = 0
    blank: int = 0
    blank_right: int = 0
    ambiguous: int = 0
    flagged: int = 0
    missing: int = 0
    wrong: list = field(default_factory=list)  # stated-but-wrong, described

    def add(self, other: "Score") -> None:
        for name in ("settled", "right", "blank", "blank_right", "ambiguous", "flagged", "missing"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong += other.wrong


def score(gold_cells: list[dict], report) -> Score:
    parsed = {(c.table, c.row, c.col): c for c in report.cells}
    s = Score()
    for g in gold_cells:
        key = (g["table"], g["row"], g["col"])
        got = parsed.get(key)
        if g.get("ambiguous"):
            s.ambiguous += 1
            if got is None:
                s.missing += 1
            elif is_open(got):
                s.flagged += 1
            elif not any(same(got.value, v) for v in g["candidates"]):
                s.wrong.append(f"{'.'.join(key)}: stated {got.value!r}, candidates {g['candidates']}")
            continue
        s.settled += 1
        s.blank += g["value"] is None
        if got is None:
            s.missing += 1
        elif is_open(got):
            pass  # unsettled: not right, not wrong
        elif same(got.value, g["value"]):
            s.right += 1
            s.blank_right += g["value"] is None
        else:
            s.wrong.append(f"{'.'.join(key)}: stated {got.value!r} (raw {got.raw!r}), printed {g['value']!r}")
    return s
