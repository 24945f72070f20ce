"""A crawl killed with SIGKILL — the whole process tree: the crawl, its parse worker, an attachment's
extraction child — is finished by the next runs: every report an uninterrupted crawl stores, none
twice, no run left ``running``. With group commits (issue 17), a kill while a batch is open loses
that batch and nothing else, leaves nothing half-written, and the next crawl fetches it again; a
clean stop (Ctrl-C, SIGTERM, a second Ctrl-C) commits the open batch.

Real ``scrapy crawl`` subprocesses against the bundled portals on 127.0.0.1: suixi (reports
published only as a PDF or a DOCX behind a holder page) and the Hanweb family portal (a column
that prints no size: its walk ends on the first answer that brings nothing new). Each kill is
gated on the database's state, never on time: the portal holds chosen requests (the crawl cannot
finish), or the test stops a process (SIGSTOP) so that the state it wants stays, then the test
kills every process of the tree at once and runs the crawl again twice.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gaar_spiders.localportals import PortalServer
from gaar_spiders.localportals.portals import PORTALS
from gaar_spiders.localportals.site import canonical

from .crawl_support import cmdline, crawl, descendants, rows, start_crawl
from .storage_support import HALF_WRITTEN

pytestmark = pytest.mark.slow

WAIT = 120  # seconds: bounds every wait (a hang guard, never a timing assertion)
PARSE_WORKER = "spawn_main"  # the cmdline of the read step's worker process (multiprocessing spawn)
EXTRACTION_CHILD = "gaar_spiders.attachments.worker"


class Portal:
    """One portal served for a crawl, with requests that can be held until released."""

    def __init__(self, name: str):
        self.name = name
        family = name not in PORTALS  # a named portal (suixi, daowai), else a CMS family's
        self.server = PortalServer([], families=[name]) if family else PortalServer([name])
        self.spider, self.args = ("portal", (f"url={self.server.family(name).home}",)) if family else (name, ())
        self.rules: list = []
        self.released = threading.Event()
        self.reached = threading.Event()
        for site in self.server.sites.values():
            site.resolve = self._held(site.resolve)

    def _held(self, resolve):
        def held(method, path_qs, form=None):
            if not self.released.is_set() and any(rule(path_qs) for rule in self.rules):
                self.reached.set()
                self.released.wait(WAIT)
            return resolve(method, path_qs, form)
        return held

    def hold(self, rule) -> "Portal":
        self.rules.append(rule)
        return self

    def crawl(self, db: Path):
        return crawl(self.spider, db, self.server.host_map, *self.args)

    def start(self, db: Path, log: Path, settings: dict | None = None):
        return start_crawl(self.spider, db, self.server.host_map, *self.args, log=log, settings=settings)

    def __enter__(self) -> "Portal":
        self.server.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.server.stop()


def count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return 0
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:  # the tables are not there yet
        return 0
    finally:
        conn.close()


def stop_processes(pid: int, marker: str, stopped: set) -> None:
    """SIGSTOP every descendant of ``pid`` whose command line has ``marker`` (once each)."""
    for child in descendants(pid):
        if child not in stopped and marker in cmdline(child):
            os.kill(child, signal.SIGSTOP)
            stopped.add(child)


def kill_when(proc, log: Path, ready, *, stop: str | None = None) -> list[int]:
    """Wait until ``ready()`` (the database's state), then SIGKILL the crawl and every descendant at
    once; with ``stop``, its processes of that kind are stopped as soon as they appear."""
    stopped: set[int] = set()
    deadline = time.monotonic() + WAIT
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the crawl ended before the kill point:\n{log.read_text()[-3000:]}")
        if stop:
            stop_processes(proc.pid, stop, stopped)
        if ready(stopped):
            break
        if time.monotonic() > deadline:
            pytest.fail(f"the kill point was never reached:\n{log.read_text()[-3000:]}")
        time.sleep(0.02)
    tree = [proc.pid, *descendants(proc.pid)]
    for pid in tree:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(timeout=WAIT)
    assert proc.returncode == -signal.SIGKILL
    return tree


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state == "Z"


def result(db: Path) -> dict:
    """What a crawl left that a user counts on: the current reports, where they came from, the totals."""
    return {
        "reports": {r for (r,) in rows(db, "SELECT report_id FROM reports WHERE superseded_by IS NULL")},
        "urls": set(rows(db, "SELECT report_id, url FROM report_urls")),
        "new_total": rows(db, "SELECT sum(new__total) FROM requests_wide")[0][0],
        "cells": rows(db, "SELECT count(*) FROM cells")[0][0],
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """An uninterrupted crawl of each portal."""
    out = {}
    for name in ("suixi", "hanweb", "daowai"):
        db = tmp_path_factory.mktemp("reference") / f"{name}.db"
        with Portal(name) as portal:
            portal.crawl(db)
        out[name] = result(db)
        assert out[name]["reports"], name
    return out


def finish_and_compare(portal: Portal, db: Path, want: dict, killed_run: str) -> None:
    """Run the crawl again twice (the portal answering everything): the reference's reports, none
    twice, every run closed, the killed one as interrupted."""
    portal.released.set()
    for _ in range(2):
        portal.crawl(db)
        got = result(db)
        assert got["reports"] == want["reports"]
        assert got["urls"] == want["urls"]
        assert got["new_total"] == want["new_total"] and got["cells"] == want["cells"]  # nothing counted twice
    assert rows(db, "SELECT count(*) FROM reports")[0][0] == len(want["reports"])
    assert rows(db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'") == [(0,)]
    ((status, reason),) = rows(db, "SELECT status, reason FROM crawl_runs WHERE run_id = ?", (killed_run,))
    assert status == "degraded" and reason.startswith("interrupted"), reason
    assert rows(db, "SELECT count(*) FROM pages WHERE parse_status = 'pending'") == [(0,)]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def killed_run(db: Path) -> str:
    ((run_id,),) = rows(db, "SELECT run_id FROM crawl_runs WHERE status = 'running'")
    return run_id


def test_killed_while_pages_wait_to_be_read_the_next_run_reads_them(reference, tmp_path):
    """After N pages stored and not read (the parse worker stopped): the next run reads them from the
    database; the attachments it never fetched (held) are fetched."""
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    with Portal("suixi").hold(lambda path: "/attachment/" in path) as portal:
        proc = portal.start(db, log)
        kill_when(proc, log, lambda stopped: stopped and count(
            db, "SELECT count(*) FROM pages WHERE parse_status = 'pending'") >= 4, stop=PARSE_WORKER)
        assert count(db, "SELECT count(*) FROM pages WHERE parse_status = 'pending'") >= 4
        finish_and_compare(portal, db, reference["suixi"], killed_run(db))


def test_killed_after_a_list_page_the_walk_is_finished(reference, tmp_path):
    """After the first list answers of a column that prints no size (its later answers held, every report
    they listed stored): the next run walks past the answers that bring nothing new, to the end."""
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    held = Portal("hanweb").hold(lambda path: "dataproxy.jsp" in path and "page=3&" in path)
    with held as portal:
        proc = portal.start(db, log)
        kill_when(proc, log, lambda _: portal.reached.is_set() and count(db, "SELECT count(*) FROM links") > 0
                  and count(db, "SELECT count(*) FROM links l WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE "
                                "p.url = l.url AND p.parse_status != 'pending')") == 0)
        assert count(db, "SELECT count(*) FROM column_walks") == 0  # the walk was cut
        stored = count(db, "SELECT count(*) FROM reports")
        assert 0 < stored < len(reference["hanweb"]["reports"])
        finish_and_compare(portal, db, reference["hanweb"], killed_run(db))
        assert rows(db, "SELECT count(*) FROM column_walks") >= [(1,)]


def test_killed_while_attachments_are_pending_they_are_fetched_next(reference, tmp_path):
    """A report page stored (as not_report: its report is in its PDF or DOCX) before its attachment came:
    the next run fetches the attachment although the page is known."""
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    with Portal("suixi").hold(lambda path: "/attachment/" in path) as portal:
        proc = portal.start(db, log)
        kill_when(proc, log, lambda _: portal.reached.is_set() and count(
            db, "SELECT count(*) FROM links WHERE kind = 'attachment'") >= 2 and count(
            db, "SELECT count(*) FROM pages WHERE parse_status = 'not_report'") >= 2)
        assert count(db, "SELECT count(*) FROM pages WHERE kind = 'attachment'") == 0
        finish_and_compare(portal, db, reference["suixi"], killed_run(db))


def test_killed_while_an_attachment_is_extracted_the_child_dies_too(reference, tmp_path):
    """The extraction child (a session of its own) stopped mid-way, its attachment stored and pending:
    the kill takes it too, and the next run reads the attachment from the database."""
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    with Portal("suixi") as portal:
        proc = portal.start(db, log)
        tree = kill_when(proc, log, lambda stopped: stopped and count(
            db, "SELECT count(*) FROM pages WHERE kind = 'attachment' AND parse_status = 'pending'") >= 1,
            stop=EXTRACTION_CHILD)
        assert any(EXTRACTION_CHILD in cmdline(pid) or gone(pid) for pid in tree)
        assert all(gone(pid) for pid in tree)
        finish_and_compare(portal, db, reference["suixi"], killed_run(db))


# --- group commits (issue 17): a batch open at the kill, and clean stops ---------------------------

#: batches of 4 reports, and no time bound within the test (the time bound is tested in
#: test_group_commit.py and below): what is committed at any moment is decided by the report count
BATCH_OF_4 = {"GAAR_COMMIT_REPORTS": "4", "GAAR_COMMIT_SECONDS": "3600", "LOG_LEVEL": "DEBUG"}
#: the store step's line for each report it wrote (into the open batch), at DEBUG
STORED = "stored report "


class FirstReports:
    """A hold rule: the portal answers its first ``n`` report pages and holds every other one."""

    def __init__(self, portal: Portal, n: int):
        self.reports = {canonical(urlsplit(e["url"])._replace(scheme="", netloc="").geturl())
                        for e in portal.server.manifest if e["kind"].startswith("report")}
        self.n, self.answered, self.lock = n, set(), threading.Lock()

    def __call__(self, path_qs: str) -> bool:
        path = canonical(urlsplit(path_qs)._replace(scheme="", netloc="").geturl())
        if path not in self.reports:
            return False
        with self.lock:
            if path in self.answered or len(self.answered) < self.n:
                self.answered.add(path)
                return False
        return True


def stored_in_log(log: Path) -> int:
    return log.read_text(errors="replace").count(STORED)


NOTHING_HALF_WRITTEN = {
    "a report without all its cells, sections, checks or URL": HALF_WRITTEN,
    "a cell without its report": "SELECT count(*) FROM cells WHERE report_id NOT IN (SELECT report_id FROM reports)",
    "a check without its report": "SELECT count(*) FROM checks WHERE report_id NOT IN (SELECT report_id FROM reports)",
    "a page read as a report without its report": (
        "SELECT count(*) FROM pages WHERE parse_status IN ('parsed', 'via_attachment') "
        "AND (report_id IS NULL OR report_id NOT IN (SELECT report_id FROM reports))"),
    "a report page without the link it was fetched from": (
        "SELECT count(*) FROM pages p WHERE kind = 'page' AND NOT EXISTS "
        "(SELECT 1 FROM links l WHERE l.spider = p.spider AND l.url = p.url)"),
}


def assert_nothing_half_written(db: Path) -> None:
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA foreign_key_check") == []
    found = {what: rows(db, sql)[0][0] for what, sql in NOTHING_HALF_WRITTEN.items()}
    assert found == dict.fromkeys(NOTHING_HALF_WRITTEN, 0)


def test_killed_with_a_batch_open_it_loses_that_batch_only_and_the_next_run_fetches_it(reference, tmp_path):
    """Batches of 4 reports; the portal answers 6 report pages and holds the rest. Once the crawl has
    stored the 6 (its log says so) and 4 are committed, the open batch holds 2: the whole tree is
    killed there. The database has the first batch whole and nothing of the second; the next crawls
    (default batches) store every report of an uninterrupted crawl, none twice."""
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    with Portal("daowai") as portal:
        portal.hold(FirstReports(portal, 6))
        proc = portal.start(db, log, settings=BATCH_OF_4)
        kill_when(proc, log, lambda _: portal.reached.is_set() and stored_in_log(log) >= 6
                  and count(db, "SELECT count(*) FROM reports") >= 4)
        assert stored_in_log(log) == 6  # written: the first batch of 4, and 2 in the open batch
        assert count(db, "SELECT count(*) FROM reports") == 4  # committed: the first batch, whole
        assert_nothing_half_written(db)
        finish_and_compare(portal, db, reference["daowai"], killed_run(db))
        assert_nothing_half_written(db)


@pytest.mark.parametrize("signals", [(signal.SIGTERM,), (signal.SIGINT, signal.SIGINT)],
                         ids=["sigterm", "ctrl-c-twice"])
def test_a_clean_stop_commits_the_open_batch(tmp_path, signals):
    """SIGTERM closes the crawl (the portal answers the requests under way); a second Ctrl-C stops it at
    once, the held requests unanswered, and the batch is committed at exit. Either way every report the
    crawl wrote is in the database, and its run is closed as interrupted."""
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    with Portal("daowai") as portal:
        portal.hold(FirstReports(portal, 6))
        proc = portal.start(db, log, settings=BATCH_OF_4)
        try:
            deadline = time.monotonic() + WAIT
            while not (portal.reached.is_set() and stored_in_log(log) >= 6):
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.02)
            assert count(db, "SELECT count(*) FROM reports") == 4  # 2 in the open batch
            for n, sig in enumerate(signals):
                if n:
                    while "shutting down gracefully" not in log.read_text(errors="replace"):
                        assert proc.poll() is None and time.monotonic() < deadline
                        time.sleep(0.02)
                os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
            if len(signals) == 1:
                portal.released.set()  # a graceful stop finishes the requests under way
            proc.wait(timeout=WAIT)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[-3000:]
    assert rows(db, "SELECT count(*) FROM reports")[0][0] == stored_in_log(log) >= 6
    ((status, reason),) = rows(db, "SELECT status, reason FROM crawl_runs")
    assert status == "degraded" and reason.startswith("interrupted"), reason
    assert_nothing_half_written(db)


def test_the_time_bound_commits_a_batch_when_no_item_arrives(tmp_path):
    """Batches of up to 1,000 reports or 1 s (the default): the portal answers 6 report pages and holds
    the rest, so no item arrives after the sixth; the batch is committed by its timer all the same, and
    a reader sees the 6 while the crawl still waits."""
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    with Portal("daowai") as portal:
        portal.hold(FirstReports(portal, 6))
        # no held request may time out (a failure row is an item, which would close the batch too)
        proc = portal.start(db, log, settings={"GAAR_COMMIT_REPORTS": "1000", "LOG_LEVEL": "DEBUG",
                                               "DOWNLOAD_TIMEOUT": str(3 * WAIT)})
        try:
            deadline = time.monotonic() + WAIT
            while count(db, "SELECT count(*) FROM reports") < 6:
                assert proc.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, "the open batch was never committed"
                time.sleep(0.05)
            assert proc.poll() is None and portal.reached.is_set()  # still crawling, and nothing more came
            assert stored_in_log(log) == 6
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=WAIT)
