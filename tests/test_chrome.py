"""Chrome stripping (pipeline step 2): the report out of a portal page, with the method that won."""

import pytest

from gaar_spiders.localportals.generator import make_report
from gaar_spiders.localportals.render import render_report_html, render_text_page
from gaar_spiders.report import parse_report
from pipelines.chrome import strip_chrome

CHROME_TEXT = ("您当前位置", "扫一扫在手机打开当前页", "网站标识码", "主办单位", "登录", "相关链接", "字号")


def cells(report):
    return {(c.table, c.row, c.col): (c.value, c.raw) for c in report.cells}


@pytest.mark.parametrize("family,method", [("trs", "container:trs"), ("hanweb", "container:hanweb"),
                                           ("generic", "container:generic")])
def test_known_containers_win(family, method):
    report = make_report("遂溪县民政局", 2021, seed=3)
    page = render_report_html(report, family=family)
    result = strip_chrome(page.encode("utf-8"), url="http://www.suixi.gov.cn/a.html")
    assert result.method == method
    for chrome in CHROME_TEXT:
        assert chrome not in result.text
    assert result.meta["ArticleTitle"] == report.title
    assert result.meta["SiteIDCode"]
    parsed = parse_report(result.text)
    assert cells(parsed) == cells(report)
    assert parsed.published_on == report.published_on  # from the page's PubDate


def test_report_structure_when_there_is_no_container(seed_text):
    page = render_text_page(seed_text("000_acf128b87be38071.txt"), family="generic",
                            title="邮亭镇年报", published_on="2020-07-06")
    page = page.replace('<div class="article-content">', "<div>").replace('<div class="article">', "<div>")
    result = strip_chrome(page.encode("utf-8"), url="http://www.dazu.gov.cn/a.html")
    assert result.method == "structure"
    for chrome in CHROME_TEXT:
        assert chrome not in result.text
    report = parse_report(result.text)
    assert report.body_text.startswith("重庆市大足区邮亭镇人民政府2019年信息公开工作年度报告")
    assert report.body_text.endswith("2020年1月20日")
    assert report.value("active", "licensing", "prev_items") == 163


def test_density_fallback_keeps_the_tables():
    report = make_report("精河县财政局", 2020, seed=5)
    page = render_report_html(report, family="generic")
    # no container, and a title the structure method does not recognise
    page = page.replace('<div class="article">', '<div class="c1">').replace('<div class="article-content">', "<div>")
    page = page.replace(report.title, "通知")
    result = strip_chrome(page.encode("utf-8"), url="http://www.xjjh.gov.cn/a.html")
    assert result.method in ("density", "whole")
    assert cells(parse_report(result.text)) == cells(report)


def test_plain_text_passes_as_text(seed_text):
    result = strip_chrome(seed_text("002_e1015790c6b78731.txt").encode("utf-8"), url="file:///x.txt")
    assert result.method == "text"
