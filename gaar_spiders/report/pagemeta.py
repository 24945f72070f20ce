"""The page's own metadata lines: its date and the office that published it.

Portals print them above the report, where the chrome step removes them:
``发布时间:2021-01-28 14:11  信息来源:太平乡政府``, metadata tables
(``索引号 | … | 发布机构 | 宁县卫生健康局``, as label/value cells or as a header
row over a value row), or a byline (``来源:云南省人民政府办公厅  2020-03-31 17:13``,
``安徽省信息公开  2015/3/27``). They are read here from the page's first lines
before (and whatever) the chrome step drops. A date under the report's
signature is never read here: only the page's head is looked at.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from . import metawords as W
from .dates import find_dates
from .normalize import to_simplified

#: the page's head ends at the first numbered section, or after this many non-empty lines
HEAD_LINES = 45
#: a byline is a short line: a date and a name, nothing else
BYLINE_MAX = 70

_ALL_LABELS = sorted(set(W.PUBLISHED_LABELS + W.GENERATED_LABELS + W.PUBLISHER_LABELS), key=len, reverse=True)
_LABEL_ALT = "|".join(map(re.escape, _ALL_LABELS))
_PUBLISHER_ALT = "|".join(map(re.escape, sorted(W.PUBLISHER_LABELS, key=len, reverse=True)))
#: a label stands at the start of the line or of a cell, or after a blank: never inside a word
_LABELLED = re.compile(rf"(?:^|(?<=[\s|\]】)）]))(?P<label>{_LABEL_ALT})\s*(?P<colon>[:：])?")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_BULLET = re.compile(r"^[•·\-–—*]\s*")
_SENTENCE = re.compile(r"[。；;，,！!？?]")


@dataclass
class PageMeta:
    published_on: Optional[str] = None
    #: 生效日期 / 生成日期 / 公文生成日期: the page's date only when it prints no publication label
    generated_on: Optional[str] = None
    #: an unlabelled date next to the source or site name, or alone under the title
    byline_on: Optional[str] = None
    #: names the page prints as its publisher (发布机构, 来源 …), in order, non-names removed
    publishers: list[str] = field(default_factory=list)
    #: rank (in ``PUBLISHED_LABELS``) of the label the publication date was read from
    published_rank: int = 99

    @property
    def date(self) -> Optional[str]:
        return self.published_on or self.generated_on or self.byline_on


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A head line as metadata is read from it (width folded, Simplified). Cached: the head
    lines of a portal's pages are its chrome, the same on every page, and the metadata and
    organ readers both fold them."""
    return to_simplified(unicodedata.normalize("NFKC", text))


def head_lines(lines: Iterable[str]) -> list[str]:
    """The page's lines above its first numbered section (一、…), at most ``HEAD_LINES`` of them
    (``lines`` is read only as far as that)."""
    out = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if _SECTION.match(s):
            break
        out.append(s)
        if len(out) >= HEAD_LINES:
            break
    return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _label_of(cell: str) -> Optional[str]:
    bare = re.sub(r"[\s:：]", "", cell)
    return bare if bare in _ALL_LABELS else None


def _read_value(meta: PageMeta, label: str, value: str, *, colon: bool) -> None:
    value = value.strip()
    if not value:
        return
    if label in W.PUBLISHER_LABELS:
        name = _publisher_name(value)
        if name:
            meta.publishers.append(name)
        return
    dates = [d for d in find_dates(value) if d[1] <= 2]
    if not dates:
        return
    iso = dates[0][0]
    if label in W.GENERATED_LABELS:
        meta.generated_on = meta.generated_on or iso
    elif colon or label not in ("日期", "时间"):
        rank = W.PUBLISHED_LABELS.index(label)
        if rank < meta.published_rank:  # 发布日期 over 成文日期 when a table prints both
            meta.published_on, meta.published_rank = iso, rank


def _publisher_name(value: str) -> Optional[str]:
    """The office a publisher value names: spam prefixes cut, portals and 本网/原创 refused."""
    value = re.split(r"\s{1,}", value.strip())[0]
    for sep in W.SPAM_SEPARATORS:  # 老虎机游戏:太平乡政府 -> 太平乡政府
        value = value.rsplit(sep, 1)[-1]
    value = value.strip("|【】[]()（） ")
    if len(value) < 2 or any(value.startswith(w) for w in W.PUBLISHER_NON_NAMES):
        return None
    if value.endswith(W.PORTAL_ENDINGS) or not any("\u4e00" <= ch <= "\u9fff" for ch in value):  # no CJK
        return None
    return value


def _labelled_pairs(line: str) -> list[tuple[str, str, bool]]:
    """(label, value, had a colon) for every ``label: value`` on a line, values cut at the next label."""
    found = list(_LABELLED.finditer(line))
    pairs = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(line)
        pairs.append((m["label"], line[m.end():end], bool(m["colon"])))
    return pairs


def _read_pipe_row(meta: PageMeta, cells: list[str], next_cells: Optional[list[str]]) -> None:
    for i, cell in enumerate(cells):
        label = _label_of(cell)
        if label is None:
            continue
        value = cells[i + 1] if i + 1 < len(cells) else ""
        if value and _label_of(value) is None:
            _read_value(meta, label, value, colon=True)
        elif next_cells is not None and len(next_cells) == len(cells):
            # a header row over a value row: 索引号 | 公开方式 | 发布机构 / … | 主动公开 | 凉州区张义镇人民政府
            _read_value(meta, label, next_cells[i], colon=True)


def _byline_date(line: str) -> Optional[str]:
    """A short line holding a date and at most a name (来源/site), or a bulleted date-time alone."""
    if len(line) > BYLINE_MAX or _SENTENCE.search(line):
        return None
    dates = list(find_dates(line))
    if len(dates) != 1:
        return None
    iso, start, end = dates[0]
    rest = _TIME.sub("", line[:start] + " " + line[end:])
    sourced = bool(re.search(rf"(?:{_PUBLISHER_ALT})\s*[:：]", rest))
    rest = re.sub(rf"(?:{_LABEL_ALT})\s*[:：]\s*\S*", " ", rest)
    rest = _BULLET.sub("", rest.strip()).strip(" |【】[]")
    if not rest:  # a bare date(-time) line under the title: numeric dates only (a cover date is not)
        return iso if sourced or re.match(r"\s*[•·\-–—*]?\s*\d{4}[-/.]", line) else None
    words = rest.split()
    if len(words) <= 2 and all(len(w) <= 24 for w in words):
        return iso
    return None


def read_page_meta(lines: list[str]) -> PageMeta:
    """The page's date and publishers from its head lines (raw, before the chrome step)."""
    meta = PageMeta()
    head = [fold(s) for s in head_lines(lines)]
    for i, line in enumerate(head):
        if "|" in line:
            nxt = _cells(head[i + 1]) if i + 1 < len(head) and "|" in head[i + 1] else None
            _read_pipe_row(meta, _cells(line), nxt)
            continue
        pairs = _labelled_pairs(line)
        for label, value, colon in pairs:
            _read_value(meta, label, value, colon=colon)
        if meta.byline_on is None and not any(lab in W.PUBLISHED_LABELS + W.GENERATED_LABELS for lab, _, _ in pairs):
            meta.byline_on = _byline_date(line)
    return meta
