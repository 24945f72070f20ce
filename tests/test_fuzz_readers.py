"""Fuzzing the readers a portal's bytes reach: no exception, and work that grows with the input.

Hypothesis builds HTML, text and bytes from report vocabulary and noise. The
parser's contract is to never raise, so a caught internal error (a reason
starting ``parser error``) fails here too. Work is counted, not timed: the
number of function calls GAAR's code makes (``sys.setprofile``) must stay
within a linear bound of the input's size, and doubling a pathological input must at
most about double it.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from gaar_spiders.crawl import links as L
from gaar_spiders import cms
from gaar_spiders.cms.base import ListPage
from gaar_spiders.cms.hanweb import datastore_records
from gaar_spiders.report import parse_report
from gaar_spiders.report.layouts import html_to_blocks, text_to_blocks

FUZZ = settings(max_examples=250, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: calls = at most BASE + PER_CHAR x input length (a generated report page needs ~0.5/char as
#: HTML, ~7/char as plain text)
BASE, PER_CHAR = 30_000, 100

WORDS = (
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "自然人", "法人或其他组织", "商业企业", "总计",
    "（一）予以公开", "（七）总计", "结转下年度继续办理", "维持", "纠正", "其他结果", "尚未审结", "行政复议", "行政诉讼",
    "示范县人民政府2022年政府信息公开工作年度报告", "2023年1月20日", "日期：2023-01-20", "扫一扫在手机打开当前页",
    "下一页", "共3页", "附件：", "政府信息公开年报", "政务公开", "0", "12", "1,024", "３", "—", "|", "\t", " ", "\u3000",
    "<", ">", "&amp;", "&#x4e00;", "]]>", "锟斤拷", "\ufffd", "�", "\r\n",
)
TAGS = ("div", "p", "span", "table", "tr", "td", "th", "br", "h1", "li", "ul", "script", "style", "a", "b", "font")

words = st.sampled_from(WORDS) | st.text(max_size=12)
line = st.lists(words, min_size=0, max_size=8).map("".join)
text = st.lists(line, max_size=40).map("\n".join)


def _element(children):
    return st.builds(
        lambda tag, attrs, inner: f"<{tag}{attrs}>{''.join(inner)}</{tag}>",
        st.sampled_from(TAGS),
        st.sampled_from(("", ' class="TRS_Editor"', ' id="zoom"', ' colspan="3"', ' rowspan="0"', ' href="/x/2.html"',
                         ' href="?pageNo=2"', ' href="javascript:void(0)"', ' title="示范县2022年政府信息公开工作年度报告"')),
        st.lists(children, max_size=5),
    )


fragment = st.recursive(words.map(lambda w: w.replace("<", "&lt;")), _element, max_leaves=60)
html_page = st.builds(lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>",
                      st.sampled_from(("", '<meta charset="gbk">', '<meta name="ArticleTitle" content="年度报告">',
                                       "<title>示范县2022年政府信息公开工作年度报告_示范县人民政府</title>")),
                      st.lists(fragment, max_size=8).map("".join))


#: GAAR's own code: its Python calls and the C calls it makes are counted; the insides of
#: libraries are not (their caches — re, regex, dateparser's languages — fill and empty
#: with what ran before, not with the input)
_COUNTED = tuple(str(Path(__file__).resolve().parent.parent / d) for d in ("gaar_spiders", "pipelines"))


def calls_of(fn, *args):
    """``(result, function calls GAAR's code made)`` while ``fn`` runs (see _COUNTED)."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call") and frame.f_code.co_filename.startswith(_COUNTED):
            count += 1

    gc.disable()  # a collection (and finalizers of earlier tests' garbage) must not run inside fn
    sys.setprofile(profile)
    try:
        result = fn(*args)
    finally:
        sys.setprofile(None)
        gc.enable()
    return result, count


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Lazy tables and caches are built once, before any work is counted."""
    from gaar_spiders.localportals import make_report, render_report_html

    report = make_report("示范县人民政府", 2022, seed=1)
    html = render_report_html(report, family="trs")
    for source in (html, html.encode("gb18030"), report.body_text, "<p>x</p>", b"\x00"):
        parse_report(source)


def _assert_contract(report, size: int, calls: int) -> None:
    first = report.checks[0]
    assert first.check == "report.recognised"
    assert first.ok is True or not first.detail.startswith("parser error"), first.detail
    assert calls <= BASE + PER_CHAR * size, (calls, size)


@FUZZ
@given(html_page)
def test_parse_report_reads_any_html(html):
    report, calls = calls_of(parse_report, html)
    _assert_contract(report, len(html), calls)


@FUZZ
@given(text)
def test_parse_report_reads_any_text(source):
    report, calls = calls_of(parse_report, source)
    _assert_contract(report, len(source), calls)


@FUZZ
@given(st.binary(max_size=3000) | html_page.map(lambda h: h.encode("gb18030", "replace")))
def test_parse_report_reads_any_bytes(data):
    report, calls = calls_of(parse_report, data)
    _assert_contract(report, len(data), calls)


@FUZZ
@given(html_page)
def test_html_to_blocks_gives_lines_and_rows(html):
    root = etree.fromstring(html, etree.HTMLParser())
    if root is None:
        return
    (blocks, layout), calls = calls_of(html_to_blocks, root)
    assert isinstance(layout, str) and layout.startswith("html-")
    for b in blocks:
        assert isinstance(b, str) or (isinstance(b, list) and all(isinstance(c, str) for c in b))
    assert calls <= BASE + PER_CHAR * len(html)


@FUZZ
@given(text)
def test_text_to_blocks_gives_lines_and_rows(source):
    (blocks, layout), calls = calls_of(text_to_blocks, source.split("\n"))
    assert layout in ("tab", "pipe", "paragraph-cells", "line-cells")
    assert calls <= BASE + PER_CHAR * len(source)


@FUZZ
@given(st.binary(max_size=2000) | st.builds(
    lambda records, total, junk: (f'<?xml version="1.0"?><datastore><totalrecord>{total}</totalrecord><recordset>'
                                  + "".join(f"<record><![CDATA[{r}]]></record>" for r in records) + junk
                                  + "</recordset></datastore>").encode("utf-8", "replace"),
    st.lists(fragment, max_size=5), st.text(max_size=6), st.sampled_from(("", "<record>", "&lol;", "<!ENTITY x 'y'>"))))
def test_hanweb_records_read_any_answer(xml):
    (records, total), calls = calls_of(datastore_records, xml)
    assert all(isinstance(r, str) for r in records)
    assert total is None or total >= 0
    assert calls <= BASE + PER_CHAR * len(xml)


URLS = st.sampled_from(("http://www.a.gov.cn/", "http://www.a.gov.cn/list.jsp?pageNo=3&columnId=1",
                        "http://www.a.gov.cn/zwgk/ndbg/index_4.html", "http://www.a.gov.cn/zwgk/ndbg/7.html",
                        "http://www.a.gov.cn/col/col99/index.html"))


@FUZZ
@given(html_page, URLS)
def test_every_adapter_reads_any_list_page(html, url):
    def read_all():
        page = ListPage.from_html(html, url, column_url=url)
        out = []
        for adapter in cms.adapters():
            score = adapter.detect(page)
            out.append((adapter, score, adapter.read_list(page)))
        return out

    results, calls = calls_of(read_all)
    for adapter, score, listing in results:
        assert 0.0 <= score <= 1.0, adapter.name
        assert all(r.url.startswith("http") for r in listing.requests), adapter.name
        assert listing.declared_pages is None or listing.declared_pages >= 0
        assert set(listing.reports) <= set(listing.records)
    assert calls <= BASE + PER_CHAR * len(html) * len(results)


@FUZZ
@given(line | st.text(max_size=60))
def test_link_classification_takes_any_text(link_text):
    assert L.classify(link_text) in ("report", "non_report", "column", "nav", "other")
    L.title_year(link_text)
    L.is_attachment("http://www.a.gov.cn/" + link_text, link_text)


# --- doubling a pathological input about doubles the work ---------------------------------------------------

PATHOLOGICAL = {
    "pipes": lambda n: "| a | b | c |\n" * n,
    "tabs": lambda n: "\t1\n" * n,
    "headings": lambda n: "一、总体情况\n" * n,
    "titles": lambda n: "示范县人民政府2022年政府信息公开工作年度报告\n" * n,
    "table rows": lambda n: "<table>" + "<tr><td>本年新收政府信息公开申请数量</td><td>1</td></tr>" * n + "</table>",
    "nested tables": lambda n: "<table><tr><td>" * min(n, 80) + "总计" + "</td></tr></table>" * min(n, 80)
                               + "<p>x</p>" * n,
    "empty cells": lambda n: "<table><tr>" + "<td></td>" * n + "</tr></table>",
    "breaks": lambda n: "<p>" + "自<br/>然<br/>人" * n + "</p>",
    "numbers": lambda n: "1 2 3 4 5 6 7\n" * n,
    "chrome lines": lambda n: "日期：2023-01-20 来源：示范县 字号：[大 中 小] 打印 关闭\n" * n,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_work_grows_linearly_with_pathological_input(name):
    make = PATHOLOGICAL[name]
    _, small = calls_of(parse_report, make(300))
    _, large = calls_of(parse_report, make(600))
    assert large <= 2.5 * small + 2_000, (name, small, large)
