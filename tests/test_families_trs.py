"""The TRS group's family portals crawled for real, on what ``test_families_crawl.py`` does not
check: a report in three parts stored as ONE report with all its tables, the Fujian column's
API asked with the column's own ``classsql``, and ``gaar discover`` naming each family.

The Fujian API request is inferred (no saved request or answer exists): the local portal
answers it in the shape documented by the archive's crawler and Fujian spiders' code.
"""

import json

import pytest

from gaar_spiders.localportals import PortalServer

from .crawl_support import crawl, rows
from .test_cli_discover import FAST as DISCOVER_FAST
from .test_cli_discover import discover

pytestmark = pytest.mark.slow


def logged(server: PortalServer) -> list[tuple[str, str, dict]]:
    """Every request the served sites answer: (method, real URL, form)."""
    requests = []
    for site in server.sites.values():
        resolve = site.resolve

        def log(method, path_qs, form=None, resolve=resolve, site=site):
            requests.append((method, path_qs if "://" in path_qs else site.url(path_qs), dict(form or {})))
            return resolve(method, path_qs, form)

        site.resolve = log
    return requests


def crawled(family: str, tmp_path):
    """Crawl a family portal from its home: its manifest, every request its sites answered, the database."""
    with PortalServer([], families=[family]) as server:
        portal = server.family(family)
        requested = logged(server)
        db = tmp_path / "gaar.db"
        crawl("portal", db, server.host_map, f"url={portal.home}")
    return portal, requested, db


def test_a_report_in_three_parts_is_stored_as_one_report_with_all_its_tables(tmp_path):
    portal, requested, db = crawled("trs_createpage", tmp_path)
    (entry,) = [e for e in portal.reports if e["report"].organ == "隆回县人民政府" and e["report"].year == 2022]
    first = entry["url"]
    parts = [first.replace(".shtml", f"_{i}.shtml") for i in (1, 2)]
    assert all(any(url == p for _, url, _ in requested) for p in parts)  # the parts were fetched …
    stored = [url for (url,) in rows(db, "SELECT url FROM pages")]
    assert first in stored and not set(parts) & set(stored)  # … and stored as the first part, once
    ((report_id, n_cells, failed),) = rows(db, "SELECT report_id, n_cells, n_checks_failed FROM reports WHERE url = ?",
                                          (first,))
    cells = {(t, r, c): v for t, r, c, v in rows(db, 'SELECT "table", row, col, value FROM cells WHERE report_id = ?',
                                                 (report_id,))}
    expected = {(c.table, c.row, c.col): c.value for c in entry["report"].cells}
    assert {t for t, _, _ in expected} == {"active", "requests", "review"}
    assert cells == expected and n_cells == len(expected) and failed == 0
    stats = json.loads(rows(db, "SELECT stats_json FROM crawl_runs")[0][0])
    assert stats["gaar/documents_joined"] == 1


def test_the_fujian_column_asks_the_search_api_for_its_own_pages_only(tmp_path):
    _, requested, db = crawled("fujian", tmp_path)
    searches = [form for method, url, form in requested if url.endswith("/fjdzapp/search")]
    assert sorted(f["page"] for f in searches) == ["2", "3"]  # the static page is page 1
    assert all(f["classsql"] == "chnlid=2081" and f["channelid"] == "300121" and f["prepage"] == "4"
               for f in searches)
    assert all(method == "POST" for method, url, _ in requested if url.endswith("/fjdzapp/search"))
    assert not any(url.endswith("/zfxxgknb/") for _, url, _ in requested)  # reached by its nav link, nlist.htm
    ((status, declared, listed),) = rows(db, "SELECT status, json_extract(stats_json, '$.\"gaar/list_records_declared\"'),"
                                             " json_extract(stats_json, '$.\"gaar/list_records_listed\"') FROM crawl_runs")
    assert status == "ok" and declared == listed == 9  # recordCount '9': 8 reports and the decoy, all listed


@pytest.mark.parametrize("family,column,plan,division", [
    ("fujian", "http://www.minhou.gov.cn/zwgk/zfxxgk/zfxxgknb/nlist.htm", "/fjdzapp/search", "350121"),
    ("trs_static", "http://www.yjhl.gov.cn/xxgk/xxgknb/", "var countPage", "150627"),
    ("trs_createpage", "http://www.longhui.gov.cn/zwgk/zfxxgknb/xlist.shtml", "xlist_{k}.shtml", "430524"),
])
def test_discover_names_the_family_its_column_and_plan(family, column, plan, division):
    with PortalServer([], families=[family]) as server:
        portal = server.family(family)
        result = discover(portal.home, "--json", "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}", *DISCOVER_FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout)
    expected_family = "fujian" if family == "fujian" else "trs"
    assert found["family"] == expected_family and found["registry_entry"]["cms"] == expected_family
    columns = {c["url"]: c for c in found["columns"]}
    assert plan in columns[column]["plan"]
    assert found["reports_found"] == len(portal.reports)
    assert found["registry_entry"]["division_code"] == division  # from the pages' SiteIDCode
