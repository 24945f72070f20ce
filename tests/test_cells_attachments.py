"""A table row that a page break cuts in two, in a real PDF (issue 13).

Word lets a row break across a page: half of its label stays at the foot of
one page (``3.危及“三安全一稳``), the rest (``定”``) and the figures open the
next page under the repeated header. The PDF reader hands both parts on as
rows of the continued table; the parser joins them back into the one row the
template has, and the whole table reads as printed.
"""

from __future__ import annotations

from gaar_spiders.attachments import extract_blocks
from gaar_spiders.attachments.files import read_report_bytes

from .attachment_builders import paged_table_pdf
from .renderings import load, printed

HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _requests_pages(item: str, cut_row: str, cut_at: int):
    """The gold's requests rows on two pages, ``cut_row`` broken ``cut_at`` characters into its label."""
    rows = [r for r in printed(load(item)).requests if not isinstance(r, tuple)]
    first, second = [HEADER], [HEADER]
    page = first
    for r in rows:
        label = r.labels[-1]
        if r.key == cut_row:
            first.append([label[:cut_at]] + [""] * 7)
            page = second
            second.append([label[cut_at:]] + r.cells)
            continue
        page.append([label] + r.cells)
    return [first, second], rows


def test_a_row_broken_across_a_page_is_one_row_again():
    pages, rows = _requests_pages("04", "denied.three_safety", 10)
    pdf = paged_table_pdf(pages, intro="淮安市人民政府2024年政府信息公开工作年度报告　三、收到和处理政府信息公开申请情况",
                          outro="四、政府信息公开行政复议、行政诉讼情况")
    extraction = extract_blocks(pdf, filename="report.pdf")
    assert extraction.status == "ok" and extraction.pages == 2
    tables = [b for b in extraction.blocks if isinstance(b, list)]
    assert ["3.危及“三安全一稳"] + [""] * 7 in tables and ["定”"] + rows[6].cells in tables  # two parts

    report = read_report_bytes(pdf, filename="report.pdf")
    assert report.template == "2021"
    for r in rows:
        got = [report.value("requests", r.key, col) for col in
               ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")]
        assert got == [int(c) for c in r.cells], r.key
    # joined by its label, not merely placed by the template's order
    assert "placed by the template's row order" not in report.check("cells.recovered").detail
    assert report.check("requests.results_total").ok is True
    assert report.check("requests.balance").ok is True


def test_the_official_blank_form_is_200_printed_blanks_not_zeros_not_gaps():
    """Corpus 13: the 2021 form with every value cell empty (some hold U+3000), table 4's value
    row included: every cell is a printed blank."""
    from pathlib import Path

    from gaar_spiders.attachments.files import read_report_file

    r = read_report_file(Path(__file__).parent / "data" / "corpus" / "13_blank_template_2021.docx")
    assert r.template == "2021" and len(r.cells) == 200
    assert all(c.value is None and c.raw == "" and c.candidates is None for c in r.cells)
    assert r.check("cells.complete").ok is True
