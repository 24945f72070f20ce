"""Cell and line text as a reader sees it, made to read like the HTML of the same report.

A PDF wraps a cell over several lines and spaces justified CJK characters
apart (``总 计``, ``邮 编``); a Word template fills empty cells with U+3000.
The HTML rendering of the same report has none of that, so every reader
cleans its text here, the same way, before the parser sees it.
"""

from __future__ import annotations

import re

# CJK ideographs, CJK and full-width punctuation: no space belongs between two of them.
_WIDE = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
_SPACE_NEXT_TO_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_WIDE}])")
_RUNS_OF_SPACE = re.compile(r"[ \t\u00a0]+")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9.,;:%)\]]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(\[]")


def squeeze(text: str) -> str:
    """One line: drop spaces next to CJK characters, collapse the others, strip."""
    text = _SPACE_NEXT_TO_WIDE.sub("", text)
    return _RUNS_OF_SPACE.sub(" ", text).strip()


def join_wrapped(lines: list[str]) -> str:
    """Lines that one cell or paragraph was wrapped into, as one line.

    CJK wraps anywhere, so pieces join without a separator; two Latin words
    or numbers broken at a line end get one space back.
    """
    out = ""
    for piece in (squeeze(line) for line in lines):
        if not piece:
            continue
        if out and _ASCII_WORD_END.search(out) and _ASCII_WORD_START.match(piece):
            out += " "
        out += piece
    return out


def cell_text(raw: str | None) -> str:
    """A table cell's printed text; blank (spaces, U+3000, newlines) is ``''``."""
    if raw is None:
        return ""
    return join_wrapped(raw.splitlines())
