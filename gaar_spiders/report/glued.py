"""Cutting one-line dumps into the blocks the table reader expects.

Archives and text extractors flatten a report into one line: labels, headers
and figures run together (``规章000行政规范性文件1126第二十条第（五）项…``,
``…00000002.其他法律行政法规禁止公开…``). The labels are fixed text, so the
line is cut at every label the templates print (longest label first, so
``其他对外管理服务事项`` wins over ``其他``), in the normalised text (width,
brackets, ``1、`` → ``1.``, whitespace removed) with a map back to the printed
characters.

Labels are cut only inside a *table stretch*: at least three labels in a row
with nothing but figures between them. The same words in prose (行政处罚81项,
行政复议、行政诉讼) are left alone. Section headings (一、总体情况 …) are cut
wherever they stand, so sections are found in a one-line dump too.

A row label becomes a physical row ``[label, piece, …]`` (its figures split
only at whitespace); the rows it cut are returned so that ``recover.py`` splits
their glued figures.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from . import templates as T
from .normalize import fold, label_key

#: a line this long is looked at (a table row's label and figures glued is at least this)
MIN_LINE = 24
#: figures between two labels of a table stretch (normalised text: no whitespace)
_GAP = re.compile(r"[0-9OolI〇+\-.,/%万元]*")
#: a figure followed by one of these is prose (2023年, 81项), not a cell
_PROSE_UNITS = "年月日件条项个次份人家%"
_PARAGRAPH_BREAK = re.compile(r"\u3000{2,}")
#: tables whose row labels stand before their own figures (the review table's labels are headers)
VANISHING_EVIDENCE_TABLES = ("active", "requests")


def _label_texts() -> set[str]:
    texts: set[str] = set()
    for row in T.ROW_LABELS:
        texts.update(row.labels)
    texts.update(T.REQUEST_GROUPS)
    for labels, _tpl in T.ACTIVE_COLUMN_LABELS.values():
        texts.update(labels)
    texts.update(T.ACTIVE_HEADERS)
    texts.update(T.REQUEST_HEADERS)
    texts.update(T.REVIEW_HEADERS)
    for cols in (T.REQUEST_COLUMN_LABELS, T.REVIEW_COLUMN_LABELS):
        for labels in cols.values():
            texts.update(labels)
    texts.update(f"{T.ACTIVE_ARTICLE_PREFIX}第({n})项" for n in T.SECTION_NUMERALS)
    texts.update(T.SECTION_HEADINGS)
    return texts


@lru_cache(maxsize=1)
def _gate():
    return re.compile("|".join(map(re.escape, T.GLUED_TABLE_GATE)))


@lru_cache(maxsize=1)
def _patterns():
    keys = sorted({label_key(t) for t in _label_texts()}, key=len, reverse=True)
    labels = re.compile("|".join(re.escape(k) for k in keys if k))
    headings = frozenset(label_key(h) for h in T.SECTION_HEADINGS)
    return labels, headings


#: ``fold`` of one character: a glued dump folds its text a character at a time (tens of
#: thousands of calls a document), from an alphabet of a few thousand characters
_fold_char = lru_cache(maxsize=8192)(fold)


def _normalised(line: str) -> tuple[str, list[int]]:
    """The line as labels are compared (see ``label_key``), and each character's printed offset."""
    out: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(line):
        if ch.isspace() or ch in "\u200b\ufeff":
            continue
        f = _fold_char(ch)
        if ch == "、" and out and out[-1].isdigit():
            f = "."
        for c in f:
            out.append(c)
            pos.append(i)
    return "".join(out), pos


def split_paragraphs(lines: list[str]) -> list[str]:
    """A one-line dump keeps its paragraphs as runs of ideographic spaces: make them lines
    (the title and the signature are then found as in any text)."""
    out: list[str] = []
    for line in lines:
        if len(line) > 300 and "\u3000\u3000" in line:
            out.extend(p for p in _PARAGRAPH_BREAK.split(line) if p.strip())
        else:
            out.append(line)
    return out


def split_line(line: str) -> Optional[tuple[list, set, set]]:
    """The blocks of one glued line, the rows cut from it with figures and without; None when
    it holds no table stretch."""
    from .tables import classify

    labels, headings = _patterns()
    norm, pos = _normalised(line)
    found = [(m.start(), m.end()) for m in labels.finditer(norm)]
    if len(found) < 3:
        return None
    chains, current = [], [0]
    for j in range(1, len(found)):
        if _GAP.fullmatch(norm, found[j - 1][1], found[j][0]):
            current.append(j)
        else:
            chains.append(current)
            current = [j]
    chains.append(current)
    chain_of = {j: ci for ci, chain in enumerate(chains) if len(chain) >= 3 for j in chain}
    if not chain_of:
        return None
    cut = [j for j in range(len(found)) if j in chain_of or norm[found[j][0]:found[j][1]] in headings]

    def start(j: int) -> int:
        return pos[found[j][0]]

    def end(j: int) -> int:
        return pos[found[j][1] - 1] + 1

    blocks: list = []
    flagged: set = set()
    empty: set = set()
    cursor = 0
    context: Optional[str] = None
    for n, j in enumerate(cut):
        before = line[cursor:start(j)].strip()
        if before:
            blocks.append(before)
        label = line[start(j):end(j)]
        nxt = cut[n + 1] if n + 1 < len(cut) else None
        if nxt is not None and j in chain_of and chain_of.get(nxt) == chain_of[j]:
            run, cursor = line[end(j):start(nxt)], start(nxt)
        else:
            tail = _GAP.match(norm, found[j][1]).end()
            prose_follows = tail < len(norm) and norm[tail] in _PROSE_UNITS
            if j in chain_of and tail > found[j][1] and not prose_follows:
                run, cursor = line[end(j):pos[tail - 1] + 1], pos[tail - 1] + 1
            else:
                run, cursor = "", end(j)
        tok = classify(label.strip())
        pieces = run.split()
        if tok.kind == "row":
            context = tok.table
            blocks.append([label.strip(), *pieces])
            if pieces:
                flagged.add((tok.table, tok.key))
            elif tok.table in VANISHING_EVIDENCE_TABLES and tok.key != "other":
                empty.add((tok.table, tok.key))
            continue
        if tok.kind == "heading":
            context = "review" if ("复议" in label or "诉讼" in label) else None
        elif tok.kind == "header" and tok.table == "review":
            context = "review"
        blocks.append(label.strip())
        if pieces:
            blocks.extend(pieces)
            if context == "review":
                flagged.add(("review", "*"))
    rest = line[cursor:].strip()
    if rest:
        blocks.append(rest)
    return blocks, flagged, empty


def split_glued(blocks: list) -> tuple[list, set, set]:
    """Blocks with every glued line cut at its labels, the rows whose figures were glued, and
    the rows cut with no figures at all before the next label (the dump drops empty cells)."""
    out: list = []
    flagged: set = set()
    empty: set = set()
    gate = _gate().search
    for block in blocks:
        if block.__class__ is str and len(block) >= MIN_LINE and gate(block):
            cut = split_line(unicodedata.normalize("NFC", block))
            if cut is not None:
                out.extend(cut[0])
                flagged |= cut[1]
                empty |= cut[2]
                continue
        out.append(block)
    return out, flagged, empty
