"""PDF → blocks with pdfplumber: ruled tables as rows of cells, the rest as lines.

Three things real reports do that plain ``find_tables`` gets wrong:

* WPS and Word exports paint every paragraph on a white-filled rectangle.
  Those rectangles have edges, so pdfplumber sees the whole page as a
  one-column table. Only ink counts here: rectangles and lines that are
  stroked or filled with a visible colour.
* A table that runs over a page break has no bottom rule on the first page
  (nor a top rule on the next). Its verticals end in the air; a closing rule
  is added where several of them end together.
* The continued table is one table: rows of the next page's leading table
  are appended when its column count matches, a repeated header row is
  dropped, and a merged cell that was cut by the break is not repeated.

Cells covered by a merged cell (pdfplumber's ``None``) are left out of the
row, as an HTML ``<tr>`` leaves out cells a rowspan/colspan covers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from .extraction import Block, Extraction
from .limits import Limits
from .text import cell_text, join_wrapped, squeeze

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·]*(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)[\s\-—–－~·]*$"
)
_DASHED = re.compile(r"[\-—–－~]")
#: points; rules closer than this are one rule
_SNAP = 3.0


@dataclass
class _Table:
    top: float
    bbox: tuple
    rows: list  # list[list[Optional[str]]] as pdfplumber extracts them
    cells: list  # list[list[Optional[bbox]]]

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    height: float


@dataclass
class _Page:
    items: list = field(default_factory=list)  # (top, _Line | _Table)
    left: float = 0.0  # the prose's margins on this page
    right: float = 0.0


def is_page_number(line: str, near_edge: bool) -> bool:
    """``- 3 -``, ``— 3 —``, ``第3页 共5页``; a bare ``3`` only in the top/bottom margin."""
    if not _PAGE_NUMBER.match(line):
        return False
    return near_edge or bool(_DASHED.search(line)) or "页" in line


def read_pdf(data: bytes, limits: Limits) -> Extraction:
    """The PDF's blocks; every compressed stream inflates to at most a quarter of the memory cap
    (``inflate.py``): a PDF bomb fails at once as ``memory limit``."""
    from .inflate import bounded_pdf_streams

    with bounded_pdf_streams(limits.max_unzipped_bytes):
        return _read_pdf(data, limits)


def _read_pdf(data: bytes, limits: Limits) -> Extraction:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises a zoo of types on broken files
        return Extraction("failed", "pdf", reason=f"not a readable PDF: {type(exc).__name__}: {exc}"[:300])
    with pdf:
        try:
            npages = len(pdf.pages)
        except Exception as exc:
            return Extraction("failed", "pdf", reason=f"not a readable PDF: {type(exc).__name__}: {exc}"[:300])
        if npages > limits.max_pages:
            return Extraction(
                "too_large", "pdf", pages=npages,
                reason=f"{npages} pages, more than GAAR_PDF_MAX_PAGES={limits.max_pages}",
            )
        pages: list[_Page] = []
        total_chars = 0
        for page in pdf.pages:
            total_chars += len(page.chars)
            pages.append(_read_page(page))
            page.flush_cache()
        if total_chars == 0:
            if limits.ocr:
                from .ocr import ocr_pdf

                return ocr_pdf(data, npages, limits)
            return Extraction(
                "needs_ocr", "pdf", pages=npages,
                reason=f"no text layer on any of {npages} page(s): a scan; OCR is off (GAAR_OCR)",
            )
    blankless = sum(1 for p in pages if not p.items)
    reason = f"{blankless} page(s) without text" if blankless else ""
    return Extraction("ok", "pdf", blocks=_to_blocks(_document(pages)), pages=npages, reason=reason)


# --- one page ------------------------------------------------------------------


def _is_white(color) -> bool:
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False  # a pattern: visible
    if len(values) == 1:
        return values[0] >= 0.95
    if len(values) == 3:
        return min(values) >= 0.95
    if len(values) == 4:
        return max(values) <= 0.05
    return False


def _is_ink(obj: dict) -> bool:
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
        return True
    return bool(obj.get("fill") and not _is_white(obj.get("non_stroking_color")))


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {
        "object_type": "closing_edge", "orientation": orientation,
        "x0": x0, "x1": x1, "top": top, "bottom": bottom,
        "width": x1 - x0, "height": bottom - top,
    }


def _closing_rules(edges: list[dict]) -> list[dict]:
    """Horizontal rules where two or more verticals end (or start) with no rule there."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] > _SNAP]
    horizontal = [e for e in edges if e["orientation"] == "h"]

    def ruled(y: float, x: float) -> bool:
        return any(abs(h["top"] - y) <= _SNAP and h["x0"] - _SNAP <= x <= h["x1"] + _SNAP for h in horizontal)

    added = []
    for end in ("bottom", "top"):
        open_ends = sorted((e[end], e["x0"]) for e in vertical if not ruled(e[end], e["x0"]))
        group: list[tuple[float, float]] = []
        for y, x in open_ends + [(float("inf"), 0.0)]:
            if group and y - group[0][0] > _SNAP:
                if len(group) >= 2:
                    ys = [g[0] for g in group]
                    xs = [g[1] for g in group]
                    at = max(ys) if end == "bottom" else min(ys)
                    added.append(_edge("h", min(xs), at, max(xs), at))
                group = []
            group.append((y, x))
    return added


def _read_page(page) -> _Page:
    inked = page.filter(_is_ink)
    closing = _closing_rules(inked.edges)
    settings = {"explicit_horizontal_lines": closing} if closing else {}
    found = inked.find_tables(table_settings=settings)
    tables = []
    for t in found:
        rows = t.extract()
        table = _Table(top=t.bbox[1], bbox=t.bbox, rows=rows, cells=[r.cells for r in t.rows])
        if table.ncols >= 2 and len(rows) >= 1:
            tables.append(table)

    def outside_tables(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in (t.bbox for t in tables))

    prose = page.filter(outside_tables)
    lines = prose.extract_text_lines(return_chars=False)
    result = _Page()
    margin = page.height * 0.08
    for line in lines:
        text = squeeze(line["text"])
        near_edge = line["top"] < margin or line["bottom"] > page.height - margin
        if text and not is_page_number(text, near_edge):
            result.items.append((line["top"], _Line(text, line["x0"], line["x1"], line["bottom"] - line["top"])))
    prose_lines = [item for _, item in result.items]
    if prose_lines:
        result.left = min(line.x0 for line in prose_lines)
        result.right = max(line.x1 for line in prose_lines)
    for table in tables:
        result.items.append((table.top, table))
    result.items.sort(key=lambda item: item[0])
    return result


# --- across pages ----------------------------------------------------------------


def _row_texts(row: list) -> list[str]:
    return [cell_text(c) for c in row if c is not None]


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．]|第[一二三四五六七八九十\d]+[条章节])")


def _document(pages: list[_Page]) -> list:
    """Document order: wrapped lines rejoined into paragraphs, and a paragraph
    or table that runs over a page break made one.

    A line that reaches the right margin runs on into the next line, unless
    that one is indented or starts a heading. A page that opens with a table
    of the same column count as the table that closed the previous page
    continues it.
    """
    items: list = []
    paragraph_open = False
    for page in pages:
        for position, (_, item) in enumerate(page.items):
            if isinstance(item, _Table):
                continues = (
                    position == 0 and items and isinstance(items[-1], _Table)
                    and items[-1].ncols == item.ncols
                )
                if continues:
                    _append_continuation(items[-1], item)
                else:
                    items.append(item)
                paragraph_open = False
                continue
            char = max(item.height, 6.0)
            indented = item.x0 > page.left + char * 1.2
            if paragraph_open and isinstance(items[-1], str) and not indented and not _HEADING.match(item.text):
                items[-1] = join_wrapped([items[-1], item.text])
            else:
                items.append(item.text)
            paragraph_open = item.x1 >= page.right - char * 1.5
    return items


def _append_continuation(first: _Table, more: _Table) -> None:
    rows, cells = list(more.rows), list(more.cells)
    if rows and first.rows and _row_texts(rows[0]) == _row_texts(first.rows[0]):
        rows, cells = rows[1:], cells[1:]  # header repeated on the new page
    if rows:
        rows[0] = _drop_cut_merges(first, rows[0], cells[0])
    first.rows.extend(rows)
    first.cells.extend(cells)


def _drop_cut_merges(first: _Table, row: list, row_cells: list) -> list:
    """An empty top cell under a multi-row cell that reached the page's end is
    that merged cell's remainder, not a cell of its own."""
    bottom = first.bbox[3]
    open_spans = []
    for r, row_of_cells in enumerate(first.cells):
        for c in row_of_cells:
            if c is not None and abs(c[3] - bottom) <= _SNAP and r < len(first.cells) - 1:
                open_spans.append((c[0], c[2]))
    out = list(row)
    for i, (text, bbox) in enumerate(zip(row, row_cells)):
        if bbox is None or cell_text(text):
            continue
        centre = (bbox[0] + bbox[2]) / 2
        if any(x0 - _SNAP <= centre <= x1 + _SNAP for x0, x1 in open_spans):
            out[i] = None
    return out


def _to_blocks(items: list) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, str):
            blocks.append(item)
            continue
        for row in item.rows:
            cells = _row_texts(row)
            if any(cells):
                blocks.append(cells)
    return blocks
