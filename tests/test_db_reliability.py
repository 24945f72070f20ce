"""Reliability with real processes: a writer killed mid-way, several writers and a reader at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.storage_support import HALF_WRITTEN, make_report

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]

WRITER = """
import sys
from tests.storage_support import HALF_WRITTEN, make_report
from pipelines.storage import Storage

path, start, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
signal_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
with Storage(path) as store:
    for n, i in enumerate(range(start, stop), 1):
        report = make_report(organ=f"测试{i % 7}镇人民政府", year=2019 + i % 5, seed=i)
        page_id = store.save_page({"url": f"https://t.gov.cn/{i}.html", "body": report.body_text.encode(),
                                   "spider": "t", "run_id": "run-1"})
        store.save_report(report, page_id)
        if n == signal_after:  # tell the test, and write on: it kills this process somewhere from here
            print(n, flush=True)
if signal_after is not None:
    sys.stdin.read()  # never exit by itself: the test decides when it ends
"""


def expected_report(i):
    return make_report(organ=f"测试{i % 7}镇人民政府", year=2019 + i % 5, seed=i)


def start_writer(tmp_path, db, start, stop, signal_after=None):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, str(script), str(db), str(start), str(stop)]
    if signal_after is None:
        return subprocess.Popen(args, env=env)
    return subprocess.Popen([*args, str(signal_after)], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)


def count(db, sql):
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # the file or its tables are not there yet
        return 0
    finally:
        conn.close()


def assert_complete_and_exact(db, ids):
    """Every stored report has exactly the rows it was built with: nothing half-written."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute(HALF_WRITTEN).fetchone()[0] == 0
    stored = {r[0] for r in conn.execute("SELECT report_id FROM reports")}
    for i in ids:
        report = expected_report(i)
        if report.report_id not in stored:
            continue
        cells = set(conn.execute('SELECT "table", row, col, value FROM cells WHERE report_id = ?', (report.report_id,)))
        assert cells == {(c.table, c.row, c.col, c.value) for c in report.cells}
    conn.close()
    return stored


def test_a_writer_killed_mid_way_leaves_whole_reports_and_a_rerun_completes_the_set(tmp_path):
    db = tmp_path / "gaar.db"
    total = 400
    writer = start_writer(tmp_path, db, 0, total, signal_after=15)
    assert writer.stdout.readline().strip() == "15"  # 15 reports committed, and it is writing the 16th
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL

    stored = assert_complete_and_exact(db, range(total))
    assert 15 <= len(stored) <= total

    rerun = start_writer(tmp_path, db, 0, total)
    assert rerun.wait(timeout=120) == 0
    stored = assert_complete_and_exact(db, range(total))
    assert len(stored) == total
    assert count(db, "SELECT count(*) FROM pages") == total
    assert count(db, "SELECT count(*) FROM report_urls") == total
    assert count(db, "SELECT count(*) FROM cells") == sum(len(expected_report(i).cells) for i in range(total))


def test_several_writers_share_one_file_while_a_reader_never_sees_half_a_report(tmp_path):
    db = tmp_path / "gaar.db"
    # overlapping ranges: both writers store reports 40-59, which must stay single rows
    writers = [start_writer(tmp_path, db, 0, 60), start_writer(tmp_path, db, 40, 100)]
    reads = 0
    while any(w.poll() is None for w in writers):
        assert count(db, HALF_WRITTEN) == 0
        reads += 1
    assert [w.returncode for w in writers] == [0, 0]
    assert reads > 0
    stored = assert_complete_and_exact(db, range(100))
    assert len(stored) == 100
    assert count(db, "SELECT count(*) FROM pages") == 100
