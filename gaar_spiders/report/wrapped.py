"""Joining row labels that the page cut into pieces.

A PDF's text layer and a Word table broken over a page print a long label in
pieces: ``（二）部分公开（区分处理的，`` / ``只计这一情形，不计其他情形）``, the vertical
``三`` / ``、`` / ``本`` …, ``一、本年新收政府信息公开申请`` / ``数量  21 0 0 0 0 0 21`` (the
figures on the label's last line), or a row that breaks across a page:
``3.危及“三安全一稳`` at the foot of one page, ``定”`` and its figures under the
repeated header on the next. The labels are fixed text, so a piece that is
the beginning of a label is joined with the pieces after it (page footers and
repeated header rows in between are stepped over) when together they spell
the whole label; the figures of all the pieces become the row's.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Optional

from . import templates as T
from .layouts import TRAILING_FIGURES
from .normalize import label_key

#: pieces looked at after the first one (a vertical label has one character per line)
MAX_PIECES = 12
#: blocks stepped over between two pieces (the repeated header rows, whole or wrapped)
MAX_SKIPPED = 24



@lru_cache(maxsize=1)
def _keys() -> tuple[list[str], frozenset, tuple[str, ...]]:
    labels = [label for row in T.ROW_LABELS for label in row.labels] + list(T.REQUEST_GROUPS)
    keys = sorted({label_key(label) for label in labels})
    groups = tuple(sorted((label_key(g) for g in T.REQUEST_GROUPS), key=len, reverse=True))
    return keys, frozenset(keys), groups


def _without_group(key: str) -> str:
    """A row label printed after its group label (``（三）不予公开1.属于国家秘密``): the row's part."""
    for group in _keys()[2]:
        if key.startswith(group) and len(key) > len(group):
            return key[len(group):]
    return key


def _is_prefix(key: str) -> bool:
    """``key`` begins some label (and is not that whole label)."""
    keys, full, _ = _keys()
    key = _without_group(key)
    i = bisect.bisect_left(keys, key)
    while i < len(keys) and keys[i].startswith(key):
        if keys[i] != key:
            return True
        i += 1
    return False


def _is_label(key: str) -> bool:
    return key in _keys()[1] or _without_group(key) in _keys()[1]


def _parts(block) -> tuple[str, list[str]]:
    """(label text, figures) of a block: a row's first cell and the rest, or a line and its trailing figures."""
    if isinstance(block, str):
        m = TRAILING_FIGURES.match(block.strip())
        if m:
            return m["head"].strip(), m["tail"].split()
        return block.strip(), []
    cells = [str(c or "") for c in block]
    return (cells[0].strip() if cells else ""), cells[1:]


@lru_cache(maxsize=1)
def _header_keys() -> tuple[str, ...]:
    labels = [label for labels, _tpl in T.ACTIVE_COLUMN_LABELS.values() for label in labels]
    labels += [label for labels in T.REQUEST_COLUMN_LABELS.values() for label in labels]
    labels += [label for labels in T.REVIEW_COLUMN_LABELS.values() for label in labels]
    labels += list(T.ACTIVE_HEADERS) + list(T.REQUEST_HEADERS) + list(T.REVIEW_HEADERS)
    return tuple({label_key(label) for label in labels})


@lru_cache(maxsize=4096)
def _header_text(text: str) -> bool:
    """A header cell, or a piece of one a narrow column wrapped (``申请人情`` / ``况``, ``结`` / ``果``)."""
    from .tables import classify

    if classify(text).kind == "header":
        return True
    key = label_key(text)
    return bool(key) and not key.isdigit() and any(key in h for h in _header_keys())


def _skippable(block) -> bool:
    """A page footer's neighbour: the table's header repeated on the next page (whole or wrapped)."""
    if isinstance(block, str):
        return _header_text(block.strip())
    filled = [c.strip() for c in block if c and c.strip()]
    return bool(filled) and all(_header_text(c) for c in filled)


def _merge_figures(first: list[str], second: list[str], physical: bool) -> Optional[list[str]]:
    if not first:
        return second
    if not second:
        return first
    if physical and len(first) == len(second):
        out = []
        for a, b in zip(first, second):
            if a.strip() and b.strip():
                return None  # both pieces print a figure in the same cell: not one row
            out.append(a if a.strip() else b)
        return out
    return None


@lru_cache(maxsize=65536)
def _opens(text: str) -> bool:
    """``text`` may be the first piece of a label: it begins one without being a whole one."""
    from .tables import classify

    if not text or classify(text).kind in ("value", "heading"):
        return False
    key = label_key(text)
    return bool(key) and not _is_label(key) and _is_prefix(key)


def join_wrapped(blocks: list) -> list:
    """``blocks`` with every label cut into pieces joined back into one row."""
    from .tables import classify

    out = list(blocks)
    i = 0
    while i < len(out):
        block = out[i]
        if not block or (block.__class__ is str and len(block) > 80):
            i += 1
            continue
        if not _opens((block if block.__class__ is str else block[0] or "").strip()):
            i += 1
            continue  # the common case: a whole label, figures, prose (a line ending in figures
            # whose label is a piece of one is a row already: ``layouts.split_label_figures``)
        text, figures = _parts(block)
        if not text or len(text) > 60 or not _opens(text):
            i += 1
            continue
        joined, consumed, physical = text, [], not isinstance(out[i], str)
        j, skipped, done = i + 1, 0, False
        while j < len(out) and len(consumed) < MAX_PIECES:
            piece, more = _parts(out[j])
            candidate = label_key(joined + piece) if piece else ""
            extends = bool(piece) and (_is_label(candidate) or _is_prefix(candidate))
            if not extends and _skippable(out[j]):
                skipped += 1
                if skipped > MAX_SKIPPED:
                    break
                j += 1
                continue
            if not piece or classify(piece).kind in ("value", "heading") or _is_label(label_key(piece)):
                break  # figures, a heading, or a whole label of its own: not a piece of this one
            merged = _merge_figures(figures, more, physical and not isinstance(out[j], str))
            if merged is None:
                break
            if _is_label(candidate):
                joined, figures, done = joined + piece, merged, True
                consumed.append(j)
                break
            if not _is_prefix(candidate):
                break
            joined, figures = joined + piece, merged
            consumed.append(j)
            j += 1
        if not done:
            i += 1
            continue
        row = [joined] + figures
        out[i] = row if (figures or not isinstance(out[i], str)) else joined
        for k in reversed(consumed):
            del out[k]
        i += 1
    return out
