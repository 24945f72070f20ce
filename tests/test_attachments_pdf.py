"""PDF files: ruled tables as cells, prose as paragraphs, hostile files fail alone."""

from pathlib import Path

import pytest

from gaar_spiders.attachments import Limits, extract_blocks
from gaar_spiders.attachments.ocr import tesseract_available

from attachment_builders import (
    bomb_pdf, image_only_pdf, long_table_rows, many_pages_pdf, prose_pdf, ruled_pdf,
)

CORPUS = Path(__file__).parent / "data" / "corpus"
HEADER = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]


def tables(blocks):
    return [b for b in blocks if isinstance(b, list)]


def prose(blocks):
    return [b for b in blocks if isinstance(b, str)]


@pytest.mark.parametrize("repeat_header", [False, True])
def test_a_table_that_runs_over_pages_is_one_table_without_page_numbers(repeat_header):
    rows = long_table_rows(45)
    pdf = ruled_pdf(HEADER, rows, intro="表格之前的说明。", outro="表格之后的说明。", repeat_header=repeat_header)
    result = extract_blocks(pdf, filename="table.pdf")
    assert result.status == "ok" and result.pages >= 2
    assert result.blocks == ["表格之前的说明。", HEADER, *rows, "表格之后的说明。"]


def test_wrapped_lines_are_rejoined_into_paragraphs_across_pages():
    paragraphs = [
        "一、总体情况",
        "本年度，本机关坚持以公开为常态、不公开为例外，主动公开政府信息1136条，" * 6,
        "（一）主动公开情况。",
        "全年受理政府信息公开申请21件，均在法定期限内答复。" * 8,
    ]
    result = extract_blocks(prose_pdf(paragraphs))
    assert result.status == "ok" and result.pages >= 2
    assert result.blocks == paragraphs


def test_chinese_text_and_numbers_come_back_exactly():
    rows = [["行政处罚", "3985758", "", "103.7万元"], ["行政强制", "—", "/", "无"]]
    result = extract_blocks(ruled_pdf(HEADER, rows, intro="第二十条第（六）项", outro="完"))
    assert tables(result.blocks) == [HEADER, *rows]


def test_page_colour_boxes_are_not_tables_real_rules_are():
    """WPS exports paint each paragraph on a white box; only the ruled table is a table (real file)."""
    result = extract_blocks((CORPUS / "02_hongze_district_2023.pdf").read_bytes())
    assert result.status == "ok" and result.pages == 5
    assert prose(result.blocks)[:2] == ["洪泽区人民政府", "2023年政府信息公开工作年度报告"]
    assert "一、总体情况" in prose(result.blocks)
    assert not any(line.strip("-— ").isdigit() for line in prose(result.blocks))  # "- 3 -" dropped
    rows = tables(result.blocks)
    assert ["规章", "0", "0", "0"] in rows
    assert ["行政规范性文件", "0", "5", "5"] in rows


def test_real_requests_table_continued_over_a_page_break_keeps_its_merged_labels():
    result = extract_blocks((CORPUS / "02_hongze_district_2023.pdf").read_bytes())
    rows = tables(result.blocks)
    start = rows.index(["一、本年新收政府信息公开申请数量", "21", "0", "0", "0", "0", "0", "21"])
    assert rows[start + 2] == ["三、本年度办理结果", "（一）予以公开", "0", "0", "0", "0", "0", "0", "0"]
    unable = rows.index(["（四）无法提供", "1.本机关不掌握相关政府信息", "10", "0", "0", "0", "0", "0", "10"])
    # the page break falls inside （四）: its remainder on the next page is not a cell of its own
    assert rows[unable + 1] == ["2.没有现成信息需要另行制作", "3", "0", "0", "0", "0", "0", "3"]
    assert rows[unable + 2] == ["3.补正后申请内容仍不明确", "0", "0", "0", "0", "0", "0", "0"]
    assert ["（七）总计", "21", "0", "0", "0", "0", "0", "21"] in rows
    assert ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"] in rows


def test_a_scan_without_text_layer_needs_ocr_with_a_reason():
    result = extract_blocks(image_only_pdf(["ANNUAL REPORT 2023", "Requests received: 95"]), filename="scan.pdf")
    assert (result.status, result.kind, result.pages, result.ocr) == ("needs_ocr", "pdf", 1, False)
    assert "no text layer" in result.reason and "GAAR_OCR" in result.reason


@pytest.mark.slow  # runs tesseract
@pytest.mark.skipif(not tesseract_available(), reason="tesseract with chi_sim not installed (optional)")
def test_ocr_reads_a_scan_when_enabled_and_says_so():
    scan = image_only_pdf(["ANNUAL REPORT 2023", "Requests received: 95"])
    result = extract_blocks(scan, limits=Limits(ocr=True))
    assert (result.status, result.ocr) == ("ok", True)
    assert "tesseract" in result.reason
    assert any("95" in line for line in result.blocks)


def test_a_truncated_pdf_fails_with_a_reason():
    pdf = ruled_pdf(HEADER, long_table_rows(3), intro="说明", outro="完")
    result = extract_blocks(pdf[: len(pdf) // 3], filename="cut.pdf")
    assert (result.status, result.kind) == ("failed", "pdf")
    assert result.reason


@pytest.mark.slow  # inflates 300 MB on purpose
def test_a_decompression_bomb_fails_alone_on_the_memory_cap():
    bomb = bomb_pdf(inflated_mb=300)
    assert len(bomb) < 1_000_000
    result = extract_blocks(bomb, limits=Limits(max_memory=256 << 20, timeout=30))
    assert result.status == "failed"
    assert "memory limit (256 MB)" in result.reason
    # and the next file is read as usual
    assert extract_blocks(ruled_pdf(HEADER, [["规章", "1", "2", "3"]], intro="说明", outro="完")).status == "ok"


@pytest.mark.slow  # builds and reads a 2,000-page PDF
def test_a_2000_page_file_is_refused_by_the_page_cap():
    result = extract_blocks(many_pages_pdf(2000))
    assert (result.status, result.pages) == ("too_large", 2000)
    assert "GAAR_PDF_MAX_PAGES=300" in result.reason


@pytest.mark.slow  # builds and reads a 2,000-page PDF
def test_a_file_that_takes_too_long_is_stopped():
    result = extract_blocks(many_pages_pdf(2000), limits=Limits(max_pages=5000, timeout=1))
    assert result.status == "timeout"
    assert "GAAR_EXTRACT_TIMEOUT=1s" in result.reason


def test_a_download_over_the_size_cap_is_not_extracted():
    pdf = many_pages_pdf(3)
    result = extract_blocks(pdf, limits=Limits(max_bytes=len(pdf) - 1))
    assert (result.status, result.kind) == ("too_large", "pdf")
    assert "GAAR_EXTRACT_MAX_BYTES" in result.reason
