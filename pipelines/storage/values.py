"""Value hygiene: what the parser and the spiders hand over becomes the column types promised
(ISO dates, integer years, numbers), and the small conversions every write uses."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from email.message import Message
from typing import Any, Mapping, Optional
from urllib.parse import unquote, urlsplit

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def as_json(value: Any) -> str:
    """A JSON column's text: keys sorted, Chinese as written, ``{}`` for None."""
    return json.dumps(value if value is not None else {}, ensure_ascii=False, sort_keys=True, default=str)


def attachment_filename(url: str, headers: Mapping[str, str]) -> Optional[str]:
    """The file name the server gives (Content-Disposition, RFC 2231 ``filename*`` included), else the URL's.

    Kept as data only: GAAR never writes a file under a name from a portal.
    """
    disposition = headers.get("content-disposition", "")
    if disposition:
        message = Message()
        message["content-disposition"] = disposition
        name = message.get_filename()
        if name:
            return unquote(name.strip())  # portals percent-encode plain filename= too
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return name or None


def with_source(from_parser: Optional[str], from_hints: Any) -> tuple[Optional[str], Optional[str]]:
    """(value, 'parser' | 'hints' | None): the report's own value wins over the portal's."""
    if from_parser:
        return from_parser, "parser"
    if from_hints:
        return str(from_hints), "hints"
    return None, None


def iso_date(value: Any, name: str, warnings: list) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    warnings.append(f"storage: {name} {value!r} is not an ISO date; stored as NULL")
    return None


def year(value: Any, warnings: list) -> Optional[int]:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        warnings.append(f"storage: year {value!r} is not a number; stored as NULL")
        return None


def number(value: Any):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def unique_cells(cells, warnings: list) -> list:
    """One cell per (table, row, col): the first one printed wins, the others become warnings."""
    seen, out = set(), []
    for c in cells or []:
        key = (c.table, c.row, c.col)
        if key in seen:
            warnings.append(f"storage: duplicate cell {c.table}/{c.row}/{c.col} raw {c.raw!r} not stored")
            continue
        seen.add(key)
        out.append(c)
    return out


def office_fields(report: Any, organ_source: Optional[str]) -> tuple:
    """(organ_short, level, template_source) as the parser read them; the short name describes the
    parser's organ, so it is left out when the organ came from the spider's hints (the level stays:
    a report that never names its office still shows its level by 我镇/我局)."""
    short = getattr(report, "organ_short", None) if organ_source == "parser" else None
    return short, getattr(report, "level", None), getattr(report, "template_source", None)


def candidates(values: Any) -> Optional[str]:
    """An unsettled cell's candidates as JSON (numbers, null for a blank); NULL when settled."""
    if values is None:
        return None
    return json.dumps([number(v) for v in values])


def division_code(report: Any, hints: Mapping[str, Any]) -> Optional[str]:
    """The report's resolved division (``gaar_spiders/divisions``); a report stored without being
    identified keeps the portal's code, as before organ identity (issue 18)."""
    identified = any(getattr(report, f, None) for f in ("division_code", "division_source", "division_reason"))
    return getattr(report, "division_code", None) if identified else hints.get("division_code")


def identity(report: Any) -> tuple:
    """(organ_key, division_source, division_reason) as the store step identified them."""
    return tuple(getattr(report, f, None) for f in ("organ_key", "division_source", "division_reason"))
