"""A Jiangsu county portal whose Hanweb 年报 column is paged on the server:
``/col/col{id}/index.html?uid={unitid}&pageNum={N}`` renders page N of the column's list
unit, the element ``<div id="{unitid}">``, whose records are CDATA ``<li>``s of a
``<datastore>`` inside it (why RSSHub reads ``#300520`` with the regex ``<li>.+</li>``);
a pager under it prints 共N页 and links ``?uid=&pageNum=`` pages.

Beside the list, a 通知公告 block links a notice *about* the reports
(关于做好…政府信息公开工作年度报告编制发布工作的通知): a title the shared rule would take for a
report, outside the unit element — a decoy only the element-id rule keeps out. The
other decoy is a 法治政府建设 report in the column.

Shapes: crawl README §2 (江苏 年报 column col31251 / uid 300520, RSSHub; 江西生态环境厅
col42150 / uid 380055), §3 pattern 4's server-side alternative — **code descriptions
only**: the pager's markup and the datastore inside the unit are inferred. Chrome from
page 06, records as page 03 prints them. Adapter: ``cms/hanweb_uid.py``.
"""

from __future__ import annotations

from html import escape

from .. import content as C
from ..cms.base import Prepared
from ..cms.jcms import JcmsBuilder, datastore_xml
from ..spec import ColumnSpec, DocSpec, PortalSpec
from . import FamilyPortal

HOST = "www.baoying.gov.cn"
COUNTY = "宝应县"
COLUMN_ID, UNIT_ID, WEB_ID = 15811, 64312, 47
PAGE_SIZE = 3
NOTICE_YEAR = 2023


def spec() -> PortalSpec:
    docs = [DocSpec(organ=f"{COUNTY}人民政府", year=y, seed=900 + y) for y in (2019, 2020, 2021, 2022, 2023)]
    docs += [DocSpec(organ=f"{COUNTY}氾水镇人民政府", year=y, seed=910 + y) for y in (2022, 2023)]
    docs.append(DocSpec(organ=f"{COUNTY}人民政府", year=2020, kind="non_report"))
    return PortalSpec(
        name="hanweb_uid", host=HOST, site_name=f"{COUNTY}人民政府", region=f"江苏省扬州市{COUNTY}",
        site_id="3210230001", icp="苏ICP备05083521号", family="hanweb",
        columns=[ColumnSpec("ndbg", C.COLUMN_NAME, docs, per_page=PAGE_SIZE, column_id=COLUMN_ID)],
        options={"first_id": 640100, "webid": WEB_ID, "unitid": UNIT_ID},
    )


class ServerPagedBuilder(JcmsBuilder):
    def page_url(self, n: int) -> str:
        return f"{self.column_path()}?uid={UNIT_ID}&pageNum={n}"

    def pager(self, n: int, pages: int) -> str:
        def a(k: int, text: str) -> str:
            return f'<a href="{self.page_url(k)}">{escape(text)}</a>'

        links = [a(1, C.FIRST_PAGE)] + ([a(n - 1, C.PREV_PAGE)] if n > 1 else []) + [
            a(k, str(k)) if k != n else f"<span>{k}</span>" for k in range(1, pages + 1)] + (
            [a(n + 1, C.NEXT_PAGE)] if n < pages else []) + [a(pages, C.LAST_PAGE)]
        return f'<div class="pagination">{escape(C.COUNT_FORMAT.format(pages=pages))} {" ".join(links)}</div>'

    def notices(self) -> str:
        """The 通知公告 block beside the list: a notice about the reports, not one (outside the unit)."""
        year = NOTICE_YEAR
        title = C.JCMS_REPORT_NOTICE.format(year=year)
        text = "\n".join(line.format(year=year, next=year + 1) for line in C.JCMS_REPORT_NOTICE_TEXT)
        doc = DocSpec(organ=f"{COUNTY}人民政府办公室", year=year, kind="non_report", title=title)
        p = Prepared(doc, title, f"{year}-12-05", None, text=text)
        doc_id = self.next_id()
        href = self.publish(p, self.detail_path(p, doc_id), self.column_path(), doc_id)
        return (f'<div class="tzgg"><h3>{escape(C.JCMS_NOTICES)}</h3><ul>'
                f'<li><a href="{href}" target="_blank">{escape(title)}</a><span>{p.published_on}</span></li></ul></div>')

    def build_columns(self) -> None:
        column_path = self.column_path()
        records = self.publish_column()
        aside = self.notices()
        chunks = [records[i:i + PAGE_SIZE] for i in range(0, len(records), PAGE_SIZE)]
        for n, chunk in enumerate(chunks, start=1):
            store = datastore_xml(chunk, declaration=False)
            unit = (f'<div id="{UNIT_ID}"><script type="text/xml">{store}</script></div>'
                    + self.pager(n, len(chunks)))
            render = (lambda unit=unit: self.column_page(unit, aside=aside))
            self.site.add_page(self.page_url(n), render)
            if n == 1:
                self.site.add_page(column_path, render, navigation=True)
            else:
                self.site.add_navigation(self.page_url(n))


def build() -> FamilyPortal:
    site = ServerPagedBuilder(spec()).build()
    return FamilyPortal(name="hanweb_uid", home=site.url("/"), sites=[site])
