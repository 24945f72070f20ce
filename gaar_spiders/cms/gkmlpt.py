"""Guangdong ``gkmlpt`` (政府信息公开目录平台, crawl README pattern 12): one platform for the
province's county portals and their departments, so one adapter reaches hundreds of them.

Built from code descriptions only (hulelan/china-governance ``crawlers/gkmlpt.py``, DIYgod/
RSSHub ``lib/routes/gov/general/general.ts``, crawler code for www.gd.gov.cn and Dongguan
department sites; no page or answer was saved):

- the portal links 政府信息公开 to ``{prefix}/gkmlpt/index``, a JS app shell (``<div id="app">``)
  whose only data is ``window._CONFIG = {SID: '…', TREE: [{id, name, children, post_count,
  jump_url?} …], …}``;
- records come only from ``GET {prefix}/gkmlpt/api/all/{category}?page=N&sid=SID``, JSON
  ``{"articles": [{id, title, url, date, publisher, …}], "total": T}``, 100 a page;
- the 年报 category is found in TREE by name (政府信息公开年报 / 年度报告, the framework's
  column words); a tree leaf with a ``jump_url`` is a link elsewhere, not a list (a 年报 leaf
  that jumps is read as a sub-column, an HTML list, if the portal owns its host);
- departments run their own instance under a path prefix (``/{dept}/gkmlpt/index``), linked
  from a 部门信息公开 page: a page linking two or more such instances is a list whose
  sub-columns they are;
- details ``{prefix}/gkmlpt/content/{a}/{b}/post_{id}.html``, body in ``div.article-content``.

Decisions where the descriptions are silent: a 年报 category with children is asked for
itself and for each descendant list (whether a parent's answer holds its children's
records is not documented; duplicates are harmless), and the size it declares is its
leaves' ``post_count`` (pages: 100 a page); ``date`` is read as epoch seconds (or
milliseconds) in China time, or as a printed date. Local portal:
``localportals/families/gkmlpt.py`` (a county instance and a department instance).
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from urllib.parse import urlencode, urljoin, urlsplit

from gaar_spiders.crawl import links as L
from gaar_spiders.crawl.links import Link, canonical_url

from .base import Adapter, ListPage, Listing

PER_PAGE = 100
_INDEX = re.compile(r"^(?P<prefix>(?:/[^/]+)*)/gkmlpt/index(?:\.html?)?$")
_CONFIG = re.compile(r"window\._CONFIG\s*=\s*\{")
_SID = re.compile(r"""\bSID\s*:\s*(?:["']([^"']+)["']|(\d+))""")
_TREE = re.compile(r"\bTREE\s*:\s*\[")
_CHINA = timezone(timedelta(hours=8))


def _bracketed(text: str, start: int) -> Optional[str]:
    """The JS array or object that opens at ``text[start]``, strings and nesting respected."""
    pairs = {"[": "]", "{": "}"}
    stack, quote, escaped = [], None, False
    for i in range(start, len(text)):
        c = text[i]
        if quote:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c in pairs:
            stack.append(pairs[c])
        elif c in "]}":
            if not stack or stack.pop() != c:
                return None
            if not stack:
                return text[start:i + 1]
    return None


def js_literal(text: str) -> Any:
    """A JS array/object literal as Python: JSON, or JSON once keys are quoted and 'strings' double-quoted."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j, buf = i + 1, []
            while j < len(text) and text[j] != c:
                if text[j] == "\\" and j + 1 < len(text):
                    buf.append(text[j:j + 2])
                    j += 2
                    continue
                buf.append('\\"' if text[j] == '"' else text[j])
                j += 1
            out.append('"' + "".join(buf).replace("\\'", "'") + '"')
            i = j + 1
            continue
        m = re.match(r"([A-Za-z_$][\w$]*)(\s*:)", text[i:])
        if m and (not out or out[-1].rstrip()[-1:] in "{,"):
            out.append(f'"{m[1]}"{m[2]}')
            i += m.end()
            continue
        out.append(c)
        i += 1
    cleaned = re.sub(r",\s*([\]}])", r"\1", "".join(out))
    try:
        return json.loads(cleaned)
    except ValueError:
        return None


def site_config(html: str) -> Optional[dict[str, Any]]:
    """``SID`` and ``TREE`` of a gkmlpt app shell's ``window._CONFIG`` (None when the page has none)."""
    m = _CONFIG.search(html)
    if not m:
        return None
    block = _bracketed(html, m.end() - 1) or html[m.end() - 1:]
    sid = _SID.search(block)
    tree_at = _TREE.search(block)
    tree = js_literal(_bracketed(block, tree_at.end() - 1) or "[]") if tree_at else []
    return {"sid": (sid[1] or sid[2]) if sid else None, "tree": tree if isinstance(tree, list) else []}


def _walk(nodes: list) -> list[dict]:
    found = []
    for node in nodes or []:
        if isinstance(node, dict):
            found.append(node)
            found += _walk(node.get("children") or [])
    return found


def nianbao_nodes(tree: list) -> list[dict]:
    """The topmost TREE nodes named as the 年报 column (their subtrees are the column)."""
    found = []

    def visit(nodes):
        for node in nodes or []:
            if not isinstance(node, dict):
                continue
            if L.classify(str(node.get("name", ""))) == "column":
                found.append(node)
            else:
                visit(node.get("children") or [])

    visit(tree)
    return found


def instance_prefix(url: str) -> Optional[str]:
    """``/lpjyj`` for ``…/lpjyj/gkmlpt/index``, ``""`` for the portal's own instance, None for no instance."""
    m = _INDEX.match(urlsplit(url).path)
    return m["prefix"] if m else None


def _date(value: Any) -> Optional[str]:
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        return datetime.fromtimestamp(seconds, _CHINA).date().isoformat()
    m = re.match(r"(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})", str(value or ""))
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


class GkmlptAdapter(Adapter):
    name = "gkmlpt"
    description = ("Guangdong gkmlpt: the /gkmlpt/index app shell's TREE, records from "
                   "/gkmlpt/api/all/{category}?page=N&sid=SID (JSON, 100 a page); department instances")
    body_container = "div.article-content"

    def detect(self, page: ListPage) -> float:
        if instance_prefix(page.url) is not None or (_CONFIG.search(page.text) and _TREE.search(page.text)):
            return 0.9
        if len(self._instances(page)) >= 2:
            return 0.85  # a 部门信息公开 page: each department's gkmlpt instance
        return 0.0

    @staticmethod
    def _instances(page: ListPage) -> list[Link]:
        """Links to other gkmlpt instances on the page's host (departments' ``/{dept}/gkmlpt/index``)."""
        host, own = urlsplit(page.url).netloc, instance_prefix(page.url)
        return [link for link in page.links if urlsplit(link.url).netloc == host
                and instance_prefix(link.url) not in (None, own)]

    def read_list(self, page: ListPage) -> Listing:
        config = site_config(page.text)
        prefix = instance_prefix(page.url)
        if config is None or (prefix is None and not config["tree"]):
            return Listing(sub_columns=self._instances(page), plan="gkmlpt instances (/{dept}/gkmlpt/index)")
        if prefix is None:  # an app shell served at another path: its API sits beside /gkmlpt/
            path = urlsplit(page.url).path
            prefix = path.split("/gkmlpt/", 1)[0] if "/gkmlpt/" in path else ""
        parts = urlsplit(page.url)
        api = f"{parts.scheme}://{parts.netloc}{prefix}/gkmlpt/api/all/"
        listing = Listing(pages_covered=0, plan=f"gkmlpt API {prefix}/gkmlpt/api/all/{{category}}?page=N&sid=SID, "
                                                f"{PER_PAGE} a page")
        leaves_count, leaves_known, pages = 0, True, 0
        for node in nianbao_nodes(config["tree"]):
            for category in _walk([node]):
                name = str(category.get("name", ""))
                if category.get("jump_url"):
                    if category is node or L.classify(name) == "column":
                        listing.sub_columns.append(Link(canonical_url(urljoin(page.url, str(category["jump_url"]))),
                                                        name))
                    continue
                if category.get("id") in (None, ""):
                    continue
                listing.requests.append(self._page(api, category["id"], 1, config["sid"], name))
                children = [c for c in category.get("children") or [] if isinstance(c, dict) and not c.get("jump_url")]
                if not children:
                    count = category.get("post_count")
                    if isinstance(count, int):
                        leaves_count += count
                        pages += max(1, math.ceil(count / PER_PAGE)) if count else 0
                    else:
                        leaves_known = False
        if listing.requests and leaves_known:
            listing.declared_records, listing.declared_pages = leaves_count, pages
        if not listing.requests and not listing.sub_columns:
            listing.plan = "gkmlpt: no 年报 category in the TREE"
        return listing

    def _page(self, api: str, category: Any, page: int, sid: Optional[str], name: str):
        query = {"page": page, **({"sid": sid} if sid else {})}
        state = {"api": api, "category": category, "sid": sid, "name": name, "page": page}
        return self.request(f"{api}{category}?{urlencode(query)}", answer="json", state=state, page=page)

    def read_answer(self, answer: ListPage, state: dict[str, Any]) -> Listing:
        data = answer.json()
        articles = data.get("articles") if isinstance(data, dict) else None
        if not isinstance(articles, list):
            return Listing(pages_covered=0)
        records = []
        for article in articles:
            if not isinstance(article, dict) or not article.get("url") or not article.get("title"):
                continue
            try:
                url = canonical_url(urljoin(answer.url, str(article["url"]).strip()))
            except ValueError:
                continue
            text = re.sub(r"\s+", "", str(article["title"]))
            records.append(Link(url, text, _date(article.get("date"))))
        total = data.get("total")
        total = total if isinstance(total, int) else None
        listing = Listing(records=records, record_count=len(articles), declared_records=total,
                          declared_pages=math.ceil(total / PER_PAGE) if total else None)
        if state.get("page") == 1 and total:
            listing.requests = [self._page(state["api"], state["category"], n, state["sid"], state["name"])
                                for n in range(2, math.ceil(total / PER_PAGE) + 1)]
        elif total is None and articles:  # no total printed: the next page, until one lists nothing
            listing.requests = [self._page(state["api"], state["category"], state["page"] + 1, state["sid"],
                                           state["name"])]
        return listing


ADAPTERS = [GkmlptAdapter]
