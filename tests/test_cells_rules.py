"""Each rule of issue 13, on the smallest text that shows it.

The rules come from how real documents print their tables (corpus 05–10 and
the page-break and text-layer cases of the issue); every one of them only ever
places a printed figure, or leaves the cell open: none invents a value.
"""

from __future__ import annotations

from gaar_spiders.report import parse_blocks, parse_report
from gaar_spiders.report import templates as T
from gaar_spiders.report.layouts import gapped_pitch, text_to_blocks
from gaar_spiders.report.model import Cell, Report
from gaar_spiders.report.split import Slot, pieces_of, split_run
from gaar_spiders.report.tables import row_width_for
from gaar_spiders.report.wrapped import join_wrapped

REQ = T.REQUEST_COLUMNS
TITLE = "某某县人民政府2023年政府信息公开工作年度报告"
REQ_HEAD = ["本年制发件数", "三、收到和处理政府信息公开申请情况", ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]


def row(report, table, key):
    return [c.value for c in report.cells if c.table == table and c.row == key]


def cell(report, table, key, col):
    return report.cell(table, key, col)


# --- placing rows on the template's skeleton ------------------------------------------------------


def test_a_label_then_its_figures_on_a_row_of_their_own():
    r = parse_blocks([TITLE, *REQ_HEAD, ["（一）予以公开", "3", "0", "0", "0", "0", "0", "3"],
                      "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                      ["2", "0", "0", "0", "0", "0", "2"],
                      ["（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]])
    assert row(r, "requests", "partial") == [2, 0, 0, 0, 0, 0, 2]


def test_a_row_of_figures_without_label_takes_the_only_row_the_order_leaves():
    r = parse_blocks([TITLE, *REQ_HEAD,
                      ["4.无正当理由大量反复申请", "1", "0", "0", "0", "0", "0", "1"],
                      ["0", "0", "0", "0", "0", "0", "0"],  # 5.要求行政机关确认… lost its label
                      ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "4", "0", "0", "0", "0", "0", "4"]])
    assert row(r, "requests", "rejected.confirmation") == [0] * 7
    c = cell(r, "requests", "rejected.confirmation", "total")
    assert c.recovered and "placed by the template's row order" in r.check("cells.recovered").detail


def test_figures_under_a_piece_of_label_go_to_the_row_the_piece_and_the_order_name():
    # 行政机关不再处理其政府信息公 is in (六)1 and (六)2; (六)2 prints its own row below
    r = parse_blocks([TITLE, *REQ_HEAD,
                      ["5.要求行政机关确认或重新出具已获取信息", "0", "0", "0", "0", "0", "0", "0"],
                      ["行政机关不再处理其政府信息公", "40", "1", "0", "0", "2", "0", "43"],
                      ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0", "0", "0", "0", "0", "0", "0"]])
    assert row(r, "requests", "other.no_correction") == [40, 1, 0, 0, 2, 0, 43]


def test_when_the_order_leaves_two_rows_for_one_run_both_stay_open():
    r = parse_blocks([TITLE, *REQ_HEAD,
                      ["3.要求提供公开出版物", "1", "0", "0", "0", "0", "0", "1"],
                      ["5", "0", "0", "0", "0", "0", "5"],  # 4. or 5.? the text does not say
                      ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "4", "0", "0", "0", "0", "0", "4"]])
    for key in ("rejected.excessive", "rejected.confirmation"):
        c = cell(r, "requests", key, "natural_person")
        assert c.value is None and set(c.candidates) == {5, None}


def test_a_row_of_figures_that_fits_no_row_is_reported_not_placed():
    r = parse_blocks([TITLE, *REQ_HEAD,
                      ["2.重复申请", "1", "0", "0", "0", "0", "0", "1"],
                      ["9", "9", "9"],
                      ["3.要求提供公开出版物", "1", "0", "0", "0", "0", "0", "1"]])
    assert any("fits no row" in w for w in r.warnings)
    assert all(v != 9 for c in r.cells for v in [c.value])


def test_a_label_with_no_figures_is_a_blank_row_but_not_when_unreadable_text_follows():
    blank = parse_report("\n".join([TITLE, "三、收到和处理政府信息公开申请情况", "2.重复申请", "3.要求提供公开出版物 1 0 0 0 0 0 1"]))
    assert [(c.value, c.raw, c.candidates) for c in blank.cells if c.row == "rejected.duplicate"] == [(None, "", None)] * 7
    unread = parse_report("\n".join([TITLE, "三、收到和处理政府信息公开申请情况", "2.重复申请", "一二三四 五", "3.要求提供公开出版物 1 0 0 0 0 0 1"]))
    assert all(c.candidates == [] for c in unread.cells if c.row == "rejected.duplicate")  # not given, not blank


def test_every_cell_of_a_printed_table_is_present_and_a_missing_table_is_said():
    r = parse_blocks([TITLE, *REQ_HEAD, ["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"]])
    requests = [c for c in r.cells if c.table == "requests"]
    assert len(requests) == 25 * 7
    assert sum(c.candidates == [] for c in requests) == 24 * 7  # not in the text: open, no candidates
    check = r.check("cells.complete")
    assert check.ok is False and "table(s) not printed: review" in check.detail
    assert r.check("requests.balance").ok is None  # rows not printed: not computable, not failed


def test_the_2021_table_with_one_other_row_has_23_rows():
    r = parse_blocks([TITLE, *REQ_HEAD, ["（六）其他处理", "0", "0", "0", "0", "0", "0", "0"],
                      ["（七）总计", "0", "0", "0", "0", "0", "0", "0"], "本年制发件数"])
    assert r.template == "2021"
    assert cell(r, "requests", "other", "total").value == 0
    assert cell(r, "requests", "other.no_fee", "total") is None


# --- text layouts -----------------------------------------------------------------------------------


def _gapped(rows: list[list[str]]) -> list[str]:
    """An HTML table saved as text: each cell then two empty lines, each row two more."""
    lines = []
    for r in rows:
        for c in r:
            lines += [c, "", ""]
        lines += ["", ""]
    return lines


def test_one_cell_per_line_counts_empty_lines_as_empty_cells():
    head = [["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    rows = head + [["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"]] * 4 + [
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", ""],  # a blank 总计 at the row's end
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "", "", "", "", "", ""],
        ["（七）总计", "1", "0", "0", "0", "0", "0", "1"]] * 3
    lines = [TITLE, "三、收到和处理政府信息公开申请情况"] + _gapped(rows)
    assert gapped_pitch(lines) == (2, 4)
    blocks, layout = text_to_blocks(lines, row_width_for(lines))
    assert layout == "gapped-cells"
    assert ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", ""] in blocks
    assert ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] + [""] * 7 in blocks
    r = parse_report("\n".join(lines))
    assert (cell(r, "requests", "carried_over", "total").value, cell(r, "requests", "carried_over", "total").raw) == (None, "")
    assert cell(r, "requests", "carried_over", "natural_person").value == 0


def test_review_figures_after_empty_cells_keep_their_places():
    review_head = [["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
                   ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2]
    values = ["", "", "", "", "0"] * 3  # only the three 总计 printed (corpus 09)
    lines = [TITLE, "三、收到和处理政府信息公开申请情况", "（七）总计", "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况"] + _gapped(
        review_head * 4 + [values])
    r = parse_report("\n".join(lines))
    assert [cell(r, "review", "reconsideration", c).value for c in T.REVIEW_COLUMNS] == [None, None, None, None, 0]
    assert cell(r, "review", "reconsideration", "upheld").raw == ""


def test_page_footers_and_converter_captions_are_not_text_of_the_table():
    text = "\n".join([TITLE, "三、收到和处理政府信息公开申请情况", "（一）予以公开", "— 3 —", "## 表三：收到和处理政府信息公开申请情况",
                      "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |", "- 4 -", "（七）总计 2 0 0 0 0 0 2", "第 5 页 共 7 页"])
    r = parse_report(text)
    assert row(r, "requests", "granted") == [2, 0, 0, 0, 0, 0, 2]
    assert row(r, "requests", "results_total") == [2, 0, 0, 0, 0, 0, 2]


def test_a_label_and_its_figures_on_one_line_are_a_row():
    r = parse_report("\n".join([TITLE, "二、主动公开政府信息情况", "本年处理决定数量", "行政许可 0", "行政处罚  12"]))
    assert row(r, "active", "licensing") == [0] and row(r, "active", "penalties") == [12]


def test_a_pipe_row_with_only_its_label_is_a_blank_row():
    r = parse_report("\n".join([TITLE, "三、收到和处理政府信息公开申请情况", "| 2.重复申请 | | | | | | | |",
                                "| 3.要求提供公开出版物 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"] * 1))
    assert [(c.value, c.candidates) for c in r.cells if c.row == "rejected.duplicate"] == [(None, None)] * 7


# --- labels cut into pieces ---------------------------------------------------------------------------


def test_a_wrapped_label_with_its_figures_on_the_last_line():
    blocks = join_wrapped(["一、本年新收政府信息公开申请", "数量  21  0  0  0  0  0  21"])
    assert blocks == [["一、本年新收政府信息公开申请数量", "21", "0", "0", "0", "0", "0", "21"]]


def test_a_vertical_label_is_one_label():
    assert join_wrapped(list("三、本年度办理结果") + ["（一）予以公开"]) == ["三、本年度办理结果", "（一）予以公开"]


def test_a_row_broken_across_a_page_under_the_repeated_header():
    header = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    blocks = join_wrapped([["3.危及“三安全一稳", "", "", "", "", "", "", ""], header, ["定”", "0", "0", "0", "0", "0", "0", "0"]])
    assert blocks[0] == ["3.危及“三安全一稳定”", "0", "0", "0", "0", "0", "0", "0"] and blocks[1:] == [header]


def test_pieces_that_both_print_figures_are_two_rows():
    blocks = [["1.属于国家", "1", "0"], ["秘密", "2", "0"]]
    assert join_wrapped(blocks) == blocks


# --- glued rows: what settles a split no arithmetic ties ---------------------------------------------

HEAD_2019 = (TITLE.replace("2023", "2019") + "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量")
ITEMS_2019 = "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
REQUESTS_2019 = ("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况"
                 "自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量"
                 "二、上年结转政府信息公开申请数量三、本年度办理结果（一）予以公开")


def test_published_equals_made_for_normative_documents_and_total_covers_them():
    r = parse_report(HEAD_2019 + "规章000规范性文件101077" + ITEMS_2019 + "行政许可505")
    assert row(r, "active", "normative_docs") == [10, 10, 77]
    assert "本年新公开数量 = 本年新制作数量" in r.check("cells.recovered").detail


def test_an_item_count_does_not_fall_below_zero():
    # 1-10 with blanks dropped (a row printed with no figures): 1/-1/0 or 1/-10/blank; -9 items is no count
    r = parse_report(HEAD_2019 + "规章规范性文件000" + ITEMS_2019 + "行政许可1-10" + REQUESTS_2019)
    assert row(r, "active", "licensing") == [1, -1, 0]


def test_the_offices_convention_is_learned_from_a_row_it_prints_unambiguously():
    # 行政许可 5+38 is 5/+3/8 or 5/+38/blank…; the 行政处罚 row 4-13 (4/-1/3) shows 上一年 + 增减 = 处理决定
    text = HEAD_2019 + "规章000规范性文件000" + ITEMS_2019 + "行政许可12+315第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚4-13"
    r = parse_report(text)
    assert row(r, "active", "penalties") == [4, -1, 3]
    assert row(r, "active", "licensing") == [12, 3, 15]
    assert "as in this report's settled rows" in r.check("cells.recovered").detail


def test_a_convention_a_settled_row_contradicts_is_not_used():
    # the 行政处罚 row 163/55/108 (seed 000) does not add up as 上一年 + 增减: nothing learned
    text = HEAD_2019 + "规章000规范性文件000" + ITEMS_2019 + "行政许可12+315第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚4-13"
    contradicted = text.replace("行政处罚4-13", "行政处罚4-13行政强制10+55")  # 10/+5/5: 10 - 5
    r = parse_report(contradicted)
    assert cell(r, "active", "licensing", "decisions").value is None


def _previous(cells: dict, template: str = "2019", year: int = 2019) -> Report:
    return Report(year=year, template=template, cells=[Cell(t, r, c, v, "" if v is None else str(v))
                                                       for (t, r, c), v in cells.items()])


def test_last_years_items_fix_this_years_first_column():
    text = HEAD_2019 + "规章000规范性文件000" + ITEMS_2019 + "行政许可1512"
    alone = parse_report(text)  # 1/5/12, 1/51/2, 15/1/2 …
    assert cell(alone, "active", "licensing", "prev_items").value is None
    last = _previous({("active", "licensing", "prev_items"): 10, ("active", "licensing", "change"): 5,
                      ("active", "licensing", "decisions"): 15})
    r = parse_report(text, previous=last)
    assert cell(r, "active", "licensing", "prev_items").value == 15
    assert "previous report: 上一年项目数量 = last year's 10 + 5" in r.check("cells.recovered").detail


def test_last_years_in_force_documents_fix_this_years_split():
    text = (TITLE + "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1126"
            "第二十条第（五）项信息内容本年处理决定数量行政许可5")
    assert cell(parse_report(text), "active", "normative_docs", "in_force").value is None  # 1/1/26, 1/12/6, 11/2/6
    last = _previous({("active", "normative_docs", "issued"): 5, ("active", "normative_docs", "repealed"): 4,
                      ("active", "normative_docs", "in_force"): 26}, "2021", 2022)
    r = parse_report(text, previous=last)
    assert row(r, "active", "normative_docs") == [1, 1, 26]  # 26 + 1 - 1


def test_last_years_carry_forward_is_this_years_carried_over():
    text = (TITLE + REQUESTS_2019.replace("一、本年新收政府信息公开申请数量二、上年结转政府信息公开申请数量",
                                          "一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量11")
            + "（二）部分公开" + "（七）总计" + "四、结转下年度继续办理" + "本年制发件数")
    alone = parse_report(text)
    assert cell(alone, "requests", "carried_over", "natural_person").value is None  # which column holds the 1?
    last = _previous({("requests", "carry_forward", c): (1 if c in ("research", "total") else 0) for c in REQ}, "2021", 2022)
    r = parse_report(text, previous=last)
    assert row(r, "requests", "carried_over") == [None, None, 1, None, None, None, 1]


def test_the_prose_names_the_years_new_rules_and_documents():
    text = (TITLE + "\n全年主动公开市政府规章 22 件、市政府及市政府办公厅行\n政规范性文件 34 件。\n二、主动公开政府信息情况\n"
            "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n| 规章 | 22 | 235 |\n| 行政规范性文件 | 34 | 189 |\n")
    r = parse_report(text)
    assert cell(r, "active", "rules", "issued").value == 22
    assert cell(r, "active", "normative_docs", "issued").value == 34
    # which column lost its figure is not known: the others stay open
    assert set(cell(r, "active", "rules", "in_force").candidates) == {235, None}


# --- the search -----------------------------------------------------------------------------------------

ROW7 = [Slot("requests", "new", c, "count", tuple(range(6)) if c == "total" else ()) for c in REQ]


def test_a_short_row_of_clean_cells_is_placed_whole_not_cut():
    result = split_run(["12", "12"], ROW7, atomic=True)
    assert set(result.solutions) == {tuple("12" if i in (j, 6) else None for i in range(7)) for j in range(6)}


def test_blanks_vanish_only_where_the_dump_shows_it():
    fees = [Slot("active", "fees", "prev_items", "count"), Slot("active", "fees", "change", "signed")]
    assert split_run(pieces_of("10"), fees).solutions == [("1", "0")]
    assert set(split_run(pieces_of("10"), fees, vanishing=True).solutions) == {("1", "0"), ("10", None), (None, "10")}
    # seven zeros are seven cells however blanks vanished
    assert split_run(pieces_of("0000000"), ROW7, vanishing=True).solutions == [("0",) * 7]


def test_labels_printed_one_after_another_then_their_value_rows():
    r = parse_blocks([TITLE, *REQ_HEAD,
                      ["1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"],
                      "2.重复申请", "3.要求提供公开出版物",
                      ["2", "0", "0", "0", "0", "0", "2"], ["3", "0", "0", "0", "0", "0", "3"],
                      ["4.无正当理由大量反复申请", "0", "0", "0", "0", "0", "0", "0"]])
    assert row(r, "requests", "rejected.duplicate") == [2, 0, 0, 0, 0, 0, 2]
    assert row(r, "requests", "rejected.publication") == [3, 0, 0, 0, 0, 0, 3]


def test_a_second_printing_of_a_row_is_not_placed_elsewhere():
    r = parse_blocks([TITLE, *REQ_HEAD,
                      ["1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"],
                      "1.信访举报投诉类申请", ["7", "0", "0", "0", "0", "0", "7"],
                      ["4.无正当理由大量反复申请", "0", "0", "0", "0", "0", "0", "0"]])
    assert row(r, "requests", "rejected.petition") == [1, 0, 0, 0, 0, 0, 1]
    assert not any(c.value == 7 for c in r.cells)


def test_a_row_broken_across_a_page_under_a_wrapped_repeated_header():
    # a PDF's text layer: the header repeated on the next page, its cells wrapped in narrow columns
    header = ["申请人情", "况", "自然人", "法人或其", "他组织", "总计", "商业企业", "科研机构", "社会公益", "组织", "法律服务", "机构", "其他"]
    blocks = join_wrapped(["3.危及“三安全一稳", *header, "定”  0  0  0  0  0  0  0"])
    assert blocks[0] == ["3.危及“三安全一稳定”", "0", "0", "0", "0", "0", "0", "0"] and blocks[1:] == header


def test_the_search_for_vanished_blanks_has_its_own_bound():
    from gaar_spiders.report.split import MAX_STEPS, MAX_VANISHING_STEPS

    run = pieces_of("1010000000050000")  # 02's table 4 glued: its totals do not add up
    slots = [Slot("review", r, c, "count", tuple(range(b, b + 4)) if c == "total" else ())
             for b, r in zip((0, 5, 10), ("reconsideration", "litigation_direct", "litigation_after"))
             for c in T.REVIEW_COLUMNS]
    for vanishing in (False, True):
        result = split_run(run, slots, vanishing=vanishing)
        assert result.solutions == [] and result.steps <= MAX_STEPS + MAX_VANISHING_STEPS  # reported, not guessed
