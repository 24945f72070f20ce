"""Word files: paragraphs and tables in body order, a merged cell once."""

from pathlib import Path

from gaar_spiders.attachments import Limits, extract_blocks

from attachment_builders import MERGED_TABLE_BLOCKS, docx_with_merges, zip_bomb_docx

CORPUS = Path(__file__).parent / "data" / "corpus"


def test_merged_cells_appear_once_in_the_first_row_and_column_they_cover():
    result = extract_blocks(docx_with_merges(), filename="report.docx")
    assert (result.status, result.kind) == ("ok", "docx")
    assert result.blocks == MERGED_TABLE_BLOCKS


def test_official_blank_template_keeps_its_grid_and_blanks_ideographic_spaces():
    result = extract_blocks((CORPUS / "13_blank_template_2021.docx").read_bytes())
    assert result.status == "ok"
    rows = [b for b in result.blocks if isinstance(b, list)]
    assert ["第二十条第（一）项"] in rows  # gridSpan 4: one cell
    assert ["规章", "", "", ""] in rows  # U+3000-filled cells are empty
    assert ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"] in rows
    assert ["自然人", "法人或其他组织", "总计"] in rows  # vMerge continuations left out
    assert ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] in rows
    index = rows.index(["三、本年度办理结果", "（一）予以公开"] + [""] * 7)
    assert rows[index + 2] == ["（三）不予公开", "1.属于国家秘密"] + [""] * 7
    assert rows[index + 3] == ["2.其他法律行政法规禁止公开"] + [""] * 7
    assert ["", "", "", "", "", "", "", "", "", "", "", "", "", "", ""] in rows  # the blank review row stays
    prose = [b for b in result.blocks if isinstance(b, str)]
    assert prose[:2] == ["政府信息公开工作年度报告格式模板", "一、总体情况"]
    assert "四、政府信息公开行政复议、行政诉讼情况" in prose


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = zip_bomb_docx(inflated_mb=40)
    assert len(bomb) < 1_000_000
    result = extract_blocks(bomb, filename="bomb.docx", limits=Limits(max_memory=64 << 20))
    assert result.status == "too_large"
    assert "inflate" in result.reason and str(16 << 20) in result.reason  # a quarter of the memory cap


def test_random_bytes_named_docx_are_unsupported_with_a_reason():
    result = extract_blocks(bytes(range(256)) * 64, filename="report.docx")
    assert result.status == "unsupported"
    assert "not a PDF, DOCX, DOC or WPS" in result.reason


def test_a_truncated_docx_fails_with_a_reason():
    data = docx_with_merges()
    result = extract_blocks(data[: len(data) // 2], filename="report.docx")
    assert (result.status, result.kind) == ("failed", "docx")
    assert "not a readable DOCX" in result.reason
