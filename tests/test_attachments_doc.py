"""Old Word and WPS files: converted by LibreOffice, or kept as unsupported when it is missing."""

from pathlib import Path

import pytest

from gaar_spiders.attachments import Limits, extract_blocks, report_from_attachment
from pipelines.read import read_page
from gaar_spiders.attachments.doc_converter import DEBIAN_PACKAGE, find_converter

from attachment_builders import MERGED_TABLE_BLOCKS

#: made once from attachment_builders.docx_with_merges() by LibreOffice ("MS Word 97"),
#: so the missing-converter path is tested even where LibreOffice is not installed
DOC = (Path(__file__).parent / "data" / "attachments" / "merged_tables.doc").read_bytes()

needs_libreoffice = pytest.mark.skipif(
    find_converter(Limits()) is None, reason=f"LibreOffice not installed (apt-get install {DEBIAN_PACKAGE})"
)


@pytest.mark.slow  # runs LibreOffice
@needs_libreoffice
def test_a_doc_gives_the_same_blocks_as_the_docx_it_was_saved_from():
    result = extract_blocks(DOC, filename="report.doc")
    assert (result.status, result.kind) == ("ok", "doc")
    assert result.blocks == MERGED_TABLE_BLOCKS


@pytest.mark.slow  # runs LibreOffice
@needs_libreoffice
def test_a_wps_file_is_converted_the_same_way():
    result = extract_blocks(DOC, filename="年报.wps")
    assert (result.status, result.kind) == ("ok", "wps")
    assert result.blocks == MERGED_TABLE_BLOCKS


@pytest.mark.slow  # runs LibreOffice
@needs_libreoffice
def test_a_truncated_doc_fails_with_the_converters_reason():
    result = extract_blocks(DOC[: len(DOC) // 2], filename="broken.doc")
    assert (result.status, result.kind) == ("failed", "doc")
    assert "LibreOffice could not convert" in result.reason


def test_without_the_converter_a_doc_is_unsupported_and_says_what_to_install(tmp_path):
    result = extract_blocks(DOC, filename="report.doc", limits=Limits(doc_converter=str(tmp_path / "soffice")))
    assert (result.status, result.kind) == ("unsupported", "doc")
    assert DEBIAN_PACKAGE in result.reason and "GAAR_DOC_CONVERTER" in result.reason


def test_without_the_converter_on_path_a_wps_is_unsupported(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    report, status, reason = report_from_attachment(DOC, filename="年报.wps")
    assert (report, status) == (None, "unsupported")
    assert "'soffice' not found" in reason


def test_a_web_page_saved_as_doc_is_read_as_a_page():
    html = "<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>1</td><td>0</td><td>11</td></tr></table></body></html>"
    outcome = read_page(html.encode("gb18030"), {"content-type": "application/msword"},
                        "http://www.example.gov.cn/files/report.doc", kind="attachment")
    assert outcome.chrome_method is not None and outcome.encoding == "gb18030"
    assert "一、总体情况" in outcome.report.body_text
