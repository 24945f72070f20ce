"""The same reports as portals publish them in HTML give the same cells."""

import dataclasses

import pytest

from gaar_spiders.localportals.generator import make_report
from gaar_spiders.localportals.render import render_report_html, render_text_page
from gaar_spiders.report import parse_report
from gaar_spiders.report.model import Cell, Report, Section

from .golden import SEEDS

SECTION_HEADINGS = (
    ("overview", "一、总体情况"),
    ("active", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("review", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
TABLED = [name for name, s in SEEDS.items() if s["fields"]["template"] in ("2019", "2021")]


def golden_report(name: str) -> Report:
    """The seed's known contents as a Report, to be rendered the way portals print tables."""
    spec = SEEDS[name]
    cells = [Cell(t, r, c, v, raw) for (t, r, c), (v, raw) in spec["cells"].items()]
    fields = dict(spec["fields"])
    fields["title"] = fields["title"] or f"{fields['organ']}{fields['year']}年政府信息公开工作年度报告"
    sections = [Section(k, h, "本节内容。" if k in ("overview", "problems", "other") else "") for k, h in SECTION_HEADINGS]
    return Report(cells=cells, sections=sections, **fields)


def cell_map(report):
    return {(c.table, c.row, c.col): (c.value, c.raw) for c in report.cells}


@pytest.mark.parametrize("name", TABLED)
@pytest.mark.parametrize("family,vertical", [("trs", True), ("hanweb", False), ("generic", True)])
def test_seed_as_html_table_page(name, family, vertical):
    expected = golden_report(name)
    html = render_report_html(expected, family=family, vertical_headers=vertical)
    assert "rowspan" in html and "colspan" in html
    report = parse_report(html, url="http://www.example.gov.cn/a.html")
    got = cell_map(report)
    want = cell_map(expected)
    if name.startswith("001"):
        # the seed prints no (七)总计 / 结转 rows; a rendered official table has them blank
        assert {k: got[k] for k in want} == want
        assert got[("requests", "results_total", "total")] == (None, "")
    else:
        assert got == want
    assert report.layout == "html-table"
    assert (report.organ, report.year, report.template) == (expected.organ, expected.year, expected.template)
    assert report.title == expected.title
    assert report.published_on == expected.published_on
    assert report.signed_on == expected.signed_on


def test_gbk_encoded_page_gives_the_same_cells():
    expected = golden_report("004_22022a201ead27fe.txt")
    html = render_report_html(expected, family="trs", encoding="gbk")
    report = parse_report(html.encode("gbk"))
    assert cell_map(report) == cell_map(expected)
    assert report.organ == "道外区巨源镇人民政府"


def test_wrong_charset_declaration_is_decoded_right():
    expected = golden_report("000_acf128b87be38071.txt")
    html = render_report_html(expected, family="hanweb", encoding="utf-8")  # declares utf-8
    report = parse_report(html.encode("gbk"))  # … but the bytes are GBK
    assert cell_map(report) == cell_map(expected)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_text_published_as_paragraphs(name, seed_text):
    spec = SEEDS[name]
    html = render_text_page(seed_text(name), family="generic", title=spec["fields"]["title"] or "年报",
                            published_on="2021-03-01")
    report = parse_report(html)
    assert cell_map(report) == spec["cells"]
    assert (report.organ, report.year, report.template) == (
        spec["fields"]["organ"], spec["fields"]["year"], spec["fields"]["template"])
    assert {c.check: c.ok for c in report.checks} == spec["checks"]


@pytest.mark.parametrize("template,year", [("2019", 2019), ("2019", 2020), ("2021", 2021), ("2021", 2023)])
@pytest.mark.parametrize("seed", range(4))
def test_generated_reports_round_trip(template, year, seed):
    expected = make_report("精河县大河沿子镇人民政府", year, template, seed=seed, broken_arithmetic=seed == 3)
    html = render_report_html(expected, family=("trs", "hanweb", "generic")[seed % 3])
    report = parse_report(html)
    assert cell_map(report) == cell_map(expected)
    assert report.template == template
    assert report.year == year
    failed = {c.check for c in report.checks if c.ok is False}
    assert bool(failed & {"requests.balance", "requests.results_total", "requests.row_total", "review.row_total"}) == (seed == 3)


def _with_cells(report: Report, **raws) -> Report:
    """A copy of ``report`` whose active cells ``row__col`` are printed as given."""
    from gaar_spiders.report.numbers import read_cell

    cells = []
    for c in report.cells:
        key = f"{c.row}__{c.col}"
        if c.table == "active" and key in raws:
            c = dataclasses.replace(c, raw=raws[key], value=read_cell(raws[key]).value)
        cells.append(c)
    return dataclasses.replace(report, cells=cells)


def test_signed_changes_in_a_2019_report():
    base = make_report("遂溪县城月镇人民政府", 2019, "2019", seed=7)
    expected = _with_cells(base, licensing__change="+82", penalties__change="-3", coercion__change="0")
    report = parse_report(render_report_html(expected, family="trs"))
    assert report.value("active", "licensing", "change") == 82
    assert report.cell("active", "licensing", "change").raw == "+82"
    assert report.value("active", "penalties", "change") == -3


@pytest.mark.parametrize("raw,yuan", [("103.7万元", 1037000), ("371293.44元", 371293.44), ("4948.3955万元", 49483955)])
def test_procurement_amounts_are_stored_in_yuan(raw, yuan):
    base = make_report("遂溪县人民政府办公室", 2020, "2019", seed=2)
    cells = [dataclasses.replace(c, raw=raw, value=None) if (c.row, c.col) == ("procurement", "amount") else c
             for c in base.cells]
    report = parse_report(render_report_html(dataclasses.replace(base, cells=cells), family="generic"))
    assert report.value("active", "procurement", "amount") == yuan
    assert report.cell("active", "procurement", "amount").raw == raw


def test_2021_fees_column_is_printed_in_wan_yuan():
    base = make_report("哈尔滨市道外区财政局", 2022, "2021", seed=1)
    cells = [dataclasses.replace(c, raw="1.25", value=12500) if (c.row, c.col) == ("fees", "amount") else c
             for c in base.cells]
    report = parse_report(render_report_html(dataclasses.replace(base, cells=cells), family="hanweb"))
    assert report.value("active", "fees", "amount") == 12500
    assert report.cell("active", "fees", "amount").raw == "1.25"
