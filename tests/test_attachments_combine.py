"""A page and its attachment carrying the same report are one report, with both sources."""

from gaar_spiders.attachments import report_from_attachment
from gaar_spiders.attachments.combine import Source, combine, same_report
from gaar_spiders.localportals.documents import report_to_docx, report_to_pdf
from gaar_spiders.localportals.generator import make_report
from gaar_spiders.localportals.render import render_report_html
from gaar_spiders.report import parse_report

from attachment_builders import image_only_pdf

ORGAN = "精河县托里镇人民政府"
PAGE_URL = "http://www.example.gov.cn/zfxxgk/2023/art_1.html"
PDF_URL = "http://www.example.gov.cn/uploads/2023nb.pdf"


def stub_page(title):
    """A page that only points at the attachment, as many portals publish it."""
    html = f"<html><body><h1>{title}</h1><p>发布日期：2023-01-18</p><p>详见附件。</p></body></html>"
    return parse_report(html, url=PAGE_URL)


def attachment(data, url, filename):
    report, status, reason = report_from_attachment(data, url=url, filename=filename)
    return Source(url, "attachment", status, reason, report)


def test_a_stub_page_and_its_pdf_are_one_report_with_the_pdfs_tables():
    generated = make_report(ORGAN, 2022, seed=2)
    page = Source(PAGE_URL, "page", report=stub_page(generated.title))
    pdf = attachment(report_to_pdf(generated), PDF_URL, "2023nb.pdf")
    [one] = combine(page, [pdf])
    assert [s.url for s in one.sources] == [PAGE_URL, PDF_URL]
    assert one.table_source is pdf
    assert len(one.report.cells) == len(pdf.report.cells) > 150
    assert one.report.published_on == "2023-01-18"  # the page's metadata fills what the PDF lacks
    assert any(PAGE_URL in w and PDF_URL in w for w in one.report.warnings)


def test_a_full_page_with_a_word_copy_keeps_the_pages_tables_and_lists_both():
    generated = make_report(ORGAN, 2022, seed=2)
    page = Source(PAGE_URL, "page", report=parse_report(render_report_html(generated, family="generic"), url=PAGE_URL))
    word = attachment(report_to_docx(generated), PAGE_URL.replace(".html", ".docx"), "nb.docx")
    [one] = combine(page, [word])
    assert one.table_source is page  # equal tables: the page is preferred
    assert len(one.sources) == 2


def test_attachments_carrying_other_reports_stay_reports_of_their_own():
    page = Source(PAGE_URL, "page", report=stub_page(f"{ORGAN}政府信息公开工作年度报告"))
    this_year = attachment(report_to_pdf(make_report(ORGAN, 2022, seed=2)), PDF_URL, "a.pdf")
    last_year = attachment(report_to_docx(make_report(ORGAN, 2021, seed=2)), PDF_URL + "2", "b.docx")
    reports = combine(page, [this_year, last_year])
    assert [r.report.year for r in reports] == [2022, 2021]
    assert not same_report(this_year.report, last_year.report)


def test_an_unreadable_attachment_is_kept_on_the_pages_report():
    generated = make_report(ORGAN, 2022, seed=2)
    page = Source(PAGE_URL, "page", report=parse_report(render_report_html(generated, family="generic"), url=PAGE_URL))
    scan = attachment(image_only_pdf(["SCAN"]), PDF_URL, "scan.pdf")
    assert (scan.report, scan.status) == (None, "needs_ocr")
    [one] = combine(page, [scan])
    assert one.sources == [page, scan]
    assert any("needs_ocr" in w for w in one.report.warnings)
