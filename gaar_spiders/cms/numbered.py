"""Numbered list files (path-number pagination): ``1.html``, ``2.html`` … or
``{stem}_{N}.{ext}`` beside the column's first file (``index_2.shtml``,
``xxgk_list_2.shtml``, ``list_1.shtml``), read from the pager's links.

Real evidence (crawl README §2 and §3 pattern 8, code only — no saved page):

- ``jyj.yanan.gov.cn``: ``zfxxgknb/1.html`` → ``{N}.html`` (the first page is ``1.html``);
- ``rsj.km.gov.cn`` / ``czj.km.gov.cn``: ``zfxxgknb/`` → ``index_{page}.shtml`` in one and
  ``index_{page + 1}.shtml`` in the other: two numberings of one file name. With TRS's
  (page k = ``index_{k-1}``) the first page's pager links ``index_1``; with the natural one
  (page k = ``index_k``) it never does. The numbering is told from that, and carried to
  the next pages in the request's state;
- ``rsj.qj.gov.cn``: ``list/xxgknb/auto/124.html`` — there the number is the *column's*
  (its siblings ``auto/123.html`` … are other columns), so a number counts as a page only
  when a pager link carries it (its text is the number, 下一页, 尾页 …).

Sequential: each page asks for the next one, up to the count the pager declares (its
highest page, or ``共N页``). TRS pages with TRS markers are the ``trs`` adapter's.
Local portals: ``localportals/families/numbered.py`` and the demo's 遂溪县 (and 青山区,
whose pager shows only 下一页).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import urljoin, urlsplit

from gaar_spiders.crawl.links import Link, canonical_url

from .base import Adapter, ListPage, Listing
from .paging import PagePlan, declared_pages, is_pager_link

_FILE = re.compile(r"^(?P<stem>.+?)\.(?P<ext>s?html?)$")
_PAGE_FILE = re.compile(r"^(?P<n>\d+)\.(?P<ext>s?html?)$")  # 2.html
_STEM_PAGE = re.compile(r"^(?P<stem>.+)_(?P<n>\d+)\.(?P<ext>s?html?)$")  # index_2.shtml


@dataclass(frozen=True)
class Numbering:
    """How one column numbers its list files."""

    style: str  # "N" (2.html) | "stem_N" (index_2.shtml)
    directory: str
    stem: str  # the first file's stem (index, xxgk_list, 124); "" for style N
    ext: str
    offset: int  # 1 when page k is {stem}_{k-1} (TRS naming), else 0

    def page_of(self, url: str) -> Optional[int]:
        """The page a list URL is (None when it is no page of this column)."""
        path = urlsplit(url).path
        if not path.startswith(self.directory) or "/" in path[len(self.directory):]:
            return None
        name = path[len(self.directory):]
        if self.style == "N":
            m = _PAGE_FILE.match(name)
            return int(m["n"]) if m and int(m["n"]) > 0 else None
        m = _STEM_PAGE.match(name)
        if m and m["stem"] == self.stem:
            return int(m["n"]) + self.offset
        return None

    def file(self, page: int) -> str:
        if self.style == "N":
            return f"{page}.{self.ext}"
        if page == 1:
            return f"{self.stem}.{self.ext}"
        return f"{self.stem}_{page - self.offset}.{self.ext}"

    @property
    def plan(self) -> str:
        if self.style == "N":
            return f"{{N}}.{self.ext} (pager links)"
        if self.offset:
            return f"{self.stem}.{self.ext}, {self.stem}_{{k-1}}.{self.ext} (pager links)"
        return f"{self.stem}.{self.ext}, {self.stem}_{{k}}.{self.ext} (pager links)"

    def state(self) -> dict:
        return {"numbering": [self.style, self.stem, self.ext, self.offset]}


def _split(url: str) -> tuple[str, str]:
    """(directory, file name) of a list URL; a directory URL is its ``index.html``."""
    path = urlsplit(url).path or "/"
    if path.endswith("/"):
        return path, ""
    directory, name = path.rsplit("/", 1)
    return directory + "/", name


def _stems(page: ListPage) -> list[tuple[str, str]]:
    """(stem, ext) candidates for the column's first list file: the column URL's own name
    (``index`` for a directory), and that name without a page number (``index_2`` → ``index``)."""
    directory, name = _split(page.column_url or page.url)
    if directory != _split(page.url)[0]:  # a page read apart from its column: its own name
        name = _split(page.url)[1]
    if not name:
        return [("index", "")]
    m = _FILE.match(name)
    if not m:
        return []
    stems = [(m["stem"], m["ext"])]
    bare = re.sub(r"_\d+$", "", m["stem"])
    if bare != m["stem"]:
        stems.append((bare, m["ext"]))
    return stems


def numbering(page: ListPage) -> Optional[Numbering]:
    """The numbering the page's pager links show (or the one its request carried), or None."""
    directory, here = _split(page.url)
    carried = page.state.get("numbering")
    if carried:
        style, stem, ext, offset = carried
        return Numbering(style, directory, stem, ext, offset)
    pager = [_split(link.url) for link in page.links if is_pager_link(link)]
    pager = [name for d, name in pager if d == directory]
    for stem, ext in _stems(page):
        linked = [m for name in pager for m in [_STEM_PAGE.match(name)] if m and m["stem"] == stem]
        if linked:
            numbers = {int(m["n"]) for m in linked}
            own = _STEM_PAGE.match(here)
            if own and own["stem"] == stem:
                numbers.add(int(own["n"]))
            return Numbering("stem_N", directory, stem, ext or linked[0]["ext"], 1 if 1 in numbers else 0)
    numbered = [m for name in pager for m in [_PAGE_FILE.match(name)] if m]
    if numbered:
        return Numbering("N", directory, "", numbered[0]["ext"], 0)
    return None


def page_plan(page: ListPage) -> Optional[PagePlan]:
    """The numbered-files pagination of ``page`` (None when its pager shows none)."""
    found = numbering(page)
    if found is None:
        return None
    current = found.page_of(page.url) or 1
    page_of: Callable[[Link], Optional[int]] = lambda link: (  # noqa: E731
        found.page_of(link.url) if is_pager_link(link) else None)
    declared = declared_pages(page.text, page.links, page_of)
    if declared and current < declared:
        url = canonical_url(urljoin(page.url, found.file(current + 1)))
        return PagePlan(declared, found.plan, url, current + 1, found.state())
    return PagePlan(declared, found.plan)


class NumberedAdapter(Adapter):
    name = "numbered"
    description = "numbered list files (1.html, 2.html … or index_2.shtml / index_1.shtml …, from the pager)"

    def detect(self, page: ListPage) -> float:
        return 0.5 if numbering(page) else 0.0

    def read_list(self, page: ListPage) -> Listing:
        listing = super().read_list(page)
        plan = page_plan(page)
        if plan is not None:
            plan.apply(self, listing)
        return listing


ADAPTERS = [NumberedAdapter]
