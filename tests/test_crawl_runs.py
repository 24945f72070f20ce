"""The generic spider, incremental runs, `since`, and crawl health, against local portals."""

import subprocess
import sys

import pytest

from gaar_spiders.localportals import PortalServer

from .crawl_support import GENUINE, ROOT, crawl, rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def portals():
    with PortalServer(["dazu", "qingshan", "jinghe"]) as server:
        yield server


def genuine_urls(portals, portal):
    return {m["url"] for m in portals.manifest if m["portal"] == portal and m["kind"] in GENUINE}


def stored_urls(db):
    return {u for (u,) in rows(db, "SELECT url FROM pages WHERE parse_status = 'parsed'")}


def test_scrapy_list_has_a_spider_per_registry_entry():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == sorted(["dazu", "daowai", "jinghe", "portal", "qingshan", "suixi"])


@pytest.mark.parametrize("start", ["http://www.dazu.gov.cn/", "http://www.dazu.gov.cn/zwgk/",
                                   "http://www.dazu.gov.cn/zwgk/zfxxgkndbg/"])
def test_portal_spider_finds_the_column_from_any_entry_page(portals, tmp_path, start):
    db = tmp_path / "g.db"
    crawl("portal", db, portals.host_map, f"url={start}")
    assert stored_urls(db) == genuine_urls(portals, "dazu")


def test_portal_spider_on_a_next_link_only_portal(portals, tmp_path):
    db = tmp_path / "g.db"
    crawl("portal", db, portals.host_map, "url=http://www.qingshan.gov.cn/")
    assert stored_urls(db) == genuine_urls(portals, "qingshan")


def test_incremental_run_fetches_nothing_again(portals, tmp_path):
    db = tmp_path / "g.db"
    crawl("jinghe", db, portals.host_map)
    before = rows(db, "SELECT url, times_fetched FROM pages ORDER BY url")
    log = crawl("jinghe", db, portals.host_map).stderr
    assert rows(db, "SELECT url, times_fetched FROM pages ORDER BY url") == before
    assert "'gaar/skipped_known'" in log
    runs = rows(db, "SELECT status, reports_found, reports_stored FROM crawl_runs ORDER BY started_at, rowid")
    assert len(runs) == 2 and runs[1][2] == 0


def test_since_skips_older_reports(portals, tmp_path):
    db = tmp_path / "g.db"
    crawl("dazu", db, portals.host_map, "since=2022")
    years = {y for (y,) in rows(db, "SELECT year FROM reports")}
    assert years and min(years) >= 2022
    want = {m["url"] for m in portals.manifest if m["portal"] == "dazu" and m["kind"] in GENUINE and m["year"] >= 2022}
    assert stored_urls(db) == want


def test_a_portal_without_reports_is_broken_loudly(portals, tmp_path):
    db = tmp_path / "g.db"
    result = crawl("portal", db, portals.host_map, "url=http://www.dazu.gov.cn/moved-away/")
    assert "BROKEN" in result.stderr
    assert rows(db, "SELECT url, reason FROM failures") == [("http://www.dazu.gov.cn/moved-away/", "http_404")]
    status, reason = rows(db, "SELECT status, reason FROM crawl_runs")[0]
    assert status == "broken" and "no report link found" in reason


def test_loopback_only_refuses_the_internet(tmp_path):
    db = tmp_path / "g.db"
    crawl("portal", db, {}, "url=http://www.dazu.gov.cn/")
    assert rows(db, "SELECT reason FROM failures") == [("refused",)]
    assert rows(db, "SELECT status FROM crawl_runs") == [("broken",)]
