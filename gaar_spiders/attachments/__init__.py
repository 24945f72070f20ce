"""Reports published as attachments: PDF, DOCX, DOC and WPS.

Each reader turns a file into *blocks* for the shared parser
(``gaar_spiders.report.parse_blocks``): a ``str`` is a line of prose, a
``list[str]`` one table row of physical cells, a merged cell appearing once,
in the first row and column it covers — the same shape an HTML ``<tr>``
gives. So the same report yields the same cells whatever its format.

The read step (``pipelines/read.py``, which the crawl, ``gaar parse`` and
``gaar reparse`` share) calls only what this module exports; an "attachment"
that is really HTML or text (a .doc saved as a web page is common) it reads as
a page itself. A file that cannot be read is never an exception: it comes back
with a status (``needs_ocr``, ``unsupported``, ``failed``, ``too_large``,
``timeout``) and a reason, for the store step to record next to the kept bytes.
"""

from __future__ import annotations

from typing import Optional

from .doc_converter import convert_to_docx
from .extraction import Block, Extraction
from .limits import Limits
from .sandbox import run_reader
from .slot import extraction_slot
from .sniff import sniff_kind

__all__ = [
    "Block", "Extraction", "Limits", "OCR_WARNING",
    "extract_blocks", "report_from_attachment", "sniff_kind",
]

#: the warning a report carries when its text came from OCR
OCR_WARNING = "ocr: text from tesseract (chi_sim), not the file's text layer"

_READER = {"pdf": "read_pdf", "docx": "read_docx"}


def extract_blocks(
    data: bytes,
    *,
    filename: Optional[str] = None,
    content_type: Optional[str] = None,
    limits: Optional[Limits] = None,
) -> Extraction:
    """The file's prose and table rows in document order, or why not."""
    limits = limits or Limits()
    kind = sniff_kind(data, filename, content_type)
    if len(data) > limits.max_bytes:
        return Extraction(
            "too_large", kind,
            reason=f"{len(data)} bytes, more than GAAR_EXTRACT_MAX_BYTES={limits.max_bytes}",
        )
    if kind in _READER:
        with extraction_slot(limits.slot):  # one extraction at a time (the tree's memory bound)
            return run_reader(_READER[kind], kind, data, limits)
    if kind in ("doc", "wps"):
        with extraction_slot(limits.slot):
            converted = convert_to_docx(data, kind, limits)
            if isinstance(converted, Extraction):
                return converted
            result = run_reader("read_docx", kind, converted, limits)
        result.kind = kind
        return result
    if kind in ("html", "text"):
        return Extraction("unsupported", kind, reason=f"{kind} is not an attachment format: read it as a page")
    return Extraction("unsupported", kind, reason=f"not a PDF, DOCX, DOC or WPS file (starts with {bytes(data[:8])!r})")


def report_from_attachment(
    data: bytes,
    *,
    url: Optional[str] = None,
    filename: Optional[str] = None,
    content_type: Optional[str] = None,
    limits: Optional[Limits] = None,
):
    """``(report, status, reason)``: the report a PDF, DOCX, DOC or WPS file carries
    (status ``ok``), or None and why."""
    from gaar_spiders.report import parse_blocks

    extraction = extract_blocks(data, filename=filename, content_type=content_type, limits=limits)
    if not extraction.ok:
        return None, extraction.status, extraction.reason
    report = parse_blocks(extraction.blocks, url=url)
    if extraction.ocr:
        report.warnings.append(OCR_WARNING)
    if extraction.reason:
        report.warnings.append(f"attachment: {extraction.reason}")
    return report, "ok", ""
