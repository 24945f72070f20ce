"""What an attachment is comes from its bytes; names and types only break ties."""

import pytest

from gaar_spiders.attachments import Limits, sniff_kind
from gaar_spiders.attachments.limits import MB

from attachment_builders import docx_with_merges, many_pages_pdf

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    "data, filename, content_type, kind",
    [
        (b"%PDF-1.7\n...", "report.doc", None, "pdf"),  # misnamed: the bytes win
        (b"\r\n%PDF-1.4\n...", None, "application/octet-stream", "pdf"),  # junk before the header
        (OLE2 + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "x.doc", None, "doc"),
        (OLE2 + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "年报.wps", None, "wps"),
        (OLE2 + b"\x00" * 100 + "Workbook".encode("utf-16-le"), "x.xls", None, "unknown"),
        (b"{\\rtf1\\ansi ...}", "report.doc", None, "doc"),  # RTF saved as .doc: LibreOffice reads it
        (b"<html><body><table>...</table></body></html>", "report.doc", None, "html"),  # Word "web page" .doc
        ("\ufeff<!DOCTYPE html><html>".encode("utf-8"), None, None, "html"),
        ("二〇二三年政府信息公开工作年度报告".encode("gb18030"), "a.txt", None, "text"),
        ("一、总体情况".encode("utf-8"), None, None, "text"),
        (b"PK\x03\x04" + b"\x00" * 40, "broken.docx", None, "docx"),  # broken zip named .docx: the reader says why
        (b"PK\x03\x04" + b"\x00" * 40, "photos.zip", None, "unknown"),
        (bytes(range(256)) * 4, "random.docx", None, "unknown"),
        (b"", None, None, "unknown"),
    ],
)
def test_kind_comes_from_the_bytes(data, filename, content_type, kind):
    assert sniff_kind(data, filename, content_type) == kind


def test_real_docx_and_pdf_are_recognised_whatever_their_names():
    assert sniff_kind(docx_with_merges(), "download.php?id=3") == "docx"
    assert sniff_kind(many_pages_pdf(1), "report.docx", "text/html") == "pdf"


def test_limits_have_sane_defaults():
    limits = Limits()
    assert limits.max_bytes == 30 * MB
    assert limits.timeout == 60
    assert limits.max_memory == 256 * MB
    assert limits.max_pages == 300
    assert limits.ocr is False


def test_limits_read_from_settings_then_environment(monkeypatch):
    monkeypatch.setenv("GAAR_PDF_MAX_PAGES", "50")
    monkeypatch.setenv("GAAR_OCR", "yes")
    limits = Limits.from_settings({"GAAR_EXTRACT_MAX_BYTES": 1000, "GAAR_EXTRACT_TIMEOUT": "7.5",
                                   "GAAR_DOC_CONVERTER": "/opt/lo/soffice", "GAAR_OCR": False})
    assert limits.max_bytes == 1000
    assert limits.timeout == 7.5
    assert limits.max_pages == 50  # from the environment
    assert limits.ocr is False  # the setting wins over the environment
    assert limits.doc_converter == "/opt/lo/soffice"
    assert limits.max_memory == Limits().max_memory
    assert Limits.from_settings().max_pages == 50  # gaar parse / reparse: the environment over the default


def test_a_crawl_reads_its_own_settings_not_the_environment(monkeypatch):
    from scrapy.settings import Settings

    from gaar_spiders import settings as project

    monkeypatch.setenv("GAAR_PDF_MAX_PAGES", "50")
    crawl = Settings()
    crawl.setmodule(project, priority="project")
    assert Limits.from_settings(crawl).max_pages == project.GAAR_PDF_MAX_PAGES
    crawl.set("GAAR_PDF_MAX_PAGES", "9", priority="cmdline")  # -s GAAR_PDF_MAX_PAGES=9
    assert Limits.from_settings(crawl).max_pages == 9
