"""Entry points of the parser: text, HTML or blocks in, one checked Report out.

The steps: (bytes: decode) → (HTML: parse the tree once and cut the report out
of the page's chrome, ``chrome.cut_report``) → blocks → tables → fields →
sections → prose figures → checks. ``read_text`` is the entry the read step
(``pipelines/read.py``) calls for every page, so a crawl, ``gaar parse`` and
``gaar reparse`` read the same text the same way; it also says how the chrome
was cut and what the page's metadata was. Nothing here raises to the caller:
bad input gives a Report whose ``report.recognised`` check says what was wrong
and whose ``status`` says what that means for the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence, Union

from gaar_spiders.status import PageStatus

from . import bounds, chrome, metadata
from . import templates as T
from .archive import read_header
from .checks import run_checks
from .glued import split_glued, split_paragraphs
from .encoding import decode_bytes
from .layouts import Block, text_to_blocks
from .legacy import prose_figures
from .model import RECOGNISED, Check, Report
from .normalize import to_simplified
from .prose import stated_figures
from .recover import recover_cells
from .sections import split_sections
from .tables import classify, read_tables

PARSER_VERSION = "1"

_HTML_SNIFF = re.compile(r"<\s*(?:!doctype|html|head|body|div|p|table|tr|td|span|br|meta|article|section)\b", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass
class Reading:
    """One text read: the report, how the page's chrome was cut, and the page's metadata."""

    report: Report
    #: container:<family> | structure | density | whole (HTML); text (plain text);
    #: refused (markup over the parser's bounds: not cut, see ``meta['markup']``)
    method: str
    #: what the page says about itself: ArticleTitle, PubDate, SiteIDCode … (``chrome.PAGE_META_NAMES``)
    meta: dict = field(default_factory=dict)


def _is_heading(text: str) -> bool:
    return classify(text.strip()).kind == "heading"


def _render_blocks(blocks: Sequence[Block]) -> str:
    return "\n".join(b if isinstance(b, str) else " | ".join(b) for b in blocks if b)


def binary_reason(data: bytes) -> Optional[str]:
    """Why ``data`` is not text to parse (a PDF, a ZIP, an OLE2 file, NUL bytes), or None."""
    head = data[:8192]
    if head.startswith(b"%PDF"):
        return "binary input: a PDF (read it with the attachments reader)"
    if head.startswith(b"PK\x03\x04"):
        return "binary input: a ZIP/DOCX file (read it with the attachments reader)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "binary input: an OLE2 DOC/WPS file (read it with the attachments reader)"
    if b"\x00" in head:
        return "binary input: the bytes contain NUL characters, not text"
    return None


def not_recognised(report: Report, reason: str, status: PageStatus = PageStatus.NOT_REPORT) -> Report:
    """``report`` as the record of a text that is not a report: why (the failed
    ``report.recognised`` check, the others not computed) and what that means (``status``)."""
    report.status = status
    report.checks = [Check(RECOGNISED, False, reason)] + [
        Check(c.check, None, "not computed: " + reason) for c in run_checks(report)
    ]
    return report


def parse_report(source: Union[str, bytes], url: Optional[str] = None) -> Report:
    """Parse one report given as HTML (page or fragment) or plain text. Never raises."""
    if isinstance(source, (bytes, bytearray)):
        reason = binary_reason(bytes(source))
        if reason:
            return not_recognised(Report(url=url), reason, PageStatus.UNSUPPORTED)
        source = decode_bytes(bytes(source)).text
    return read_text(source, url).report


def parse_blocks(blocks: Sequence[Block], url: Optional[str] = None, *, layout: str = "blocks") -> Report:
    """Parse a report already split into blocks: a ``str`` is a line of prose,
    a sequence of ``str`` is one table row of cells (as a PDF/DOCX reader sees it)."""
    try:
        clean = [b if isinstance(b, str) else [str(c or "") for c in b] for b in blocks]
        clean = [b for b in clean if not (isinstance(b, str) and not b.strip())]
        kept, title, published_on, _ = chrome.strip_blocks(clean)
        return _assemble(kept, url, layout=layout, title=title, published_on=published_on,
                         body_text=_render_blocks(kept))
    except Exception as exc:
        return not_recognised(Report(url=url), f"parser error: {type(exc).__name__}: {exc}", PageStatus.FAILED)


def read_text(source: Optional[str], url: Optional[str] = None) -> Reading:
    """Read one decoded page (HTML or plain text): the report, the chrome method, the page's metadata.

    The one way text reaches the parser (``parse_report`` and the read step call it). Never raises.
    """
    try:
        return _read_source(source, url)
    except Exception as exc:  # the contract: a record with a reason, never an exception
        return Reading(not_recognised(Report(url=url), f"parser error: {type(exc).__name__}: {exc}",
                                      PageStatus.FAILED), "whole")


def _read_source(source: Optional[str], url: Optional[str]) -> Reading:
    if source is None or not source or source.isspace():
        return Reading(not_recognised(Report(url=url), "empty input", PageStatus.FAILED), "text")
    too_large = bounds.size_problem(source)
    if too_large:
        return Reading(not_recognised(Report(url=url), too_large, PageStatus.FAILED), "refused",
                       {"markup": too_large})
    if "\x00" in source[:8192]:
        reason = "binary input: the text contains NUL characters"
        return Reading(not_recognised(Report(url=url), reason, PageStatus.UNSUPPORTED), "text")
    if _HTML_SNIFF.search(source[:4096]):
        return _read_html(source, url)
    return Reading(_parse_text(source, url), "text")


def _parse_text(text: str, url: Optional[str]) -> Report:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header, lines = read_header(lines)
    stripped = chrome.strip_lines(split_paragraphs(lines))
    blocks, layout = text_to_blocks(stripped.lines)
    body = "\n".join(ln.strip() for ln in stripped.lines if ln.strip())
    return _assemble(blocks, url or header.get("url"), layout=layout, title=stripped.title,
                     published_on=stripped.published_on or header.get("published_on"), body_text=body)


def _read_html(html: str, url: Optional[str]) -> Reading:
    html = _XML_DECL.sub("", html, count=1)
    doc, depth_cut = bounds.parse_html(html)
    if doc is None:
        return Reading(_parse_text(html, url), "whole")
    cut = chrome.cut_report(doc)
    report = _report_of(cut, url)
    if not depth_cut:
        return Reading(report, cut.method, cut.meta)
    # libxml2 stopped at the nesting bound: the rest of the page is lost; say so, whatever was read
    recognised = report.checks[0] if report.checks and report.checks[0].check == RECOGNISED else None
    if recognised is not None and recognised.ok is False:
        report.checks[0] = Check(RECOGNISED, False, f"{depth_cut}; {recognised.detail}")
        report.status = PageStatus.FAILED
    else:
        report.warnings.append(depth_cut)
    return Reading(report, "refused", {"markup": depth_cut})


def _report_of(cut: "chrome.Cut", url: Optional[str]) -> Report:
    title, meta = cut.title, cut.meta
    if not title:
        for candidate in (meta.get("ArticleTitle"), meta.get("html_title")):
            if candidate and chrome._is_title(candidate):
                title = re.split(r"\s*[_|－-]\s*(?=[^_|－-]*(?:网|门户|政府)$)", candidate.strip())[0]
                break
    published_on = cut.published_on or (meta.get("PubDate") and metadata_date(meta["PubDate"]))
    return _assemble(cut.blocks, url, layout=cut.layout, title=title, published_on=published_on,
                     body_text=_render_blocks(cut.blocks), fallback_title=meta.get("ArticleTitle"))


def metadata_date(text: str) -> Optional[str]:
    from .dates import parse_date

    return parse_date(text)


def _assemble(blocks, url, *, layout, title, published_on, body_text, fallback_title=None) -> Report:
    report = Report(url=url, title=title, published_on=published_on, body_text=body_text, layout=layout)
    if not body_text.strip():
        return not_recognised(report, "no text left after removing page chrome", PageStatus.FAILED)
    blocks, glued_rows = split_glued(blocks)
    lines = [b for b in blocks if isinstance(b, str)]
    read = read_tables(blocks)
    report.recovery = recover_cells(read, glued_rows, lambda: stated_figures(body_text))
    report.cells = read.cells
    report.warnings = read.warnings
    report.template = read.template

    sig_organ, report.signed_on = metadata.signature(lines)
    report.organ = sig_organ or metadata.organ_from_title(title) or metadata.organ_from_opening(lines)
    report.region = metadata.region_of(report.organ)
    report.year = metadata.statistics_year(title, lines)
    report.sections = split_sections(blocks, _is_heading, title)

    if report.template is None:
        legacy = prose_figures(body_text)
        known_sections = [s for s in report.sections if s.key not in ("preamble", "section")]
        if legacy or len(known_sections) >= 2:
            report.template = "legacy"
            report.cells = legacy
        elif title:
            return not_recognised(report, "a report title but no report text: the report is probably in an attachment")
    any_title = to_simplified(title or fallback_title or "")
    other_doc = next((w for w in T.NON_REPORT_TITLE_WORDS if w in any_title), None)
    if other_doc and report.template in (None, "legacy") and not report.cells:
        report.template = None
        return not_recognised(report, f"not a disclosure annual report: the title names another document ({other_doc})")
    if report.template is None:
        n = len(body_text)
        return not_recognised(report, f"no report title, section headings or table labels found in {n} characters of text")
    signals = []
    if title:
        signals.append("title")
    if report.template in T.TABLE_TEMPLATES:
        signals.append(f"{report.template} table labels")
    if report.cells and report.template == "legacy":
        signals.append(f"{len(report.cells)} prose figures")
    if report.sections:
        signals.append(f"{len(report.sections)} sections")
    report.checks = [Check(RECOGNISED, True, "found: " + ", ".join(signals))] + run_checks(report)
    return report
