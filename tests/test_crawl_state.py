"""What a crawl leaves for the next one, unit by unit (the SIGKILL test, tests/test_resume_kill.py,
proves the whole): the frontier of links, the back-off, completed walks, unread pages, runs that
never closed, one body per failing URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from gaar_spiders.crawl import processes
from gaar_spiders.crawl.backoff import Backoff
from gaar_spiders.items import ColumnWalkItem, LinksItem
from pipelines.storage import Storage, crawl_state

LIST = "http://www.x.gov.cn/ndbg/"
PAGE = "http://www.x.gov.cn/ndbg/t1.html"
PDF = "http://www.x.gov.cn/files/1.pdf"


@pytest.fixture
def storage(tmp_path):
    with Storage(str(tmp_path / "gaar.db")) as s:
        yield s


def page(storage, url, status, *, body=b"<html>x</html>", kind="page", spider="x"):
    page_id = storage.save_page({"url": url, "body": body, "spider": spider, "kind": kind})
    if status == "parsed":  # as a stored report leaves its page (the report itself does not matter here)
        storage.conn.execute("UPDATE pages SET parse_status = 'parsed' WHERE page_id = ?", (page_id,))
    elif status != "pending":
        storage.mark_page(page_id, status, "why")
    return page_id


def test_the_back_off_doubles_from_20_hours_to_a_month():
    backoff = Backoff()
    hours = [backoff.delay(n) / timedelta(hours=1) for n in range(0, 9)]
    assert hours == [0, 20, 40, 80, 160, 320, 640, 720, 720]  # then monthly
    assert Backoff(base_hours=0).delay(5) == timedelta(0)  # 0: every run
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert Backoff().retry_after(2, at) == "2026-01-02T16:00:00+00:00"


def test_a_link_pending_until_its_page_is_read(storage):
    storage.save_links("x", [{"url": PAGE, "kind": "page", "source_url": LIST, "link_text": "2022年报告"}])
    state = storage.crawl_state("x")
    assert [link.url for link in state.pending_links] == [PAGE] and state.known == set()
    assert state.pending_links[0].source_url == LIST and state.pending_links[0].link_text == "2022年报告"
    page(storage, PAGE, "pending")
    state = storage.crawl_state("x")
    assert state.pending_links == [] and len(state.pending_pages) == 1  # read from the database next time
    page(storage, PAGE, "parsed")
    state = storage.crawl_state("x")
    assert state.pending_links == state.pending_pages == [] and state.known == {PAGE}
    assert storage.crawl_state("other").pending_links == []  # per spider


def test_an_attachment_linked_by_a_page_that_is_known_is_still_pending(storage):
    storage.save_links("x", [{"url": PAGE, "kind": "page", "source_url": LIST}])
    page(storage, PAGE, "not_report")  # its report is in the PDF
    storage.save_links("x", [{"url": PDF, "kind": "attachment", "source_url": PAGE, "list_url": LIST}])
    state = storage.crawl_state("x")
    assert state.known == {PAGE}
    assert [(link.url, link.kind, link.source_url, link.list_url) for link in state.pending_links] == [
        (PDF, "attachment", PAGE, LIST)]


def test_a_holder_page_from_before_the_frontier_is_fetched_once_more(storage):
    page(storage, PAGE, "not_report")  # a crawl before schema 8 recorded no link for it
    assert PAGE not in storage.known_urls("x")
    storage.save_links("x", [{"url": PAGE, "kind": "page"}])
    assert PAGE in storage.known_urls("x")


def test_failures_back_off_and_a_success_clears_them(storage):
    backoff = Backoff()
    storage.save_links("x", [{"url": PAGE, "kind": "page"}])
    assert storage.link_failed("x", PAGE, "page", "http_500", backoff.retry_after) == 1
    assert storage.link_failed("x", PAGE, "page", "http_500", backoff.retry_after) == 2
    state = storage.crawl_state("x")
    assert PAGE in state.waiting and [link.url for link in state.pending_links] == [PAGE]
    later = (datetime.now(timezone.utc) + timedelta(hours=41)).isoformat(timespec="seconds")
    assert storage.crawl_state("x", now=later).waiting == {}  # its 40 hours are over
    storage.link_succeeded("x", PAGE)
    ((failures, retry),) = storage.conn.execute("SELECT failures, retry_after FROM links").fetchall()
    assert (failures, retry) == (0, None)
    # a failure of a link never recorded (a database from before the frontier) starts its record
    storage.link_failed("x", PDF, "attachment", "timeout", backoff.retry_after)
    assert storage.conn.execute("SELECT kind, failures FROM links WHERE url = ?", (PDF,)).fetchone() == ("attachment", 1)


def test_a_failing_url_keeps_one_body(storage):
    first = page(storage, PAGE, "failed", body=b"<html>visits 1</html>")
    parsed = page(storage, PAGE, "parsed", body=b"<html>the report</html>")
    newest = page(storage, PAGE, "failed", body=b"<html>visits 2</html>")
    assert storage.drop_older_failed_bodies(newest) == 1
    assert [r[0] for r in storage.conn.execute("SELECT page_id FROM pages ORDER BY page_id")] == [parsed, newest]
    assert first not in [r[0] for r in storage.conn.execute("SELECT page_id FROM pages")]


def test_completed_walks_are_remembered_per_spider(storage):
    storage.save_walk("x", LIST, run_id="r", list_pages=3, reports_listed=20)
    assert storage.crawl_state("x").completed_columns == {LIST}
    assert storage.crawl_state("y").completed_columns == set()


def test_items_refuse_what_could_not_be_requested_again():
    with pytest.raises(ValueError):
        LinksItem(spider="x", links=[{"url": "ndbg/t1.html", "kind": "page"}])
    with pytest.raises(ValueError):
        LinksItem(spider="x", links=[{"url": PAGE, "kind": "list"}])
    with pytest.raises(ValueError):
        ColumnWalkItem(spider="x", url="/ndbg/")


def test_a_missing_or_foreign_database_leaves_nothing_to_do(tmp_path):
    assert crawl_state(str(tmp_path / "none.db"), "x").pending_links == []
    foreign = tmp_path / "foreign.db"
    import sqlite3

    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    assert crawl_state(str(foreign), "x").known == set()


# --- runs that never closed ----------------------------------------------------------------------


def test_this_process_is_alive_and_a_finished_one_is_not():
    me = processes.identity()
    assert me.startswith(socket.gethostname() + f":{os.getpid()}:") and processes.alive(me) is True
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    gone = processes.identity(child.pid)
    child.wait()
    assert processes.alive(gone) is False
    host, pid, start = me.rsplit(":", 2)
    assert processes.alive(f"{host}:{pid}:{int(start) + 1}") is False  # the pid, reused by another process
    assert processes.alive(f"elsewhere.example:{pid}:{start}") is None  # another machine: cannot tell
    assert processes.alive("garbage") is None


def test_runs_that_never_closed_are_closed_as_interrupted_and_live_ones_are_left(storage):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    dead = processes.identity(child.pid)
    child.wait()
    storage.start_run("x", run_id="killed", process=dead)
    storage.start_run("x", run_id="running-now", process=processes.identity())
    storage.start_run("y", run_id="elsewhere", process=f"elsewhere.example:{os.getpid()}:1")
    storage.start_run("x", run_id="before-8")  # no process recorded
    storage.start_run("y", run_id="before-8-other-spider")
    closed = storage.close_interrupted_runs("x", processes.alive)
    assert sorted(closed) == ["before-8", "killed"]
    rows = dict(storage.conn.execute("SELECT run_id, status FROM crawl_runs").fetchall())
    assert rows == {"killed": "degraded", "running-now": "running", "elsewhere": "running", "before-8": "degraded",
                    "before-8-other-spider": "running"}
    ((reason, finished),) = storage.conn.execute(
        "SELECT reason, finished_at FROM crawl_runs WHERE run_id = 'killed'").fetchall()
    assert reason.startswith("interrupted: the crawl process") and finished
