"""TRS WCM sites: static list pages index.html, index_1.html … whose count is only
in the ``createPageHTML(n, i, "index", "html")`` script; articles
``./YYYYMM/tYYYYMMDD_ID.html`` with the body in ``div.TRS_Editor``."""

from __future__ import annotations

from html import escape

from .base import PortalBuilder, Prepared

ROOT = "/zwgk/zfxxgkndbg/"


def list_file(page: int) -> str:
    return "index.html" if page == 0 else f"index_{page}.html"


def page_script(pages: int, current: int) -> str:
    return f'<div class="page"><script type="text/javascript">createPageHTML({pages}, {current}, "index", "html");</script></div>'


def detail_relpath(p: Prepared, doc_id: int) -> str:
    compact = p.published_on.replace("-", "")
    return f"{compact[:6]}/t{compact}_{doc_id}.html"


class TRSBuilder(PortalBuilder):
    family = "trs"

    def column_path(self) -> str:
        return ROOT

    def sidebar(self) -> str:
        links = "".join(f'<li><a href="{ROOT}{col.slug}/">{escape(col.name)}</a></li>' for col in self.spec.columns)
        return f'<div class="sub-columns"><ul>{links}</ul></div>'

    def build_columns(self) -> None:
        from .. import content as C

        self.site.add_page(ROOT, lambda: self.list_page(C.COLUMN_NAME, self.sidebar()), navigation=True)
        for col in self.spec.columns:
            base = f"{ROOT}{col.slug}/"
            prepared = sorted((self.prepare(d) for d in col.docs), key=lambda p: p.published_on, reverse=True)
            chunks = [prepared[i:i + col.per_page] for i in range(0, len(prepared), col.per_page)] or [[]]
            for page, chunk in enumerate(chunks):
                list_path = base + list_file(page)
                items = []
                for n, p in enumerate(chunk):
                    doc_id = self.next_id()
                    rel = detail_relpath(p, doc_id)
                    link = self.publish(p, base + rel, base if page == 0 else list_path, doc_id)
                    if link == base + rel:
                        href = self.site.url(link) if n % 3 == 2 else "./" + rel
                    else:
                        href = link
                    items.append((href, p))
                body = self.sidebar() + self.list_items(items) + page_script(len(chunks), page)
                self.site.add_page(list_path, lambda body=body, name=col.name: self.list_page(name, body))
                self.site.add_navigation(base if page == 0 else list_path)
