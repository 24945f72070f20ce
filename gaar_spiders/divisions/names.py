"""Reading division names off the start of an office's name: 重庆市大足区邮亭镇人民政府 →
重庆市 (500000), 大足区 (500111), and the rest 邮亭镇人民政府.

A name is matched against every name a division had since 1981 that was in use in
the report's statistics year (a 2010 report may say 大足县), each name inside the one
before it (青山区 after 包头市 is 150204, never 420107), then mapped forward to the
code in force today.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from gaar_spiders.report.normalize import to_simplified

from .table import Tables, contains

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def fold(text: Optional[str]) -> str:
    """One spelling for matching: NFKC (full-width brackets → ASCII), Simplified, no whitespace."""
    if not text:
        return ""
    return _WS.sub("", to_simplified(unicodedata.normalize("NFKC", text)))


@dataclass
class Named:
    """A division name read off the text, with the codes in force today it can mean."""

    name: str
    #: the codes of the name's divisions as they were in the statistics year
    historic: tuple[str, ...]
    #: today's codes (forwarded); several when the name alone is ambiguous
    codes: tuple[str, ...]
    #: why a historic code has no single code today (split, abolished)
    problems: list[str] = field(default_factory=list)


def named_areas(text: str, tables: Tables, year: Optional[int] = None) -> tuple[list[Named], str]:
    """The division names ``text`` starts with, outermost first, and what follows them."""
    chain: list[Named] = []
    pos, parents = 0, None
    while pos < len(text):
        found = _longest_at(text, pos, tables, year, parents)
        if found is None:
            break
        name, entries = found
        historic = tuple(sorted({d.code for d in entries}))
        codes, problems = set(), []
        for code in historic:
            current, why = tables.forward(code)
            if current:
                codes.add(current)
            else:
                problems.append(f"{name} ({code}): {why}")
        chain.append(Named(name, historic, tuple(sorted(codes)), problems))
        parents = historic
        pos += len(name)
    return chain, text[pos:]


def _longest_at(text: str, pos: int, tables: Tables, year: Optional[int], parents):
    for length in range(min(tables.max_name_length, len(text) - pos), 1, -1):
        entries = tables.by_name.get(text[pos:pos + length])
        if not entries:
            continue
        if year is not None:
            entries = [d for d in entries if d.in_use_during(year)] or entries
        if parents is not None:
            entries = [d for d in entries if any(p != d.code and contains(p, d.code) for p in parents)]
        if entries:
            return text[pos:pos + length], entries
    return None
