"""Golden tests: every cell, field and check of the five seed reports."""

import pytest

from gaar_spiders.report import parse_report

from .golden import SEEDS

#: cells each template defines, counted by hand from the 2019 / 2021 forms:
#: 2019 active 3+3+3+3+3+3+2+2, requests 23 rows × 7, review 3 × 5
#: 2021 active 3+3+1+1+1+1, requests 25 rows × 7, review 3 × 5
TEMPLATE_CELLS = {"2019": 22 + 161 + 15, "2021": 10 + 175 + 15}


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request, seed_text):
    name = request.param
    return SEEDS[name], parse_report(seed_text(name), url=f"file:///seeds/{name}")


def test_fields(seed):
    expected, report = seed
    for field, value in expected["fields"].items():
        assert getattr(report, field) == value, field


def test_every_cell(seed):
    expected, report = seed
    got = {(c.table, c.row, c.col): (c.value, c.raw) for c in report.cells}
    assert len(report.cells) == len(got), "a cell was recorded twice"
    assert got == expected["cells"]
    # cells the text does not settle (or does not give) are marked, never passed off as blanks
    assert {(c.table, c.row, c.col) for c in report.cells if c.candidates is not None} == expected.get("open", set())


def test_template_cell_count(seed):
    expected, report = seed
    if report.template in TEMPLATE_CELLS and report.check("cells.complete").ok:
        assert len(report.cells) == TEMPLATE_CELLS[report.template]


def test_every_check(seed):
    expected, report = seed
    assert {c.check: c.ok for c in report.checks} == expected["checks"]
    for c in report.checks:
        assert c.detail, f"{c.check} has no detail"


def test_sections(seed):
    expected, report = seed
    assert [s.key for s in report.sections if s.key != "preamble"] == expected["sections"]
    first = {}
    for s in report.sections:
        first.setdefault(s.key, s)
    assert all(s.text for key, s in first.items() if key != "preamble"), "a section lost its text"
    assert "总体情况" in first["overview"].heading or "概述" in report.sections[1].heading


def test_chrome_is_not_in_the_body(seed_text):
    report = parse_report(seed_text("000_acf128b87be38071.txt"))
    assert report.body_text.startswith("重庆市大足区邮亭镇人民政府2019年信息公开工作年度报告")
    assert report.body_text.rstrip().endswith("2020年1月20日")
    for chrome in ("扫一扫", "您当前位置", "登录", "日期:", "网站支持IPv6"):
        assert chrome not in report.body_text


def test_balance_detail_names_cells_and_figures(seed_text):
    report = parse_report(seed_text("004_22022a201ead27fe.txt"))
    detail = report.check("requests.balance").detail
    assert "requests.balance[total]: new 2 + carried_over 0 = 2, results_total 0 + carry_forward 0 = 0" in detail
    assert "requests.balance[legal_service]" in detail
    assert "[commercial]" not in detail  # only the columns that do not add up


def test_uncomputable_balance_says_why(seed_text):
    check = parse_report(seed_text("001_e699a22894dad6cb.txt")).check("requests.balance")
    assert check.ok is None
    assert "results_total" in check.detail and "carry_forward" in check.detail


def test_wrong_arithmetic_is_kept_as_printed(seed_text):
    report = parse_report(seed_text("002_e1015790c6b78731.txt"))
    assert report.value("requests", "granted", "total") == 1
    assert report.value("requests", "results_total", "total") == 0
    detail = report.check("requests.results_total").detail
    assert "granted 1" in detail and "results_total 0" in detail


def test_same_body_same_id(seed_text):
    text = seed_text("002_e1015790c6b78731.txt")
    a = parse_report(text, url="http://a.example/1.html")
    b = parse_report(text.replace("\n", "\n\n"), url="http://b.example/2.html")
    assert a.report_id == b.report_id
    assert a.report_id != parse_report(seed_text("004_22022a201ead27fe.txt")).report_id


def test_failure_details_end_with_the_figures(seed_text):
    for name in SEEDS:
        for check in parse_report(seed_text(name)).checks:
            assert not check.detail.rstrip().endswith(":"), (name, check)
