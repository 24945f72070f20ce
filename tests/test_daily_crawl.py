"""Daily use of the crawl (issue 15), as a user runs it: `scrapy crawl` and `gaar demo` subprocesses
against the bundled portals on 127.0.0.1.

- a re-crawl of an unchanged portal is `ok — nothing new`, never broken (item 1);
- Ctrl-C and SIGTERM end a crawl promptly, its run closed `degraded — interrupted` (item 2);
- a wrong argument, database or host map is one line and exit 2, nothing created (item 4);
- the verdict names the real cause: the start page refused, `-a since` later than every report;
  a URL that is not http(s) and an unknown `-a` are refused before the crawl starts (item 5).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gaar_spiders.localportals import PortalServer

from .crawl_support import DEMO_SPIDERS, FAST, ROOT, crawl, rows

pytestmark = pytest.mark.slow
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
#: a failure guard only: every wait below ends on an event (a row, a line, the process exiting)
GUARD = 180


@pytest.fixture(scope="module")
def portals():
    with PortalServer(list(DEMO_SPIDERS)) as server:
        yield server


def scrapy_crawl(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=GUARD)


def last_run(db: Path) -> tuple[str, str]:
    return rows(db, "SELECT status, reason FROM crawl_runs ORDER BY started_at DESC, rowid DESC LIMIT 1")[0]


# --- 1. a re-crawl of an unchanged portal -----------------------------------------------------

def test_a_second_crawl_of_each_demo_portal_is_nothing_new_not_a_failure(demo_crawl, portals, tmp_path):
    """The session's `gaar demo` was the first crawl; crawl each portal again into a copy of its
    database: nothing new is no failure, and a portal's real trouble (a 404, a cookie wall) stays."""
    db = tmp_path / "gaar.db"
    shutil.copy(demo_crawl.db, db)
    first = dict(rows(db, "SELECT spider, status FROM crawl_runs"))
    for spider in DEMO_SPIDERS:
        stored = rows(db, "SELECT count(*) FROM pages WHERE spider = ? AND parse_status = 'parsed'", (spider,))[0][0]
        result = crawl(spider, db, portals.host_map)
        status, reason = last_run(db)
        assert status not in ("broken", "blocked"), (spider, reason)
        assert status == first[spider], (spider, reason)  # ok stays ok; a portal's trouble is still there
        assert reason.endswith(f"nothing new ({stored} already stored)"), (spider, reason)
        assert "BROKEN" not in result.stderr and " ERROR: GAAR" not in result.stderr


# --- 2. Ctrl-C and SIGTERM ----------------------------------------------------------------------

def wait_for(predicate, what: str):
    deadline = time.monotonic() + GUARD
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def pages_stored(db: Path) -> int:
    try:
        return rows(db, "SELECT count(*) FROM pages")[0][0]
    except sqlite3.Error:  # not created yet
        return 0


def stop(proc: subprocess.Popen, signals, group: bool, log: Path) -> str:
    """Send ``signals`` (the second once the first was acknowledged in the log), wait for the exit."""
    for n, sig in enumerate(signals):
        if n:
            wait_for(lambda: "shutting down gracefully" in log.read_text(errors="replace")
                     or proc.poll() is not None, "Scrapy to acknowledge the first signal")
            if proc.poll() is not None:
                break
        os.killpg(proc.pid, sig) if group else proc.send_signal(sig)
    proc.wait(timeout=GUARD)  # the failure guard: the point is that it exits at all
    return log.read_text(errors="replace")


@pytest.mark.parametrize("signals, group", [
    ((signal.SIGINT,), True),  # Ctrl-C in a terminal: the whole process group, parse worker included
    ((signal.SIGTERM,), False),  # kill, systemd, scrapyd's cancel
    ((signal.SIGINT, signal.SIGINT), True),  # a second Ctrl-C forces: the run is closed at exit
], ids=["ctrl-c", "sigterm", "ctrl-c-twice"])
def test_scrapy_crawl_stops_promptly_and_its_run_ends_interrupted(portals, tmp_path, signals, group):
    db, log = tmp_path / "gaar.db", tmp_path / "crawl.log"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "dazu", "-s", f"GAAR_DB={db}",
           "-s", f"GAAR_HOST_MAP={json.dumps(portals.host_map)}",
           *[a for k, v in {**FAST, "DOWNLOAD_DELAY": "0.3"}.items() for a in ("-s", f"{k}={v}")]]
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
        try:
            wait_for(lambda: pages_stored(db) >= 1, "the first page stored")
            text = stop(proc, signals, group, log)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    status, reason = last_run(db)
    assert (status, reason.split(":")[0]) == ("degraded", "interrupted"), reason
    assert "Traceback" not in text, text[-3000:]
    assert rows(db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'") == [(0,)]


def test_ctrl_c_in_gaar_demo_ends_every_run_interrupted(tmp_path):
    log = tmp_path / "demo.log"
    db = tmp_path / "demo-output" / "gaar.db"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "gaar_spiders.cli", "demo"], cwd=tmp_path, env=ENV,
                                stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True)
        try:
            wait_for(lambda: pages_stored(db) >= 3, "pages stored")
            os.killpg(proc.pid, signal.SIGINT)
            out, _ = proc.communicate(timeout=GUARD)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert "Interrupted:" in out
    runs = rows(db, "SELECT spider, status, reason FROM crawl_runs")
    assert {spider for spider, _, _ in runs} == set(DEMO_SPIDERS)
    assert all(status == "degraded" and reason.startswith("interrupted") for _, status, reason in runs), runs
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-3000:]


# --- 4. one line, exit 2, nothing created -------------------------------------------------------

def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("args, message", [
    (["daowai", "-s", "GAAR_DB={corrupt}"], "is not an SQLite database"),
    (["daowai", "-s", "GAAR_DB={tmp}/no/such/folder/gaar.db"], "does not exist"),
    (["portal", "-a", "url=notaurl"], "absolute http(s) URL"),
    (["portal", "-a", "url=ftp://www.hrbdw.gov.cn/"], "ftp:// is not crawled"),
    (["portal"], "needs -a url=URL"),
    (["daowai", "-a", "since=abc"], "takes a year"),
    (["daowai", "-a", "sinse=2021"], "unknown spider argument(s) -a sinse; known: url"),
    (["daowai", "-s", "GAAR_HOST_MAP={{'www.hrbdw.gov.cn': '127.0.0.1:8001'}}"], "takes JSON"),
    (["nosuch"], "no spider named 'nosuch'"),
    (["daowai", "-s", "GAAR_COMMIT_SECONDS=soon"], "GAAR_COMMIT_SECONDS takes seconds"),
], ids=["corrupt-db", "missing-folder", "not-a-url", "ftp", "no-url", "since-abc", "unknown-arg",
        "python-dict-host-map", "unknown-spider", "commit-seconds"])
def test_scrapy_crawl_refuses_what_cannot_work_in_one_line(tmp_path, args, message):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(os.urandom(4096))
    args = [a.format(corrupt=corrupt, tmp=tmp_path) for a in args]
    if not any(a.startswith("GAAR_DB=") for a in args):
        args += ["-s", f"GAAR_DB={tmp_path / 'gaar.db'}"]
    result = scrapy_crawl(*args, "-s", "GAAR_LOOPBACK_ONLY=1")
    assert result.returncode == 2, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"scrapy crawl {args[0]}: ") and message in last, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corrupt.db"]  # nothing created


# --- 5. the verdict names the real cause --------------------------------------------------------

def test_a_refused_start_page_is_named_in_the_verdict(tmp_path):
    db = tmp_path / "gaar.db"
    url = f"http://127.0.0.1:{closed_port()}/"
    crawl("portal", db, {}, f"url={url}", settings={"RETRY_ENABLED": "0", "ROBOTSTXT_OBEY": "0"})
    status, reason = last_run(db)
    assert status == "broken"
    assert reason == f"no report link found: the start page {url} could not be fetched: connection_refused"
    assert rows(db, "SELECT reason FROM failures") == [("connection_refused",)]


def test_since_later_than_every_report_is_nothing_new(portals, tmp_path):
    db = tmp_path / "gaar.db"
    crawl("daowai", db, portals.host_map, "since=2030")
    status, reason = last_run(db)
    listed = sum(1 for m in portals.manifest if m["portal"] == "daowai" and m["kind"].startswith("report"))
    assert status == "ok", reason
    assert reason.startswith("nothing new: no report of 2030 or later listed (") and "-a since=2030" in reason
    assert rows(db, "SELECT count(*) FROM pages") == [(0,)] and listed


# --- 6. Scrapy's feed exports -------------------------------------------------------------------

def test_feed_export_to_json_lines_writes_every_item_with_a_hash_for_bytes(portals, tmp_path):
    db, feed = tmp_path / "gaar.db", tmp_path / "items.jsonl"
    result = crawl("dazu", db, portals.host_map, settings={"FEEDS": json.dumps({str(feed): {"format": "jsonlines"}})})
    assert "not JSON serializable" not in result.stderr and "] ERROR:" not in result.stderr
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    pages = {url: (sha, status, report_id) for url, sha, status, report_id in
             rows(db, "SELECT url, sha256, parse_status, report_id FROM pages")}
    exported = [i for i in items if "parse_status" in i]
    assert len(exported) == len(pages) and len(items) - len(exported) == rows(db, "SELECT count(*) FROM failures")[0][0]
    for item in exported:
        sha, status, report_id = pages[item["url"]]
        assert item["body"] == f"sha256:{sha}"  # the bytes stay in the database, found by their digest
        assert item["parse_status"] == status
        assert (item["report"] or {}).get("report_id") == (report_id if status == "parsed" else None)
        if item["report"]:
            assert item["report"]["cells"] and item["report"]["organ"]
    assert {i["reason"] for i in items if "reason" in i} == {r for (r,) in rows(db, "SELECT reason FROM failures")}


def test_feed_export_to_csv_has_the_columns_of_both_item_kinds(portals, tmp_path):
    """`scrapy crawl jinghe -O items.csv`: its cookie wall makes a FailureItem among the PageItems."""
    import csv

    db, feed = tmp_path / "gaar.db", tmp_path / "items.csv"
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "jinghe", "-O", str(feed),
                             "-s", f"GAAR_DB={db}", "-s", f"GAAR_HOST_MAP={json.dumps(portals.host_map)}",
                             *[a for k, v in FAST.items() for a in ("-s", f"{k}={v}")]],
                            cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=GUARD)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    with feed.open(newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert {"url", "body", "parse_status", "report", "reason", "detail"} <= set(table[0])
    failures = [r for r in table if r["reason"]]
    assert [r["reason"] for r in failures] == ["blocked"]
    shas = dict(rows(db, "SELECT url, sha256 FROM pages"))
    pages = [r for r in table if not r["reason"]]
    assert len(pages) == len(shas) and all(r["body"] == f"sha256:{shas[r['url']]}" for r in pages)
    parsed = [r for r in pages if r["parse_status"] == "parsed"]
    assert parsed and all(json.loads(r["report"])["report_id"] for r in parsed)  # the record, as JSON text


# --- 7. the local portals' host map, fixed ports, a command to paste ----------------------------

def test_the_local_portals_print_a_crawl_command_that_works_as_pasted(tmp_path):
    base = closed_port()  # a free port to start from (the next one is daowai's neighbour, unused here)
    proc = subprocess.Popen([sys.executable, "-m", "gaar_spiders.localportals", "daowai", "--port", str(base)],
                            cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while not lines or "Ctrl-C to stop" not in lines[-1]:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line)
        assert lines[0].split()[1] == f"http://127.0.0.1:{base}/"  # the port asked for
        host_map = json.loads(next(ln for ln in lines if ln.startswith("host map")).split(": ", 1)[1])
        assert host_map == {"www.hrbdw.gov.cn": f"127.0.0.1:{base}"}
        command = next(ln.strip() for ln in lines if " crawl daowai " in ln)
        pasted = subprocess.run(["bash", "-c", command + " -s DOWNLOAD_DELAY=0 -s TELNETCONSOLE_ENABLED=0"],
                                cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=GUARD)
        assert pasted.returncode == 0, pasted.stderr[-3000:]
        assert rows(tmp_path / "gaar.db", "SELECT status FROM crawl_runs") == [("ok",)]
        assert rows(tmp_path / "gaar.db", "SELECT count(*) FROM reports")[0][0] >= 10
    finally:
        proc.terminate()
        proc.wait(timeout=GUARD)
