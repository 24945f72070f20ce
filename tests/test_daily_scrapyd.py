"""Daily use on a real scrapyd (issue 15, item 8): ad-hoc `portal` crawls of two portals run at once
and are named by their host; `gaar jobs --last 1` shows the newest job even when it died, with
a log link that opens.

Like test_scrapyd_live.py: a real scrapyd on loopback with auth, the project deployed with a
real scrapyd-deploy, the portals held at a gate until the test has seen what it needs, so
nothing depends on timing.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
import urllib.request

import pytest

from gaar_spiders.localportals import PortalServer
from scrapyd_support import ScrapydProcess, free_port, http_json, scrapyd_conf
from test_scrapyd_live import AUTH, Gate, deploy, finished, run_gaar, wait_until

from gaar_spiders.cli.scrapyd_api import Scrapyd

pytestmark = pytest.mark.slow

PORTALS = ("daowai", "jinghe")


def test_ad_hoc_portals_run_side_by_side_and_jobs_shows_a_dead_job(tmp_path, capsys):
    workdir = tmp_path / "scrapyd"
    workdir.mkdir()
    port = free_port()
    scrapyd_conf(workdir, port, username=AUTH[0], password=AUTH[1], max_proc="2")
    scrapyd = ScrapydProcess(workdir, port, AUTH)
    client = Scrapyd(scrapyd.url, AUTH)
    server = PortalServer(PORTALS)
    gate = Gate(server, PORTALS)
    db = tmp_path / "gaar.db"
    try:
        scrapyd.start()
        server.start()
        deploy(tmp_path, scrapyd)
        auth = ["--url", scrapyd.url, "--auth", ":".join(AUTH)]
        common = [*auth, "--db", str(db), "--setting", "GAAR_HOST_MAP=" + json.dumps(server.host_map),
                  "--setting", "GAAR_LOOPBACK_ONLY=1", "--setting", "AUTOTHROTTLE_ENABLED=0",
                  "--setting", "DOWNLOAD_DELAY=0"]
        urls = {name: server.start_url(name) for name in PORTALS}
        hosts = {name: server.host(name) for name in PORTALS}

        out = run_gaar(capsys, "schedule", "portal", *common, "--arg", f"url={urls['daowai']}")
        first = re.fullmatch(r"scheduled portal: job (\S+)\n", out).group(1)
        assert first.startswith(f"portal-{hosts['daowai']}-"), first
        wait_until(gate.reached["daowai"].is_set, "the first portal crawl to run", scrapyd)

        # another portal while the first still runs: scheduled, not "still running"
        out = run_gaar(capsys, "schedule", "portal", *common, "--arg", f"url={urls['jinghe']}")
        second = re.fullmatch(r"scheduled portal: job (\S+)\n", out).group(1)
        assert second.startswith(f"portal-{hosts['jinghe']}-"), second
        # the same portal again: that one is still running
        out = run_gaar(capsys, "schedule", "portal", *common, "--arg", f"url={urls['daowai']}")
        assert out.startswith(f"skipped portal: job {first} is still running"), out
        wait_until(gate.reached["jinghe"].is_set, "the second portal crawl to run beside the first", scrapyd)
        gate.open()
        wait_until(lambda: finished(client, [first, second]), "both portal crawls to finish", scrapyd)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            portals = {p for (p,) in conn.execute("SELECT DISTINCT portal FROM reports")}
        assert portals == set(hosts.values())  # the host, never 'portal'

        # a daowai run, then a daowai job that dies before its crawl opens (its database's folder is gone)
        out = run_gaar(capsys, "schedule", "daowai", *common)
        ran = re.fullmatch(r"scheduled daowai: job (\S+)\n", out).group(1)
        wait_until(lambda: finished(client, [ran]), "the daowai crawl", scrapyd)
        bad = [a if not a.startswith(str(db)) else str(tmp_path / "gone" / "gaar.db") for a in common]
        out = run_gaar(capsys, "schedule", "daowai", *bad)
        dead = re.fullmatch(r"scheduled daowai: job (\S+)\n", out).group(1)
        wait_until(lambda: finished(client, [dead]), "the dying job", scrapyd)

        out = run_gaar(capsys, "jobs", "--db", str(db), *auth, "--last", "1", "daowai")
        assert out.splitlines()[1].startswith(f"  {dead}  -  [scrapyd: finished]"), out
        assert re.findall(r"^  (\S+)  ", out, re.M) == [dead], out  # the newest, though it never opened a run
        assert "no crawl_runs row" in out
        log_url = re.search(r"log: (\S+)", out).group(1)
        assert log_url.startswith(scrapyd.url)  # absolute: it opens from the terminal
        request = urllib.request.Request(log_url)
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(AUTH).encode()).decode())
        log = urllib.request.urlopen(request, timeout=30).read().decode("utf-8", "replace")
        assert "the folder" in log and "does not exist" in log and "Traceback" not in log
        two = run_gaar(capsys, "jobs", "--db", str(db), *auth, "--last", "2", "daowai")
        assert re.findall(r"^  (\S+)  ", two, re.M) == [dead, ran], two  # newest first, both sides' times alike
        assert http_json(scrapyd.url + "daemonstatus.json", AUTH)["status"] == "ok"
    finally:
        gate.open()
        scrapyd.stop()
        server.stop()
