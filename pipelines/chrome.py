"""Step 2: page chrome. The page's bytes are decoded (declared charset, UTF-8
sniffing, GB18030 fallback) and the report is cut out of the page: the CMS
family's container, else the report's own structure (title … signature),
else the densest element (``gaar_spiders.report.chrome.extract_report_html``).
The method that won is recorded on the page; the page's metadata
(ArticleTitle, PubDate, SiteIDCode …) travels with the text as ``<meta>``
tags, so the parser and ``gaar reparse`` read the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from gaar_spiders.report.chrome import extract_report_html
from gaar_spiders.report.encoding import decode_bytes

from .workers import WorkerStep

_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|div|p|table)\b", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


@dataclass
class ChromeResult:
    text: str
    method: str
    meta: dict[str, Any] = field(default_factory=dict)


def charset_from_headers(headers: Optional[dict]) -> Optional[str]:
    m = _HEADER_CHARSET.search((headers or {}).get("content-type", ""))
    return m.group(1) if m else None


def strip_chrome(body: bytes, *, url: str, encoding: Optional[str] = None, hints: Optional[dict] = None) -> ChromeResult:
    """The report's text or HTML with the portal's chrome removed (pass-through for now)."""
    decoded = decode_bytes(body, declared=encoding)
    meta: dict[str, Any] = {"encoding": decoded.encoding}
    if decoded.note:
        meta["encoding_note"] = decoded.note
    if not _HTML.search(decoded.text[:4096]):
        return ChromeResult(text=decoded.text, method="text", meta=meta)
    text, method, page_meta = extract_report_html(decoded.text)
    meta.update(page_meta)
    return ChromeResult(text=text, method=method, meta=meta)


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


class ChromePipeline(WorkerStep):
    """Scrapy wrapper of :func:`apply_chrome` (in a worker process, see ``pipelines.workers``)."""

    step = staticmethod(apply_chrome)
