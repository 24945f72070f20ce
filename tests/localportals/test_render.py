"""Synthetic reports add up, and every rendering (HTML, DOCX, PDF) prints every cell where the template puts it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from lxml import html as lxml_html

from tiers import examples

from gaar_spiders.localportals import arithmetic_failures, make_report, render_report_html, render_text_page
from gaar_spiders.localportals.documents import report_to_docx, report_to_pdf
from gaar_spiders.report import templates as T

ORGANS = ("示范县人民政府", "示范县民政局", "示范县城关镇人民政府")
CASES = [(organ, year, seed) for organ in ORGANS for year in (2019, 2022) for seed in (1, 2)]


def cell_text(td) -> str:
    return td.text_content().replace("\xa0", "").strip()


def table_rows(table):
    return [[cell_text(td) for td in tr.findall(".//td")] for tr in table.findall(".//tr")]


# --- generator ------------------------------------------------------------------------------------


def test_same_arguments_same_report():
    assert make_report("示范县民政局", 2020, None, 7) == make_report("示范县民政局", 2020, "2019", 7)
    assert make_report("示范县民政局", 2020, None, 7).cells != make_report("示范县民政局", 2020, None, 8).cells


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2023])
def test_generated_reports_add_up_unless_asked_not_to(year):
    for seed in range(examples(40)):  # 40 in the full suite, fewer in make test-fast
        for organ in ORGANS:
            report = make_report(organ, year, None, seed)
            assert report.template == ("2019" if year < 2021 else "2021")
            assert arithmetic_failures(report) == [], (organ, year, seed)
            assert report.title == f"{organ}{year}年政府信息公开工作年度报告"
            assert report.published_on.startswith(str(year + 1)) and report.signed_on <= report.published_on
            broken = make_report(organ, year, None, seed, broken_arithmetic=True)
            assert arithmetic_failures(broken), (organ, year, seed)


def test_every_template_cell_is_present_once():
    for year in (2019, 2022):
        report = make_report("示范县人民政府", year, None, 3)
        keys = [(c.table, c.row, c.col) for c in report.cells]
        assert len(keys) == len(set(keys))
        template = report.template
        expected = {("active", row, col) for row, cols in T.ACTIVE_COLUMNS[template].items() for col in cols}
        expected |= {("requests", row, col) for row in T.REQUEST_TEMPLATE_ROWS[template] for col in T.REQUEST_COLUMNS}
        expected |= {("review", row.key, col) for row in T.REVIEW_ROWS for col in T.REVIEW_COLUMNS}
        assert set(keys) == expected


def test_printed_forms_vary_like_real_reports():
    reports = [make_report(organ, year, None, seed) for organ in ORGANS for year in (2019, 2020, 2022)
               for seed in range(30)]
    cells = [c for r in reports for c in r.cells]
    changes = [c for c in cells if c.col == "change"]
    assert any(c.raw.startswith("+") and c.value > 0 for c in changes)
    assert any(c.value is not None and c.value < 0 and c.raw == str(c.value) for c in changes)
    blanks = {c.raw for c in cells if c.value is None}
    assert blanks == {"", "—", "/"}
    assert max(c.value for c in cells if c.table == "requests" and c.value is not None) > 500
    procurement = [c for c in cells if c.row == "procurement" and c.col == "amount" and c.value]
    assert any(c.raw.endswith("万元") for c in procurement) and any(c.raw.endswith("元") and not c.raw.endswith("万元")
                                                                  for c in procurement)
    for c in procurement:
        number = Decimal(c.raw.removesuffix("万元").removesuffix("元"))
        assert Decimal(str(c.value)) == (number * 10_000 if c.raw.endswith("万元") else number)
    fees = [c for c in cells if c.row == "fees" and c.col == "amount"]
    assert any(c.value for c in fees)
    for c in fees:
        assert Decimal(str(c.value)) == Decimal(c.raw) * T.MONEY_COLUMNS[("2021", "fees", "amount")]


# --- HTML -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("organ,year,seed", CASES)
@pytest.mark.parametrize("family", ["trs", "hanweb", "generic"])
def test_html_tables_print_every_cell_in_place(family, organ, year, seed):
    report = make_report(organ, year, None, seed)
    page = render_report_html(report, family=family)
    doc = lxml_html.fromstring(page)
    container = {"trs": "//div[contains(@class,'TRS_')]", "hanweb": "//div[@id='zoom']",
                 "generic": "//div[@class='article']"}[family]
    body = doc.xpath(container)
    assert len(body) == 1
    tables = body[0].findall(".//table")
    assert len(tables) == 3
    assert all(t.xpath(".//td[@rowspan]") and t.xpath(".//td[@colspan]") for t in tables[1:])

    def raw(table, row, col):
        return report.cell(table, row, col).raw

    # active: each data row is its label followed by its values
    label_of = {r.key: r.labels for r in T.ACTIVE_ROWS}
    active_rows = table_rows(tables[0])
    for row, cols in T.ACTIVE_COLUMNS[report.template].items():
        printed = next(r for r in active_rows if r[0] in label_of[row])
        assert printed[1:] == [raw("active", row, c) for c in cols], row
    # requests: after the three header rows, one printed row per template row, values last
    request_rows = table_rows(tables[1])[3:]
    assert len(request_rows) == len(T.REQUEST_TEMPLATE_ROWS[report.template])
    for printed, row in zip(request_rows, T.REQUEST_TEMPLATE_ROWS[report.template]):
        assert printed[-7:] == [raw("requests", row, c) for c in T.REQUEST_COLUMNS], row
    # review: one row of fifteen values
    review_values = table_rows(tables[2])[-1]
    assert review_values == [raw("review", r.key, c) for r in T.REVIEW_ROWS for c in T.REVIEW_COLUMNS]


def test_html_page_has_portal_chrome_and_metadata():
    report = make_report("示范县民政局", 2020, None, 1)
    page = render_report_html(report, family="trs")
    doc = lxml_html.fromstring(page)
    assert doc.xpath("//meta[@name='ArticleTitle']/@content") == [report.title]
    assert doc.xpath("//meta[@name='PubDate']/@content")[0].startswith(report.published_on)
    assert doc.xpath("//meta[@name='SiteIDCode']/@content")
    text = doc.text_content()
    for words in ("您当前位置", "扫一扫在手机打开当前页", "相关链接", "主办单位", "网站标识码", "备案号", "字号"):
        assert words in text
    bare = render_report_html(report, family="trs", chrome=False)
    assert "扫一扫" not in bare and report.cell("requests", "new", "total").raw in bare


def test_vertical_headers_break_one_character_per_line():
    report = make_report("示范县民政局", 2020, None, 1)
    page = render_report_html(report, family="generic", vertical_headers=True)
    label = T.REVIEW_COLUMN_LABELS["upheld"][0]
    assert "<br/>".join(label) in page
    assert "<br/>".join(label) not in render_report_html(report, family="generic", vertical_headers=False)


def test_2021_template_prints_its_own_rows_and_columns():
    page = render_report_html(make_report("示范县人民政府", 2022, None, 1), family="hanweb")
    for key in ("other.no_correction", "other.no_fee"):
        assert next(r for r in T.REQUEST_ROWS if r.key == key).labels[0] in page
    for label in ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额（单位：万元）"):
        assert label in page
    assert "政府集中采购" not in page


def test_text_page_keeps_one_paragraph_per_line():
    page = render_text_page("第一行\n\n第二行", family="hanweb", title="标题", published_on="2021-02-05")
    assert "<p>第一行</p>\n<p></p>\n<p>第二行</p>" in page and '<div id="zoom">' in page


# --- DOCX and PDF -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2019, 2022])
def test_docx_tables_are_merged_word_tables_with_every_cell(year):
    import docx

    report = make_report("示范县人民政府", year, None, 5)
    document = docx.Document(io.BytesIO(report_to_docx(report)))
    active, requests, review = document.tables
    assert len(requests.columns) == 10 and len(review.columns) == 15
    assert requests.cell(0, 0)._tc is requests.cell(2, 2)._tc  # the 勾稽关系 note spans 3x3
    assert review.cell(0, 5)._tc is review.cell(0, 14)._tc  # 行政诉讼 spans ten columns
    for i, row in enumerate(T.REQUEST_TEMPLATE_ROWS[report.template]):
        cells = requests.rows[3 + i].cells
        assert [c.text for c in cells[-7:]] == [report.cell("requests", row, c).raw for c in T.REQUEST_COLUMNS]
    assert [c.text for c in review.rows[3].cells] == [report.cell("review", r.key, c).raw
                                                      for r in T.REVIEW_ROWS for c in T.REVIEW_COLUMNS]
    text = "\n".join(p.text for p in document.paragraphs)
    assert report.title in text and report.sections[0].heading in text


@pytest.mark.parametrize("year", [2019, 2022])
def test_pdf_text_and_ruled_tables_read_back_with_pdfplumber(year):
    import pdfplumber

    report = make_report("示范县人民政府", year, None, 5)
    with pdfplumber.open(io.BytesIO(report_to_pdf(report))) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        rows = [row for page in pdf.pages for table in page.extract_tables() for row in table]
    assert report.title in text.replace("\n", "")
    assert report.sections[-1].heading in text
    values = [r[-7:] for r in rows if len(r) >= 8]
    for row in T.REQUEST_TEMPLATE_ROWS[report.template]:
        assert [report.cell("requests", row, c).raw for c in T.REQUEST_COLUMNS] in values, row
    review = [r for r in rows if len(r) == 15][-1]
    assert review == [report.cell("review", r.key, c).raw for r in T.REVIEW_ROWS for c in T.REVIEW_COLUMNS]
