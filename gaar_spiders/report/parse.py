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
from typing import Iterator, Optional, Sequence, Union

from gaar_spiders.status import PageStatus

from . import bounds, chrome, formats, metadata, metawords
from . import templates as T
from .archive import read_header
from .checks import run_checks
from .glued import split_glued, split_paragraphs
from .encoding import decode_bytes
from .layouts import Block, text_to_blocks
from .legacy import prose_figures
from .model import RECOGNISED, Check, Report
from .normalize import to_simplified
from .pagemeta import PageMeta, head_lines, read_page_meta
from .prose import stated_figures
from .recover import recover_cells
from .sections import split_sections
from .tables import classify, fill_not_found, read_tables, row_width_for
from .year import statistics_year

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


#: the byte-order marks of UTF-16 text, whose every other byte of Chinese or ASCII text may be NUL
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def binary_reason(data: bytes) -> Optional[str]:
    """Why ``data`` is not text to parse (a PDF, a ZIP, an OLE2 file, NUL bytes), or None."""
    head = data[:8192]
    if head.startswith(b"%PDF"):
        return "binary input: a PDF (read it with the attachments reader)"
    if head.startswith(b"PK\x03\x04"):
        return "binary input: a ZIP/DOCX file (read it with the attachments reader)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "binary input: an OLE2 DOC/WPS file (read it with the attachments reader)"
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):  # UTF-16 text (Notepad's "Unicode") has NULs
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


def parse_report(source: Union[str, bytes], url: Optional[str] = None, *, previous: Optional[Report] = None) -> Report:
    """Parse one report given as HTML (page or fragment) or plain text. Never raises.

    ``previous``: the same office's report on the year before, when the caller has it (the
    database, another file): it settles glued cells no arithmetic ties (``evidence.py``)."""
    if isinstance(source, (bytes, bytearray)):
        reason = binary_reason(bytes(source))
        if reason:
            return not_recognised(Report(url=url), reason, PageStatus.UNSUPPORTED)
        source = decode_bytes(bytes(source)).text
    return read_text(source, url, previous=previous).report


def parse_blocks(blocks: Sequence[Block], url: Optional[str] = None, *, layout: str = "blocks",
                 previous: Optional[Report] = None) -> Report:
    """Parse a report already split into blocks: a ``str`` is a line of prose,
    a sequence of ``str`` is one table row of cells (as a PDF/DOCX reader sees it)."""
    try:
        clean = [b if isinstance(b, str) else [str(c or "") for c in b] for b in blocks]
        clean = [b for b in clean if not (isinstance(b, str) and not b.strip())]
        kept, title, published_on, _ = chrome.strip_blocks(clean)
        return _assemble(kept, url, layout=layout, title=title, published_on=published_on,
                         body_text=_render_blocks(kept), previous=previous)
    except Exception as exc:
        return not_recognised(Report(url=url), f"parser error: {type(exc).__name__}: {exc}", PageStatus.FAILED)


def read_text(source: Optional[str], url: Optional[str] = None, *, previous: Optional[Report] = None) -> Reading:
    """Read one decoded page (HTML or plain text): the report, the chrome method, the page's metadata.

    The one way text reaches the parser (``parse_report`` and the read step call it). Never raises.
    """
    try:
        return _read_source(source, url, previous)
    except Exception as exc:  # the contract: a record with a reason, never an exception
        return Reading(not_recognised(Report(url=url), f"parser error: {type(exc).__name__}: {exc}",
                                      PageStatus.FAILED), "whole")


def _read_source(source: Optional[str], url: Optional[str], previous: Optional[Report]) -> Reading:
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
        return _read_html(source, url, previous)
    return Reading(_parse_text(source, url, previous), "text")


def _parse_text(text: str, url: Optional[str], previous: Optional[Report] = None) -> Report:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header, lines = read_header(lines)
    head = head_lines(lines)  # the page's metadata lines, read before the chrome step drops them
    stripped = chrome.strip_lines(split_paragraphs(lines))
    blocks, layout = text_to_blocks(stripped.lines, row_width_for(stripped.lines))
    body = "\n".join(ln.strip() for ln in stripped.lines if ln.strip())
    return _assemble(blocks, url or header.get("url"), layout=layout, title=stripped.title,
                     published_on=stripped.published_on or header.get("published_on"), body_text=body,
                     head=head, previous=previous)


def _read_html(html: str, url: Optional[str], previous: Optional[Report] = None) -> Reading:
    html = _XML_DECL.sub("", html, count=1)
    doc, depth_cut = bounds.parse_html(html)
    if doc is None:
        return Reading(_parse_text(html, url, previous), "whole")
    head = page_head_lines(doc)  # the page's metadata lines (chrome included), before the cut drops them
    cut = chrome.cut_report(doc)
    report = _report_of(cut, url, head, previous)
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


def _report_of(cut: "chrome.Cut", url: Optional[str], head: list[str], previous: Optional[Report]) -> Report:
    title, meta = cut.title, cut.meta
    if not title:
        for candidate in (meta.get("ArticleTitle"), meta.get("html_title")):
            if candidate and chrome._is_title(candidate):
                title = re.split(r"\s*[_|－-]\s*(?=[^_|－-]*(?:网|门户|政府)$)", candidate.strip())[0]
                break
    page = read_page_meta(head)
    published_on = cut.published_on or page.published_on or (
        meta.get("PubDate") and metadata_date(meta["PubDate"]))
    return _assemble(cut.blocks, url, layout=cut.layout, title=title, published_on=published_on,
                     body_text=_render_blocks(cut.blocks), fallback_title=meta.get("ArticleTitle"), head=head,
                     previous=previous, page=page)


#: text of a page's body read for its metadata lines (the head stops at the first section anyway)
PAGE_HEAD_CHARS = 20_000


#: elements that end a line of the page's text
_LINE_ENDING_TAGS = frozenset(("br", "p", "div", "li", "tr", "h1", "h2", "h3", "table"))


def page_head_lines(doc) -> list[str]:
    """The page's text lines from the top of its body (chrome included), for ``pagemeta``.

    The lines are made as the tree is walked and ``head_lines`` stops at the first section or
    its ``HEAD_LINES``th line: a portal page's tree is walked only as far as its head goes.
    """
    return head_lines(_page_lines(doc))


def _page_lines(doc) -> Iterator[str]:
    """``"".join(texts).split("\n")`` of the page's texts in document order (an element's text,
    then its tail; script and style left out), a line ending after each line-ending element,
    until ``PAGE_HEAD_CHARS`` characters of text were read; made lazily."""
    body = doc.find(".//body")
    root = body if body is not None else doc
    line: list[str] = []
    size = 0
    for el in root.iter():
        tag = el.tag
        if tag == "script" or tag == "style" or not isinstance(tag, str):
            continue
        for text in (el.text, el.tail if el is not root else None):
            if text and not text.isspace():
                size += len(text)
                if "\n" in text:
                    first, *middle, last = text.split("\n")
                    line.append(first)
                    yield "".join(line)
                    yield from middle
                    line = [last]
                else:
                    line.append(text)
        if tag in _LINE_ENDING_TAGS:
            yield "".join(line)
            line = []
        if size > PAGE_HEAD_CHARS:
            break
    yield "".join(line)


def metadata_date(text: str) -> Optional[str]:
    from .dates import parse_date

    return parse_date(text)


_BODY_STRUCTURE = [re.compile(p) for p in metawords.BODY_STRUCTURE_PATTERNS]


def _states_its_structure(body_text: str) -> bool:
    """The body states the report's outline or period, or runs its first section heading into the text."""
    head = to_simplified(body_text[:6000])
    return any(p.search(head) for p in _BODY_STRUCTURE)


def _read_cells(report: Report, glued, previous: Optional[Report]) -> Optional[str]:
    """The tables (from ``split_glued``'s result): read, recovered, every cell of a printed table
    present. Returns the format the table labels show (None when no table was read)."""
    blocks, glued_rows, empty_rows = glued
    read = read_tables(blocks)
    report.recovery = recover_cells(read, glued_rows, lambda: stated_figures(report.body_text),
                                    empty_rows=empty_rows, previous=previous)
    fill_not_found(read)
    report.cells = read.cells
    report.warnings = read.warnings
    if previous is None and _previous_could_settle(report):
        report.__dict__[_REVISIT] = glued  # kept so a previous report found later can settle it
    else:
        report.__dict__.pop(_REVISIT, None)
    return read.template


_REVISIT = "_blocks_for_previous"


def _previous_could_settle(report: Report) -> bool:
    return any(c.candidates for c in report.cells
               if c.table == "active" or (c.table, c.row) == ("requests", "carried_over"))


def needs_previous(report: Report) -> bool:
    """Cells a previous report could settle are open (the store step then looks it up)."""
    return _REVISIT in report.__dict__


def revisit(report: Report, previous: Report) -> bool:
    """Read ``report``'s tables again with the same office's ``previous`` report as evidence.
    True when a cell changed; the checks are recomputed. A report not parsed here in this
    process (or with nothing a previous report could settle) is left as it is."""
    glued = report.__dict__.get(_REVISIT)
    if glued is None or previous is None:
        return False
    before = [(c.table, c.row, c.col, c.value, c.candidates) for c in report.cells]
    _read_cells(report, glued, previous)
    report.__dict__[_REVISIT] = glued
    changed = before != [(c.table, c.row, c.col, c.value, c.candidates) for c in report.cells]
    if changed and report.checks and report.checks[0].check == RECOGNISED:
        report.checks = [report.checks[0]] + run_checks(report)
    return changed


def settle_among(reports: Sequence[Report]) -> int:
    """Read again, with its previous report, every report of ``reports`` that needs one and whose
    office's report on the year before is among them (same organ after ``label_key``); for
    files given together (``gaar parse 2019.txt 2020.txt``). Returns how many changed."""
    from .normalize import label_key

    by_office = {(label_key(r.organ), r.year): r for r in reports if r.organ and r.year is not None}
    changed = 0
    for r in reports:
        if needs_previous(r) and r.organ and r.year is not None:
            previous = by_office.get((label_key(r.organ), r.year - 1))
            changed += bool(previous is not None and revisit(r, previous))
    return changed


def _assemble(blocks, url, *, layout, title, published_on, body_text, fallback_title=None, head=None,
              previous: Optional[Report] = None, page: Optional[PageMeta] = None) -> Report:
    """``page``: ``read_page_meta(head)`` when the caller has read it already."""
    page = page if page is not None else read_page_meta(head or [])
    published_on = page.published_on or published_on or page.generated_on or page.byline_on
    report = Report(url=url, title=title, published_on=published_on, body_text=body_text, layout=layout)
    if not body_text.strip():
        return not_recognised(report, "no text left after removing page chrome", PageStatus.FAILED)
    glued = split_glued(blocks)
    blocks = glued[0]
    table_template = _read_cells(report, glued, previous)

    # the signature from the body's own lines: a table reader may have taken them into a row's cells
    body_lines = body_text.split("\n")
    signature_organ, report.signed_on = metadata.signature(body_lines)
    found = metadata.organ_fields(title, head or [], body_text, signature_organ, page)
    report.organ, report.organ_short, report.level = found.organ, found.organ_short, found.level
    report.region = metadata.region_of(report.organ)
    report.year = statistics_year(title, body_text)
    report.sections = split_sections(blocks, _is_heading, title)
    old_outline = any(s.key in T.LEGACY_ONLY_SECTIONS for s in report.sections)
    report.template, report.template_source = formats.decide(table_template, report.year, body_text, old_outline)

    known_sections = [s for s in report.sections if s.key not in ("preamble", "section")]
    # no table read: the figures the narrative states are the report's cells (table `legacy`)
    prose_cells = prose_figures(body_text) if report.template_source != "cells" else []
    if report.template_source != "cells":
        report.cells = prose_cells
    if report.template is None and report.year is None and (prose_cells or len(known_sections) >= 2):
        report.template, report.template_source = "legacy", "legacy"  # a narrative report with no year read
    # a report is recognised by its body's structure (tables, sections, stated figures), whatever its chrome says
    structured = (report.template_source in ("cells", "labels") or bool(prose_cells)
                  or (known_sections and (report.year is not None or len(known_sections) >= 2))
                  or (report.year is not None and _states_its_structure(body_text)))
    any_title = to_simplified(title or fallback_title or "")
    other_doc = next((w for w in T.NON_REPORT_TITLE_WORDS if w in any_title), None)
    if other_doc and report.template_source != "cells":
        report.template = report.template_source = None
        return not_recognised(report, f"not a disclosure annual report: the title names another document ({other_doc})")
    if not structured:
        if title:
            return not_recognised(report, "a report title but no report text: the report is probably in an attachment")
        n = len(body_text)
        return not_recognised(report, f"no report title, section headings or table labels found in {n} characters of text")
    signals = []
    if title:
        signals.append("title")
    if report.template_source == "cells":
        signals.append(f"{report.template} table labels")
    elif report.template_source == "labels":
        signals.append(f"{report.template} label in the text")
    if report.cells and report.template == "legacy":
        signals.append(f"{len(report.cells)} prose figures")
    if report.sections:
        signals.append(f"{len(report.sections)} sections")
    report.checks = [Check(RECOGNISED, True, "found: " + ", ".join(signals))] + run_checks(report)
    return report
