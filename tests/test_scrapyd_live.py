"""Scheduled crawls on a real scrapyd, on loopback only.

A real ``scrapyd`` (the shipped deploy/scrapyd.conf, with a free port, its
directories in tmp, started by the shipped deploy/scrapyd-gaar with its
credentials in the environment: auth on) gets the project with a real
``scrapyd-deploy``; ``gaar schedule`` queues two named spiders against the
bundled portals, its credentials from the same environment variables; the
reports land in a real SQLite file, each crawl's health row keyed by its scrapyd
job id; a request without credentials is refused, and no job log shows a telnet
console or its password.

No timing is assumed: while the first crawls run, every request to the portals
is held at a gate, so the second ``gaar schedule`` deterministically finds them
still running; the gate opens only after it has answered.

suixi links a PDF and a DOCX report, so the attachment readers' child process
runs inside the scrapyd job too (it must find the egg on its import path).
In a venv where GAAR itself is installed (``pip install -e .``), that installed
copy comes before the deployed egg on the job's sys.path; test_scrapyd_egg.py
proves the egg alone is complete.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from gaar_spiders.cli import main as gaar
from gaar_spiders.cli.scrapyd_api import Scrapyd
from gaar_spiders.localportals import PortalServer
from gaar_spiders.portals import load_registry
from scrapyd_support import ScrapydProcess, clean_env, copy_project, free_port, http_json, scrapyd_conf, tool

pytestmark = pytest.mark.slow

SPIDERS = ("jinghe", "suixi")
AUTH = ("gaar", "s3cret-for-tests")
WAIT = 120  # seconds; bounds every wait below (the whole test takes ~20 s)


class Gate:
    """Holds every request to the given portals until ``open()``; records which portal was reached."""

    def __init__(self, server: PortalServer, names):
        self._open = threading.Event()
        self.reached = {name: threading.Event() for name in names}
        for name in names:
            site = server.sites[name]
            site.resolve = self._gated(name, site.resolve)

    def _gated(self, name, resolve):
        def gated(*args, **kwargs):
            self.reached[name].set()
            self._open.wait(WAIT)
            return resolve(*args, **kwargs)

        return gated

    def open(self) -> None:
        self._open.set()


def wait_until(predicate, what: str, scrapyd: ScrapydProcess):
    deadline = time.monotonic() + WAIT
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {WAIT}s; scrapyd said:\n{scrapyd.output()}")
        time.sleep(0.5)
    return result


def run_gaar(capsys, *argv: str) -> str:
    capsys.readouterr()
    code = gaar(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, f"gaar {' '.join(argv[:1])} exited {code}:\n{out}\n{err}"
    return out


def deploy(tmp_path, scrapyd: ScrapydProcess) -> dict:
    """``scrapyd-deploy test`` from a copy of the project, with a target like scrapy.cfg's remote example."""
    project = copy_project(tmp_path / "project")
    with (project / "scrapy.cfg").open("a", encoding="utf-8") as f:  # the default target's credentials
        f.write(f"\n[deploy:test]\nurl = {scrapyd.url}\nproject = gaar\n"
                f"username = $SCRAPYD_USERNAME\npassword = $SCRAPYD_PASSWORD\n")
    done = subprocess.run([tool("scrapyd-deploy"), "test", "--version", "1"], cwd=project,
                          env=clean_env(SCRAPYD_USERNAME=AUTH[0], SCRAPYD_PASSWORD=AUTH[1]),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{scrapyd.output()}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def log_text(url: str, auth=AUTH) -> str:
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode("utf-8", "replace")


def finished(client: Scrapyd, ids) -> bool:
    listing = client.listjobs("gaar")
    return set(ids) <= {job["id"] for job in listing["finished"]}


def test_gaar_schedule_on_a_real_scrapyd(tmp_path, capsys, monkeypatch):
    workdir = tmp_path / "scrapyd"
    workdir.mkdir()
    port = free_port()
    scrapyd_conf(workdir, port, max_proc="2")
    # gaar schedule and gaar jobs take scrapyd's own variables (no --auth on a command line)
    monkeypatch.setenv("SCRAPYD_USERNAME", AUTH[0])
    monkeypatch.setenv("SCRAPYD_PASSWORD", AUTH[1])
    scrapyd = ScrapydProcess(workdir, port, AUTH)
    client = Scrapyd(scrapyd.url, AUTH)
    server = PortalServer(SPIDERS)
    gate = Gate(server, SPIDERS)
    db = tmp_path / "gaar.db"
    try:
        scrapyd.start()
        server.start()
        for auth in (None, (AUTH[0], "wrong-password")):
            with pytest.raises(urllib.error.HTTPError) as refused:
                http_json(scrapyd.url + "daemonstatus.json", auth)  # no credentials, wrong ones
            assert refused.value.code == 401

        answer = deploy(tmp_path, scrapyd)
        assert answer["status"] == "ok" and answer["project"] == "gaar"
        assert answer["spiders"] == len(load_registry()) + 1  # the named spiders and ``portal``

        common = [
            "--url", scrapyd.url, "--db", str(db),
            "--setting", "GAAR_HOST_MAP=" + json.dumps(server.host_map),
            "--setting", "GAAR_LOOPBACK_ONLY=1",
            "--setting", "AUTOTHROTTLE_ENABLED=0",
            "--setting", "DOWNLOAD_DELAY=0",
        ]
        out = run_gaar(capsys, "schedule", *SPIDERS, *common)
        ids = dict(re.findall(r"^scheduled (\w+): job (\S+)$", out, re.M))
        assert sorted(ids) == sorted(SPIDERS), out
        for spider, job in ids.items():
            assert re.fullmatch(rf"{spider}-\d{{4}}-\d{{2}}-\d{{2}}", job), job

        # Both crawls are now running and held at the gate: a second run of cron must not add to them.
        for spider in SPIDERS:
            wait_until(gate.reached[spider].is_set, f"the {spider} crawl's first request", scrapyd)
        out = run_gaar(capsys, "schedule", *SPIDERS, *common)
        for spider in SPIDERS:
            assert f"skipped {spider}: job {ids[spider]} is still running" in out, out
        assert "scheduled" not in out, out
        listing = client.listjobs("gaar")
        jobs = [job for state in ("pending", "running", "finished") for job in listing[state]]
        assert sorted((job["spider"], job["id"]) for job in jobs) == sorted(ids.items())

        gate.open()
        wait_until(lambda: finished(client, ids.values()), "both jobs to finish", scrapyd)

        expected = {spider: set() for spider in SPIDERS}
        for doc in server.manifest:
            if doc["kind"].startswith("report_"):
                expected[doc["portal"]].add(doc["url"])
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            for spider in SPIDERS:
                stored = {url for (url,) in conn.execute("SELECT url FROM reports WHERE portal = ?", (spider,))}
                assert stored == expected[spider], spider
            runs = {row[0]: row[1:] for row in conn.execute(
                "SELECT run_id, spider, status, finished_at, reports_stored FROM crawl_runs")}
        assert set(runs) == set(ids.values())  # the crawl health rows are keyed by scrapyd's job ids
        for spider, job in ids.items():
            name, status, finished_at, stored = runs[job]
            assert name == spider and finished_at and status in ("ok", "degraded"), runs[job]
            assert stored == len(expected[spider])

        # Cron again on the same day, after the first jobs finished: a new id, the first run's row kept.
        out = run_gaar(capsys, "schedule", "jinghe", *common, "--arg", "incremental=0")
        assert out.strip() == f"scheduled jinghe: job {ids['jinghe']}-2", out
        wait_until(lambda: finished(client, [f"{ids['jinghe']}-2"]), "the second jinghe job", scrapyd)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            run_ids = {run_id for (run_id,) in conn.execute("SELECT run_id FROM crawl_runs WHERE spider = 'jinghe'")}
        assert run_ids == {ids["jinghe"], ids["jinghe"] + "-2"}

        out = run_gaar(capsys, "jobs", "--db", str(db), "--url", scrapyd.url, *SPIDERS)
        for job in [*ids.values(), ids["jinghe"] + "-2"]:
            assert re.search(rf"^  {re.escape(job)}  (ok|degraded)  \[scrapyd: finished\]", out, re.M), out

        # the job logs scrapyd serves (behind the same auth): no telnet console, no password in them
        for spider, job in ids.items():
            log = log_text(f"{scrapyd.url}logs/gaar/{spider}/{job}.log")
            assert "Spider closed" in log
            assert "Telnet Password" not in log and "Telnet console listening" not in log
            assert "scrapy.extensions.telnet.TelnetConsole" not in log and AUTH[1] not in log
        with pytest.raises(urllib.error.HTTPError) as refused:
            log_text(f"{scrapyd.url}logs/gaar/jinghe/{ids['jinghe']}.log", auth=None)
        assert refused.value.code == 401
    finally:
        gate.open()
        scrapyd.stop()
        server.stop()
