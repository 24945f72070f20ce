"""A corrected page supersedes its earlier report: the history is kept, nothing is counted twice.

An office fixes a figure and the page is fetched again: the new body is a new report (its id is a
fingerprint of the body). The old one stays, with ``superseded_by``; every view, the cross-year
checks and ``gaar stats`` count the current one only, so ``sum(new__total)`` never doubles.
``gaar reparse`` keeps the rule. The pages go through the real read and store steps
(``pipelines.process``); the last test runs a real crawl with ``-a incremental=0``.
"""

from __future__ import annotations

import copy
import threading

import pytest

from gaar_spiders.items import PageItem
from gaar_spiders.localportals.generator import make_report
from gaar_spiders.localportals.render import SiteInfo, render_report_html
from gaar_spiders.localportals.server import _handler_for, _QuietServer
from gaar_spiders.localportals.site import Site, html_response
from pipelines.process import process_page
from pipelines.reparse import reparse
from pipelines.storage import Storage

from .crawl_support import crawl, rows

HOST = "www.dazu.gov.cn"
SITE = SiteInfo(name="重庆市大足区人民政府", host=HOST, site_id="5001110001")
HINTS = {"portal": "dazu", "division_code": "500111", "region": "重庆市大足区"}
ORGAN = "重庆市大足区邮亭镇人民政府"
URL = f"http://{HOST}/zwgk/zfxxgkndbg/t20230115_1.html"


def wrong_and_corrected(year: int = 2022):
    """The report as the office first published it (new requests overstated by 5: 勾稽 fails) and as
    it corrected it."""
    corrected = make_report(ORGAN, year, None, 7)
    wrong = copy.deepcopy(corrected)
    for cell in wrong.cells:
        if cell.table == "requests" and cell.row == "new" and cell.col in ("natural_person", "total"):
            cell.value += 5
            cell.raw = str(cell.value)
    return wrong, corrected


def html(report) -> bytes:
    return render_report_html(report, family="trs", site=SITE).encode("utf-8")


def fetch(storage: Storage, body: bytes, url: str = URL) -> PageItem:
    item = PageItem(url=url, body=body, spider="dazu", headers={"content-type": "text/html; charset=utf-8"},
                    hints=dict(HINTS))
    return process_page(storage, item)


def new_total(report) -> int:
    return next(c.value for c in report.cells if (c.table, c.row, c.col) == ("requests", "new", "total"))


def state(storage: Storage) -> dict:
    q = storage.conn.execute
    return {
        "current": {r for (r,) in q("SELECT report_id FROM reports WHERE superseded_by IS NULL")},
        "superseded": dict(q("SELECT report_id, superseded_by FROM reports WHERE superseded_by IS NOT NULL")),
        "sum_new_total": q("SELECT sum(new__total) FROM requests_wide").fetchone()[0],
        "failed_checks": {r for (r,) in q("SELECT report_id FROM failed_checks")},
        "coverage": q("SELECT year, reports, report_ids FROM coverage").fetchall(),
    }


@pytest.fixture
def storage(tmp_path):
    with Storage(str(tmp_path / "gaar.db")) as s:
        yield s


def test_a_corrected_page_supersedes_its_report_and_the_views_count_it_once(storage):
    wrong, corrected = wrong_and_corrected()
    first = fetch(storage, html(wrong)).report.report_id
    assert state(storage)["failed_checks"] == {first}
    second = fetch(storage, html(corrected)).report.report_id
    assert first != second
    s = state(storage)
    assert s["current"] == {second} and s["superseded"] == {first: second}
    assert s["sum_new_total"] == new_total(corrected)  # not the two added up
    assert s["failed_checks"] == set()  # the office's mistake is history
    assert s["coverage"] == [(2022, 1, second)]
    # the history is kept whole: the old report with its cells, and both bodies
    assert storage.conn.execute("SELECT count(*) FROM cells WHERE report_id = ?", (first,)).fetchone()[0] > 0
    assert storage.conn.execute("SELECT count(*) FROM pages WHERE url = ?", (URL,)).fetchone()[0] == 2
    assert storage.stats()["reports"] == 1 and storage.stats()["reports_superseded"] == 1


def test_a_page_back_to_its_first_text_makes_that_report_current_again(storage):
    wrong, corrected = wrong_and_corrected()
    first = fetch(storage, html(wrong)).report.report_id
    second = fetch(storage, html(corrected)).report.report_id
    fetch(storage, html(wrong))
    assert state(storage)["current"] == {first} and state(storage)["superseded"] == {second: first}


def test_a_refetch_that_fails_to_read_takes_nothing_away(storage):
    wrong, _ = wrong_and_corrected()
    first = fetch(storage, html(wrong)).report.report_id
    broken = fetch(storage, b"<html><body>\xff\xfe" + "锟斤拷".encode("gbk") * 400 + b"</body></html>")
    assert broken.parse_status != "parsed"
    assert state(storage)["current"] == {first} and state(storage)["superseded"] == {}


def test_a_report_still_given_by_another_url_stays_current(storage):
    wrong, corrected = wrong_and_corrected()
    other = URL.replace("_1.html", "_2.html")
    first = fetch(storage, html(wrong)).report.report_id
    assert fetch(storage, html(wrong), other).report.report_id == first  # one report, two URLs
    second = fetch(storage, html(corrected)).report.report_id
    assert state(storage)["current"] == {first, second}  # `other` still prints the first text
    fetch(storage, html(corrected), other)
    assert state(storage)["current"] == {second} and state(storage)["superseded"] == {first: second}


def test_reparse_keeps_the_rule(storage):
    wrong, corrected = wrong_and_corrected()
    first = fetch(storage, html(wrong)).report.report_id
    second = fetch(storage, html(corrected)).report.report_id
    before = state(storage)
    summary = reparse(storage)
    assert summary.reports_lost == [] and state(storage) == before
    assert state(storage)["superseded"] == {first: second}


def test_the_office_across_years_is_checked_against_the_current_report_only(storage):
    previous = make_report(ORGAN, 2021, None, 3)
    fetch(storage, html(previous), URL.replace("t20230115_1", "t20220115_9"))
    wrong, corrected = wrong_and_corrected()
    first = fetch(storage, html(wrong)).report.report_id
    second = fetch(storage, html(corrected)).report.report_id
    pairs = storage.conn.execute("SELECT DISTINCT report_id FROM cross_year").fetchall()
    assert pairs == [(second,)]  # no pair of the superseded report is left
    assert first not in {r for (r,) in storage.conn.execute("SELECT report_id FROM cross_year_checks")}


@pytest.mark.slow
def test_a_crawl_with_incremental_off_supersedes_a_corrected_report(tmp_path):
    wrong, corrected = wrong_and_corrected()
    published = {"report": wrong}
    site = Site("dazu", HOST)
    column = (f'<ul class="list"><li><a href="{URL}" title="{ORGAN}2022年政府信息公开工作年度报告">'
              f'{ORGAN}2022年政府信息公开工作年度报告</a><span>2023-01-15</span></li></ul>')
    site.add("/zwgk/zfxxgkndbg/", lambda r: html_response(
        f"<html><head><title>政府信息公开年报</title></head><body><h1>政府信息公开年报</h1>{column}</body></html>"))
    site.add(URL.split(HOST)[1], lambda r: html_response(html(published["report"]).decode("utf-8")))
    server = _QuietServer(("127.0.0.1", 0), _handler_for(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = tmp_path / "gaar.db"
    host_map = {HOST: "%s:%d" % server.server_address[:2]}
    start = f"url=http://{HOST}/zwgk/zfxxgkndbg/"
    try:
        crawl("portal", db, host_map, start)
        published["report"] = corrected  # the office corrects the figure
        crawl("portal", db, host_map, start)  # incremental: the page is known, not fetched again
        assert rows(db, "SELECT count(*) FROM reports") == [(1,)]
        crawl("portal", db, host_map, start, "incremental=0")
    finally:
        server.shutdown()
        server.server_close()
    (current,) = rows(db, "SELECT report_id FROM reports WHERE superseded_by IS NULL")
    assert rows(db, "SELECT count(*) FROM reports WHERE superseded_by = ?", current) == [(1,)]
    assert rows(db, "SELECT sum(new__total) FROM requests_wide") == [(new_total(corrected),)]
    assert rows(db, "SELECT count(*) FROM failed_checks") == [(0,)]
