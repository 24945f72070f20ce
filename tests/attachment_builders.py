"""Real attachment files made from report content, for the attachment tests.

Each builder returns the file's bytes, made with the libraries a portal's
office software would be replaced by here: python-docx for Word, ReportLab
for PDF, LibreOffice (when installed) for the old .doc format.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from gaar_spiders.localportals.documents import PDF_FONT, register_pdf_font
from gaar_spiders.localportals.hostile import inflating_page_pdf

CJK_FONT = PDF_FONT

#: the rows of the merged-cell Word table, as the readers must hand them on
MERGED_TABLE_BLOCKS = [
    "二、主动公开政府信息情况",
    ["第二十条第（一）项", "说明"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "1", "", "11"],
    ["行政规范性文件", "8", "26", "66"],
    "三、收到和处理政府信息公开申请情况",
    ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "2"],
    ["2.其他法律行政法规禁止公开", "31"],
    ["（四）无法提供", "1.本机关不掌握相关政府信息", "769"],
    "以上为本年度数据。",
]


def docx_with_merges() -> bytes:
    """A Word file whose tables merge cells both ways, as the official templates do.

    Table 1: a heading cell spanning three columns; a U+3000-filled empty cell.
    Table 2: a label spanning three rows (vMerge), a group label spanning two.
    """
    from docx import Document

    document = Document()
    document.add_paragraph("二、主动公开政府信息情况")
    document.add_paragraph("")  # empty paragraphs are not prose
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    heading = table.cell(0, 0).merge(table.cell(0, 2))
    heading.text = "第二十条第（一）项"
    table.cell(0, 3).text = "说明"
    for c, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        table.cell(1, c).text = text
    for c, text in enumerate(["规章", "1", "\u3000\u3000", "11"]):
        table.cell(2, c).text = text
    for c, text in enumerate(["行政规范性文件", "8", "26", "66"]):
        table.cell(3, c).text = text

    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "（三）不予公开"
    table.cell(2, 1).text = "（四）无法提供"
    rows = [("1.属于国家秘密", "2"), ("2.其他法律行政法规禁止公开", "31"), ("1.本机关不掌握相关政府信息", "769")]
    for r, (label, value) in enumerate(rows):
        table.cell(r, 2).text = label
        table.cell(r, 3).text = value
    document.add_paragraph("以上为本年度数据。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def long_table_rows(count: int) -> list[list[str]]:
    return [[f"{i + 1}.事项{i + 1}", str(i * 3), str(i * 3 + 1), str(i * 3 + 2)] for i in range(count)]


def ruled_pdf(header: list[str], rows: list[list[str]], *, intro: str, outro: str,
              repeat_header: bool = False) -> bytes:
    """A ruled table long enough to run over pages, with ``- n -`` page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    register_pdf_font()
    style = ParagraphStyle("p", fontName=CJK_FONT, fontSize=10, leading=14, wordWrap="CJK")
    data = [list(header)] + [list(r) for r in rows]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), CJK_FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ]

    def page_number(canvas, doc):
        canvas.setFont(CJK_FONT, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, 20, f"- {doc.page} -")

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A5)
    table = Table(data, repeatRows=1 if repeat_header else 0)
    table.setStyle(TableStyle(commands))
    doc.build([Paragraph(intro, style), table, Paragraph(outro, style)],
              onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


def prose_pdf(paragraphs: list[str]) -> bytes:
    """Paragraphs long enough to wrap and to run over a page break."""
    from reportlab.lib.pagesizes import A6
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    register_pdf_font()
    style = ParagraphStyle("p", fontName=CJK_FONT, fontSize=10, leading=14, wordWrap="CJK", firstLineIndent=20)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A6).build([Paragraph(p, style) for p in paragraphs])
    return out.getvalue()


def image_only_pdf(lines: list[str]) -> bytes:
    """A scan: one page holding only a picture of text, no text layer."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = ImageFont.load_default(size=48)
    image = Image.new("L", (1600, 120 * len(lines) + 120), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 60 + 120 * i), line, font=font, fill=0)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    width = A4[0] - 80
    c.drawImage(ImageReader(image), 40, A4[1] - 40 - width * image.height / image.width,
                width=width, height=width * image.height / image.width)
    c.showPage()
    c.save()
    return out.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """Tiny pages with a line each: a 2,000-page file in well under a second."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(72, 72))
    for i in range(pages):
        c.drawString(10, 30, str(i + 1))
        c.showPage()
    c.save()
    return out.getvalue()


def bomb_pdf(inflated_mb: int) -> bytes:
    """One page whose content stream inflates to ``inflated_mb`` MB of NULs (a few hundred KB on disk)."""
    return inflating_page_pdf(b"\x00" * (1 << 20), inflated_mb, media_box="0 0 200 200")


def zip_bomb_docx(inflated_mb: int) -> bytes:
    """A DOCX whose document.xml inflates to ``inflated_mb`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(inflated_mb):
                member.write(chunk)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice")


def docx_to_doc(docx_bytes: bytes) -> bytes:
    """Save a DOCX as Word 97-2003 (.doc) with LibreOffice, as an office's old Word would."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx_bytes)
        subprocess.run(
            [soffice(), f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
             "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(source)],
            check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": tmp},
        )
        return (Path(tmp) / "report.doc").read_bytes()


def paged_table_pdf(pages: list[list[list[str]]], *, intro: str, outro: str) -> bytes:
    """One ruled table printed over several pages, ``pages[i]`` the rows on page i (a repeated
    header row included where a page repeats it), ``- n -`` page numbers at the foot.

    A row that Word lets break across a page is two rows here: the first part of its label
    at the foot of one page, the rest (and its figures) at the top of the next."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    register_pdf_font()
    style = ParagraphStyle("p", fontName=CJK_FONT, fontSize=10, leading=14, wordWrap="CJK")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), CJK_FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
    ]

    def page_number(canvas, doc):
        canvas.setFont(CJK_FONT, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, 20, f"- {doc.page} -")

    cell_style = ParagraphStyle("c", fontName=CJK_FONT, fontSize=7, leading=9, wordWrap="CJK")
    story: list = [Paragraph(intro, style)]
    for n, rows in enumerate(pages):
        if n:
            story.append(PageBreak())
        data = [[Paragraph(r[0], cell_style)] + list(r[1:]) for r in rows]  # labels wrap inside their cell
        table = Table(data, colWidths=[110] + [48] * (len(rows[0]) - 1))
        table.setStyle(TableStyle(commands))
        story.append(table)
    story.append(Paragraph(outro, style))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()
