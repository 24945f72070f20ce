"""The same report gives the same cells whatever the format it was published in."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gaar_spiders.attachments import OCR_WARNING, Limits, report_from_attachment
from gaar_spiders.attachments.doc_converter import find_converter
from gaar_spiders.attachments.ocr import tesseract_available
from gaar_spiders.localportals.documents import report_to_docx, report_to_pdf
from gaar_spiders.localportals.generator import make_report
from gaar_spiders.localportals.render import render_report_html
from gaar_spiders.report import parse_report

from attachment_builders import docx_to_doc, image_only_pdf

ROOT = Path(__file__).resolve().parents[1]
ORGAN = "重庆市大足区邮亭镇人民政府"


def cells(report):
    return sorted((c.table, c.row, c.col, c.value, c.raw) for c in report.cells)


def outcome(report):
    return (report.organ, report.year, report.template, sorted((c.check, c.ok) for c in report.checks))


def from_attachment(data, filename):
    report, status, reason = report_from_attachment(data, filename=filename)
    assert (status, reason) == ("ok", "")
    return report


@pytest.fixture(scope="module", params=[(2020, "2019"), (2022, "2021")], ids=["template2019", "template2021"])
def published(request):
    year, template = request.param
    report = make_report(ORGAN, year, seed=7)
    assert report.template == template
    html = parse_report(render_report_html(report, family="generic"))
    assert len(html.cells) > 150
    return report, html


def test_docx_gives_the_cells_of_the_html(published):
    report, html = published
    docx = from_attachment(report_to_docx(report), "report.docx")
    assert cells(docx) == cells(html)
    assert outcome(docx) == outcome(html)


def test_docx_with_one_character_per_line_headers_gives_the_same_cells(published):
    report, html = published
    docx = from_attachment(report_to_docx(report, vertical_headers=True), "report.docx")
    assert cells(docx) == cells(html)


def test_pdf_gives_the_cells_of_the_html(published):
    report, html = published
    pdf = from_attachment(report_to_pdf(report), "report.pdf")
    assert cells(pdf) == cells(html)
    assert outcome(pdf) == outcome(html)


@pytest.mark.slow  # runs LibreOffice / tesseract
@pytest.mark.skipif(find_converter(Limits()) is None, reason="LibreOffice not installed")
def test_doc_gives_the_cells_of_the_html(published):
    report, html = published
    doc = from_attachment(docx_to_doc(report_to_docx(report)), "report.doc")
    assert cells(doc) == cells(html)


def test_broken_arithmetic_is_recorded_the_same_from_every_format():
    report = make_report(ORGAN, 2022, seed=11, broken_arithmetic=True)
    html = parse_report(render_report_html(report, family="generic"))
    assert html.failed_checks
    for data, name in ((report_to_docx(report), "r.docx"), (report_to_pdf(report), "r.pdf")):
        parsed = from_attachment(data, name)
        assert [(c.check, c.ok, c.detail) for c in parsed.failed_checks] == \
            [(c.check, c.ok, c.detail) for c in html.failed_checks]


def test_a_scan_yields_no_report_but_a_status_and_reason():
    report, status, reason = report_from_attachment(image_only_pdf(["ANNUAL REPORT"]), filename="scan.pdf")
    assert (report, status) == (None, "needs_ocr")
    assert "no text layer" in reason


@pytest.mark.slow  # runs LibreOffice / tesseract
@pytest.mark.skipif(not tesseract_available(), reason="tesseract with chi_sim not installed (optional)")
def test_a_report_read_by_ocr_says_so():
    scan = image_only_pdf(["ANNUAL REPORT 2023", "Requests received: 95"])
    report, status, _ = report_from_attachment(scan, filename="scan.pdf", limits=Limits(ocr=True))
    assert status == "ok"
    assert OCR_WARNING in report.warnings


def gaar_parse(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "parse", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.mark.slow  # gaar parse subprocesses, each extracting in a child
def test_gaar_parse_reads_pdf_docx_and_scans_like_any_file(tmp_path):
    report = make_report(ORGAN, 2022, seed=7)
    (tmp_path / "report.pdf").write_bytes(report_to_pdf(report))
    (tmp_path / "report.docx").write_bytes(report_to_docx(report))
    (tmp_path / "scan.pdf").write_bytes(image_only_pdf(["ANNUAL REPORT"]))
    done = gaar_parse(tmp_path / "report.pdf", tmp_path / "report.docx", tmp_path / "scan.pdf", "--json")
    # the scan cannot be read without OCR: every record is printed, and the exit status says one was not read
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "gaar parse: 3 file(s): 2 report(s), 0 not a report, 1 could not be read (1 needs_ocr)")
    pdf, docx, scan = json.loads(done.stdout)
    assert pdf["organ"] == docx["organ"] == ORGAN and pdf["year"] == 2022
    assert pdf["cells"] == docx["cells"] and len(pdf["cells"]) > 150
    assert pdf["url"].startswith("file://") and pdf["url"].endswith("report.pdf")
    recognised = [c for c in scan["checks"] if c["check"] == "report.recognised"]
    assert recognised[0]["ok"] is False and "needs_ocr" in recognised[0]["detail"]
