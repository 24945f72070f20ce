"""Chrome (part of the read step): the report cut out of a portal page once, with the method that won."""

import pytest

from gaar_spiders.localportals.generator import make_report
from gaar_spiders.localportals.render import render_report_html, render_text_page
from pipelines.read import read_page

CHROME_TEXT = ("您当前位置", "扫一扫在手机打开当前页", "网站标识码", "主办单位", "登录", "相关链接", "字号")
HTML = {"content-type": "text/html; charset=utf-8"}


def cells(report):
    return {(c.table, c.row, c.col): (c.value, c.raw) for c in report.cells}


@pytest.mark.parametrize("family,method", [("trs", "container:trs"), ("hanweb", "container:hanweb"),
                                           ("generic", "container:generic")])
def test_known_containers_win(family, method):
    report = make_report("遂溪县民政局", 2021, seed=3)
    page = render_report_html(report, family=family)
    outcome = read_page(page.encode("utf-8"), HTML, "http://www.suixi.gov.cn/a.html")
    assert outcome.chrome_method == method
    for chrome in CHROME_TEXT:
        assert chrome not in outcome.report.body_text
    assert outcome.page_meta["ArticleTitle"] == report.title
    assert outcome.page_meta["SiteIDCode"]
    assert cells(outcome.report) == cells(report)
    assert outcome.report.published_on == report.published_on  # from the page's PubDate


def test_report_structure_when_there_is_no_container(seed_text):
    page = render_text_page(seed_text("000_acf128b87be38071.txt"), family="generic",
                            title="邮亭镇年报", published_on="2020-07-06")
    page = page.replace('<div class="article-content">', "<div>").replace('<div class="article">', "<div>")
    outcome = read_page(page.encode("utf-8"), HTML, "http://www.dazu.gov.cn/a.html")
    assert outcome.chrome_method == "structure"
    report = outcome.report
    for chrome in CHROME_TEXT:
        assert chrome not in report.body_text
    assert report.body_text.startswith("重庆市大足区邮亭镇人民政府2019年信息公开工作年度报告")
    assert report.body_text.endswith("2020年1月20日")  # the footer after the signature's date is cut
    assert report.value("active", "licensing", "prev_items") == 163


def test_density_fallback_keeps_the_tables():
    report = make_report("精河县财政局", 2020, seed=5)
    page = render_report_html(report, family="generic")
    # no container, and a title the structure method does not recognise
    page = page.replace('<div class="article">', '<div class="c1">').replace('<div class="article-content">', "<div>")
    page = page.replace(report.title, "通知")
    outcome = read_page(page.encode("utf-8"), HTML, "http://www.xjjh.gov.cn/a.html")
    assert outcome.chrome_method in ("density", "whole")
    assert cells(outcome.report) == cells(report)


def test_plain_text_passes_as_text(seed_text):
    outcome = read_page(seed_text("002_e1015790c6b78731.txt").encode("utf-8"), {}, "file:///x.txt")
    assert outcome.chrome_method == "text"
    assert outcome.status == "parsed"
