"""The words of the synthetic reports and of the portal pages around them.

This is content of the bundled demo sites (what a portal prints), not labels
the parser matches: those live in ``gaar_spiders.report.templates`` and are
read from there. Kept in one module so renderers and portals stay code.
"""

from __future__ import annotations

#: (section key, heading without its numeral), in printed order
SECTIONS = (
    ("overview", "总体情况"),
    ("active", "主动公开政府信息情况"),
    ("requests", "收到和处理政府信息公开申请情况"),
    ("review", "政府信息公开行政复议、行政诉讼情况"),
    ("problems", "存在的主要问题及改进情况"),
    ("other", "其他需要报告的事项"),
)
NUMERALS = "一二三四五六七八九十"

TITLE_FORMAT = "{organ}{year}年政府信息公开工作年度报告"

INTRO = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
    "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。全文包括总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
    "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{organ}办公室联系。"
)

OVERVIEW = (
    "{year}年，{organ}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，坚持“以公开为常态、不公开为例外”原则，"
    "围绕中心工作，持续深化政务公开，不断提升政府工作透明度。",
    "（一）主动公开。全年通过政府网站、政务新媒体、政务公开栏等渠道主动公开政府信息{active_total}条，"
    "及时公开机构职能、政策文件、财政预决算、重点项目等信息。",
    "（二）依申请公开。严格按照法定程序和时限办理政府信息公开申请，全年新收申请{new_total}件，均在法定期限内答复。",
    "（三）政府信息管理。严格执行公文公开属性源头认定制度，落实“三审三校”，对拟公开信息进行保密审查，全年未发生泄密事件。",
    "（四）平台建设。加强政府网站和政务新媒体管理，规范栏目设置，及时更新内容，确保信息发布准确、及时。",
    "（五）监督保障。将政务公开工作纳入年度目标考核，明确专人负责，定期开展自查，及时整改发现的问题。",
)

PROBLEMS = (
    "{year}年，{organ}政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容的深度和广度还需拓展；"
    "二是政策解读形式较为单一；三是工作人员业务能力有待进一步提高。",
    "下一步，将从以下方面加以改进：一是围绕群众关切，进一步丰富公开内容；二是创新解读方式，多运用图表、视频等形式；"
    "三是加强业务培训，提升工作人员依法公开的能力和水平。",
)

OTHER = (
    "{year}年，{organ}未收取信息处理费。",
    "无其他需要报告的事项。",
)

#: organ kinds, by how many requests such an office typically receives
GOVERNMENT_SUFFIX = "人民政府"

#: page chrome of the portals
NAV = ("首页", "政务公开", "办事服务", "互动交流")
NAV_PATHS = ("/", "/zwgk/", "/bsfw/", "/hdjl/")
TOP_LINKS = ("登录", "注册", "无障碍")
BREADCRUMB = "您当前位置：首页 > 政务公开 > 政府信息公开年报"
BREADCRUMB_HOME = "首页"
COLUMN_NAME = "政府信息公开年报"
OPEN_GOV = "政务公开"
INFO_LINE = "日期：{date}  来源：{source}  字号：[大 中 小]  打印 关闭"
QR_PROMPT = "扫一扫在手机打开当前页"
RELATED = "相关链接"
RELATED_SITES = (("中国政府网", "http://www.gov.cn/"),)
FOOTER = "主办单位：{site_name}  网站标识码：{site_id}  备案号：{icp}"
ATTACHMENT = "附件："
NEXT_PAGE = "下一页"
PREV_PAGE = "上一页"
FIRST_PAGE = "首页"
LAST_PAGE = "尾页"
NO_CONTENT = "（此页无正文）"
SIGNED_FORMAT = "{y}年{m}月{d}日"
SERVICE_PAGE_TEXT = "栏目建设中。"
NOT_FOUND = "您访问的页面不存在或已删除。"
SERVER_ERROR = "服务器繁忙，请稍后再试。"
COUNT_FORMAT = "共{pages}页"
LIST_MORE = "更多"
SUB_COLUMNS = "子栏目"

#: documents in a 年报 column that are not the disclosure report
NON_REPORT_TITLE = "{organ}{year}年法治政府建设年度报告"
NON_REPORT_TEXT = (
    "{year}年，{organ}深入学习贯彻习近平法治思想，全面落实法治政府建设实施纲要，现将法治政府建设情况报告如下。",
    "一、主要举措和成效",
    "（一）加强党对法治政府建设的领导。将法治政府建设纳入发展总体规划和年度工作计划，定期研究解决重大问题。",
    "（二）依法全面履行政府职能。深化“放管服”改革，持续优化营商环境。",
    "（三）严格规范公正文明执法。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。",
    "二、存在的不足和原因",
    "法治宣传教育的针对性有待增强，基层执法人员素质有待进一步提高。",
    "三、下一年度推进法治政府建设的主要安排",
    "持续深化依法行政，加强行政执法监督，推进法治政府建设再上新台阶。",
)
YEAR_COLUMN = "年度"

#: the hostile portal (``localportals/hostile.py``): its county, columns and wall pages
HOSTILE_COUNTY = "安澜县"
HOSTILE_SITE_NAME = "安澜县人民政府"
HOSTILE_CALENDAR = "年报日历"
HOSTILE_ARCHIVE = "年报归档"
HOSTILE_HANWEB_COLUMN = "信息公开年报"
HOSTILE_ARCHIVE_ROOM = "安澜县第{n}档案室"
LOGIN_TITLE = "用户登录"
LOGIN_PROMPT = "请登录后查看本页内容。"
LOGIN_FIELDS = ("用户名", "密码", "登录")
WZWS_WAIT = "请稍候，正在验证您的浏览器……"
#: a visit counter as portals print it under a page (the hostile portal's restless failing page)
VISITS = "访问量："

#: Hanweb jcms page chrome (real page 06, 浙江省发改委), for the Hanweb family portals (``cms/jcms.py``)
JCMS_POSITION = "当前位置："
JCMS_PUBLISHED = "发布日期：{date}"
JCMS_VIEWS = "浏览次数："
JCMS_SOURCE = "信息来源："
JCMS_PRINT = "打印"
JCMS_CLOSE = "关闭"
JCMS_SEARCH_PROMPT = "请输入关键字"
JCMS_SCRIPT_MODES = ("简体", "繁体", "无障碍浏览")
JCMS_PRODUCED_BY = "Produced By 大汉网络 大汉版通发布系统"
JCMS_FOOTER = "主办单位：{site_name}　网站标识码：{site_id}　备案号："
JCMS_FOOTER_LINKS = ("网站地图", "联系我们", "安全隐私")
#: the sections of a county's 政务公开 page (the last is the 年报 column)
JCMS_OPEN_SECTIONS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")
JCMS_HOME_NEWS = "今日要闻"
JCMS_NEWS_TITLES = ("{county}召开县政府常务会议研究部署近期重点工作", "{county}开展安全生产大检查",
                    "{county}举办乡村振兴专题培训班")
JCMS_NOTICES = "通知公告"
#: a notice about the reports, not a report: printed beside the list, outside it
JCMS_REPORT_NOTICE = "关于做好{year}年政府信息公开工作年度报告编制发布工作的通知"
JCMS_REPORT_NOTICE_TEXT = ("各乡镇人民政府，县政府各部门：", "按照《中华人民共和国政府信息公开条例》要求，现就做好{year}年"
                           "政府信息公开工作年度报告编制发布工作通知如下。", "请于{next}年1月31日前在本单位网站公开年度报告。")
#: other documents real 年报 columns mix in (crawl README pattern 11; page 04 is a 统计公报,
#: page 07 links a 网站年度报表): decoys of the family portals, never stored as reports
STATS_BULLETIN_TITLE = "{organ}{year}年国民经济和社会发展统计公报"
STATS_BULLETIN_TEXT = (
    "{year}年，全县上下坚持以习近平新时代中国特色社会主义思想为指导，高效统筹经济社会发展，全县经济运行稳中向好。",
    "一、综合",
    "全年实现生产总值(GDP)262.6亿元，按可比价格计算，同比增长5.3％。三次产业结构比例调整为8.7:48.5:42.8。",
    "二、农业",
    "全年农业总产值41.6亿元，按可比价计算增长3.9%。粮食播种面积66.5万亩，粮食产量25.9万吨。",
)
WEBSITE_REPORT_TITLE = "{organ}政府网站工作年度报表（{year}年度）"
WEBSITE_REPORT_TEXT = (
    "根据《政府网站发展指引》要求，现将{organ}{year}年度政府网站工作年度报表予以公开。",
    "网站名称：{organ}门户网站。首页网址及网站标识码见页面底部。",
    "独立用户访问总量：352417个；网站总访问量：1208455次；信息发布总数：4213条。",
    "办事服务：发布服务事项目录；互动交流：收到留言312条，办结留言312条，平均办理时间3天。",
)
#: the 年报 column split by organ group (the subcolumns family portal)
ORGAN_GROUP_COLUMNS = ("县政府年报", "部门年报", "乡镇（街道）年报")
YEAR_AND_BEFORE = "{year}年度及以前"
