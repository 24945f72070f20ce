"""Reports read from degraded text: one-line dumps, glued cells, archive dumps, OCR Markdown.

The renderings are made here from known cells (synthetic reports, the seeds'
expectations); the real dumps in ``tests/data/corpus`` are asserted against the
figures the corpus notes state. A recovered cell must equal what was printed;
where the report's arithmetic leaves several splittings the cell must come
back undecided (NULL, the printed run as raw), never as a guess.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaar_spiders.localportals.generator import make_report
from gaar_spiders.report import parse_report
from gaar_spiders.report import templates as T
from gaar_spiders.report.checks import is_undecided
from gaar_spiders.report.split import MAX_STEPS, Slot, pieces_of, split_run

from .degraded_support import archive_dump, glued, ocr_markdown, spaced, undecided, wrong_values

CORPUS = Path(__file__).parent / "data" / "corpus"
ORGANS = ("精河县人民政府", "重庆市大足区民政局", "道外区巨源镇人民政府")


def corpus(name: str, previous=None):
    path = next(CORPUS.glob(f"{name}_*.txt"))
    return parse_report(path.read_text(encoding="utf-8"), url=path.as_uri(), previous=previous)


def row(report, table, key):
    cols = [c for c in report.cells if c.table == table and c.row == key]
    return [c.value for c in cols], all(c.recovered for c in cols)


# --- real one-line dumps (corpus notes E) ---------------------------------------------------


def test_corpus_08_glued_2021_report_is_recovered_cell_for_cell():
    r = corpus("08")
    assert (r.template, r.year) == ("2021", 2023)
    assert row(r, "requests", "new") == ([8, 1, 0, 1, 0, 0, 10], True)
    assert row(r, "requests", "results_total") == ([8, 1, 0, 1, 0, 0, 10], True)
    assert row(r, "review", "reconsideration") == ([0, 0, 0, 1, 1], True)
    assert row(r, "review", "litigation_direct") == ([3, 0, 0, 0, 3], True)
    assert row(r, "review", "litigation_after") == ([0, 0, 0, 1, 1], True)
    # 1126 splits three ways; 制发…规范性文件1件、废止1件 in the prose leaves 1/1/26
    assert row(r, "active", "normative_docs") == ([1, 1, 26], True)
    checks = {c.check: c.ok for c in r.checks}
    assert checks["cells.recovered"] is True
    assert checks["cells.complete"] is True
    assert checks["requests.balance"] and checks["requests.results_total"] and checks["review.row_total"]
    assert checks["prose.matches_tables"] is True


def test_corpus_06_settles_what_the_report_fixes_and_leaves_the_rest_open():
    r = corpus("06")
    assert r.template == "2019"
    assert row(r, "active", "rules") == ([0, 0, 0], True)
    # 1-10: 1/-10/blank would leave -9 items; 1/-1/0 is the only count that stays >= 0
    assert row(r, "active", "penalties") == ([1, -1, 0], True)
    # 101077: 10/10/77 is the only split publishing what was made (规范性文件 take effect when published)
    assert row(r, "active", "normative_docs") == ([10, 10, 77], True)
    # 156-5997: -5/997 or -59/97 by the count; the penalties row shows the office writes
    # 上一年 + 增减 as 处理决定数量 (1 - 1 = 0), which leaves 156/-59/97
    assert row(r, "active", "licensing") == ([156, -59, 97], True)
    # this dump drops empty cells (rows with no figures): 10 is 1/0, 10/blank or blank/10
    fees = {c.col: c for c in r.cells if c.row == "fees"}
    assert fees["prev_items"].value is None and fees["prev_items"].candidates == [1, None, 10]
    assert fees["change"].candidates == [0, 10, None] and fees["change"].raw == "10"
    check = r.check("cells.recovered")
    assert check.ok is None
    assert "156/-59/97 (by" in check.detail and "as in this report's settled rows" in check.detail
    assert "30/4948.3955万元" in check.detail  # 政府集中采购304948.3955万元: the corpus's reading is a candidate
    # 22 = 2 in one applicant column and 2 in 总计: the total is fixed, the column is not
    new = {c.col: c for c in r.cells if c.row == "new"}
    assert new["total"].value == 2 and new["total"].recovered
    assert all(is_undecided(new[c]) and set(new[c].candidates) == {2, None} for c in T.REQUEST_COLUMNS[:6])
    # undecided cells make the arithmetic uncomputable, not failed
    assert r.check("requests.balance").ok is None
    assert r.check("requests.row_total").ok is None


def test_corpus_07_is_settled_by_the_offices_2019_report():
    alone = corpus("07")
    assert row(alone, "active", "normative_docs") == ([2, 2, 2], True)
    assert row(alone, "active", "rules")[0] == [None, None, None]  # 规章 printed with no figures
    assert alone.value("active", "licensing", "prev_items") == 97
    # alone, 97+82179 splits three ways: nothing in the 2020 report tells
    assert alone.value("active", "licensing", "decisions") is None
    assert "97/+82/179" in alone.check("cells.recovered").detail
    # with the 2019 report: 上一年项目数量 97 = 156 - 59, and the office's third column is 上一年 + 增减
    r = corpus("07", previous=corpus("06"))
    assert row(r, "active", "licensing") == ([97, 82, 179], True)
    assert row(r, "active", "penalties") == ([0, 11, 11], True)
    assert "as in the previous report" in r.check("cells.recovered").detail
    assert "225253.168万元" in r.check("cells.recovered").detail  # the corpus notes call this split ambiguous
    assert r.value("requests", "new", "total") == 1
    assert not r.failed_checks or [c.check for c in r.failed_checks] == ["cells.complete"]


def test_corpus_05_ocr_markdown_keeps_its_tables_and_prose_agrees():
    r = corpus("05")
    assert row(r, "review", "reconsideration")[0] == [40, 0, 10, 5, 55]
    assert row(r, "review", "litigation_after")[0] == [6, 0, 9, 7, 22]
    assert r.check("prose.matches_tables").ok is True  # 受理1295件, 办结1191件, 上年结转189件
    assert "— 6 —" not in {c.raw for c in r.cells}  # a page footer is not a figure


# --- synthetic reports rendered degraded ---------------------------------------------------

CASES = [(organ, year, seed) for organ in ORGANS for year in (2020, 2022) for seed in (1, 2)]


@pytest.mark.parametrize("organ,year,seed", CASES)
def test_glued_one_line_report_never_presents_a_wrong_value(organ, year, seed):
    truth = make_report(organ, year, seed=seed)
    r = parse_report(glued(truth))
    assert r.template == truth.template
    assert wrong_values(r, truth) == []
    assert {(c.table, c.row, c.col) for c in r.cells} >= {(c.table, c.row, c.col) for c in truth.cells}
    # the requests and review tables are tied by their arithmetic: recovered exactly
    for c in r.cells:
        if c.table in ("requests", "review"):
            assert c.recovered and not is_undecided(c), c
    assert r.check("cells.recovered").ok in (True, None)


@pytest.mark.parametrize("organ,year,seed", CASES)
def test_space_separated_dump_and_ocr_markdown_are_read_exactly(organ, year, seed):
    truth = make_report(organ, year, seed=seed)
    for text in (spaced(truth), ocr_markdown(truth, seed)):
        r = parse_report(text)
        assert wrong_values(r, truth) == []
        assert undecided(r) == []
    # spaces are separators: nothing needed splitting
    assert not any(c.recovered for c in parse_report(spaced(truth)).cells)


def test_ocr_confusions_are_marked_recovered():
    truth = make_report("精河县人民政府", 2022, seed=3)
    r = parse_report(ocr_markdown(truth, seed=3))
    assert wrong_values(r, truth) == []
    assert any(c.recovered for c in r.cells)
    assert r.check("cells.recovered").ok is True


def test_archive_dump_header_gives_the_report_fields():
    truth = make_report("重庆市大足区民政局", 2022, seed=4)
    url = "http://www.dazu.gov.cn/zwgk/2023/t1.html"
    r = parse_report(archive_dump(truth, url))
    assert r.title == truth.title
    assert r.published_on == truth.published_on
    assert r.url == url
    assert r.year == 2022 and r.template == "2021"
    assert wrong_values(r, truth) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organ=st.sampled_from(ORGANS), year=st.integers(2019, 2024), seed=st.integers(0, 10_000))
def test_random_consistent_reports_glued_are_recovered_or_undecided(organ, year, seed):
    truth = make_report(organ, year, seed=seed)
    r = parse_report(glued(truth))
    assert wrong_values(r, truth) == []
    for c in r.cells:
        assert c.recovered or is_undecided(c) or c.value is None or c.table == "active", c


# --- ambiguity, failure, evidence ----------------------------------------------------------

HEAD_2021 = ("2023年政府信息公开工作年度报告。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
             "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件")


def test_ambiguous_split_comes_back_undecided_with_its_candidates():
    r = parse_report(HEAD_2021 + "154203第二十条第（五）项信息内容本年处理决定数量行政许可5")
    cells = [c for c in r.cells if c.row == "normative_docs"]
    assert all(c.value is None and c.raw == "154203" and not c.recovered for c in cells)
    check = r.check("cells.recovered")
    assert check.ok is None
    assert "15/4/203" in check.detail and "1/54/203" in check.detail


def test_prose_figures_decide_an_ambiguous_split():
    prose = "全年制发规范性文件15件，现行有效203件。"
    r = parse_report(prose + HEAD_2021 + "154203第二十条第（五）项信息内容本年处理决定数量行政许可5")
    assert row(r, "active", "normative_docs") == ([15, 4, 203], True)
    only_in_force = parse_report("规范性文件现行有效203件。" + HEAD_2021 + "154203第二十条第（五）项信息内容本年处理决定数量行政许可5")
    docs = {c.col: c for c in only_in_force.cells if c.row == "normative_docs"}
    assert docs["in_force"].value == 203 and docs["in_force"].recovered
    assert is_undecided(docs["issued"]) and is_undecided(docs["repealed"])  # 15/4 or 1/54


def test_a_run_no_splitting_fits_keeps_its_raw_and_fails_the_check():
    text = (HEAD_2021 + "1126四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果"
            "尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
            "99999999999999999五、存在的主要问题及改进情况")
    r = parse_report(text)
    check = r.check("cells.recovered")
    assert check.ok is False and "99999999999999999" in check.detail
    assert all(c.value is None and c.raw == "99999999999999999" for c in r.cells if c.table == "review")


def test_prose_that_contradicts_the_table_fails_its_check():
    truth = make_report("精河县人民政府", 2022, seed=5)
    new_total = truth.value("requests", "new", "total")
    text = spaced(truth).replace(f"全年新收申请{new_total}件", f"全年新收申请{new_total + 7}件")
    check = parse_report(text).check("prose.matches_tables")
    assert check.ok is False and f"prose states {new_total + 7}" in check.detail
    assert parse_report(spaced(truth)).check("prose.matches_tables").ok is True


# --- the search's bound ----------------------------------------------------------------------

REQUEST_SLOTS = [Slot("requests", "new", c, "count", tuple(range(6)) if c == "total" else ()) for c in T.REQUEST_COLUMNS]


def test_the_issue_examples_split_uniquely():
    assert split_run(pieces_of("412000043"), REQUEST_SLOTS).solutions == [("41", "2", "0", "0", "0", "0", "43")]
    assert split_run(pieces_of("4l2OOOO43"), REQUEST_SLOTS).solutions == [("41", "2", "0", "0", "0", "0", "43")]
    assert split_run(pieces_of("４１２０００ ０４３"), REQUEST_SLOTS).solutions == [("41", "2", "0", "0", "0", "0", "43")]


def test_search_work_is_bounded_per_run():
    long_run = "98114339226082703184042331491234"
    result = split_run(pieces_of(long_run), REQUEST_SLOTS)
    assert result.steps <= MAX_STEPS + 1
    assert result.bounded and result.solutions == []  # reported, not guessed
    # a realistic large row stays far below the bound
    big = split_run(pieces_of("12593600001295"), REQUEST_SLOTS)
    assert big.solutions == [("1259", "36", "0", "0", "0", "0", "1295")] and big.steps < MAX_STEPS // 10
