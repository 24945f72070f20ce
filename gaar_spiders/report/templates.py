"""Every printed label GAAR knows, mapped to the schema's keys.

This is the one place where the Chinese text of the report templates lives
(国办公开办函〔2019〕60号, 国办公开办函〔2021〕30号, and the pre-2019 narrative
reports), together with the page chrome and the headings around them. Code
elsewhere reads these tables; it never spells a label itself.

Labels are written here as printed (Simplified, either bracket width); they are
compared after ``normalize.label_key``, which folds width, brackets, whitespace,
punctuation and Traditional characters, so one spelling per label suffices.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE_TEMPLATES = ("2019", "2021")


@dataclass(frozen=True)
class RowLabel:
    """A row of a statistical table.

    ``labels`` are matched exactly (after normalising); ``keywords`` are
    distinctive substrings that also identify the row when a portal mistypes
    or glues the label (其他法律行政止公开, （四）无法提供1.本机关不掌握…).
    """

    table: str
    key: str
    labels: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    templates: tuple[str, ...] = TABLE_TEMPLATES


# --- table `active` (主动公开政府信息情况) -------------------------------------

ACTIVE_ROWS = (
    RowLabel("active", "rules", ("规章",)),
    RowLabel("active", "normative_docs", ("规范性文件", "行政规范性文件")),
    RowLabel("active", "licensing", ("行政许可",)),
    RowLabel("active", "other_services", ("其他对外管理服务事项",), ("对外管理服务事项",), ("2019",)),
    RowLabel("active", "penalties", ("行政处罚",)),
    RowLabel("active", "coercion", ("行政强制",)),
    RowLabel("active", "fees", ("行政事业性收费",)),
    RowLabel("active", "procurement", ("政府集中采购",), (), ("2019",)),
)

#: columns of each active row, in printed order, per template
ACTIVE_COLUMNS = {
    "2019": {
        "rules": ("made", "published", "total"),
        "normative_docs": ("made", "published", "total"),
        "licensing": ("prev_items", "change", "decisions"),
        "other_services": ("prev_items", "change", "decisions"),
        "penalties": ("prev_items", "change", "decisions"),
        "coercion": ("prev_items", "change", "decisions"),
        "fees": ("prev_items", "change"),
        "procurement": ("items", "amount"),
    },
    "2021": {
        "rules": ("issued", "repealed", "in_force"),
        "normative_docs": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalties": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount",),
    },
}

#: active column headers; the template each one belongs to (None: both)
ACTIVE_COLUMN_LABELS = {
    "made": (("本年新制作数量",), "2019"),
    "published": (("本年新公开数量",), "2019"),
    "total": (("对外公开总数量",), "2019"),
    "prev_items": (("上一年项目数量",), "2019"),
    "change": (("本年增/减", "本年增减"), "2019"),
    "decisions": (("处理决定数量",), None),
    "decisions_2021": (("本年处理决定数量",), "2021"),
    "items": (("采购项目数量",), "2019"),
    "amount": (("采购总金额",), "2019"),
    "amount_2021": (("本年收费金额(单位:万元)", "本年收费金额(万元)", "本年收费金额"), "2021"),
    "issued": (("本年制发件数",), "2021"),
    "repealed": (("本年废止件数",), "2021"),
    "in_force": (("现行有效件数",), "2021"),
}

#: money columns: the unit a bare number is printed in, per template (yuan = 1)
MONEY_COLUMNS = {
    ("2019", "procurement", "amount"): 1,
    ("2021", "fees", "amount"): 10_000,
}

# --- table `requests` (收到和处理政府信息公开申请情况) ----------------------------

REQUEST_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "nonprofit",
    "legal_service",
    "other_org",
    "total",
)

REQUEST_COLUMN_LABELS = {
    "natural_person": ("自然人",),
    "commercial": ("商业企业",),
    "research": ("科研机构",),
    "nonprofit": ("社会公益组织",),
    "legal_service": ("法律服务机构",),
    "other_org": ("其他",),
    "total": ("总计",),
}

REQUEST_ROWS = (
    RowLabel("requests", "new", ("一、本年新收政府信息公开申请数量",), ("本年新收",)),
    RowLabel("requests", "carried_over", ("二、上年结转政府信息公开申请数量",), ("上年结转政府信息公开申请",)),
    RowLabel("requests", "granted", ("(一)予以公开", "予以公开")),
    RowLabel("requests", "partial", ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "(二)部分公开"), ("部分公开(区分处理",)),
    RowLabel("requests", "denied.state_secret", ("1.属于国家秘密",), ("属于国家秘密",)),
    RowLabel("requests", "denied.law_forbidden", ("2.其他法律行政法规禁止公开",), ("法规禁止公开", "其他法律行政")),
    RowLabel("requests", "denied.three_safety", ('3.危及"三安全一稳定"',), ("三安全一稳定",)),
    RowLabel("requests", "denied.third_party", ("4.保护第三方合法权益",), ("第三方合法权益",)),
    RowLabel("requests", "denied.internal", ("5.属于三类内部事务信息",), ("三类内部事务",)),
    RowLabel("requests", "denied.process", ("6.属于四类过程性信息",), ("四类过程性",)),
    RowLabel("requests", "denied.enforcement_file", ("7.属于行政执法案卷",), ("行政执法案卷",)),
    RowLabel("requests", "denied.query", ("8.属于行政查询事项",), ("行政查询事项",)),
    RowLabel("requests", "unable.not_held", ("1.本机关不掌握相关政府信息",), ("不掌握相关政府信息",)),
    RowLabel("requests", "unable.needs_creation", ("2.没有现成信息需要另行制作",), ("另行制作",)),
    RowLabel("requests", "unable.unclear", ("3.补正后申请内容仍不明确",), ("仍不明确",)),
    RowLabel("requests", "rejected.petition", ("1.信访举报投诉类申请",), ("信访举报投诉",)),
    RowLabel("requests", "rejected.duplicate", ("2.重复申请",)),
    RowLabel("requests", "rejected.publication", ("3.要求提供公开出版物",), ("公开出版物",)),
    RowLabel("requests", "rejected.excessive", ("4.无正当理由大量反复申请",), ("大量反复",)),
    RowLabel("requests", "rejected.confirmation", ("5.要求行政机关确认或重新出具已获取信息",), ("确认或重新出具", "重新出具已获取")),
    # 2019: one row with values. 2021: the group label over the three rows below
    # (the reader decides from what follows it, see ``GROUP_WHEN_FOLLOWED``).
    RowLabel("requests", "other", ("(六)其他处理",), (), ("2019", "2021")),
    RowLabel("requests", "other.no_correction", ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",), ("逾期不补正",), ("2021",)),
    RowLabel("requests", "other.no_fee", ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",), ("缴纳费用",), ("2021",)),
    RowLabel("requests", "other.other", ("3.其他",), (), ("2021",)),
    RowLabel("requests", "results_total", ("(七)总计",)),
    RowLabel("requests", "carry_forward", ("四、结转下年度继续办理",), ("结转下年度",)),
)

#: labels that head a group of rows and carry no figures of their own
REQUEST_GROUPS = {
    "三、本年度办理结果": "results",
    "(三)不予公开": "denied",
    "(四)无法提供": "unable",
    "(五)不予处理": "rejected",
}

#: a row label that is a group label when the next label is one of these rows
GROUP_WHEN_FOLLOWED = {"other": ("other.no_correction", "other.no_fee", "other.other")}

#: rows whose sum is results_total, per template
RESULT_ROWS = {
    "2019": (
        "granted", "partial",
        "denied.state_secret", "denied.law_forbidden", "denied.three_safety", "denied.third_party",
        "denied.internal", "denied.process", "denied.enforcement_file", "denied.query",
        "unable.not_held", "unable.needs_creation", "unable.unclear",
        "rejected.petition", "rejected.duplicate", "rejected.publication", "rejected.excessive",
        "rejected.confirmation",
        "other",
    ),
}
RESULT_ROWS["2021"] = RESULT_ROWS["2019"][:-1] + ("other.no_correction", "other.no_fee", "other.other")

#: every requests row a template defines, in printed order
REQUEST_TEMPLATE_ROWS = {
    t: ("new", "carried_over") + RESULT_ROWS[t] + ("results_total", "carry_forward")
    for t in TABLE_TEMPLATES
}

# --- table `review` (行政复议、行政诉讼) ---------------------------------------

REVIEW_ROWS = (
    RowLabel("review", "reconsideration", ("行政复议",)),
    RowLabel("review", "litigation_direct", ("未经复议直接起诉", "行政诉讼未经复议直接起诉")),
    RowLabel("review", "litigation_after", ("复议后起诉", "行政诉讼复议后起诉")),
)
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_COLUMN_LABELS = {
    "upheld": ("结果维持",),
    "corrected": ("结果纠正",),
    "other": ("其他结果",),
    "pending": ("尚未审结",),
    "total": ("总计",),
}
#: other headers of the review table (they place the reader in it)
REVIEW_HEADERS = ("行政诉讼", "政府信息公开行政复议、行政诉讼情况")

ROW_LABELS = ACTIVE_ROWS + REQUEST_ROWS + REVIEW_ROWS

#: labels in the active table that only head or describe columns
ACTIVE_HEADERS = ("信息内容", "主动公开政府信息情况")
#: 第二十条第(一)项 … the article headers of the active table
ACTIVE_ARTICLE_PREFIX = "第二十条"
REQUEST_HEADERS = (
    "申请人情况",
    "法人或其他组织",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "收到和处理政府信息公开申请情况",
)

# --- template detection -------------------------------------------------------

#: printed text that only one template has; counted to decide the template
TEMPLATE_MARKERS = {
    "2019": (
        "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
        "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额",
    ),
    "2021": (
        "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
        "逾期不补正", "缴纳费用",
    ),
}

# --- sections -----------------------------------------------------------------

#: (key, keywords): a numbered heading (一、…六、) whose text has a keyword gets the key.
#: First match wins, so the more specific entries come first.
SECTION_KEYS = (
    ("overview", ("总体情况", "概述", "基本情况")),
    ("fees", ("收费及减免", "收费和减免")),
    ("review", ("行政复议", "行政诉讼")),
    ("requests", ("收到和处理", "依申请公开", "依申請公開")),
    ("active", ("主动公开",)),
    ("responses", ("回应社会关切", "回应关切")),
    ("problems", ("存在的主要问题", "主要问题", "不足", "改进")),
    ("other", ("其他需要报告",)),
)
SECTION_NUMERALS = "一二三四五六七八九十"
#: section keys only the narrative (pre-2019) format has: a later report with one is in the old outline
LEGACY_ONLY_SECTIONS = ("fees",)

# --- page chrome (text left around a report by portals) -------------------------

#: lines that are chrome wherever they stand (regular expressions, matched on a stripped line)
CHROME_LINE_PATTERNS = (
    r"^(您|你)(当前|现在)?的?(所在)?位置[:：]",
    r"^当前位置[:：]",
    r"^扫一扫.{0,12}(打开|查看|访问)",
    r"^(打印|关闭|打印本页|关闭窗口|【打印】|【关闭】)(\s*(打印|关闭|分享|收藏|【打印】|【关闭】))*$",
    r"^字号[:：]?\s*(\[?\s*[大中小]\s*\]?\s*)+$",
    r"^(分享到|分享)[:：]?",
    r"^(日期|发布日期|发布时间|来源|信息来源|浏览次数|访问量|点击数|作者)[:：]",
    r"^(标\s*题|文章标题|题\s*目|索\s*引\s*号|发布机构|发文字号|成文日期)[:：\s]",
    r"^(主办单位|承办单位|主办|承办|网站标识码|备案号|网站地图|联系我们)[:：]?",
    r"(ICP备|公网安备|网站标识码)",
    r"^(登录|注册|无障碍|网站无障碍|长者模式|English|繁體|简体)(\s*\|?\s*(登录|注册|无障碍|网站无障碍|长者模式|English|繁體|简体))*$",
    r"^相关(链接|文章|阅读|附件)[:：]?$",
    r"^上一篇[:：]|^下一篇[:：]",
)

#: words that make a short line page navigation when several of them stand on it
NAV_WORDS = (
    "首页", "政务公开", "政府信息公开", "办事服务", "互动交流", "走进", "新闻中心", "网站地图",
    "登录", "注册", "无障碍", "政府网", "IPv6", "渝快办", "政民互动", "公共服务", "数据开放",
)

#: the page metadata lines portals print under the title
PUBLISHED_ON_LABELS = ("日期", "发布日期", "发布时间", "发文日期", "成文日期", "时间")

# --- titles and organs ----------------------------------------------------------

#: a title line: names the disclosure work and is a report
TITLE_REQUIRED = (("政府信息公开", "政务公开", "信息公开"), ("报告", "年报"))
#: endings of an office's name, longest first (signature lines, sentences)
ORGAN_SUFFIXES = (
    "街道办事处", "人民政府办公室", "人民政府办公厅", "人民政府", "管理委员会", "委员会",
    "办公室", "办事处", "管委会", "局", "委", "办", "厅", "院", "中心", "镇", "乡", "街道",
)
#: self-references a report uses for its office: never an organ (我镇, 我局, 本机关 …)
ORGAN_PRONOUNS = ("我", "本机关", "本单位", "本部门", "本镇", "本乡", "本局", "本委", "本办", "本街道", "本区", "本县", "本市",
                  "全镇", "全乡", "全区", "全县", "全市", "全省", "该镇", "该乡", "该局")
#: administrative units that make up a region name (province … county)
REGION_UNITS = ("省", "自治区", "市", "自治州", "地区", "盟", "县", "自治县", "区", "旗")
#: documents often found in a 年报 column that are not the disclosure report
NON_REPORT_TITLE_WORDS = (
    "法治政府建设", "网站工作年度报表", "政务新媒体", "工作要点", "工作总结", "述职", "预算", "决算",
)

# --- legacy prose figures ---------------------------------------------------------

#: (row key, regular expression over Simplified text with one group for the number)
LEGACY_FIGURES = (
    ("active_total", r"(?:累计|全年|共)?主动公开(?:各类)?政府信息(?:共计?)?(\d+)条"),
    ("requests_new", r"(?:共|累计)?收到(?:政府)?信息公开申请(?:共计?)?(\d+)件"),
    ("requests_carried_over", r"上年结转(?:的?申请)?(\d+)件"),
    ("requests_granted", r"予以公开(\d+)件"),
    ("fees_charged", r"收取(?:费用|信息公开费用)(?:共计?)?(\d+(?:\.\d+)?)元"),
    ("reconsideration", r"(?:申请|提起)?行政复议(\d+)件"),
    ("litigation", r"(?:提起)?行政诉讼(\d+)件"),
)
#: sentences that state a figure is zero: (row keys, regular expression)
LEGACY_ZERO_STATEMENTS = (
    (("fees_charged",), r"(没有|未|无)[^。；;]{0,20}收取[^。；;]{0,6}费用"),
    (("reconsideration", "litigation"), r"(没有|未)(发生|出现|收到)?[^。；;]{0,20}(行政复议)[^。；;]{0,20}(行政诉讼)"),
)

# --- crawling: link texts on portals ------------------------------------------------

#: link texts that lead to the annual-report column (or a sub-column of it)
COLUMN_LINK_WORDS = ("政府信息公开年报", "政府信息公开工作年度报告", "信息公开年报", "政务公开年报", "年度报告", "年报")
#: link texts on a home page that lead towards the column
NAV_LINK_WORDS = ("政务公开", "政府信息公开", "信息公开", "政府公开")
#: pager link texts
NEXT_PAGE_WORDS = ("下一页", "下页", "后一页", "下一頁", ">", "›", "»")
#: pager link texts that name the last page (a pager link, not a record)
LAST_PAGE_WORDS = ("尾页", "末页", "最后一页")
#: a page count printed by a pager: 共3页 / 共 3 页 / 共计 3 页 (TRS column templates, real page 01)
PAGE_COUNT_PATTERN = r"共计?\s*(\d{1,4})\s*页"

# --- degraded text: one-line dumps, glued cells, OCR (recover.py, glued.py, prose.py) ------

#: the numbered section headings as the 2019 / 2021 formats (and common variants) print them;
#: in a one-line dump they are split out wherever they stand
SECTION_HEADINGS = (
    "一、总体情况", "一、基本情况", "一、概述",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "四、政府信息公开行政复议和行政诉讼情况",
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "四、因政府信息公开被申请行政复议、提起行政诉讼情况",
    "五、政府信息公开工作存在的主要问题及改进情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

#: printed text that only a statistical table has: a long line holding one of these
#: is looked at for glued labels and cells (a cheap gate, so clean pages pay nothing)
GLUED_TABLE_GATE = (
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "结转下年度继续办理",
    "第二十条", "信息内容", "结果维持", "本年度办理结果",
)

#: page footers and numbers a PDF's text layer leaves between lines, inside tables too:
#: ``— 3 —``, ``- 3 -``, ``－3－``, ``第3页``, ``第 3 页 共 7 页``, ``3/7`` (regular expressions on a stripped line)
PAGE_FOOTER_PATTERNS = (
    r"^[\-—–－~·]+\s*\d{1,4}\s*[\-—–－~·]+$",
    r"^[\-—–－~·]*\s*第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?\s*[\-—–－~·]*$",
    r"^\d{1,4}\s*/\s*\d{1,4}$",
)
#: captions a PDF-to-Markdown converter writes above each piece of a table it split (``## 表三：…``)
TABLE_CAPTION_PATTERN = r"^#{1,6}\s*表[一二三四五六七八九十\d]+\s*[:：]"

#: OCR confusions inside a run of figures: letter → digit
OCR_DIGITS = {"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"}

#: the header lines of an archive dump (标题: … / 发布时间: … / 原文链接: …) → report field
ARCHIVE_FIELDS = {
    "标题": "title", "题目": "title", "文章标题": "title",
    "发布时间": "published_on", "发布日期": "published_on", "成文日期": "published_on", "日期": "published_on",
    "原文链接": "url", "链接": "url", "原文地址": "url", "网址": "url", "url": "url", "URL": "url",
    "来源": "source", "发布机构": "source", "作者": "source",
}

#: figures the prose of a report states, and the table cells they should equal.
#: (key, cells summed, regular expression over Simplified text with whitespace removed,
#: one group for the number). First statement of a key wins.
PROSE_FIGURES = (
    ("requests_new", (("requests", "new", "total"),),
     r"(?:新收|收到|受理|接收)[^。；;]{0,24}?(?:信息公开申请|依申请公开事项|公开申请|申请)(?:共计?|总计)?(\d+)[件个]"),
    ("requests_new", (("requests", "new", "total"),),
     r"(?:新收|收到|受理)(?:政府)?(?:信息公开)?申请(?:共计?)?(\d+)[件个]"),
    ("requests_new", (("requests", "new", "total"),),
     r"(?:收到|受理)(\d+)[件份个](?:以[^。；;，,]{0,12})?(?:政府)?信息公开申请"),
    ("requests_carried_over", (("requests", "carried_over", "total"),), r"上年结转(?:的?申请)?(\d+)件"),
    ("requests_closed", (("requests", "results_total", "total"),), r"办结(?:申请)?(\d+)件"),
    ("reconsideration", (("review", "reconsideration", "total"),),
     r"(?:被申请|申请|提起|发生)行政复议(?:案件)?(?:共计?)?(\d+)[件起]"),
    ("litigation", (("review", "litigation_direct", "total"), ("review", "litigation_after", "total")),
     r"(?:被提起|提起|发生)行政诉讼(?:案件)?(?:共计?)?(\d+)[件起]"),
    ("normative_docs_issued", (("active", "normative_docs", "issued"),), r"制发[^。；;，,]{0,10}?规范性文件(\d+)件"),
    # 全年主动公开市政府规章22件、市政府及市政府办公厅行政规范性文件34件 (the year's new ones, as published)
    ("rules_issued", (("active", "rules", "issued"),), r"(?:制发|制定|出台|主动公开)[^。；;，,]{0,12}?规章(\d+)件"),
    ("normative_docs_issued", (("active", "normative_docs", "issued"),),
     r"(?:印发|出台|主动公开)[^。；;]{0,40}?规范性文件(\d+)件"),
    ("normative_docs_repealed", (("active", "normative_docs", "repealed"),), r"规范性文件[^。；;]{0,16}?废止(\d+)件"),
    ("normative_docs_in_force", (("active", "normative_docs", "in_force"),), r"规范性文件[^。；;]{0,16}?现行有效(\d+)件"),
    ("active_total", (), r"(?:累计|全年|共)?主动公开(?:各类)?(?:政府)?信息(?:共计?)?(\d+)条"),
)
#: a clause is matched against PROSE_FIGURES only if it holds one of these (Simplified or Traditional)
PROSE_KEYWORDS = ("申请", "申請", "复议", "復議", "诉讼", "訴訟", "规范性文件", "規範性文件", "主动公开", "主動公開",
                  "办结", "辦結", "结转", "結轉")
#: 2019 prints made/published/total where 2021 prints issued/repealed/in_force
PROSE_COLUMN_2019 = {"issued": "made"}
