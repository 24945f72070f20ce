"""Failed pages do not grow the database: one body per failing URL, a back-off per URL, a byte budget.

The hostile portal crawled three times in a row (real ``scrapy crawl`` on 127.0.0.1): the second
and third crawls fetch none of the pages and attachments that failed (each waits for its
back-off), so the database keeps the same pages and bytes; a crawl that forces them
(``-a retry_failed=1``) fetches them again, and the page that fails with new bytes on every fetch
(a visit counter) still has one body. A crawl that reaches its byte budget stops cleanly, says so
in its health row, and the next crawl finishes it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from gaar_spiders.crawl.backoff import Backoff
from gaar_spiders.localportals import PortalServer
from gaar_spiders.localportals.hostile import gzip_bomb

from .crawl_support import crawl, rows

pytestmark = pytest.mark.slow

START = "url=http://www.hostile.gov.cn/"
#: as tests/test_safety_crawl.py: short timeouts (the trickling trap), a short list cap (the endless archive)
SETTINGS = {"DOWNLOAD_TIMEOUT": "3", "GAAR_MAX_LIST_PAGES": "12"}


def size(db) -> dict:
    ((pages, raw, stored),) = rows(db, "SELECT count(*), sum(size), sum(length(body_gzip)) FROM pages")
    return {"pages": pages, "raw_bytes": raw, "stored_bytes": stored,
            "failing_urls": dict(rows(db, "SELECT url, failures FROM links WHERE failures > 0"))}


def fetched_in(db, run_id) -> set:
    """The report pages and attachments a run requested that failed or were stored (by URL)."""
    failed = {u for (u,) in rows(db, "SELECT url FROM failures WHERE run_id = ?", (run_id,))}
    stored = {u for (u,) in rows(db, "SELECT url FROM pages WHERE run_id = ?", (run_id,))}
    return failed | stored


def last_run(db) -> str:
    return rows(db, "SELECT run_id FROM crawl_runs ORDER BY started_at DESC, rowid DESC LIMIT 1")[0][0]


@pytest.fixture(scope="module")
def hostile():
    gzip_bomb()  # made before the crawls (see tests/test_safety_crawl.py)
    with PortalServer(["hostile"]) as server:
        yield server


def test_three_crawls_of_a_hostile_portal_do_not_grow_the_database(hostile, tmp_path):
    db = tmp_path / "gaar.db"
    crawl("portal", db, hostile.host_map, START, settings=SETTINGS)
    first = size(db)
    traps = {m["trap"]: m["url"] for m in hostile.manifest if m["kind"] == "trap"}
    failing = first["failing_urls"]
    for trap in ("trickle", "gzip_bomb", "redirect_loop", "login_wall", "mojibake", "deep_nesting",
                 "junk_attachment", "restless_failure"):
        assert failing.get(traps[trap]) == 1, trap
    for url, retry_after in rows(db, "SELECT url, retry_after FROM links WHERE failures = 1"):
        failed_at = rows(db, "SELECT last_failed_at FROM links WHERE url = ?", (url,))[0][0]
        waited = datetime.fromisoformat(retry_after) - datetime.fromisoformat(failed_at)
        assert waited == timedelta(hours=Backoff().base_hours), url  # 20 h after a first failure

    for _ in range(2):
        crawl("portal", db, hostile.host_map, START, settings=SETTINGS)
        assert size(db) == first  # no page, no byte, no failure counted again
        again = fetched_in(db, last_run(db)) & set(failing)
        assert again == set(), again  # none of the failing pages was fetched: they wait
        stats = json.loads(rows(db, "SELECT stats_json FROM crawl_runs WHERE run_id = ?", (last_run(db),))[0][0])
        assert stats["gaar/skipped_backoff"] == len(failing)

    crawl("portal", db, hostile.host_map, START, "retry_failed=1", settings=SETTINGS)
    forced = size(db)
    assert forced["failing_urls"] == {url: 2 for url in failing}  # forced: every one was tried again, and failed
    assert rows(db, "SELECT times_fetched FROM pages WHERE url = ?", (traps["deep_nesting"],)) == [(2,)]
    assert forced["pages"] == first["pages"]  # the restless page came back with new bytes: still one body
    restless = traps["restless_failure"]
    ((count, status, body),) = rows(db, "SELECT count(*), parse_status, body_gzip FROM pages WHERE url = ?", (restless,))
    assert count == 1 and status == "failed"
    assert rows(db, "SELECT times_fetched FROM pages WHERE url = ?", (restless,)) == [(1,)]  # the newest bytes
    ((retry_after, failed_at),) = rows(db, "SELECT retry_after, last_failed_at FROM links WHERE url = ?", (restless,))
    assert datetime.fromisoformat(retry_after) - datetime.fromisoformat(failed_at) == timedelta(hours=40)


def test_a_crawl_stops_at_its_byte_budget_and_the_next_one_finishes_it(tmp_path):
    db = tmp_path / "gaar.db"
    with PortalServer(["jinghe"]) as server:
        crawl("jinghe", db, server.host_map, settings={"GAAR_MAX_CRAWL_BYTES": "60000"})
        ((status, reason, stored),) = rows(db, "SELECT status, reason, reports_stored FROM crawl_runs")
        assert status == "degraded" and reason.startswith("crawl ended: gaar_byte_budget"), reason
        stats = json.loads(rows(db, "SELECT stats_json FROM crawl_runs")[0][0])
        assert stats["gaar/byte_budget_exceeded"] > 60000
        want = {m["url"] for m in server.manifest if m["kind"].startswith("report_")}
        assert stored < len(want)
        crawl("jinghe", db, server.host_map)
    parsed = {u for (u,) in rows(db, "SELECT url FROM report_urls")}
    assert parsed == want
