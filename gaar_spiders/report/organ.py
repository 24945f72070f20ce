"""Which office the report is from: ``organ`` (fullest printed form), ``organ_short``, ``level``.

Real pages name the office in many places, and not all of them are the
reporter. Every reading is collected with its kind, then the most trusted kind
wins (``metawords.ORGAN_SOURCE_RANK``: the report's own statement 现公布X…年度报告,
the title, 由X编制, the page's 发布机构/来源, the office's guide 《X信息公开指南》,
the signature, the contact line 请与X联系, an opening 2023年,X坚持…, and last a
report that calls itself 我乡 and names one 乡). A longer printed form of the
same office found elsewhere (田黄镇 → 邹城市田黄镇人民政府) replaces it.

Refused as organs: pronouns (我镇, 本机关, 全县), portals (X人民政府网站), cited
issuers and documents (X办公室关于…的通知), media (公众号, 公报), generic names
of a tier alone (县政府, 区政府办 as a contact), spam prefixes (cut at the
colon) — none rather than a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import metawords as W
from . import templates as T
from .lazyre import lazy
from .normalize import to_simplified

_CJK = r"\u4e00-\u9fff"
_NAME_CHARS = rf"[{_CJK}()（）]"
_ENDINGS = "|".join(map(re.escape, sorted(set(W.OFFICE_ENDINGS + W.INTERNAL_UNITS), key=len, reverse=True)))
_REPORT_NAME = "(?:" + "|".join(W.REPORT_NAMES) + ")"
_PRONOUN = re.compile("^(?:" + "|".join(map(re.escape, T.ORGAN_PRONOUNS)) + ")")
_TIER_CHARS = W.TIER_CHARS
_ENDING_AT_END = re.compile(rf"(?:{'|'.join(map(re.escape, sorted(W.OFFICE_ENDINGS, key=len, reverse=True)))})$")


_STATEMENTS = [(kind, lazy(p.format(name=_NAME_CHARS, end=_ENDINGS)), needs) for kind, p, needs in W.ORGAN_STATEMENTS]
#: a title: the office before the year (X2022年… / X关于2011年… / X2022 政府信息公开…)
_TITLE_BEFORE_YEAR = re.compile(
    rf"^(?:{W.TITLE_CONNECTIVE})?(?P<o>{_NAME_CHARS}{{2,60}}?)(?:{W.TITLE_CONNECTIVE})?\d{{4}}(?:年|(?={_REPORT_NAME}))"
)
#: a title with the year first (2020年上海市生态环境局政府信息公开…), or with no year (X政府信息公开工作年度报告)
_TITLE_AFTER_YEAR = lazy(rf"^(?:\d{{4}}年度?)?(?P<o>{_NAME_CHARS}{{2,40}}?){_REPORT_NAME}")
#: an opening sentence whose subject is the office: 2023年,大兴乡人民政府坚持… / 2024年,在…下,小营街道办事处…
_OPENING = re.compile(
    rf"(?:^|[。\n])\d{{4}}年度?(?:以来)?[,，](?:在[^,，。]{{0,40}}[,，])?(?P<o>[{_CJK}]{{2,30}}?(?:{'|'.join(W.OFFICE_ENDINGS)}))"
)
#: what may continue an office's name after an ending the lazy match stopped at (镇 → 镇人民政府)
_CONTINUATIONS = W.NAME_CONTINUATIONS
_DEPARTMENT_TAIL = lazy(rf"^[{_CJK}]{{1,10}}?(?:{'|'.join(W.DEPARTMENT_ENDINGS)})")
_VERBISH = W.NOT_NAME_VERBS


@dataclass(frozen=True)
class Reading:
    kind: str  # one of metawords.ORGAN_SOURCE_RANK
    name: str


#: pinyin a mirror injects after characters: 結(jié)合, 辦公(gōng)室 (tone marks, or a short Latin syllable)
_PINYIN = re.compile(r"[(（][a-zA-Z\u00e0-\u00fc\u0101-\u01dc]{1,7}[)）]")


def strip_pinyin(text: str) -> str:
    return _PINYIN.sub("", text)


def is_pronoun(name: str) -> bool:
    return bool(_PRONOUN.match(name))


def clean_name(raw: str, kind: str = "") -> Optional[str]:
    """The office a printed reading names, or None when it names none (pronoun, portal, notice …)."""
    if not raw:
        return None
    name = _TITLE_LABEL.sub("", to_simplified(strip_pinyin(re.sub(r"\s+", "", raw))))  # one spelling, both scripts
    for sep in W.SPAM_SEPARATORS:
        name = name.rsplit(sep, 1)[-1]
    name = name.strip("《》<>〈〉“”\"'|【】[] ")
    if name.endswith("人民"):  # X人民政府信息公开… read as X人民 + 政府信息公开
        name += "政府"
    # a second office reported together: 贵阳市人民政府(市人民政府办公厅) -> 贵阳市人民政府
    name = re.sub(r"[(（][^()（）]*政府[^()（）]*[)）]$", "", name)
    if len(name) < 2 or is_pronoun(name) or name.endswith(W.NOT_ORGAN_ENDINGS):
        return None
    for office in W.DISCLOSURE_OFFICES:  # a government's disclosure office reports for its area
        if name.endswith(office) and len(name) > len(office):
            area = _cut_government(name[: -len(office)])
            return area if len(area) >= 2 and area[-1] in W.AREA_END_CHARS and not is_pronoun(area) else None
    if any(w in name for w in W.NOT_ORGAN_WORDS):
        return None
    if kind in ("contact", "compiler"):  # the office, not its 办公室 (a reporter's own name is kept as printed)
        name = _cut_internal_unit(name)
    ending = _ENDING_AT_END.search(re.sub(r"[(（][^()（）]*[)）]$", "", name))  # 自治区民委(宗教事务局)
    if not ending or ending.start() == 0:
        return None
    if kind in ("opening", "pronoun") and any(w in name for w in _VERBISH):
        return None
    if _tier_government(name):  # 县人民政府 / 区政府办: a superior government or a portal's owner, not a name
        return None
    if kind == "opening" and ending.group(0) == "政府" and name[ending.start() - 1] not in W.AREA_END_CHARS:
        return None
    return name


def is_generic(name: str) -> bool:
    """A tier's name without its place (县政府办, 区经济信息委, 省外事办): trusted only when nothing else is read."""
    if not name or name[0] not in _TIER_CHARS:
        return False
    rest = name[1:]
    first_unit = re.search(f"[{W.AREA_END_CHARS}]", rest)
    return first_unit is None or bool(re.match(r"(?:人民)?政府", rest))


def _tier_government(name: str) -> bool:
    """县政府 / 区人民政府办公室 / 市政府办: a government named by its tier alone (often a superior one)."""
    return name[0] in _TIER_CHARS and bool(re.match(r"(?:人民)?政府", name[1:]))


def _cut_government(area: str) -> str:
    for ending in W.GOVERNMENT_ENDINGS:
        if area.endswith(ending):
            return area[: -len(ending)]
    return area


def _cut_internal_unit(name: str) -> str:
    """将乐县卫生健康局办公室 → 将乐县卫生健康局; a government's general office (县人民政府办公室) stays."""
    for unit in W.INTERNAL_UNITS:
        if name.endswith(unit) and len(name) > len(unit) + 1:
            parent = name[: -len(unit)]
            if parent.endswith(W.UNIT_PARENTS):
                return _cut_internal_unit(parent)
    return name


# --- readings -----------------------------------------------------------------------------


def from_title(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    s = _TITLE_LABEL.sub("", re.sub(r"\s+", "", title))
    m = _TITLE_BEFORE_YEAR.match(s)
    if m:
        return clean_name(m["o"], "title")
    m = _TITLE_AFTER_YEAR.match(s)
    if m:
        name = m["o"]
        if name.endswith("人民"):  # 兴县人民政府信息公开… is 兴县人民政府 + 信息公开
            name += "政府"
        return clean_name(name, "title")
    return None


_TITLE_LABEL = re.compile("^(?:" + "|".join(W.TITLE_LABELS) + r")[:：]?")
_YEAR_START = re.compile(r"^\d{4}\s*年")


def titles_in_head(lines: list[str]) -> list[str]:
    """Offices of titles set on two lines, as Word/PDF and many pages print them:
    宿州市人民政府2016年 / 政府信息公开工作年度报告, and 城口县人民政府机关 / 2020年政府信息公开工作年度报告."""
    found = []
    for prev, line in zip(lines, lines[1:]):
        prev, line = prev.strip(), line.strip()
        if not prev or not line or len(prev) > 40 or "报告" not in line and "年报" not in line:
            continue
        if re.search(r"\d{4}", prev) and re.match(_REPORT_NAME, line):
            name = from_title(prev + line)
        elif _YEAR_START.match(line) and not re.search(r"\d", prev):
            name = clean_name(prev, "title")
        else:
            continue
        if name:
            found.append(name)
    return found


def _extend(text: str, end: int, name: str) -> str:
    rest = text[end:]
    for cont in _CONTINUATIONS:
        if rest.startswith(cont):
            if cont == "政府" and rest[len(cont):].startswith("信息公开"):
                return name  # 阿坝州政府信息公开工作 is 阿坝州 + 政府信息公开
            return name + cont
    if name[-1] in "市县区州省":
        m = _DEPARTMENT_TAIL.match(rest)
        if m and not any(v in m.group(0) for v in _VERBISH):
            return name + m.group(0)
    return name


def from_opening(folded: str) -> Optional[str]:
    for m in _OPENING.finditer(folded[:4000]):
        name = _extend(folded, m.end(), m["o"])
        cleaned = clean_name(name, "opening")
        if cleaned:
            return cleaned
    return None


def from_statements(folded: str) -> list[Reading]:
    """Readings from sentences that name the reporting office (现公布X…, 由X编制, 请与X联系, 《X指南》)."""
    readings = []
    for kind, pattern, needs in _STATEMENTS:
        if needs and not any(word in folded for word in needs):
            continue
        for m in pattern.finditer(folded):
            name = clean_name(m["o"], kind)
            if name:
                readings.append(Reading(kind, name))
    return readings


_PRONOUN_NAME = lazy(
    rf"(?:^|(?<=[^{_CJK}\d])|(?<=年)|(?<=通过)|(?<=依托)|(?<=在)|(?<=由)|(?<=和)|(?<=对))(?=(?P<o>[{_CJK}]{{2,16}}?(?:街道|镇|乡)))"
)


def from_pronoun(folded: str) -> Optional[str]:
    """A report that calls itself 我乡/我镇/我街道 and names exactly one 乡/镇/街道 is that office."""
    for pronoun, ending in W.PRONOUN_TIERS:
        if pronoun not in folded:
            continue
        found = {}
        for m in _PRONOUN_NAME.finditer(folded):
            if not m["o"].endswith(ending):
                continue
            name = clean_name(_extend(folded, m.end("o"), m["o"]), "pronoun")
            if name and name.endswith("街道") and not _parents(name):
                continue  # 街道 alone is how a 街道 report calls itself (街道加强…): a name needs 办事处 or its area
            if name:
                key = short_of(name, "township")
                if key not in found or len(name) < len(found[key]):  # the name without the sentence before it
                    found[key] = name
        if len(found) == 1:
            return next(iter(found.values()))
    return None


# --- the choice -------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return name.replace("人民政府", "政府")


def _core(name: str) -> tuple[str, str]:
    n = _norm(name)
    for ending in ("政府", "办事处"):
        if n.endswith(ending) and len(n) > len(ending) + 1:
            return n[: -len(ending)], ending
    return n, ""


_REGION_CHAIN = lazy(rf"^(?:[{_CJK}]{{1,12}}?(?:{'|'.join(W.PARENT_UNITS)})(?:政府)?)+$")


def is_fuller(longer: str, shorter: str) -> bool:
    """``longer`` is the same office printed more fully (a parent area, 人民政府 …)."""
    if len(longer) <= len(shorter):
        return False
    if _norm(longer) == _norm(shorter):
        return True
    core_l, end_l = _core(longer)
    core_s, end_s = _core(shorter)
    if not core_l.endswith(core_s) or (end_s and end_s != end_l):
        return False
    prefix = core_l[: -len(core_s)]
    return not prefix or bool(_REGION_CHAIN.match(prefix))


def choose(readings: list[Reading]) -> Optional[Reading]:
    """The most trusted reading, replaced by a fuller printed form of the same office if one was read.

    A generic name (县政府办) is taken only when no reading names the office with its place."""
    ranked = sorted(readings, key=lambda r: (is_generic(r.name), W.ORGAN_SOURCE_RANK.index(r.kind)))
    if not ranked:
        return None
    best = ranked[0]
    for other in ranked[1:]:
        if is_fuller(other.name, best.name):
            best = Reading(best.kind, other.name)
    return best


# --- organ_short and level ----------------------------------------------------------------------


_PARENT = re.compile(rf"^[{_CJK}]{{2,}}?(?:{'|'.join(W.PARENT_UNITS)})(?:人民政府)?")


def _parents(name: str) -> list[str]:
    """The parent areas a name starts with (重庆市渝中区经济… → 重庆市, 渝中区), each at least 2 characters
    before its unit, so that a name such as 新市镇 or 兴县 is never cut into an area."""
    found, rest = [], name
    while True:
        m = _PARENT.match(rest)
        if not m or len(rest) - m.end() < 2:
            return found
        found.append(m.group(0))
        rest = rest[m.end():]


def _strip_parents(name: str, keep_last: bool) -> str:
    """Drop the parent areas before a name (宿城区中扬镇 → 中扬镇); ``keep_last`` keeps the name's own
    tier (重庆市渝中区经济和信息化委员会 → 渝中区经济和信息化委员会)."""
    parents = _parents(name)
    if keep_last and parents:
        parents = parents[:-1]
    return name[sum(map(len, parents)):]


def level_of(organ: Optional[str], kind: str = "") -> Optional[str]:
    if not organ:
        return None
    core = organ
    for office in W.GENERAL_OFFICES:
        if core.endswith(office) and len(core) > len(office):
            government = core[: -len(office)]
            if kind in ("compiler", "contact") and not _township(government):
                return _area_level(government)  # 由中江县人民政府办公室编制: the county's report
            return "township" if _township(government) else "department"
    core = _cut_government(core)
    if _township(core):
        return "township"
    area = _area_level(core)
    if area:
        return area
    return "department"


def _township(core: str) -> bool:
    core = _cut_government(core)
    return core.endswith(("镇", "乡", "街道", "街道办事处", "办事处", "苏木")) and not core.endswith("自治县")


def _area_level(core: str) -> Optional[str]:
    core = _cut_government(core)
    if core in W.MUNICIPALITIES:
        return "province"
    for level, endings in W.LEVEL_ENDINGS:
        if level == "township":
            continue
        if core.endswith(endings):
            return level
    if core.endswith("市"):
        return "city"
    return None


def short_of(organ: Optional[str], level: Optional[str]) -> Optional[str]:
    """The bare name: 镇/乡/街道 without parents; an area without 人民政府; a department at its own tier."""
    if not organ:
        return None
    if level == "township":
        core = organ
        for ending in W.TOWNSHIP_ENDINGS:
            if core.endswith(ending) and len(core) > len(ending):
                core = core[: -len(ending)]
                if ending in ("街道办事处", "办事处") and not core.endswith("街道"):
                    core += "街道"
                break
        return _strip_parents(core, False)
    if level in ("county", "city", "province"):
        core = organ
        for office in W.GENERAL_OFFICES:
            if core.endswith(office) and len(core) > len(office):
                core = core[: -len(office)]
                break
        core = _cut_government(core)
        return _strip_parents(core, False) if level == "county" else core
    return _strip_parents(organ, True)


def level_from_pronouns(folded: str) -> Optional[str]:
    """The level of a report that never names its office, from how it calls itself (我镇 → township)."""
    counts = {}
    for word, level in W.PRONOUN_LEVELS:
        n = folded.count(word)
        if n:
            counts[level] = counts.get(level, 0) + n
    return max(counts, key=counts.get) if counts else None
