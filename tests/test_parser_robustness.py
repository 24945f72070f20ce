"""Bad input never raises out of the parser: a record with a failed check says why."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiers import examples

from gaar_spiders.report import parse_blocks, parse_report

from .golden import SEEDS


def _internal_error(report) -> bool:
    return any(c.detail.startswith("parser error") for c in report.checks)


def _recognised(report):
    return report.check("report.recognised").ok


def test_empty_input():
    for empty in ("", "   \n\n", b""):
        report = parse_report(empty)
        assert _recognised(report) is False
        assert "empty" in report.check("report.recognised").detail
        assert all(c.ok is None for c in report.checks[1:])


def test_binary_input():
    report = parse_report(b"%PDF-1.7\n\x00\x01binary")
    assert _recognised(report) is False and "PDF" in report.check("report.recognised").detail
    report = parse_report(bytes(range(256)) * 4)
    assert _recognised(report) is False and "binary" in report.check("report.recognised").detail


def test_non_report_text():
    report = parse_report("今天天气很好。我们去公园散步，然后回家吃饭。\n" * 5)
    assert _recognised(report) is False
    assert "no report title" in report.check("report.recognised").detail


def test_another_kind_of_document_in_the_column():
    html = ("<html><head><meta name='ArticleTitle' content='2021年法治政府建设年度报告'></head><body>"
            "<div id='zoom'><p>2021年法治政府建设年度报告</p><p>一、主要举措</p><p>推进依法行政。</p></div></body></html>")
    report = parse_report(html)
    assert _recognised(report) is False
    assert "法治政府建设" in report.check("report.recognised").detail


def test_truncated_report_keeps_what_it_found(seed_text):
    text = seed_text("002_e1015790c6b78731.txt")
    cut = text[: text.index("(四)无法提供")]
    report = parse_report(cut)
    assert _recognised(report) is True
    assert report.value("requests", "new", "total") == 1
    assert report.check("cells.complete").ok is False
    assert report.check("requests.balance").ok is None


def test_parse_blocks_reads_rows_like_a_pdf_table():
    blocks = [
        "某县人民政府2022年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
        ["三、本年度办理结果", "（一）予以公开", "3", "0", "0", "0", "0", "0", "3"],
        ["（七）总计", "3", "0", "0", "0", "0", "0", "3"],
        ["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"],
    ]
    report = parse_blocks(blocks)
    assert report.value("requests", "granted", "total") == 3
    assert report.check("requests.balance").ok is True
    assert report.year == 2022


settings_fast = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_fast
@given(st.text(max_size=3000))
def test_any_text(text):
    report = parse_report(text)
    assert not _internal_error(report)


@settings_fast
@given(st.binary(max_size=3000))
def test_any_bytes(data):
    assert not _internal_error(parse_report(data))


@settings_fast
@given(st.sampled_from(sorted(SEEDS)), st.integers(0, 10_000), st.integers(0, 10_000))
def test_any_truncation_of_a_real_report(seed_text, name, start, length):
    text = seed_text(name)
    start = start % len(text)
    assert not _internal_error(parse_report(text[start : start + length]))


@settings_fast
@given(st.sampled_from(sorted(SEEDS)), st.randoms(use_true_random=False))
def test_any_shuffle_of_a_real_report(seed_text, name, rnd: random.Random):
    lines = seed_text(name).split("\n")
    rnd.shuffle(lines)
    assert not _internal_error(parse_report("\n".join(lines)))


@settings_fast
@given(st.lists(st.one_of(st.text(max_size=40), st.lists(st.text(max_size=12), max_size=12)), max_size=80))
def test_any_blocks(blocks):
    assert not _internal_error(parse_blocks(blocks))
