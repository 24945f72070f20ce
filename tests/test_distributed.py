"""A distributed crawl on scrapy-redis (issue 19): three nodes, one Redis, the five bundled portals.

Real components on loopback only: a real ``redis-server`` started here on 127.0.0.1 (a free port,
its own directory), the bundled portals served on 127.0.0.1, ``gaar enqueue`` and three real
``scrapy crawl portal -s GAAR_REDIS_URL=…`` subprocesses, each writing its own SQLite file, and
``gaar merge``. What a user relies on, against the session's single-process crawl of the same
portals (``gaar demo``):

- the merged database has exactly its reports, with the same cells, none twice;
- a node killed with SIGKILL mid-crawl (after its first stored report) loses nothing: the others
  take its portal and its in-flight requests;
- no portal's host ever answers more requests at once than ``CONCURRENT_REQUESTS_PER_DOMAIN``;
- all nodes stopped (SIGTERM) and started again go on from Redis and fetch no stored page again.

Every wait is on an event (a row, a process exit, a Redis key), bounded by a generous guard.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gaar_spiders.localportals import PortalServer

from .crawl_support import DEMO_SPIDERS, ROOT, descendants, rows
from .redis_support import REDIS_SERVER, RedisServer

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed (CI installs it: .ci/run)")]

WAIT = 300  # seconds: a hang guard for every wait, never a timing assertion
PER_HOST = 2  # CONCURRENT_REQUESTS_PER_DOMAIN of every node
NODE_SETTINGS = {
    "GAAR_LOOPBACK_ONLY": "1",
    "AUTOTHROTTLE_ENABLED": "0",
    # a delay, as every GAAR crawl has (0.5 s by default): with none, Scrapy 2.19 itself may start
    # more than CONCURRENT_REQUESTS_PER_DOMAIN requests at once (settings.py, DOWNLOAD_DELAY)
    "DOWNLOAD_DELAY": "0.05",
    "CONCURRENT_REQUESTS_PER_DOMAIN": str(PER_HOST),
    "GAAR_PARSE_WORKERS": "1",
    "GAAR_NODE_PORTALS": "2",
    "LOG_LEVEL": "INFO",
    # the portals hold their answers until every node has a portal (Cluster.hold_until_shared): on a
    # busy machine that can outlast Scrapy's 30 s, and a request timed out and sent again would be
    # a third at its host while the held two still count
    "DOWNLOAD_TIMEOUT": str(WAIT),
    "GAAR_ATTACHMENT_TIMEOUT": str(WAIT),
}


def gaar(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gaar_spiders.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=WAIT)


class Cluster:
    """Redis, the five portals, and nodes started and stopped by the test."""

    def __init__(self, tmp: Path, ttl: int = 20):
        self.tmp = tmp
        self.redis = RedisServer(tmp / "redis").start()
        self.portals = PortalServer(DEMO_SPIDERS).start()
        self.ttl = ttl
        self.nodes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def hold_until_shared(self, nodes: int) -> None:
        """Every portal answers only once ``nodes`` different nodes hold a portal each: the work is
        shared whatever the order the nodes happen to start in (no test of timing)."""
        shared = threading.Event()

        def watch():
            client = self.redis.client()
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline and not shared.is_set():
                holders = {json.loads(v)["node"] for v in client.hvals("gaar:active")}
                if len(holders) >= nodes:
                    shared.set()
                time.sleep(0.05)

        def held(resolve):
            def gate(*args, **kwargs):
                shared.wait(WAIT)
                return resolve(*args, **kwargs)
            return gate

        for site in self.portals.sites.values():
            site.resolve = held(site.resolve)
        threading.Thread(target=watch, daemon=True).start()

    def db(self, n: int) -> Path:
        return self.tmp / f"node{n}.db"

    def enqueue(self) -> None:
        done = gaar("enqueue", "--redis", self.redis.url, *DEMO_SPIDERS)
        assert done.returncode == 0, done.stderr
        assert f"queued {len(DEMO_SPIDERS)} portal(s)" in done.stdout

    def start(self, n: int) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-s", f"GAAR_REDIS_URL={self.redis.url}",
               "-s", f"GAAR_DB={self.db(n)}", "-s", f"GAAR_HOST_MAP={json.dumps(self.portals.host_map)}",
               "-s", f"GAAR_NODE_TTL={self.ttl}"]
        for name, value in NODE_SETTINGS.items():
            cmd += ["-s", f"{name}={value}"]
        log = self.tmp / f"node{n}-{len(self.logs)}.log"
        self.logs.append(log)
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                                stderr=open(log, "w"), start_new_session=True)
        self.nodes.append(proc)
        return proc

    def wait_all(self, procs) -> None:
        deadline = time.monotonic() + WAIT
        for proc in procs:
            try:
                proc.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pytest.fail(f"a node did not finish:\n{self.tail()}")

    def tail(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-2500:]}" for log in self.logs if log.exists())

    def merge(self, *dbs: Path) -> Path:
        out = self.tmp / "merged.db"
        done = gaar("merge", str(out), *(str(d) for d in dbs if d.exists()))
        assert done.returncode == 0, done.stderr
        return out

    def close(self) -> None:
        for proc in self.nodes:
            if proc.poll() is None:
                for pid in [proc.pid, *descendants(proc.pid)]:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                proc.wait(timeout=30)
        self.portals.stop()
        self.redis.stop()


@pytest.fixture
def cluster(tmp_path):
    c = Cluster(tmp_path)
    yield c
    c.close()


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def poll(predicate, what: str, cluster: Cluster):
    deadline = time.monotonic() + WAIT
    while not (found := predicate()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}:\n{cluster.tail()}")
        time.sleep(0.05)
    return found


def reports_and_cells(db: Path) -> tuple[set, set]:
    reports = {r for (r,) in rows(db, "SELECT report_id FROM reports WHERE superseded_by IS NULL")}
    cells = set(rows(db, 'SELECT report_id, "table", row, col, value, raw, candidates FROM cells'))
    return reports, cells


def assert_same_as_one_machine(merged: Path, reference: Path) -> None:
    got, want = reports_and_cells(merged), reports_and_cells(reference)
    assert got[0] == want[0], (sorted(want[0] - got[0]), sorted(got[0] - want[0]))
    assert got[1] == want[1]
    assert rows(merged, "SELECT count(*) FROM reports") == rows(reference, "SELECT count(*) FROM reports")
    assert rows(merged, "SELECT count(*), count(DISTINCT url || sha256) FROM pages")[0][0] == \
        rows(merged, "SELECT count(DISTINCT url || sha256) FROM pages")[0][0]
    assert rows(merged, "SELECT sum(new__total) FROM requests_wide") == \
        rows(reference, "SELECT sum(new__total) FROM requests_wide")  # nothing counted twice
    assert rows(merged, "PRAGMA integrity_check") == [("ok",)]


def assert_queue_drained(cluster: Cluster) -> None:
    r = cluster.redis.client()
    assert r.llen("gaar:start_urls") == 0
    assert r.hlen("gaar:active") == 0
    assert sorted(k.decode() for k in r.hkeys("gaar:done")) == sorted(DEMO_SPIDERS)
    assert not [k for k in r.keys("gaar:inflight:*") if r.hlen(k)]
    assert not r.keys("gaar:*:requests")


def test_three_nodes_crawl_what_one_machine_crawls_politely(cluster, demo_crawl):
    cluster.enqueue()
    cluster.hold_until_shared(3)
    nodes = [cluster.start(n) for n in range(3)]
    cluster.wait_all(nodes)
    assert [p.returncode for p in nodes] == [0, 0, 0], cluster.tail()
    assert "Traceback" not in cluster.tail()
    assert_queue_drained(cluster)
    dbs = [cluster.db(n) for n in range(3)]
    assert all(count(db, "SELECT count(*) FROM reports") for db in dbs)  # every node crawled
    merged = cluster.merge(*dbs)
    assert_same_as_one_machine(merged, demo_crawl.db)
    # one run per portal, each kept with the node that ran it
    runs = rows(merged, "SELECT spider, status, process FROM crawl_runs")
    assert sorted(spider for spider, _, _ in runs) == sorted(DEMO_SPIDERS)
    assert all(status in ("ok", "degraded") and process for _, status, process in runs)
    # politeness: no host ever answered more requests at once than one node may send it
    peaks = {host: meter.peak for host, meter in cluster.portals.meters.items()}
    assert all(1 <= peak <= PER_HOST for peak in peaks.values()), (
        peaks, {host: meter.at_peak for host, meter in cluster.portals.meters.items() if meter.peak > PER_HOST})
    # gaar jobs: every node's runs and the queue in Redis
    jobs = gaar("jobs", *(a for d in dbs if d.exists() for a in ("--db", str(d))), "--redis", cluster.redis.url)
    assert jobs.returncode == 0, jobs.stderr
    assert f"0 portal(s) waiting, 0 being crawled, {len(DEMO_SPIDERS)} done" in jobs.stdout
    assert all(f"\n{name}\n" in f"\n{jobs.stdout}" for name in DEMO_SPIDERS)
    # merging again adds nothing
    again = gaar("merge", str(merged), *(str(d) for d in dbs))
    assert again.returncode == 0 and "+0 report(s), +0 page(s)" in again.stdout
    assert_same_as_one_machine(merged, demo_crawl.db)


def test_a_node_killed_mid_crawl_loses_nothing(tmp_path, demo_crawl):
    cluster = Cluster(tmp_path, ttl=6)
    try:
        cluster.enqueue()
        nodes = [cluster.start(n) for n in range(3)]
        def crawling(n: int) -> bool:
            """Node n holds a portal lease now (its reports are committed in batches, so by the time
            one shows, the node may have finished its portals and hold nothing left to take over)."""
            leases = cluster.redis.client().hvals("gaar:active")
            return any(json.loads(lease)["node"].split(":")[1] == str(nodes[n].pid) for lease in leases)

        with_reports = poll(lambda: [n for n in range(3)
                                     if count(cluster.db(n), "SELECT count(*) FROM reports") and crawling(n)],
                            "a node's first stored report while it crawls", cluster)
        victim = with_reports[0]
        proc = nodes[victim]
        tree = [proc.pid, *descendants(proc.pid)]  # the crawl and its parse workers
        for pid in tree:
            os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        survivors = [p for i, p in enumerate(nodes) if i != victim]
        cluster.wait_all(survivors)
        assert [p.returncode for p in survivors] == [0, 0], cluster.tail()
        assert any("is gone" in log.read_text() for log in cluster.logs)  # a survivor reaped the dead node
        assert_queue_drained(cluster)
        merged = cluster.merge(*(cluster.db(n) for n in range(3)))
        assert_same_as_one_machine(merged, demo_crawl.db)
        assert rows(merged, "SELECT count(*) FROM crawl_runs WHERE status = 'running'") == [(0,)]
    finally:
        cluster.close()


def test_all_nodes_stopped_resume_from_redis_without_fetching_stored_pages_again(cluster, demo_crawl):
    cluster.enqueue()
    nodes = [cluster.start(n) for n in range(3)]
    stored = "SELECT count(*) FROM reports"
    poll(lambda: sum(count(cluster.db(n), stored) for n in range(3)) >= 10, "ten stored reports", cluster)
    for proc in nodes:
        proc.send_signal(signal.SIGTERM)
    cluster.wait_all(nodes)
    r = cluster.redis.client()
    assert r.hlen("gaar:active") == 0  # every portal given back or done
    assert r.llen("gaar:start_urls") + r.hlen("gaar:done") == len(DEMO_SPIDERS)
    assert not [k for k in r.keys("gaar:inflight:*") if r.hlen(k)]
    waiting = r.llen("gaar:start_urls")
    some_db = next(cluster.db(n) for n in range(3) if cluster.db(n).exists())
    jobs = gaar("jobs", "--db", str(some_db), "--redis", cluster.redis.url)
    assert f"{waiting} portal(s) waiting, 0 being crawled" in jobs.stdout, jobs.stdout + jobs.stderr
    fetched = set()  # pages stored and read (a page stored but not read when its node stopped may be
    for n in range(3):  # fetched again by another node: its request went back into the queue)
        if cluster.db(n).exists():
            fetched |= {u for (u,) in rows(cluster.db(n), "SELECT url FROM pages WHERE parse_status != 'pending'")}
    assert fetched
    seen = {host: len(meter.requests) for host, meter in cluster.portals.meters.items()}

    restarted = [cluster.start(n) for n in range(3)]
    cluster.wait_all(restarted)
    assert [p.returncode for p in restarted] == [0, 0, 0], cluster.tail()
    assert_queue_drained(cluster)
    again = [target for host, meter in cluster.portals.meters.items()
             for _, target in meter.requests[seen[host]:] if target in fetched]
    assert again == []  # no stored page was fetched again
    merged = cluster.merge(*(cluster.db(n) for n in range(3)))
    assert_same_as_one_machine(merged, demo_crawl.db)


def test_enqueue_refuses_a_wrong_argument_in_one_line():
    for args, words in ((["nosuch"], "neither a registry name"), (["ftp://x.gov.cn/"], "http(s) URL"),
                        (["--region", "99"], "no registry portal"), (["--region", "x"], "first digits"),
                        ([], "name the portals"), (["dazu", "--arg", "sinse=2021"], "not a spider argument")):
        done = gaar("enqueue", "--redis", "redis://127.0.0.1:1/0", *args)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1
    unreachable = gaar("enqueue", "--redis", "redis://127.0.0.1:1/0", "dazu")
    assert unreachable.returncode == 2 and "cannot reach Redis" in unreachable.stderr


def test_merge_refuses_what_is_no_gaar_database(tmp_path, demo_crawl):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for bad in (other, text, tmp_path / "missing.db"):
        done = gaar("merge", str(tmp_path / "out.db"), str(demo_crawl.db), str(bad))
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "out.db").exists()  # nothing written before every file was checked
