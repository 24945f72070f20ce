"""A generated report as the Word and PDF attachments portals publish.

Both are built from the same grids as the HTML page (``layout.table_grids``),
so the three renderings of a report carry the same cells: Word tables with
real vertical and horizontal merges, PDF tables ruled and spanned, Chinese
set in ReportLab's built-in CID font (no font file needed, text extractable).
"""

from __future__ import annotations

import io

from gaar_spiders.report.model import Report

from .generator import intro, signed_text
from .layout import Grid, grid_width, place, table_grids

PDF_FONT = "STSong-Light"


def _report_blocks(report: Report, *, vertical_headers: bool = False):
    """(kind, payload) in reading order: ('title'|'p'|'heading'|'right', text) or ('table', grid)."""
    grids = table_grids(report, vertical_headers=vertical_headers)
    yield "title", report.title or ""
    yield "p", intro(report)
    for section in report.sections:
        yield "heading", section.heading
        for line in (section.text.split("\n") if section.text else []):
            yield "p", line
        if section.key in grids:
            yield "table", grids[section.key]
    yield "right", report.organ or ""
    yield "right", signed_text(report.signed_on)


# --- DOCX ---------------------------------------------------------------------------


def _docx_table(document, grid: Grid) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    placed = list(place(grid))
    rows = max(r + cell.rowspan for r, _, cell in placed)
    table = document.add_table(rows=rows, cols=grid_width(grid))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, c, cell in placed:
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = cell.text
        for paragraph in target.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def report_to_docx(report: Report, *, vertical_headers: bool = False) -> bytes:
    """The report as a .docx: paragraphs and the three tables as merged Word tables."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for kind, payload in _report_blocks(report, vertical_headers=vertical_headers):
        if kind == "table":
            _docx_table(document, payload)
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(payload)
        if kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
        elif kind == "heading":
            run.bold = True
        elif kind == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------


def register_pdf_font() -> None:
    """reportlab's CID font for Chinese text (``PDF_FONT``), registered once (the tests' PDFs use it too)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


def _column_widths(key_width: int, available: float) -> list[float]:
    """Wider label columns, even value columns; sized for the three official tables."""
    if key_width == 4:  # active
        shares = [2.0, 1.0, 1.0, 1.0]
    elif key_width == 10:  # requests
        shares = [0.7, 1.2, 3.0] + [0.75] * 7
    else:  # review and anything else: even
        shares = [1.0] * key_width
    total = sum(shares)
    return [available * s / total for s in shares]


def _pdf_table(grid: Grid, styles: dict, available: float):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    placed = list(place(grid))
    width = grid_width(grid)
    rows = max(r + cell.rowspan for r, _, cell in placed)
    data = [["" for _ in range(width)] for _ in range(rows)]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, c, cell in placed:
        text = cell.text.replace("\n", "<br/>") if cell.text else ""
        data[r][c] = Paragraph(text, styles["cell"])
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    table = Table(data, colWidths=_column_widths(width, available), repeatRows=0)
    table.setStyle(TableStyle(commands))
    return table


def report_to_pdf(report: Report) -> bytes:
    """The report as a PDF with a text layer and ruled tables (pdfplumber reads both back)."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    register_pdf_font()
    base = dict(fontName=PDF_FONT, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", fontSize=16, leading=24, alignment=TA_CENTER, **base),
        "p": ParagraphStyle("p", fontSize=10.5, leading=16, firstLineIndent=21, **base),
        "heading": ParagraphStyle("heading", fontSize=11, leading=18, spaceBefore=6, **base),
        "right": ParagraphStyle("right", fontSize=10.5, leading=16, alignment=TA_RIGHT, **base),
        "cell": ParagraphStyle("cell", fontSize=7.5, leading=9.5, alignment=TA_CENTER, **base),
    }
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=report.title or "", author=report.organ or "")
    story = []
    for kind, payload in _report_blocks(report):
        if kind == "table":
            story.append(_pdf_table(payload, styles, doc.width))
            story.append(Spacer(1, 4 * mm))
        else:
            from xml.sax.saxutils import escape

            story.append(Paragraph(escape(payload), styles[kind]))
    doc.build(story)
    return out.getvalue()
