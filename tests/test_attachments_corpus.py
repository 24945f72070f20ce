"""Real reports published as PDF and DOCX (tests/data/corpus, see shared/corpus/README.md).

The figures asserted are those the corpus README states. Where the shared
parser misreads what the attachment reader hands it correctly, the test is
a test of its own (both were parser misreads, now fixed).
"""

from pathlib import Path

import pytest

from pipelines.files import read_report_file

CORPUS = Path(__file__).parent / "data" / "corpus"
REQUEST_COLS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")
REVIEW_COLS = ("upheld", "corrected", "other", "pending", "total")


@pytest.fixture(scope="module")
def hongze_2023():
    return read_report_file(CORPUS / "02_hongze_district_2023.pdf")


@pytest.fixture(scope="module")
def hongze_2024():
    return read_report_file(CORPUS / "03_hongze_district_2024.pdf")


@pytest.fixture(scope="module")
def huaian_2024():
    return read_report_file(CORPUS / "04_huaian_city_2024.pdf")


def row(report, table, key, cols):
    return [report.value(table, key, col) for col in cols]


def test_hongze_2023_review_table_does_not_add_up_and_the_check_says_so(hongze_2023):
    r = hongze_2023
    assert (r.organ, r.year, r.template) == ("洪泽区人民政府", 2023, "2021")
    assert row(r, "review", "reconsideration", REVIEW_COLS) == [10, 1, 0, 0, 0]
    assert row(r, "review", "litigation_after", REVIEW_COLS) == [5, 0, 0, 0, 0]
    check = r.check("review.row_total")
    assert check.ok is False
    assert "reconsideration" in check.detail and "litigation_after" in check.detail
    assert r.check("requests.balance").ok is True  # table 3 is consistent: 21 = 21
    assert r.value("requests", "new", "total") == 21
    assert r.value("requests", "carry_forward", "total") == 0


def test_hongze_2024_tables_read_from_the_pdf(hongze_2024):
    r = hongze_2024
    assert (r.year, r.template) == (2024, "2021")
    assert row(r, "requests", "new", REQUEST_COLS) == [95, 0, 0, 0, 0, 0, 95]
    assert r.value("requests", "carried_over", "total") == 0  # 2023 carried forward 0
    assert row(r, "review", "reconsideration", REVIEW_COLS) == [1, 1, 0, 0, 2]
    assert row(r, "review", "litigation_direct", REVIEW_COLS) == [1, 0, 0, 0, 1]
    assert row(r, "review", "litigation_after", REVIEW_COLS) == [2, 0, 1, 0, 3]
    assert r.check("review.row_total").ok is True
    assert r.value("active", "licensing", "decisions") == 9487


def test_hongze_2024_results_total_is_95(hongze_2024):
    assert row(hongze_2024, "requests", "results_total", REQUEST_COLS) == [95, 0, 0, 0, 0, 0, 95]
    assert hongze_2024.check("requests.balance").ok is True


def test_huaian_2024_large_numbers_and_consistent_requests(huaian_2024):
    r = huaian_2024
    assert (r.year, r.template) == (2024, "2021")
    assert r.value("active", "penalties", "decisions") == 3985758
    assert r.value("requests", "new", "total") == 3119
    assert r.value("requests", "carried_over", "total") == 34
    assert r.value("requests", "results_total", "total") == 3050
    assert r.value("requests", "carry_forward", "total") == 103
    for name in ("requests.balance", "requests.results_total", "requests.row_total", "review.row_total"):
        assert r.check(name).ok is True, r.check(name).detail


def test_huaian_2024_organ(huaian_2024):
    assert huaian_2024.organ == "淮安市人民政府"


def test_blank_template_docx_is_the_2021_format_with_no_values():
    r = read_report_file(CORPUS / "13_blank_template_2021.docx")
    assert r.template == "2021"
    assert all(c.value is None for c in r.cells)
    assert r.cell("requests", "other.no_fee", "total") is not None  # the (六) sub-rows are read
