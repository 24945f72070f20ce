"""Step 2: page chrome. For now a pass-through that only decodes the body to text.

The spiders issue replaces :func:`strip_chrome` with real chrome stripping of
the same signature; the pipeline wrapper and ``gaar reparse`` call it as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)

#: GB2312 and GBK pages routinely use characters only their superset has
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


@dataclass
class ChromeResult:
    text: str
    method: str
    meta: dict[str, Any] = field(default_factory=dict)


def charset_from_headers(headers: Optional[dict]) -> Optional[str]:
    m = _HEADER_CHARSET.search((headers or {}).get("content-type", ""))
    return m.group(1) if m else None


def decode_body(body: bytes, encoding: Optional[str] = None) -> tuple[str, str]:
    """Text of ``body`` and the encoding used: the given one, else the page's
    ``<meta charset>``, else UTF-8, else GB18030 (which decodes any byte string)."""
    candidates = [encoding]
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii"))
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        if not name:
            continue
        name = _SUPERSETS.get(name.lower(), name)
        try:
            return body.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("gb18030", errors="replace"), "gb18030"


def strip_chrome(body: bytes, *, url: str, encoding: Optional[str] = None, hints: Optional[dict] = None) -> ChromeResult:
    """The report's text or HTML with the portal's chrome removed (pass-through for now)."""
    text, used = decode_body(body, encoding)
    return ChromeResult(text=text, method="passthrough", meta={"encoding": used})


def apply_chrome(item: Any) -> Any:
    """Fill ``text``, ``chrome_method`` and ``page_meta`` of a page (attachments stay binary)."""
    if item.kind != "page" or item.parse_status:
        return item
    try:
        result = strip_chrome(
            item.body,
            url=item.url,
            encoding=item.encoding or charset_from_headers(item.headers),
            hints=item.hints,
        )
    except Exception as exc:  # a bug in chrome stripping must not lose the page
        item.parse_status, item.parse_error = "failed", f"chrome: {type(exc).__name__}: {exc}"
        return item
    item.text, item.chrome_method = result.text, result.method
    item.page_meta = {**(item.page_meta or {}), **result.meta}
    return item


class ChromePipeline:
    """Scrapy wrapper of :func:`apply_chrome`."""

    def process_item(self, item):
        if hasattr(item, "body") and hasattr(item, "kind"):
            apply_chrome(item)
        return item
