"""Reading a printed table cell as a number.

A cell is a number (``0``, `` 163``, ``+82``, ``-3``, ``1,234``, full-width
digits, ``371293.44元``, ``103.7万元``), a printed blank (``''``, ``—``, ``/``,
``无``: value NULL, raw kept), or not a value at all (a label, prose).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple, Optional, Union

Number = Union[int, float]

#: how a blank is printed in the templates' cells
NULL_MARKERS = frozenset({"", "-", "--", "---", "—", "——", "/", "／", "无", "\\", "空", "null", "none", "n/a"})

_NUMBER = re.compile(
    r"^(?P<sign>[+\-])?\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*(?P<unit>万元|元|万|件|条|个|项|次)?$"
)
WAN = 10_000


class CellValue(NamedTuple):
    kind: str  # 'number' | 'null' | 'text'
    value: Optional[Number]
    unit: Optional[str]  # 'yuan' | 'wan' | None (as printed)


def _to_number(d: Decimal) -> Number:
    if d == d.to_integral_value():
        return int(d)
    return float(round(d, 6))


@lru_cache(maxsize=32768)
def _read(raw: str) -> tuple[str, Optional[Decimal], Optional[str]]:
    """(kind, exact value as printed, unit) — the Decimal before any rounding."""
    text = unicodedata.normalize("NFKC", raw).strip().strip("|").strip()
    text = text.replace("\u3000", "").replace("−", "-").replace("－", "-")
    if text.lower() in NULL_MARKERS or not text:
        return "null", None, None
    m = _NUMBER.match(text.replace(" ", ""))
    if not m:
        return "text", None, None
    try:
        d = Decimal(m["num"].replace(",", "") + (m["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the regex only admits digits
        return "text", None, None
    if m["sign"] == "-":
        d = -d
    unit = {"万元": "wan", "万": "wan", "元": "yuan"}.get(m["unit"] or "")
    return "number", d, unit


@lru_cache(maxsize=32768)
def read_cell(raw: str) -> CellValue:
    """Classify and read one printed cell. Never raises."""
    kind, d, unit = _read(raw)
    if kind != "number":
        return CellValue(kind, None, None)
    return CellValue("number", _to_number(d * WAN if unit == "wan" else d), unit)


def money_value(raw: str, default_unit: int) -> Optional[Number]:
    """A money cell in yuan: an explicit 元/万元 wins, a bare number is in the column's unit.

    Computed from the printed decimal, so 670.376375 (万元) is 6703763.75 yuan exactly.
    """
    kind, d, unit = _read(raw)
    if kind != "number":
        return None
    factor = WAN if unit == "wan" else 1 if unit == "yuan" else default_unit
    return _to_number(d * factor)
