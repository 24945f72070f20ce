"""Every CMS family's local portal, crawled for real: ``scrapy crawl portal -a url=<home>``.

For each portal of ``localportals/families/``: every report of its manifest is
stored and read, no decoy is stored (nor fetched), and the crawl's health is ``ok``.
A family engineer adds a portal module and gets this test for it.
"""

import pytest

from gaar_spiders.localportals import PortalServer
from gaar_spiders.localportals.families import FAMILY_PORTALS

from .crawl_support import crawl, rows

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("family", FAMILY_PORTALS)
def test_a_family_portal_is_crawled_whole_from_its_home(family, tmp_path):
    with PortalServer([], families=[family]) as server:
        portal = server.family(family)
        assert len(portal.reports) >= 6 and 1 <= len(portal.decoys) <= 2
        db = tmp_path / "gaar.db"
        crawl("portal", db, server.host_map, f"url={portal.home}")
    parsed = {url for (url,) in rows(db, "SELECT url FROM pages WHERE parse_status = 'parsed'")}
    missing = [e["url"] for e in portal.reports if e["url"] not in parsed]
    assert not missing, missing
    fetched = {url for (url,) in rows(db, "SELECT url FROM pages")} | {
        url for (url,) in rows(db, "SELECT url FROM report_urls")}
    assert not [e["url"] for e in portal.decoys if e["url"] in fetched]
    assert rows(db, "SELECT count(*) FROM reports")[0][0] == len(portal.reports)
    ((status, reason, declared, fetched_pages),) = rows(
        db, "SELECT status, reason, list_pages_declared, list_pages_fetched FROM crawl_runs")
    assert status == "ok", reason
    assert declared >= 2 and fetched_pages >= declared  # 2+ list pages, each walked
    assert rows(db, "SELECT reason, url FROM failures") == []
