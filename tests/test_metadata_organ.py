"""Which office a report is from, read the way real pages print it (docs/parser.md, "Organ").

Each test is one rule, on a small page written the way portals write it: where
the office is named (title, 由X编制, 现公布X, 发布机构/来源, 《X指南》, the contact
line, the signature, the opening sentence), and what is never the office
(pronouns, portals, cited issuers, addressees, superior governments, spam).
"""

import pytest

from gaar_spiders.report import parse_report

SECTIONS = "一、总体情况\n{body}\n二、主动公开政府信息情况\n本年度主动公开信息20条。\n"


def page(head: str, body: str = "2022年,我镇持续推进政务公开工作。") -> str:
    return head.strip("\n") + "\n" + SECTIONS.format(body=body)


def organ_of(text: str):
    r = parse_report(text)
    return r.organ, r.organ_short, r.level


def test_title_with_the_short_form_of_a_town_names_it():
    r = parse_report(page("中扬镇2022年度政府信息公开工作年度报告"))
    assert (r.organ, r.organ_short, r.level) == ("中扬镇", "中扬镇", "township")


def test_title_with_the_year_first_names_the_office_after_it():
    assert organ_of(page("2020年上海市生态环境局政府信息公开工作年度报告"))[0] == "上海市生态环境局"


def test_title_reading_x_renmin_zhengfu_xinxi_gongkai_keeps_the_government():
    # 兴县人民政府信息公开年度报告: 兴县人民政府 + 信息公开, not 兴县人民 + 政府信息公开
    assert organ_of(page("2015年兴县人民政府信息公开年度报告"))[0] == "兴县人民政府"


def test_title_on_two_lines_office_and_year_then_the_report_name():
    r = parse_report(page("宿州市人民政府2016年\n政府信息公开工作年度报告"))
    assert r.title == "宿州市人民政府2016年政府信息公开工作年度报告"
    assert (r.organ, r.year) == ("宿州市人民政府", 2016)


def test_title_on_two_lines_office_then_year_and_report_name():
    r = parse_report(page("城口县人民政府机关\n2020年政府信息公开工作年度报告"))
    assert r.title == "城口县人民政府机关2020年政府信息公开工作年度报告"
    assert (r.organ, r.organ_short, r.level) == ("城口县人民政府机关", "城口县", "county")


def test_compiler_sentence_names_the_office():
    text = page("", "本年度报告由广州市生态环境局制作。2021年,我局深入推进政务公开。")
    assert organ_of(text)[0] == "广州市生态环境局"


def test_compiler_named_by_its_internal_office_is_the_office_itself():
    text = page("", "本报告是根据《条例》要求,由两城镇人民政府党政办公室编制。")
    assert organ_of(text)[:2] == ("两城镇人民政府", "两城镇")


def test_published_statement_names_the_office():
    text = page("", "根据《条例》规定,现公布绥宁县人民政府2019年政府信息公开工作年度报告。")
    assert organ_of(text) == ("绥宁县人民政府", "绥宁县", "county")


def test_published_statement_drops_a_second_office_reported_together():
    text = page("", "现公布《贵阳市人民政府(市人民政府办公厅)2021年政府信息公开工作年度报告》。")
    assert organ_of(text)[0] == "贵阳市人民政府"


def test_publisher_in_a_metadata_table_header_over_values():
    head = ("索引号 | 公开方式 | 发布机构 |\n116223010139324488/2010-00023 | 主动公开 | 凉州区张义镇人民政府 |\n"
            "根据《条例》,特向社会公布2009年度本机关信息公开年度报告。")
    assert organ_of(page(head))[:2] == ("凉州区张义镇人民政府", "张义镇")


def test_publisher_label_with_a_spam_prefix_keeps_the_office_after_it():
    head = "首页 > 政务公开 > 太平乡\n发布时间:2021-01-28 14:11 信息来源:老虎机游戏:太平乡政府\n"
    assert organ_of(page(head))[0] == "太平乡政府"


@pytest.mark.parametrize("source", ["本网", "原创", "五华县人民政府网站", "中国安徽门户网站"])
def test_source_that_is_the_site_itself_names_no_office(source):
    assert organ_of(page(f"时间:2021-01-21 来源:{source} 浏览次数:-"))[0] is None


def test_the_offices_own_guide_names_it():
    text = page("", "我委将《重庆市渝中区经济和信息化委员会信息公开指南》放置于办事大厅。")
    assert organ_of(text) == ("重庆市渝中区经济和信息化委员会", "渝中区经济和信息化委员会", "department")


def test_contact_line_names_the_office_not_its_general_office():
    text = page("", "如对本报告有任何疑问,请与将乐县卫生健康局办公室联系(电话:2322396)。")
    assert organ_of(text)[0] == "将乐县卫生健康局"


def test_contact_line_naming_a_county_general_office_keeps_it_at_county_level():
    text = page("", "如对本年度报告有任何疑问,请联系:向阳区人民政府办公室,联系电话:0454-8607012。")
    assert organ_of(text) == ("向阳区人民政府办公室", "向阳区", "county")


def test_contact_line_naming_a_governments_disclosure_office_is_the_area():
    text = page("", "如对本报告有任何疑问,请与青岛市政府信息公开办公室联系(电话:0532-85912121)。")
    assert organ_of(text)[:3] == ("青岛市", "青岛市", "city")


def test_signature_block_names_the_office():
    text = page("", "2019年,我厅共办理依申请公开16件。") + "河北省教育厅\n2020年1月15日\n"
    r = parse_report(text)
    assert (r.organ, r.signed_on, r.level) == ("河北省教育厅", "2020-01-15", "department")


def test_opening_sentence_whose_subject_is_the_office():
    text = page("", "2023年,大兴乡人民政府坚持以习近平新时代中国特色社会主义思想为指导。")
    assert organ_of(text) == ("大兴乡人民政府", "大兴乡", "township")


def test_report_calling_itself_by_pronoun_and_naming_one_township_is_that_township():
    text = page("", "现将我乡2014年政府信息公开工作报告公开如下。2014年南薰乡未收取任何政府信息公开费用。")
    assert organ_of(text)[0] == "南薰乡"


def test_a_fuller_printed_form_of_the_same_office_wins():
    text = page("", "我镇认真编制了《田黄镇2020年政府信息公开工作年度报告》。"
                    "如对本年度报告有任何疑问,请与邹城市田黄镇人民政府联系(地址:朝阳街001号)。")
    assert organ_of(text)[:2] == ("邹城市田黄镇人民政府", "田黄镇")


def test_a_tier_name_alone_gives_way_to_the_full_name_printed_elsewhere():
    head = "标   题 县政府办2022年度政府信息公开工作年度报告\n县政府办2022年度政府信息公开工作年度报告"
    text = page(head, "2022年,府谷县人民政府办公室严格贯彻落实《条例》。")
    assert organ_of(text)[0] == "府谷县人民政府办公室"


def test_pronouns_are_never_an_organ_and_still_show_the_level():
    text = page("", "2022年,我镇持续强化组织领导,全镇主动公开政府信息171条。")
    assert organ_of(text) == (None, None, "township")


@pytest.mark.parametrize("body", [
    "2022年,我局通过“略阳县人民政府网站”公开政务信息111条。",  # a hosting portal
    "根据《宁县人民政府办公室关于做好2023年政府信息公开工作年度报告编制发布工作的通知》要求,编制本年度报告。",  # a cited issuer
    "省工信委:\n根据《云南省工业和信息化委员会关于编制发布政府信息公开工作年度报告有关事项的通知》的要求,编制本报告。",  # addressee
    "2022年,我乡通过微信公众号“云端之巅逐梦大兴”发布政府通知公告34条。",  # a WeChat account
    "2023年,在县委、县政府的正确领导下,我局深入推进政务公开。",  # superior governments
])
def test_places_that_name_another_office_give_no_organ(body):
    assert organ_of(page("", body))[0] is None


def test_superior_government_as_source_loses_to_the_title():
    head = "五常市背荫河镇2022年政府信息公开工作年度报告\n日期:2023-01-11 来源:五常市人民政府 访问量:"
    assert organ_of(page(head))[:2] == ("五常市背荫河镇", "背荫河镇")


def test_pinyin_injected_by_a_mirror_is_not_part_of_a_name():
    text = page("", "如對本報告有任何疑問,請與縣自然資源局辦公(gōng)室聯繫。2023年,縣自然資源局緊密結(jié)合實際。")
    assert organ_of(text)[0] == "县自然资源局"


def test_traditional_names_are_given_in_simplified_characters():
    assert organ_of(page("無極縣人民政府2019年政府信息公開工作年度報告"))[:3] == ("无极县人民政府", "无极县", "county")


@pytest.mark.parametrize("organ, level, short", [
    ("镇宁自治县人民政府", "county", "镇宁自治县"),  # 镇 at the start is no town
    ("衢州市衢江区湖南镇政府", "township", "湖南镇"),  # 湖南 is no province here
    ("兴安盟行政公署", "city", "兴安盟"),
    ("大理白族自治州人民政府", "city", "大理白族自治州"),
    ("南关区永吉街道办事处", "township", "永吉街道"),
    ("兴庆区前进街街道办事处", "township", "前进街街道"),
    ("渝中区人民政府大溪沟街道办事处", "township", "大溪沟街道"),
    ("广西壮族自治区", "province", "广西壮族自治区"),
    ("上海市生态环境局", "department", "上海市生态环境局"),
    ("广州市人民政府办公厅", "department", "广州市人民政府办公厅"),  # a general office reporting on itself
    ("大涌镇人民政府办公室", "township", "大涌镇"),  # a town's own office reports for the town
])
def test_level_and_short_name_from_how_the_name_ends(organ, level, short):
    from gaar_spiders.report.organ import level_of, short_of

    assert level_of(organ, "title") == level
    assert short_of(organ, level) == short


def test_a_town_named_like_an_area_is_not_cut_into_one():
    from gaar_spiders.report.organ import short_of

    assert short_of("新市镇人民政府", "township") == "新市镇"
    assert short_of("兴县人民政府", "county") == "兴县"


def test_html_page_metadata_lines_outside_the_reports_container_are_read():
    html = """<html><head><title>年报</title></head><body>
    <div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
    <h1>中扬镇2022年度政府信息公开工作年度报告</h1>
    <div class="info"><span>发布时间：2023-01-31 10:12</span><span> 来源：宿城区中扬镇人民政府</span></div>
    <div class="TRS_Editor"><p>一、总体情况</p><p>2022年,我镇持续推进政务公开工作。</p>
    <p>二、主动公开政府信息情况</p><p>本年度主动公开信息20条。</p></div>
    <div class="footer">主办单位：宿城区人民政府 网站标识码：3213020001</div></body></html>"""
    r = parse_report(html)
    assert (r.organ, r.organ_short, r.published_on, r.year) == ("宿城区中扬镇人民政府", "中扬镇", "2023-01-31", 2022)


def test_a_statement_is_searched_only_where_one_of_its_words_is_and_never_matches_without_one():
    """The organ statements skip a page that lacks every word a statement needs (it is then not
    even compiled: gaar parse starts faster). Taking those words out of real text (the metadev
    openings, the corpus and the seeds) leaves the statement nothing to match: the guard never
    drops a reading."""
    from pathlib import Path

    from gaar_spiders.report import organ
    from gaar_spiders.report.normalize import to_simplified

    data = Path(__file__).parent / "data"
    texts = [p.read_text(encoding="utf-8", errors="ignore")
             for p in [*sorted((data / "metadev" / "docs").iterdir()), *sorted((data / "corpus").glob("*.txt")),
                       *sorted((data / "seeds").glob("*.txt"))]]
    guarded = [(kind, pattern, needs) for kind, pattern, needs in organ._STATEMENTS if needs]
    assert len(guarded) >= 6
    matched = 0
    for text in map(to_simplified, texts):
        for kind, pattern, needs in guarded:
            if pattern.search(text):
                matched += 1
                assert any(word in text for word in needs), (kind, pattern.pattern)
            stripped = text
            for word in needs:
                stripped = stripped.replace(word, "□")
            assert pattern.search(stripped) is None, (kind, pattern.pattern)
    assert matched > 20  # the statements do read these texts
