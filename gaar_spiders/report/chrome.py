"""Removing portal chrome around a report, without Scrapy.

Pages carry a nav bar, login links, a breadcrumb, 日期/来源/字号/打印 lines, QR
prompts, related links and a footer around the report. Three methods, in
order: the known container of the page's CMS family; the report's own
structure (its title … its signature); a text-density fallback that keeps the
element with the most table cells and text. ``cut_report`` does it on the
parsed page, once, and says which method won.

Text input (a page already flattened to text, seed 000) goes through
``strip_lines``: chrome lines are dropped and the lines before the title go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from . import templates as T
from .dates import parse_date
from .lazyre import lazy
from .normalize import to_simplified

#: the chrome-line patterns: those anchored at the line's start are tried there only (one
#: unanchored alternation of them all was tried at every character of every line)
_CHROME_AT_START = re.compile("|".join(f"(?:{p})" for p in T.CHROME_LINE_PATTERNS if p.startswith("^")))
_CHROME_ANYWHERE = re.compile("|".join(f"(?:{p})" for p in T.CHROME_LINE_PATTERNS if not p.startswith("^"))
                              or "(?!)")  # (none: never)
_NAV = re.compile("|".join(map(re.escape, T.NAV_WORDS)))
_PUBLISHED = re.compile(rf"(?:{'|'.join(T.PUBLISHED_ON_LABELS)})\s*[:：]\s*(.{{6,24}})")

#: the containers CMS families put the article in, most specific first, as ``attribute=value``;
#: a class matches any of the element's class tokens
CMS_CONTAINERS = {
    "trs": ("class=TRS_Editor", "class=TRS_UEDITOR", "class=trs_editor_view"),
    "hanweb": ("id=zoom", "id=Zoom"),
    "generic": ("id=UCAP-CONTENT", "class=article-content", "id=content", "id=Content", "id=art_content",
                "id=articleContent", "class=pages_content", "class=view"),
}
_CONTAINER_RANK = {
    tuple(selector.split("=", 1)): (rank, family)
    for rank, (family, selector) in enumerate(
        (family, selector) for family, selectors in CMS_CONTAINERS.items() for selector in selectors)
}


#: the elements a CMS puts an article in
CONTAINER_TAGS = ("div", "td", "article", "section", "main")


def find_containers(doc) -> list[tuple[int, str, object]]:
    """(rank, family, element) of every known CMS container in the page, in one pass."""
    found = []
    for el in doc.iter(*CONTAINER_TAGS):
        ident = el.get("id")
        if ident and ("id", ident) in _CONTAINER_RANK:
            rank, family = _CONTAINER_RANK[("id", ident)]
            found.append((rank, family, el))
        classes = el.get("class")
        if classes:
            for token in classes.split():
                hit = _CONTAINER_RANK.get(("class", token))
                if hit:
                    found.append((hit[0], hit[1], el))
    found.sort(key=lambda f: f[0])
    return found


#: <meta name=…> portals use for the article's metadata
PAGE_META_NAMES = {
    "articletitle": "ArticleTitle",
    "pubdate": "PubDate",
    "siteidcode": "SiteIDCode",
    "contentsource": "ContentSource",
    "columnname": "ColumnName",
    "sitename": "SiteName",
    "keywords": "Keywords",
}


def is_chrome_line(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if _CHROME_AT_START.match(s) or _CHROME_ANYWHERE.search(s):
        return True
    if len(s) <= 80 and len(set(_NAV.findall(s))) >= 3:
        return True
    return False


def published_on_in(line: str) -> Optional[str]:
    m = _PUBLISHED.search(line)
    return parse_date(m.group(1)) if m else None


_REPORT_NAME_START = re.compile(r"^(?:政府信息公开|政务公开|信息公开)")
#: a title's first line: an office and/or a year, nothing else (自治区民委(宗教事务局)2019年度, 2024年南关区永吉街道办事处)
_OFFICE_YEAR_LINE = lazy(r"^(?=.*\d{4})[\u4e00-\u9fff()（）\d\s]{4,40}$")
#: a title broken over lines names an office or a year before the report's name (not a menu's 政府信息 / 公开年报)
_NAMES_SOMETHING = lazy(r"^(?:\S{2,}?\d{4}|\d{4}|[\u4e00-\u9fff()（）]{2,}?(?=政府信息|政务公开|信息公开))")


def _is_title(line: str) -> bool:
    s = to_simplified(line.strip())
    if not (6 <= len(s) <= 80) or s.endswith(("。", "：", ":", "；")):
        return False
    if any(w in s for w in ("现将", "如下", "本报告", "查询", "栏目")):
        return False
    need_a, need_b = T.TITLE_REQUIRED
    return any(a in s for a in need_a) and any(b in s for b in need_b)


def _is_organ_line(text: str) -> bool:
    """A line that is only an office's name (城口县人民政府机关, 淮安市人民政府)."""
    from .organ import clean_name

    return len(text) <= 30 and not re.search(r"\d", text) and clean_name(text, "title") is not None


def find_title(lines: list[str], limit: int = 40) -> tuple[Optional[int], Optional[str], int]:
    """(index, title, number of lines it spans) of the report's title near the top."""
    for i, line in enumerate(lines[:limit]):
        s = line.strip()
        if not s or is_chrome_line(s):
            continue
        if _is_title(s):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            prev = lines[j].strip() if j >= 0 else ""
            # the office printed on its own line above a title that starts with the year:
            # 淮安市人民政府 / 2024年政府信息公开工作年度报告
            if prev and s[:1].isdigit() and _is_organ_line(prev):
                return j, prev + s, i - j + 1
            # the office and year on the first line, the report's name on the second (Word/PDF titles):
            # 宿州市人民政府2016年 / 政府信息公开工作年度报告
            if prev and _REPORT_NAME_START.match(to_simplified(s)) and _OFFICE_YEAR_LINE.match(to_simplified(prev)):
                return j, prev + s, i - j + 1
            return i, s, 1
        # a title broken over two lines: 道外区巨源镇2020年政府信息 / 公开工作年度报告
        if i + 1 < len(lines) and len(s) <= 40:
            nxt = lines[i + 1].strip()
            if (nxt and len(nxt) <= 30 and _is_title(s + nxt) and not _is_title(nxt)
                    and _NAMES_SOMETHING.search(to_simplified(s))):
                return i, s + nxt, 2
    return None, None, 0


@dataclass
class StrippedText:
    lines: list[str]
    title: Optional[str] = None
    published_on: Optional[str] = None
    removed: int = 0
    meta: dict = field(default_factory=dict)


def strip_lines(lines: list[str]) -> StrippedText:
    """Drop chrome lines and everything above the title; keep the 日期 as published_on."""
    published_on = None
    kept: list[str] = []
    removed = 0
    for line in lines:
        if is_chrome_line(line):
            published_on = published_on or published_on_in(line)
            removed += 1
            continue
        kept.append(line)
    idx, title, _span = find_title(kept)
    if idx:
        removed += sum(1 for ln in kept[:idx] if ln.strip())
        kept = kept[idx:]
    while kept and not kept[-1].strip():
        kept.pop()
    return StrippedText(kept, title, published_on, removed)


# --- HTML ---------------------------------------------------------------------------


@dataclass
class StrippedHtml:
    root: object  # the lxml element holding the report
    method: str  # container:<family> | structure | density | whole
    meta: dict = field(default_factory=dict)  # ArticleTitle, PubDate, SiteIDCode, html_title …


def page_meta(doc) -> dict:
    meta = {}
    for el in doc.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        if name in PAGE_META_NAMES and el.get("content"):
            meta[PAGE_META_NAMES[name]] = el.get("content").strip()
    title = doc.find(".//title")
    text = "".join(title.itertext()).strip() if title is not None else ""
    if text:
        meta["html_title"] = text
    return meta


def _text_len(el) -> int:
    from lxml import etree

    return len(etree.tostring(el, method="text", encoding=str).strip())


def _density_pick(doc):
    """The element with the most table cells, then text, that is not the whole page."""
    best, best_score = None, 0.0
    for el in doc.iter("div", "td", "article", "section"):
        cells = sum(1 for _ in el.iter("td"))
        text = _text_len(el)
        links = sum(len("".join(a.itertext())) for a in el.iter("a"))
        if text < 200:
            continue
        score = (cells * 10 + text - 3 * links) / (1 + 0.0005 * text)
        if score > best_score:
            best, best_score = el, score
    return best


def strip_html(doc) -> StrippedHtml:
    """Pick the element that holds the report in a parsed page (container or density)."""
    meta = page_meta(doc)
    for _rank, family, el in find_containers(doc):
        if _text_len(el) >= 50:
            return StrippedHtml(el, f"container:{family}", meta)
    body = doc.find(".//body")
    body = body if body is not None else doc
    picked = _density_pick(body)
    if picked is not None and _text_len(picked) >= 0.3 * max(1, _text_len(body)):
        return StrippedHtml(picked, "density", meta)
    return StrippedHtml(body, "whole", meta)


def strip_blocks(blocks: list) -> tuple[list, Optional[str], Optional[str], int]:
    """The ``strip_lines`` rules over blocks: (blocks, title, published_on, removed)."""
    published_on = None
    kept: list = []
    removed = 0
    for b in blocks:
        if isinstance(b, str) and b and is_chrome_line(b):
            published_on = published_on or published_on_in(b)
            removed += 1
            continue
        kept.append(b)
    lines = [b if isinstance(b, str) else "" for b in kept]
    idx, title, _span = find_title(lines)
    if idx:
        removed += idx
        kept = kept[idx:]
    return kept, title, published_on, removed


def _signature_end(blocks: list) -> Optional[int]:
    """Index just past the report's closing date (under its signature), if there is one."""
    from .metadata import _ORGAN_LINE, _date_only

    lines = [(i, b.strip()) for i, b in enumerate(blocks) if isinstance(b, str) and b.strip()]
    for k in range(len(lines) - 1, 0, -1):
        i, text = lines[k]
        if _date_only(text) and _ORGAN_LINE.match(to_simplified(lines[k - 1][1])):
            return i + 1
    return None


@dataclass
class Cut:
    """The report cut out of a parsed page: its blocks, and how they were found."""

    blocks: list  # prose lines and table rows, chrome lines and what precedes the title removed
    layout: str  # the reader that read the tables (html-table …)
    title: Optional[str]
    published_on: Optional[str]  # from a 日期/发布时间 line among the chrome
    method: str  # container:<family> | structure | density | whole
    meta: dict = field(default_factory=dict)  # the page's metadata (ArticleTitle, PubDate …, published_on)


def cut_report(doc) -> Cut:
    """The report part of a parsed page, from one tree, in this order of methods:

    ``container:<family>`` (TRS_Editor, Hanweb #zoom …); ``structure`` (the
    report's own title … the date under its signature, found in the page's
    blocks); ``density`` (the element with most table cells and text);
    ``whole``. Chrome lines (日期/来源/打印 …) and what precedes the title go.
    """
    from .layouts import html_to_blocks

    picked = strip_html(doc)
    meta = dict(picked.meta)
    if picked.method.startswith("container:"):
        blocks, layout = html_to_blocks(picked.root)
        kept, title, published_on, _removed = strip_blocks(blocks)
        return Cut(kept, layout, title, published_on, picked.method, meta)
    body = doc.find(".//body")
    body = body if body is not None else doc
    blocks, layout = html_to_blocks(body)
    kept, title, published_on, _removed = strip_blocks(blocks)
    if published_on:
        meta.setdefault("published_on", published_on)
    if title:
        end = _signature_end(kept)
        return Cut(kept[:end] if end else kept, layout, title, published_on, "structure", meta)
    if picked.root is not body:  # density: the densest element's own blocks
        blocks, layout = html_to_blocks(picked.root)
        kept, title, published_on, _removed = strip_blocks(blocks)
    return Cut(kept, layout, title, published_on, picked.method, meta)
