"""Numbers, dates and labels: the small readers every table cell goes through."""

import pytest

from gaar_spiders.report.dates import parse_date
from gaar_spiders.report.encoding import decode_bytes
from gaar_spiders.report.normalize import label_key
from gaar_spiders.report.numbers import money_value, read_cell
from gaar_spiders.report.tables import classify, detect_template


@pytest.mark.parametrize("raw,value", [
    ("0", 0), (" 163", 163), ("+82", 82), ("-3", -3), ("−3", -3), ("1,234", 1234), ("１２３", 123),
    ("０", 0), ("371293.44元", 371293.44), ("103.7万元", 1037000), ("4948.3955万元", 49483955), ("5件", 5),
    ("0 |", 0), ("12 条", 12),
])
def test_numbers(raw, value):
    cell = read_cell(raw)
    assert cell.kind == "number" and cell.value == value


@pytest.mark.parametrize("raw", ["", "—", "——", "/", "／", "无", "-", "　"])
def test_printed_blanks_are_null(raw):
    assert read_cell(raw).kind == "null" and read_cell(raw).value is None


@pytest.mark.parametrize("raw", ["行政许可", "2020-07-06", "12.3.4", "约50", "abc"])
def test_text_is_not_a_number(raw):
    assert read_cell(raw).kind == "text"


def test_money_units():
    assert money_value("1.5", 10_000) == 15000  # 2021 fees column: 万元
    assert money_value("1.5元", 10_000) == 1.5  # an explicit unit wins
    assert money_value("—", 10_000) is None


@pytest.mark.parametrize("text,iso", [
    ("2020-07-06", "2020-07-06"), ("2020年1月20日", "2020-01-20"), ("二〇二一年二月五日", "2021-02-05"),
    ("2019 年 10 月 30 日", "2019-10-30"), ("日期:2020-07-06", "2020-07-06"), ("2020/7/6", "2020-07-06"),
    ("二〇二〇年十二月三十一日", "2020-12-31"), ("２０２２年１月４日", "2022-01-04"), ("2020.07.06", "2020-07-06"),
])
def test_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["", "无", "2020年13月40日", "第二十条"])
def test_not_dates(text):
    assert parse_date(text) is None


def test_labels_fold_width_brackets_space_and_script():
    a = label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    b = label_key("(二)部分公開(區分處理的, 只計這一情形, 不計其他情形) |")
    assert a == b
    assert label_key("1、属于国家秘密") == label_key("1.属于国家秘密")
    assert label_key("结 果 纠 正") == "结果纠正"


@pytest.mark.parametrize("text,key", [
    ("2.其他法律行政止公开", "denied.law_forbidden"),  # a real typo (corpus 02)
    ("（四）无法提供1.本机关不掌握相关政府信息", "unable.not_held"),  # group and row glued (corpus 03)
    ("4.无正当理由大量反复 申请", "rejected.excessive"),
    ("3.危及“三安全一稳定”", "denied.three_safety"),
    ("三、結轉下年度繼續辦理", "requests.carry_forward"),
    ("3.其他", "other.other"),
])
def test_row_labels(text, key):
    tok = classify(text)
    assert tok.kind == "row"
    assert f"{tok.table}.{tok.key}".endswith(key)


def test_other_is_a_column_header_not_the_2021_row():
    assert classify("其他").kind == "header"
    assert classify("总计").kind == "header"


def test_template_from_labels_not_year():
    assert detect_template(["本年新制作数量", "本年新公开数量", "规章"]) == "2019"
    assert detect_template(["本年制发件数", "本年废止件数", "本年收费金额（单位：万元）"]) == "2021"
    assert detect_template(["规章", "一、本年新收政府信息公开申请数量"]) is None


def test_decoding_a_lying_charset():
    html = '<meta charset="utf-8"><p>政府信息公开</p>'.encode("gbk")
    decoded = decode_bytes(html)
    assert "政府信息公开" in decoded.text and decoded.encoding == "gb18030"
    assert "declared utf-8" in decoded.note
    assert decode_bytes("政府".encode("utf-8"), content_type="text/html; charset=GBK").text == "政府"


def test_money_in_wan_yuan_keeps_every_printed_decimal():
    assert money_value("670.376375", 10_000) == 6703763.75  # corpus 08: 行政事业性收费 in 万元
    assert money_value("670.376375万元", 1) == 6703763.75
    assert read_cell("0.000001").value == 0.000001
