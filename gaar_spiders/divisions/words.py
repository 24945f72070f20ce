"""The printed words of an office's name that ``organ_key`` folds, in one table-driven place.

A sibling of ``report/metawords.py`` (which reads the organ off the page): these
tables say which spellings of one office are the same office. Everything is
Simplified (names are folded with OpenCC t2s and NFKC before they are matched).
"""

from __future__ import annotations

#: the office key of a division's own government (县/区/镇/乡 人民政府, 街道办事处 …)
GOVERNMENT = "人民政府"
#: the office key of a government's general office (办公室 / 办公厅 / 政府办)
GENERAL_OFFICE = "人民政府办公室"

#: how a division's own government is printed after the division's name (all fold to GOVERNMENT)
GOVERNMENT_FORMS = ("", "人民政府", "政府", "人民政府机关", "政府机关", "行政公署", "街道办事处", "办事处",
                    "街道办", "人民公社")
#: how its general office is printed (all fold to GENERAL_OFFICE); kept apart from the government
GENERAL_OFFICE_FORMS = ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "人民政府办", "政府办",
                        "办公室", "办公厅")

#: characters that name a tier on their own before an office (区民政局 = the district's 民政局)
TIER_CHARS = "省市县区州镇乡旗盟"
#: office names that start with a tier character which is part of the name, not a tier (市场监督管理局)
TIER_WORD_STARTS = ("市场", "市政", "市容", "市民", "市级", "县域", "乡村", "乡镇", "区域", "镇村")

#: connectors that departments print or leave out (发展和改革委员会 = 发展改革委员会)
CONNECTORS = ("和", "与")
#: endings printed in a short form (卫生健康委 = 卫生健康委员会)
ENDING_FORMS = (("管委会", "管理委员会"), ("委", "委员会"))
#: common short names of county departments, as printed in titles and signatures (after the
#: connectors are removed); the key is the short form, the value the full one
DEPARTMENT_SHORT_NAMES = {
    "发改委": "发展改革委员会",
    "发改局": "发展改革局",
    "人社局": "人力资源社会保障局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "住建局": "住房城乡建设局",
    "住建委": "住房城乡建设委员会",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "文旅局": "文化旅游局",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "退役军人局": "退役军人事务局",
    "教委": "教育委员会",
}
#: a superior's bureau's branch in a county (生态环境局大足区分局): the county's bureau
BRANCH_ENDING = "分局"

#: the name endings of a township-level division (乡/镇/街道 and the Mongolian 苏木)
TOWNSHIP_ENDINGS = ("街道", "镇", "乡", "苏木")
#: how a 街道 is printed besides its listed name (龙岗街道 → 龙岗街道办事处, 龙岗街道办, 龙岗办事处)
STREET_FORMS = ("街道办事处", "街道办", "街道", "办事处")
