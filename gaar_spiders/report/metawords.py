"""The words of report metadata as pages print them: labels, phrases, suffixes.

A sibling of ``templates.py`` (which holds the tables' labels): the printed
words from which the organ, its level, the statistics year, the page's date
and the report's format are read. Code in ``pagemeta.py``, ``organ.py``,
``year.py`` and ``formats.py`` reads these tables and spells none itself.
Everything here is Simplified: text is folded (OpenCC t2s, NFKC) before it is
matched, so Traditional pages match the same words.
"""

from __future__ import annotations

# --- the page's own metadata lines (发布时间: … / 来源: … / 索引号 tables) ------------------

#: labels of the page's publication date, most specific first
PUBLISHED_LABELS = (
    "发布时间", "发布日期", "发表日期", "公开日期", "发文日期", "成文日期", "更新日期", "日期", "时间",
)
#: labels of a metadata table's own dates, used only when the page prints no publication label
GENERATED_LABELS = ("公文生成日期", "生成日期", "生效日期")
#: labels naming the office that published the page (a candidate organ)
PUBLISHER_LABELS = ("发布机构", "发布单位", "发文机关", "信息来源", "文章来源", "来源")
#: values of a publisher label that name no office
PUBLISHER_NON_NAMES = ("本网", "本站", "原创", "网站", "转载", "本单位", "本机关", "其他")
#: words that end a portal's (site's) name: a publisher or a byline that is a website, not an office
PORTAL_ENDINGS = ("网站", "门户网站", "门户", "网", "信息公开", "政务公开", "公众信息网", "政府网")

# --- organs ------------------------------------------------------------------------------

#: sentences in which a report names its office: (kind, pattern with a group ``o``). The kinds
#: rank the readings (``ORGAN_SOURCE_RANK``). ``{name}`` stands for the characters of a name,
#: ``{end}`` for the endings of an office's name (``OFFICE_ENDINGS`` + ``INTERNAL_UNITS``).
#: Matched on folded text (NFKC, Simplified) with whitespace removed.
ORGAN_STATEMENTS = (
    # (kind, pattern, words of which the pattern needs one: a page with none of them is not
    # searched, and the pattern is not even compiled; None: no word to test first)
    # 现公布X2019年… / 现发布《X2024年…》/ 特向社会公布X2022年… / 现将X2009年度政府信息公开情况报告如下
    ("published", r"(?:现|特)(?:向社会)?(?:公布|发布|公开)了?[《<〈]?(?P<o>{name}{{2,40}}?)\d{{4}}年", None),
    ("published", r"现将(?P<o>{name}{{2,40}}?)\d{{4}}年度?(?:政府信息公开|政务公开)", ("现将",)),
    # 编制《X2022年度…》/ 编制X2023年政府信息公开工作年度报告
    ("published", r"编制(?:并发布)?了?[《<〈]?(?P<o>{name}{{2,40}}?)\d{{4}}年度?(?:政府信息公开|政务公开)", ("编制",)),
    # a first line that is the title run into the text: 青神县2015年政府信息公开工作年度报告(以下简称年报)根据…
    ("title", r"^(?P<o>{name}{{2,40}}?)\d{{4}}年度?(?:政府信息公开|政务公开)[^。]{{0,12}}?(?:报告|年报)", None),
    # 本报告内容主要为X2012年度的…
    ("published", r"(?:本报告|本年度报告|本年报)[^。；;]{{0,8}}?(?:为|是)(?P<o>{name}{{2,40}}?)\d{{4}}年",
     ("本报告", "本年度报告", "本年报")),
    # 由X编制 / 由X组织编制 / 由X制作本报告 / 本报告由X根据…编制 (the name ends as an office's does)
    ("compiler", r"由(?P<o>{name}{{2,40}}?(?:{end}))(?:组织|负责)?(?:编制|制作|编写)", ("编制", "制作", "编写")),
    ("compiler", r"由(?P<o>{name}{{2,40}}?(?:{end}))(?:根据|按照|依据|综合|汇总)[^。；;]{{0,80}}?(?:编制|制作)",
     ("编制", "制作")),
    # 请与X联系 / 可与X联系 / 请联系X。/ 请联系:X,
    ("contact", r"(?:请|可)与(?P<o>[^,，。:：;；()（）《》]{{2,40}}?)(?:联系|联络)", ("联系", "联络")),
    ("contact", r"请联系[:：]?(?P<o>[^,，。:：;；()（）《》]{{2,40}}?)[,，。;；(（]", ("请联系",)),
    # the office's own guide: 《X政府信息公开指南》
    ("guide", r"[《<〈](?P<o>{name}{{2,30}}?)(?:政府信息公开|信息公开)指南[》>〉]", ("指南",)),
)
#: the names of the report's subject in a title (X2022年[政府信息公开]工作年度报告)
REPORT_NAMES = ("政府信息公开", "政务公开", "信息公开")
#: a word between the office and the year in a title (大理白族自治州人民政府关于2011年…)
TITLE_CONNECTIVE = "关于"
#: what may continue an office's name after a shorter ending (镇 → 镇人民政府, 街道 → 街道办事处)
NAME_CONTINUATIONS = ("人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办公厅", "街道办事处", "办事处", "政府")
#: endings of a department after an area's name in a sentence (广州市 + 生态环境局)
DEPARTMENT_ENDINGS = ("局", "委员会", "委", "办公室", "厅")
#: the characters that name a tier of government on their own (县政府, 区经济信息委 …)
TIER_CHARS = "省市区县州镇乡"
#: the last character of an area's name (青岛市, 阿坝州, 兴安盟 …)
AREA_END_CHARS = TIER_CHARS + "盟旗"
#: the order in which readings of the organ are trusted (a report names itself first)
ORGAN_SOURCE_RANK = ("published", "title", "compiler", "publisher", "guide", "signature", "contact", "opening",
                     "pronoun")

#: suffixes of the words that end an office's name, longest first (a name is cut after them)
OFFICE_ENDINGS = (
    "街道办事处", "人民政府办公室", "人民政府办公厅", "人民政府机关", "行政公署", "人民政府", "管理委员会",
    "委员会", "办公室", "办公厅", "办事处", "管委会", "政府办", "政府", "局", "委", "办", "厅", "署",
    "中心", "街道", "镇", "乡", "县", "区", "市", "州", "盟", "旗", "省",
)
#: internal units of an office (its general office, a section): cut to reach the office itself.
#: Checked after the office's own name, so 县人民政府办公室 (a general office) is never cut.
INTERNAL_UNITS = (
    "党政综合办公室", "党政办公室", "综合督考办公室", "综合办公室", "党政办", "办公室", "信息室", "政务公开科",
    "政府信息公开处", "信息公开处", "信息处", "科", "股",
)
#: an office whose internal unit the contact line names: its name ends in one of these
UNIT_PARENTS = ("局", "委", "委员会", "镇", "乡", "街道", "办事处", "镇人民政府", "乡人民政府", "镇政府", "乡政府",
                "厅", "中心", "署", "办公室", "办公厅")
#: a government's disclosure office (X政府信息公开办公室): it reports for the area X
DISCLOSURE_OFFICES = (
    "人民政府信息公开工作办公室", "人民政府信息公开办公室", "人民政府信息公开办", "政府信息公开工作办公室",
    "政府信息公开办公室", "政府信息公开办", "政务公开办公室", "政务公开办", "信息公开工作机构", "信息公开办",
)
#: names that are not the reporting office although they end like one: portals, media, notices, halls
NOT_ORGAN_ENDINGS = (
    "网站", "门户网站", "网", "公众号", "微信", "微博", "公报", "日报", "指南", "目录", "平台", "专栏", "大厅",
    "之家", "报告", "通知", "规定", "条例", "办法", "意见",
)
#: words inside a name that show it is a cited document or a sentence, not an office
NOT_ORGAN_WORDS = ("关于", "印发", "做好", "根据", "按照", "要求", "通知", "条例", "我", "本年", "年度", "工作",
                   "网站", "以下简称", "报告", "信息公开", "政务公开")
#: words of a sentence, not of a name: an opening's subject holding one is no office
NOT_NAME_VERBS = ("认真", "坚持", "按照", "严格", "深入", "积极", "全面", "进一步", "持续", "围绕", "紧紧", "高度", "根据",
                  "结合", "以", "在", "把", "将", "对", "通过", "不断", "始终", "切实", "扎实", "紧密", "受理", "接到",
                  "申请", "未", "共", "主动", "公开")
#: self-references and the level they show, for a report that never names its office
PRONOUN_LEVELS = (
    ("我镇", "township"), ("我乡", "township"), ("我街", "township"), ("本镇", "township"), ("本乡", "township"),
    ("全镇", "township"), ("全乡", "township"), ("本街道", "township"),
    ("我局", "department"), ("我委", "department"), ("我办", "department"), ("我厅", "department"),
    ("本局", "department"), ("本委", "department"),
    ("我县", "county"), ("我区", "county"), ("全县", "county"), ("全区", "county"), ("本县", "county"),
    ("我市", "city"), ("全市", "city"), ("全州", "city"), ("我州", "city"), ("全盟", "city"),
    ("我省", "province"), ("全省", "province"), ("全区各族", "province"),
)
#: the labels of a title line in a metadata table (标题: X…)
TITLE_LABELS = ("标题", "文章标题", "题目", "标 题")
#: a report that calls itself by one of these and names one office of the tier is that office
PRONOUN_TIERS = (("我街道", "街道"), ("我乡", "乡"), ("我镇", "镇"))
#: prefixes a mirror or spam puts before a name (a colon-separated prefix is dropped: 老虎机游戏:太平乡政府)
SPAM_SEPARATORS = (":", "：")

#: what a level is read from: the ending of the organ's core name (after 人民政府 … are cut)
LEVEL_ENDINGS = (
    ("township", ("镇", "乡", "街道", "街道办事处", "办事处", "苏木")),
    ("province", ("省", "自治区")),
    ("city", ("自治州", "州", "盟", "地区", "行政公署")),
    ("county", ("自治县", "县", "区", "旗", "自治旗", "特区", "林区")),
)
#: the four municipalities directly under the central government: province level
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
#: a general office of a government: a department when it reports on itself
GENERAL_OFFICES = ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "政府办")
#: endings of a government's own name, cut to reach the bare area (organ_short)
GOVERNMENT_ENDINGS = ("人民政府机关", "人民政府", "行政公署", "政府")
#: endings of a township office, cut to reach the bare 镇/乡/街道 (organ_short)
TOWNSHIP_ENDINGS = ("人民政府办公室", "政府办公室", "人民政府", "政府", "街道办事处", "办事处")
#: region units a parent-area prefix ends with (重庆市渝中区 …)
PARENT_UNITS = ("省", "自治区", "市", "自治州", "州", "地区", "盟", "自治县", "县", "区", "旗")

# --- year -----------------------------------------------------------------------------------

#: where a report states its statistics period; group 1 is the year (folded text, no whitespace)
PERIOD_PATTERNS = (
    r"统计(?:期限|时限|时间|期)[^。；;]{0,12}?(\d{4})年?1月?1日",
    r"(\d{4})年1月1日(?:起)?(?:至|到|-|—|~)(?:\d{4}年)?12月31日",
    r"(?<!\d)(\d{4})1月?1日(?:起)?(?:至|到|-|—)(?:\d{4})?12月?31日",
    r"截至(\d{4})年12月31日",
    r"(?<!\d)(\d{4})年1(?:-|至|—|~)12月",
)
#: a year written in one of these is not the statistics year (a plan, a citation, a founding)
YEAR_TRAPS = (
    r"成立于(\d{4})年", r"于(\d{4})年\d{1,2}月成立", r"(\d{4})年\d{1,2}月\d{1,2}日修订", r"〔(\d{4})〕", r"\[(\d{4})\]",
    r"\((\d{4})\)\d+号", r"(\d{4})-\d{4,}", r"(\d{4})年(?:以前|之前|前)", r"到(\d{4})年", r"(\d{4})年(?:目标|远景)",
)

# --- recognition -----------------------------------------------------------------------------

#: the report's own structure stated in its body, also where a flattened page ran the headings into
#: the text (…联系。一、总体情况 …): an inline first section, or the statistics period of the report
BODY_STRUCTURE_PATTERNS = (
    r"(?:^|[。\s|])一\s*、\s*(?:总体情况|总体概述|概述|基本情况)",
    r"(?:本报告|本年度报告|本年报|年报|报告)[^。]{0,40}?统计(?:期限|时限|时间|期)",
    r"(?:本报告|本年度报告|本年报|报告全文|全文)[^。]{0,12}?(?:包括|由)[^。]{0,80}?(?:组成|部分|等方面|等内容)",
)

# --- formats --------------------------------------------------------------------------------

#: a table label only one format prints (folded, whitespace removed): the label rule
FORMAT_LABELS = (("2021", "本年制发件数"), ("2019", "本年新制作数量"))
#: the format notices reports cite, also in the sites' garbled forms: (format, regular expression)
FORMAT_NOTICES = (
    ("2021", r"[〔(\[【]\s*2021\s*[〕)\]】]?\s*30\s*[号)]"),
    ("2019", r"[〔(\[【]\s*2019\s*[〕)\]】]?\s*60\s*[号)]"),
)
#: the last statistics year of the narrative (pre-2019) format
LAST_LEGACY_YEAR = 2018
#: words of the narrative format's outline (概述, 主动公开, 依申请公开, 收费及减免, 复议诉讼 …)
LEGACY_OUTLINE_WORDS = ("概述", "主动公开", "依申请公开", "收费及减免", "收费和减免", "行政复议", "行政诉讼", "申诉",
                        "政府信息公开工作", "政务公开工作")
