"""Statistics year, page date and report format as real pages print them (docs/parser.md).

One rule per test, on a small page written the way portals write it.
"""

import pytest

from gaar_spiders.report import parse_report

BODY = "一、总体情况\n{body}\n二、主动公开政府信息情况\n本年度主动公开信息20条。\n"


def page(head: str, body: str = "本年度,我镇持续推进政务公开工作。") -> str:
    return head.strip("\n") + "\n" + BODY.format(body=body)


# --- year ---------------------------------------------------------------------------------


def test_year_from_the_title_not_the_publication_date():
    r = parse_report(page("河包镇2020年政府信息公开工作年度报告\n日期:2021-01-29"))
    assert (r.year, r.published_on) == (2020, "2021-01-29")


def test_year_from_a_title_that_prints_it_without_nian():
    r = parse_report(page("自治区人民政府办公厅2022\n政府信息公开工作年度报告"))
    assert r.year == 2022


def test_year_from_the_statistics_period_even_garbled():
    # the site dropped the month digits and 年/月: 202311日起至20231231日止
    r = parse_report(page("", "本年报中所列数据的统计期限自202311日起至20231231日止。"))
    assert r.year == 2023


def test_year_from_a_period_split_by_a_comma():
    r = parse_report(page("", "本报告中所列数据的统计期限自2013年1月1日起,至2013年12月31日止。"))
    assert r.year == 2013


def test_a_founding_year_is_not_the_statistics_year():
    r = parse_report(page("", "永吉街道办事处成立于1986年,单位性质行政单位。2024年,永吉街道扎实推进政务公开。"))
    assert r.year == 2024


def test_a_cited_earlier_report_loses_to_the_statistics_period():
    body = ("我镇认真编制了《田黄镇2020年政府信息公开工作年度报告》,"
            "所列数据的统计期限自2021年1月1日起至12月31日止。")
    assert parse_report(page("", body)).year == 2021


@pytest.mark.parametrize("body", [
    "按照《中山市政府信息公开规定的通知》(中府〔2008〕6号)的要求,2009年度,大涌镇推进公开。",  # notice number
    "到2008年实现全覆盖。2009年度,张义镇推进公开。",  # a plan's target year
])
def test_years_in_notice_numbers_index_numbers_and_targets_are_skipped(body):
    assert parse_report(page("", body)).year == 2009


def test_year_from_an_opening_sentence_when_nothing_else_states_it():
    assert parse_report(page("", "2020年,我街严格按照《条例》的规定推进公开。")).year == 2020


# --- publish date ----------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "发布时间:2021-01-28 14:11", "发布日期:[2021-01-28]", "发表日期:2021-01-28", "公开日期: | 2021-01-28 10:13 |",
    "发文日期 | 2021-01-28 |", "成文日期 2021-01-28 发布日期 2021-01-28", "更新日期:2021-01-28 信息来源:办公室",
    "日期:2021年01月28日   信息来源:市政府办公厅", "时间: 2021-01-28 来源: 珙县卫生健康局",
])
def test_the_pages_date_in_every_label_spelling(line):
    assert parse_report(page("某镇2020年政府信息公开工作年度报告\n" + line)).published_on == "2021-01-28"


def test_publication_label_wins_over_the_written_date_in_a_metadata_table():
    r = parse_report(page("成文日期 2021-01-20 发布日期 2021-01-28\n某镇2020年政府信息公开工作年度报告"))
    assert r.published_on == "2021-01-28"


@pytest.mark.parametrize("line", ["生效日期: | 2024-01-31 | 废止日期: | |", "| 生成日期 | 2024-01-31 16:24:38 | 是否有效 |",
                                  "- 公文生成日期:2024-01-31"])
def test_a_metadata_tables_own_date_when_no_publication_field(line):
    assert parse_report(page("某局2023年政府信息公开工作年度报告\n" + line)).published_on == "2024-01-31"


def test_a_date_run_into_its_time():
    assert parse_report(page("某镇2020年政府信息公开工作年度报告\n发布时间:2021-01-2814:11")).published_on == "2021-01-28"


def test_a_bare_bulleted_date_time_under_the_title():
    assert parse_report(page("某镇2020年政府信息公开工作年度报告\n• 2021-01-28 14:11")).published_on == "2021-01-28"


@pytest.mark.parametrize("line", ["来源:云南省人民政府办公厅          2020-03-31 17:13:25",
                                  "2020-03-31 18:07     来源:广西壮族自治区人民政府办公厅",
                                  "安徽省信息公开  2020/3/31"])
def test_a_byline_date_next_to_the_source_or_site(line):
    assert parse_report(page("某省2019年政府信息公开工作年度报告\n" + line)).published_on == "2020-03-31"


def test_the_signature_date_is_not_the_pages_date():
    text = page("某镇2020年政府信息公开工作年度报告") + "某镇人民政府\n2021年1月20日\n"
    r = parse_report(text)
    assert (r.published_on, r.signed_on) == (None, "2021-01-20")


def test_a_month_only_cover_line_and_dates_in_the_text_are_not_page_dates():
    head = "宿州市人民政府2016年\n政府信息公开工作年度报告\n宿州市人民政府办公室\n2017年3月"
    r = parse_report(page(head, "请于2017年1月15日之前报送。"))
    assert r.published_on is None


# --- format --------------------------------------------------------------------------------------


def test_format_from_a_label_broken_over_lines():
    text = page("某镇2020年政府信息公开工作年度报告", "第二十条第(一)项\n信息内容\n本年新\n制作数量\n本年新\n公开数量")
    r = parse_report(text)
    assert (r.template, r.template_source) == ("2019", "labels")


def test_format_from_a_traditional_label():
    text = page("文昌閣鄉2025年度政府信息公開年度報告", "第二十條第(一)項\n信息內容\n本年製發件數\n本年廢止件數")
    assert parse_report(text).template == "2021"


def test_a_truncated_label_is_no_match():
    text = page("两城镇2020年政府信息公开工作年度报告", "第二十条第(一)项 | |\n信息内容 | 本年新 | 本年新 |")
    assert parse_report(text).template is None


@pytest.mark.parametrize("cited, fmt", [
    ("《关于政府信息公开工作年度报告有关事项的通知》(国办公开办函〔2019〕60号)", "2019"),
    ("《关于印发政府信息公开工作年度报告格式的通知》(国办公开办函〔2021〕30号)", "2021"),
    ("(国办公开办函〔201960)", "2019"),  # the site's garbled form
    ("(国办公开办函〔202130)", "2021"),
    ("按照国办发〔2021〕30号文件要求编制", "2021"),
    ("(国办公开办函〔2019〕60号)及(国办公开办函〔2021〕30号)", "2021"),  # both cited: the newer
])
def test_format_from_a_cited_notice_when_no_label(cited, fmt):
    r = parse_report(page("某局2021年政府信息公开工作年度报告", f"根据{cited}要求,编制本报告。"))
    assert (r.template, r.template_source) == (fmt, "notice")


def test_labels_win_over_a_cited_notice():
    body = "根据(国办公开办函〔2019〕60号)的要求编制。\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数"
    assert parse_report(page("太平镇人民政府2022年政府信息公开工作年度报告", body)).template == "2021"


def test_narrative_report_on_2018_or_before_is_legacy():
    text = ("浙江省2016年政府信息公开工作年度报告\n一、概述\n2016年,我省全面落实政务公开。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息1200条。\n")
    assert parse_report(text).template == "legacy"


def test_traditional_narrative_report_is_legacy():
    text = ("2010年度政府信息公開年度報告\n一、概述\n2010年,我辦高度重視政府信息公開工作。\n"
            "二、主動公開政府信息情況\n全年主動公開信息27條。\n")
    assert parse_report(text).template == "legacy"


def test_a_2019_report_in_the_old_outline_without_its_fee_section_names_no_format():
    text = ("绥宁县人民政府2019年政府信息公开工作年度报告\n一、本年度政府信息公开工作的基本情况\n"
            "2019年,全县各级各部门推进政务公开。\n二、主动公开政府信息的情况\n全年主动公开信息500条。\n")
    r = parse_report(text)
    assert (r.template, r.checks[0].ok) == (None, True)


# --- recognition ---------------------------------------------------------------------------------


def test_a_report_in_the_body_is_recognised_whatever_its_chrome_says():
    text = ("相关链接\n文件下载\n对坊乡2023年政府信息公开工作年度报告\n"
            "一、总体情况\n2023年度,我乡主动公开政府信息1564条。\n二、主动公开政府信息情况\n本年度主动公开信息20条。\n"
            "附件下载:\n相关链接:\n")
    r = parse_report(text)
    assert r.checks[0].ok is True
    assert (r.organ, r.year) == ("对坊乡", 2023)


def test_a_page_with_only_a_title_and_an_attachment_link_points_at_the_attachment():
    text = "对坊乡2023年政府信息公开工作年度报告\n发布时间:2024-01-20\n附件:对坊乡2023年年报.pdf\n"
    r = parse_report(text)
    assert r.checks[0].ok is False and "attachment" in r.checks[0].detail
    assert (r.organ, r.year, r.published_on) == ("对坊乡", 2023, "2024-01-20")


def test_a_flattened_page_with_its_first_heading_run_into_the_text_is_recognised():
    text = ("临洮县新添镇2022年政府信息公开工作年度报告\n根据《条例》要求,现发布本报告。报告中所列数据统计期限为"
            "2022年1月1日到12月31日。 一、总体情况 2022年,我镇强化政府信息公开工作组织领导。")
    r = parse_report(text)
    assert r.checks[0].ok is True and (r.organ, r.year) == ("临洮县新添镇", 2022)
