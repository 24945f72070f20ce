"""The division tables as GAAR reads them: every code since 1981 with its names and
years, the code that replaced it, and the townships of every county.

Loaded once per process from the package data (``data/``; made by
``tools/build_divisions.py``; sources and licences in ``data/SOURCES.md``), with
``importlib.resources`` so it works from a scrapyd egg too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

PROVINCE, PREFECTURE, COUNTY = 1, 2, 3
LEVEL_NAMES = {PROVINCE: "province", PREFECTURE: "prefecture", COUNTY: "county"}
#: a township name the source marks as abolished: 城关镇（撤销）
_REVOKED = re.compile(r"[（(](?:已)?撤销[）)]$")
#: the part of a province's name that is not needed to name it (新疆维吾尔自治区 → 新疆)
_PROVINCE_TAIL = re.compile(r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$")


@dataclass(frozen=True)
class Division:
    """One name a code had over some years (a code renamed in place has several)."""

    code: str
    name: str
    level: int
    status: str  # u in use, c changed (the code lives on under another name), d abolished
    start: int
    end: Optional[int]  # the year it stopped (None while in use)
    new: str  # the source's replacement field: '510118', '130102;130104', '230109[2004]'

    def in_use_during(self, year: int) -> bool:
        """Whether a report on ``year`` may name it: the year of a change counts for both names."""
        return self.start <= year and (self.end is None or year <= self.end)

    @property
    def successors(self) -> tuple[str, ...]:
        """Codes that took this one over as a whole ('[year]' marks a partial transfer, not a successor)."""
        if self.status == "u":
            return ()
        return tuple(part for part in self.new.split(";") if part and "[" not in part)


@dataclass(frozen=True)
class Township:
    code: str  # 12 digits
    name: str  # as listed, without the 撤销 mark
    revoked: bool


class Tables:
    """The loaded tables with the look-ups the resolver needs."""

    def __init__(self, history_lines, township_lines):
        self.by_code: dict[str, list[Division]] = defaultdict(list)
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        for line in history_lines:
            if not line.strip():
                continue
            code, name, level, status, start, end, new = line.rstrip("\n").split("\t")
            d = Division(code, name, int(level), status, int(start), int(end) if end else None, new)
            self.by_code[code].append(d)
            self.by_name[name].append(d)
            if d.level == PROVINCE:
                short = _PROVINCE_TAIL.sub("", name)
                if short != name and len(short) >= 2:
                    self.by_name[short].append(d)
        #: county code -> its townships as listed, read into ``Township`` records on first use
        self._township_lines: dict[str, str] = {}
        self._townships: dict[str, list[Township]] = {}
        for line in township_lines:
            if line.strip():
                county, entries = line.rstrip("\n").split("\t")
                self._township_lines[county] = entries
        self.max_name_length = max(map(len, self.by_name))

    # --- codes ------------------------------------------------------------------------

    def current(self, code: str) -> Optional[Division]:
        """The division in force under ``code`` (None if the code is not in use today)."""
        return next((d for d in self.by_code.get(code, ()) if d.status == "u"), None)

    def known(self, code: str) -> bool:
        return code in self.by_code

    def forward(self, code: str) -> tuple[Optional[str], str]:
        """Today's code for ``code`` and, when there is none or several, why.

        A stale code is followed through its successors (512126 → 510230 → 500225 → 500111);
        a code split among several successors has no single one today.
        """
        seen, frontier = set(), {code}
        while True:
            if not frontier:
                return None, f"{code} has no successor in force"
            done = {c for c in frontier if self.current(c)}
            pending = frontier - done
            if not pending:
                if len(done) == 1:
                    return next(iter(done)), ""
                return None, f"{code} was split among {', '.join(sorted(done))}"
            seen |= pending
            nxt = set(done)
            for c in pending:
                entries = self.by_code.get(c)
                if not entries:
                    return None, f"{c} is in no division list"
                for d in entries:
                    nxt.update(s for s in d.successors if s not in seen)
                # a code renamed in place ('c' with the same code as new) is current under its new name
            if nxt == frontier:
                return None, f"{code} has no successor in force"
            frontier = nxt

    def name_of(self, code: str) -> Optional[str]:
        d = self.current(code) or next(iter(self.by_code.get(code, ())), None)
        return d.name if d else None

    def level_of(self, code: str) -> Optional[int]:
        entries = self.by_code.get(code)
        return entries[0].level if entries else None

    def full_name(self, code: str) -> str:
        """Province + prefecture + county names of a code in force: 湖北省武汉市青山区."""
        parts = []
        for prefix in ancestors(code) + [code]:
            name = self.name_of(prefix)
            if name and (not parts or parts[-1] != name):
                parts.append(name)
        return "".join(parts)

    # --- townships ------------------------------------------------------------------------

    def townships_of(self, county: str) -> list[Township]:
        if county not in self._townships:
            found = []
            for entry in self._township_lines.get(county, "").split(" ") if county in self._township_lines else ():
                own, name = entry.split("=", 1)
                clean = _REVOKED.sub("", name)
                found.append(Township(f"{county}{own}000", clean, clean != name))
            self._townships[county] = found
        return self._townships[county]

    def has_township_list(self, county: str) -> bool:
        return county in self._township_lines

    def township_count(self) -> int:
        return sum(entries.count("=") for entries in self._township_lines.values())


def ancestors(code: str) -> list[str]:
    """The province and prefecture codes above a 6-digit code (not itself), outermost first."""
    out = []
    province, prefecture = code[:2] + "0000", code[:4] + "00"
    if province != code:
        out.append(province)
    if prefecture not in (code, province):
        out.append(prefecture)
    return out


def contains(outer: str, inner: str) -> bool:
    """Whether the division ``outer`` (6 digits) is ``inner`` or lies above it, by the codes' shape."""
    if outer == inner:
        return True
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    if outer.endswith("00"):
        return inner[:4] == outer[:4]
    return False


@lru_cache(maxsize=1)
def load() -> Tables:
    data = resources.files(__package__).joinpath("data")
    history = data.joinpath("history.tsv").read_text(encoding="utf-8").splitlines()
    townships = data.joinpath("townships.tsv").read_text(encoding="utf-8").splitlines()
    return Tables(history, townships)
