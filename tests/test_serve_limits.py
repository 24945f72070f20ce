"""``gaar serve`` cannot be exhausted: a real server on 127.0.0.1, asked what exhausted it before.

The audit's ``select zeroblob(400000000)`` returned 2.4 GB with 12 GB of peak memory;
``pages.json`` on a database holding large stored files peaked at 2.3 GB; the wide views took
28 s a page suggesting facets. Here each is asked of a real ``gaar serve`` on a database that
holds a 20 MB attachment: the value is refused, the bodies are NULL in JSON and a download link in
HTML (the link streams the body, as a download the browser does not render), a runaway query is
stopped, the wide view loads with no facet suggestion — and the server's peak memory stays
bounded. Every wait is on a response, never on a clock.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from gaar_spiders.cli.serve import LIMITS
from gaar_spiders.cli.serve_plugin import MAX_VALUE_BYTES
from pipelines.storage import Storage
from tests.storage_support import make_report

from .crawl_support import rss_kb

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
#: the server's own peak memory after everything below (Datasette itself: ~70 MB)
PEAK_BOUND_MB = 300
BIG = 20 * 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def sql(base: str, query: str):
    return get(f"{base}.json?sql=" + urllib.parse.quote(query))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    db = tmp / "gaar.db"
    body = random.Random(1).randbytes(BIG)  # incompressible: 20 MB stored
    with Storage(str(db)) as storage:
        for i in range(30):
            report = make_report(organ=f"测试{i}镇人民政府", year=2019 + i % 5, seed=i)
            page_id = storage.save_page({"url": f"https://t.gov.cn/{i}.html", "body": report.body_text.encode(),
                                         "spider": "t", "run_id": "run-1"})
            storage.save_report(report, page_id)
        big_id = storage.save_page({"url": "https://t.gov.cn/big.pdf", "body": body, "spider": "t", "kind": "attachment",
                                    "headers": {"content-type": "application/pdf"}, "run_id": "run-1"})
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gaar_spiders.cli", "serve", str(db), "--port", str(port)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a hang guard: the server answers or the test fails
    while True:
        try:
            get(base + "/-/versions.json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(proc.stderr.read().decode()[-2000:])
            time.sleep(0.1)
    try:
        yield {"base": base + "/gaar", "root": base, "proc": proc, "big_id": big_id, "body": body}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_huge_value_is_refused_not_built(served):
    for query in ("select zeroblob(400000000)", f"select randomblob({MAX_VALUE_BYTES + 1})",
                  "select group_concat(raw) from cells, (select 1 from cells limit 200)"):
        status, _, body = sql(served["base"], query)
        assert status == 400, query
        assert "too big" in json.loads(body)["error"], query
    status, _, body = sql(served["base"], "select printf('%.*c', 300000000, 'x') as s")
    assert status == 200 and json.loads(body)["rows"] == [[None]]  # SQLite gives up at the bound
    status, _, body = sql(served["base"], f"select length(randomblob({MAX_VALUE_BYTES // 2})) as n")
    assert status == 200 and json.loads(body)["rows"] == [[MAX_VALUE_BYTES // 2]]  # below the bound: fine


def test_raw_bodies_are_null_in_json_and_a_download_link_in_html(served):
    status, _, body = get(served["base"] + "/pages.json?_shape=objects&_size=max")
    assert status == 200 and len(body) < 1024 * 1024  # not the 20 MB attachment, base64-encoded
    rows = json.loads(body)["rows"]
    assert rows and all(r["body_gzip"] is None for r in rows)
    status, _, body = sql(served["base"], "select body_gzip, length(body_gzip) from pages")
    assert status == 200 and {tuple(r) for r in json.loads(body)["rows"]} == {(None, None)}
    status, _, html = get(served["base"] + "/pages")
    link = f"/-/gaar/gaar/pages/{served['big_id']}/body"
    assert status == 200 and link.encode() in html


def test_a_body_downloads_whole_as_an_attachment_the_browser_does_not_render(served):
    status, headers, body = get(served["root"] + f"/-/gaar/gaar/pages/{served['big_id']}/body")
    assert status == 200 and body == served["body"]
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["content-disposition"].startswith("attachment")
    assert headers["x-content-type-options"] == "nosniff" and "sandbox" in headers["content-security-policy"]
    assert get(served["root"] + "/-/gaar/gaar/reports/1/body")[0] == 404  # only the tables with raw bodies
    assert get(served["root"] + "/-/gaar/gaar/pages/999999/body")[0] == 404


def test_a_runaway_query_is_stopped(served):
    status, _, body = sql(served["base"], "with recursive c(x) as (select 1 union all select x + 1 from c) "
                                          "select count(*) from c")
    assert status == 400 and "too long" in json.loads(body)["error"]


def test_the_wide_view_loads_and_suggests_no_facets(served):
    status, _, body = get(served["base"] + "/requests_wide.json?_shape=objects")
    assert status == 200
    answer = json.loads(body)
    assert len(answer["rows"]) == 30 and answer["suggested_facets"] == []
    status, _, html = get(served["base"] + "/requests_wide")
    assert status == 200 and b"new__total" in html
    settings = json.loads(get(served["root"] + "/-/settings.json")[2])
    assert {k: settings[k] for k in LIMITS} == {k: (v if k != "suggest_facets" else False) for k, v in LIMITS.items()}


def test_the_server_stays_bounded_after_all_of_it(served):
    for _ in range(3):  # again, all of it: nothing accumulates
        sql(served["base"], "select zeroblob(400000000)")
        get(served["base"] + "/pages.json?_size=max")
        get(served["root"] + f"/-/gaar/gaar/pages/{served['big_id']}/body")
        get(served["base"] + "/requests_wide")
    peak_mb = rss_kb(served["proc"].pid, "VmHWM") / 1024
    assert 0 < peak_mb < PEAK_BOUND_MB, f"gaar serve peaked at {peak_mb:.0f} MB"


def test_body_gzip_is_what_the_download_inflates(served, tmp_path):
    # the stored form is gzip: the route inflates it, chunk by chunk
    import sqlite3

    from gaar_spiders.cli.serve_plugin import CHUNK

    db = Path(served["proc"].args[4])
    (blob,) = sqlite3.connect(db).execute("SELECT body_gzip FROM pages WHERE page_id = ?", (served["big_id"],)).fetchone()
    assert gzip.decompress(blob) == served["body"] and len(blob) > CHUNK
