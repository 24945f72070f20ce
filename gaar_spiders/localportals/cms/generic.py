"""Home-grown / JSP sites with plain HTML lists and one of three pagination styles:

* ``query``: ``list.jsp?columnId=12&pageNo=2``, pager with numbers, 首页/尾页;
* ``numbered``: ``index.html``, ``2.html``, ``3.html`` with numbered links;
* ``next_only``: ``index.html``, ``index_2.html`` … reachable only by ``下一页``.

The body sits in a plain ``div.article``.
"""

from __future__ import annotations

from html import escape
from typing import Callable

from .. import content as C
from ..spec import ColumnSpec
from .base import PortalBuilder, Prepared


class GenericBuilder(PortalBuilder):
    family = "generic"

    # --- URLs per pagination style ----------------------------------------------------------

    @property
    def style(self) -> str:
        return self.spec.pagination or "numbered"

    @property
    def root(self) -> str:
        return self.spec.options.get("root", "/zwgk/ndbg/")

    def column_path(self) -> str:
        if self.style == "query":
            return self.list_path(self.spec.columns[0], 1)
        return self.root

    def column_base(self, col: ColumnSpec) -> str:
        return self.root + (f"{col.slug}/" if col.slug else "")

    def list_path(self, col: ColumnSpec, page: int) -> str:
        if self.style == "query":
            suffix = "" if page == 1 else f"&pageNo={page}"
            return f"/list.jsp?columnId={col.column_id}{suffix}"
        base = self.column_base(col)
        if page == 1:
            return base if col.slug or self.style == "next_only" else base + "index.html"
        return base + (f"{page}.html" if self.style == "numbered" else f"index_{page}.html")

    def detail_path(self, col: ColumnSpec, p: Prepared, doc_id: int) -> str:
        if self.style == "query":
            return f"/content.jsp?contentId={doc_id}&columnId={col.column_id}"
        if self.style == "numbered":
            return f"{self.root}content/post_{doc_id}.html"
        return f"{self.column_base(col)}content_{doc_id}.html"

    def pager(self, link: Callable[[int], str], page: int, pages: int) -> str:
        if pages <= 1:
            return ""
        if self.style == "next_only":
            return (f'<div class="pager"><a href="{link(page + 1)}">{C.NEXT_PAGE}</a></div>'
                    if page < pages else "")
        parts = [C.COUNT_FORMAT.format(pages=pages), f'<a href="{link(1)}">{C.FIRST_PAGE}</a>']
        if page > 1:
            parts.append(f'<a href="{link(page - 1)}">{C.PREV_PAGE}</a>')
        parts += [f'<a href="{link(k)}">{k}</a>' if k != page else f"<span>{k}</span>" for k in range(1, pages + 1)]
        if page < pages:
            parts.append(f'<a href="{link(page + 1)}">{C.NEXT_PAGE}</a>')
        parts.append(f'<a href="{link(pages)}">{C.LAST_PAGE}</a>')
        return '<div class="pager">' + " ".join(parts) + "</div>"

    # --- building -----------------------------------------------------------------------------

    def build_columns(self) -> None:
        year_columns = self.spec.options.get("year_subcolumns", False)
        subcolumns = [c for c in self.spec.columns if c.slug]
        index_links = "".join(f'<li><a href="{self.list_path(c, 1)}">{escape(c.name)}</a></li>' for c in subcolumns)
        if subcolumns and self.style != "query":
            self.site.add_page(self.root, lambda: self.list_page(C.COLUMN_NAME, f'<ul class="sub-columns">{index_links}</ul>'),
                               navigation=True)
        for col in self.spec.columns:
            prepared = sorted((self.prepare(d) for d in col.docs), key=lambda p: p.published_on, reverse=True)
            chunks = [prepared[i:i + col.per_page] for i in range(0, len(prepared), col.per_page)] or [[]]
            links: list[tuple[str, Prepared]] = []
            for page, chunk in enumerate(chunks, start=1):
                for p in chunk:
                    doc_id = self.next_id()
                    link = self.publish(p, self.detail_path(col, p, doc_id), self.list_path(col, page), doc_id)
                    href = self.site.url(link) if doc_id % 3 == 0 else link
                    links.append((href, p))
            header = ""
            if year_columns and not col.slug:
                years = sorted({p.doc.year for p in prepared}, reverse=True)
                header = '<ul class="sub-columns">' + "".join(
                    f'<li><a href="{self.column_base(col)}{y}nd/">{y}{C.YEAR_COLUMN}</a></li>' for y in years) + "</ul>"
                for y in years:
                    sub = ColumnSpec(slug=f"{y}nd", name=f"{y}{C.YEAR_COLUMN}", docs=[], per_page=col.per_page)
                    self.add_lists(sub, [(h, p) for h, p in links if p.doc.year == y], "")
            self.add_lists(col, links, header)

    def add_lists(self, col: ColumnSpec, links: list[tuple[str, Prepared]], header: str) -> None:
        per_page = col.per_page
        chunks = [links[i:i + per_page] for i in range(0, len(links), per_page)] or [[]]
        for page, chunk in enumerate(chunks, start=1):
            body = header + self.list_items(chunk) + self.pager(lambda k: self.list_path(col, k), page, len(chunks))
            self.site.add_page(self.list_path(col, page), lambda body=body, name=col.name: self.list_page(name, body),
                               navigation=True)
