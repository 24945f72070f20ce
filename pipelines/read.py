"""Step 2: read. A fetched page's bytes become an :class:`Outcome`: its status, the
reason when it is not a report, the report, how the page's chrome was cut, the
page's metadata and the encoding it was read in.

``read_page`` is the one way bytes become a report. The crawl (``ReadPipeline``,
in a worker process), ``gaar parse`` and ``gaar reparse`` all call it, so the
same bytes give the same report (and report id) on every path:

- a page is decoded once (``report.encoding.decode_bytes``: w3lib's resolution
  of what the page declares, plus "valid UTF-8 wins"), parsed into one tree,
  cut out of its chrome once and parsed once (``report.parse.read_text``);
- an attachment that is really HTML or text (a .doc saved as a web page) is read
  as a page; a PDF, DOCX, DOC or WPS goes to the attachment readers, which
  extract in a child process under limits (``gaar_spiders.attachments``), and
  their blocks to the same parser.

Nothing here raises: a page that cannot be read comes back with a status and a
reason, for the store step to record next to the kept bytes.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from gaar_spiders.report.encoding import decode_bytes, looks_mojibake
from gaar_spiders.report.model import Report
from gaar_spiders.report.parse import binary_reason, not_recognised, read_text
from gaar_spiders.status import PageStatus

#: an attachment reader's status → the page status it means (``too_large`` and ``timeout`` are
#: failures whose reason starts with the reader's word for them)
_EXTRACTION_STATUS = {
    "needs_ocr": PageStatus.NEEDS_OCR,
    "unsupported": PageStatus.UNSUPPORTED,
    "failed": PageStatus.FAILED,
    "too_large": PageStatus.FAILED,
    "timeout": PageStatus.FAILED,
}


@dataclass
class Outcome:
    """What reading made of one page or attachment."""

    status: PageStatus
    #: why it is not a report (None when parsed)
    reason: Optional[str]
    #: the parser's record: the report, or (not parsed) the record of why not, as ``gaar parse`` shows it
    report: Report
    #: how the page's chrome was cut (``report.parse.Reading.method``); None for attachments
    chrome_method: Optional[str] = None
    #: the page's own metadata (ArticleTitle, PubDate, SiteIDCode …) and the encoding it was read in
    page_meta: dict[str, Any] = field(default_factory=dict)
    #: the codec the page was decoded with; None for binary attachments
    encoding: Optional[str] = None

    @property
    def report_id(self) -> Optional[str]:
        return self.report.report_id if self.status == PageStatus.PARSED else None


def read_page(
    body: bytes,
    headers: Optional[Mapping[str, str]],
    url: str,
    *,
    kind: str = "page",
    encoding: Optional[str] = None,
    filename: Optional[str] = None,
    limits: Any = None,
) -> Outcome:
    """Read one fetched page (``kind='page'``) or attachment (``kind='attachment'``).

    ``headers``: the response headers (lower-case names; Content-Type and
    Content-Disposition matter); ``encoding``: a codec that overrides what the
    page declares (a portal's registry ``encoding``); ``filename``: the
    attachment's name if known (else from Content-Disposition or the URL);
    ``limits``: the attachment readers' ``Limits`` (default: the settings').
    """
    headers = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    if not bytes(body).strip():  # nothing to read, whatever the name says (an empty .html is no attachment type)
        reason = f"empty: the {'file' if kind == 'attachment' else 'page'} has no content ({len(body)} bytes)"
        return Outcome(PageStatus.FAILED, reason, not_recognised(Report(url=url), reason, PageStatus.FAILED))
    try:
        if kind == "attachment":
            return _read_attachment(bytes(body), headers, url, encoding, filename, limits)
        return _read_text_page(bytes(body), headers, url, encoding)
    except Exception as exc:  # a bug in a reader must not lose the page: it is kept failed, with why
        reason = f"read: {type(exc).__name__}: {exc}"[:500]
        return Outcome(PageStatus.FAILED, reason, not_recognised(Report(url=url), reason, PageStatus.FAILED))


def _outcome(report: Report, **kw) -> Outcome:
    if report.status == PageStatus.PARSED:
        return Outcome(PageStatus.PARSED, None, report, **kw)
    reason = report.checks[0].detail if report.checks else "not recognised as a report"
    return Outcome(report.status, reason, report, **kw)


def _read_text_page(body: bytes, headers: dict, url: str, encoding: Optional[str]) -> Outcome:
    binary = binary_reason(body)
    if binary:
        return _outcome(not_recognised(Report(url=url), binary, PageStatus.UNSUPPORTED))
    decoded = decode_bytes(body, content_type=headers.get("content-type"), declared=encoding)
    meta: dict[str, Any] = {"encoding": decoded.encoding}
    if decoded.note:
        meta["encoding_note"] = decoded.note
    if "mojibake" in decoded.note or looks_mojibake(decoded.text):
        reason = (f"mojibake: the text is mojibake (replacement characters or double-decoded garbage) after "
                  f"decoding as {decoded.encoding}; not parsed")
        return Outcome(PageStatus.FAILED, reason, not_recognised(Report(url=url), reason, PageStatus.FAILED),
                       page_meta=meta, encoding=decoded.encoding)
    reading = read_text(decoded.text, url)
    meta.update(reading.meta)
    return _outcome(reading.report, chrome_method=reading.method, page_meta=meta, encoding=decoded.encoding)


def _read_attachment(body: bytes, headers: dict, url: str, encoding: Optional[str], filename: Optional[str],
                     limits: Any) -> Outcome:
    try:
        import gaar_spiders.attachments as attachments
    except ImportError as exc:  # the readers' libraries are an optional extra
        reason = f"no attachment reader installed ({exc.name} is missing: pip install 'gaar[attachments]')"
        return Outcome(PageStatus.UNSUPPORTED, reason, _unread(url, "unsupported", reason))
    from pipelines.storage.values import attachment_filename

    filename = filename or attachment_filename(url, headers)
    content_type = headers.get("content-type")
    if attachments.sniff_kind(body, filename, content_type) in ("html", "text"):
        return _read_text_page(body, headers, url, encoding)
    limits = limits if limits is not None else attachments.Limits.from_settings()
    report, status, reason = attachments.report_from_attachment(
        body, url=url, filename=filename, content_type=content_type, limits=limits)
    if report is None:
        page_status = _EXTRACTION_STATUS.get(status, PageStatus.FAILED)
        stored_reason = reason if status == page_status else f"{status}: {reason}"
        return Outcome(page_status, stored_reason, _unread(url, status, reason, page_status))
    return _outcome(report)


def _unread(url: str, status: str, reason: str, page_status: PageStatus = PageStatus.UNSUPPORTED) -> Report:
    """The record of an attachment that yields no report: kept, with why (what ``gaar parse`` shows)."""
    why = f"attachment {status}: {reason}"
    report = not_recognised(Report(url=url), why, page_status)
    report.warnings.append(why)
    return report


# --- the pipeline step ------------------------------------------------------------------------


def registry_encoding(hints: Optional[Mapping[str, Any]]) -> Optional[str]:
    """The codec the portal registry forces for the portal a page came from (its ``encoding``)."""
    portal = (hints or {}).get("portal")
    if not portal:
        return None
    from gaar_spiders.portals import load_registry

    entry = load_registry().get(portal)
    return entry.encoding if entry is not None else None


def read_item(item: Any, limits: Any = None) -> Outcome:
    """:func:`read_page` on a PageItem (or a stored page being re-read)."""
    return read_page(item.body, item.headers, item.url, kind=item.kind,
                     encoding=registry_encoding(item.hints), limits=limits)


def apply_outcome(item: Any, outcome: Outcome) -> Any:
    """Copy an Outcome onto the item's fields, for the store step (and for ``gaar parse`` to show)."""
    item.report = outcome.report
    item.parse_status = outcome.status
    item.parse_error = outcome.reason
    item.chrome_method = outcome.chrome_method
    item.page_meta = outcome.page_meta
    return item


class ReadPipeline:
    """Scrapy wrapper of :func:`read_page`: one trip to a worker process per page
    (``GAAR_PARSE_WORKERS``; 0: inline, and attachments in a thread, since their
    extraction waits for a child process). The attachment limits come from the
    crawl's settings (``Limits.from_settings``)."""

    def __init__(self, crawler):
        self.workers = crawler.settings.getint("GAAR_PARSE_WORKERS")
        self.slot: Optional[str] = None
        try:
            from gaar_spiders.attachments.limits import Limits
        except ImportError:
            self.limits = None
        else:
            # the crawl's extractions take turns, whatever worker runs them (attachments/slot.py)
            import tempfile  # a crawl's: gaar parse, which reads through this module too, never needs it

            handle, self.slot = tempfile.mkstemp(prefix="gaar-extract-", suffix=".lock")
            os.close(handle)
            self.limits = dataclasses.replace(Limits.from_settings(crawler.settings), slot=self.slot)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close_spider(self):
        from . import workers

        workers.shutdown()
        if self.slot:
            Path(self.slot).unlink(missing_ok=True)

    async def process_item(self, item):
        from gaar_spiders.items import PageItem

        if not isinstance(item, PageItem) or item.parse_status:  # already failed upstream (mojibake)
            return item
        args = (item.body, item.headers, item.url)
        kwargs = dict(kind=item.kind, encoding=registry_encoding(item.hints), limits=self.limits)
        if self.workers <= 0 and item.kind == "attachment":
            from scrapy.utils.defer import maybe_deferred_to_future
            from twisted.internet.threads import deferToThread

            outcome = await maybe_deferred_to_future(deferToThread(read_page, *args, **kwargs))
        else:
            from . import workers  # the crawl's (asyncio, multiprocessing): not `gaar parse`'s

            outcome = await workers.run_step(read_page, args, kwargs, self.workers)
        apply_outcome(item, outcome)
        return item
