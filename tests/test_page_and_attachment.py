"""A page and its attachment that carry the same report are one report, both sources recorded."""

import dataclasses

from gaar_spiders.items import PageItem
from gaar_spiders.localportals.documents import report_to_docx
from gaar_spiders.localportals.generator import make_report
from gaar_spiders.localportals.render import render_report_html
from pipelines.process import process_page
from pipelines.storage import Storage

PAGE = "http://www.suixi.gov.cn/zwgk/ndbg/content/post_1.html"
FILE = "http://www.suixi.gov.cn/attachment/0/1.docx"


def items(page_html: str, attachment: bytes):
    page = PageItem(url=PAGE, body=page_html.encode("utf-8"), spider="suixi", encoding="utf-8")
    att = PageItem(url=FILE, body=attachment, spider="suixi", kind="attachment", source_url=PAGE,
                   headers={"content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    return page, att


def sources(store):
    return sorted(store.conn.execute("SELECT report_id, url FROM report_urls").fetchall())


def test_full_page_and_its_word_copy_are_one_report(tmp_path):
    report = make_report("遂溪县教育局", 2022, seed=4)
    page, att = items(render_report_html(report, family="generic"), report_to_docx(report))
    with Storage(str(tmp_path / "g.db")) as store:
        process_page(store, page)
        process_page(store, att)
        (rid,) = {r for (r,) in store.conn.execute("SELECT report_id FROM reports")}
        assert sources(store) == [(rid, FILE), (rid, PAGE)]
        assert store.conn.execute("SELECT report_id FROM attachments").fetchall() == [(rid,)]
        assert store.conn.execute("SELECT count(*) FROM cells WHERE report_id = ?", (rid,)).fetchone()[0] == \
            len(report.cells)


def test_tables_come_from_the_attachment_when_the_page_has_only_prose(tmp_path):
    report = make_report("遂溪县民政局", 2021, seed=9)
    prose_only = dataclasses.replace(report, cells=[])
    page_html = render_report_html(prose_only, family="generic").replace("<table", "<div hidden").replace("</table>", "</div>")
    page, att = items(page_html, report_to_docx(report))
    with Storage(str(tmp_path / "g.db")) as store:
        process_page(store, page)
        first = store.conn.execute("SELECT report_id FROM reports").fetchall()
        process_page(store, att)
        (rid,) = {r for (r,) in store.conn.execute("SELECT report_id FROM reports")}
        assert first != [(rid,)]  # the page's prose-only report was replaced
        assert {u for _, u in sources(store)} == {PAGE, FILE}
        got = {(t, r, c): v for t, r, c, v in store.conn.execute(
            'SELECT "table", row, col, value FROM cells WHERE report_id = ?', (rid,))}
        assert got == {(c.table, c.row, c.col): c.value for c in report.cells}


def test_an_attachment_with_another_report_stays_its_own(tmp_path):
    county = make_report("遂溪县人民政府", 2022, seed=1)
    department = make_report("遂溪县财政局", 2021, seed=2)
    page, att = items(render_report_html(county, family="generic"), report_to_docx(department))
    with Storage(str(tmp_path / "g.db")) as store:
        process_page(store, page)
        process_page(store, att)
        assert store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 2
