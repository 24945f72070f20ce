"""A real crawl of the five named portals, served on 127.0.0.1, into a real SQLite file.

The crawl is the session's one run of `gaar demo` (``demo_crawl`` in conftest.py): the real
spiders, middlewares and pipelines, exactly as ``scrapy crawl NAME`` runs them.
"""

from types import SimpleNamespace

import pytest

from .crawl_support import DEMO_SPIDERS as NAMED
from .crawl_support import GENUINE, rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def portals(demo_crawl):
    return SimpleNamespace(manifest=demo_crawl.manifest)


@pytest.fixture(scope="module")
def crawled(demo_crawl):
    return demo_crawl.db, demo_crawl.stdout


def test_every_genuine_report_is_stored(portals, crawled):
    db, _ = crawled
    stored = {url: (status, report_id) for url, status, report_id in
              rows(db, "SELECT url, parse_status, report_id FROM pages")}
    missing = [(m["portal"], m["kind"], m["url"]) for m in portals.manifest
               if m["kind"] in GENUINE and (stored.get(m["url"], (None, None))[0] != "parsed")]
    assert not missing
    genuine = sum(1 for m in portals.manifest if m["kind"] in GENUINE)
    assert rows(db, "SELECT count(*) FROM reports")[0][0] == genuine


def test_cells_in_the_database_are_the_published_figures(portals, crawled):
    db, _ = crawled
    checked = 0
    for m in portals.manifest:
        if m["kind"] not in GENUINE or m["report"] is None or m["trap"] == "truncated":
            continue
        report_id = rows(db, "SELECT report_id FROM report_urls WHERE url = ?", (m["url"],))
        assert report_id, m["url"]
        got = {(t, r, c): (v, raw) for t, r, c, v, raw in rows(
            db, 'SELECT "table", row, col, value, raw FROM cells WHERE report_id = ?', (report_id[0][0],))}
        want = {(c.table, c.row, c.col): (c.value, c.raw) for c in m["report"].cells}
        assert got == want, m["url"]
        checked += 1
    assert checked >= 80


def test_failed_checks_are_the_reports_own_errors(portals, crawled):
    db, _ = crawled
    for m in portals.manifest:
        if m["kind"] not in GENUINE:
            continue
        failed = {c for (c,) in rows(db, 'SELECT c."check" FROM checks c JOIN report_urls u USING (report_id) '
                                          "WHERE u.url = ? AND c.ok = 0", (m["url"],))}
        assert failed == set(m["expected_failed_checks"]), m["url"]


def test_traps_are_recorded_never_stored_as_reports(portals, crawled):
    db, _ = crawled
    failures = {(url, reason) for url, reason in rows(db, "SELECT url, reason FROM failures")}
    report_urls = {u for (u,) in rows(db, "SELECT url FROM report_urls")}
    traps = [m for m in portals.manifest if m["kind"] in ("trap", "non_report")]
    assert {m["trap"] for m in traps if m["trap"]} >= {"http_404", "js_challenge"}
    for m in traps:
        assert m["url"] not in report_urls, m
        if m["trap"] == "http_404":
            assert (m["url"], "http_404") in failures
        if m["trap"] == "js_challenge":
            assert (m["url"], "blocked") in failures


def test_special_pages_are_read_right(portals, crawled):
    db, _ = crawled
    by_trap = {m["trap"]: m for m in portals.manifest if m["trap"]}
    # a page that answered 500 first is retried and stored
    assert rows(db, "SELECT parse_status FROM pages WHERE url = ?", (by_trap["flaky_500"]["url"],)) == [("parsed",)]
    # a redirect is stored under the URL the list linked, with where it landed
    redirect = by_trap["redirect"]
    assert rows(db, "SELECT final_url FROM pages WHERE url = ?", (redirect["url"],)) == [(redirect["final_url"],)]
    # GBK bytes under a utf-8 declaration are decoded right (its cells matched above); truncated keeps its cells
    truncated = rows(db, 'SELECT ok FROM checks JOIN report_urls USING (report_id) WHERE url = ? '
                         'AND "check" = \'cells.complete\'', (by_trap["truncated"]["url"],))
    assert truncated == [(0,)]


def test_attachments_are_reports_with_their_page_recorded(portals, crawled):
    db, _ = crawled
    for m in portals.manifest:
        if m["kind"] not in ("report_pdf", "report_docx"):
            continue
        row = rows(db, "SELECT a.source_url, p.parse_status, r.organ, r.year FROM attachments a "
                       "JOIN pages p USING (page_id) JOIN reports r ON r.report_id = p.report_id WHERE a.url = ?",
                   (m["url"],))
        assert row and row[0][1] == "parsed", m["url"]
        assert row[0][3] == m["year"]
        holder = rows(db, "SELECT parse_status, report_id FROM pages WHERE url = ?", (row[0][0],))
        # the page that only links the file is kept, not a report, and no failure: its report is the file's
        assert holder == [("via_attachment", rows(db, "SELECT report_id FROM pages WHERE url = ?", (m["url"],))[0][0])]


def test_crawl_runs_say_how_each_crawl_went(crawled):
    db, logs = crawled
    runs = {spider: (status, reason, declared, fetched, found, stored) for spider, status, reason, declared, fetched,
            found, stored in rows(db, "SELECT spider, status, reason, list_pages_declared, list_pages_fetched, "
                                      "reports_found, reports_stored FROM crawl_runs")}
    assert set(runs) == set(NAMED)
    for spider, (status, reason, declared, fetched, found, stored) in runs.items():
        assert status in ("ok", "degraded"), (spider, reason)
        assert declared and fetched >= declared, spider  # every declared list page was walked
        assert stored >= 10
    assert runs["jinghe"][0] == "degraded" and "blocked" in runs["jinghe"][1]
    assert "http_404" in runs["dazu"][1]


def test_page_metadata_is_kept(portals, crawled):
    db, _ = crawled
    meta = rows(db, "SELECT p.chrome_method, p.page_meta_json FROM pages p WHERE p.url LIKE 'http://www.dazu.gov.cn/%' "
                    "AND p.parse_status = 'parsed' LIMIT 1")
    method, page_meta = meta[0]
    assert method == "container:trs"
    assert "SiteIDCode" in page_meta and "PubDate" in page_meta


def test_report_pages_view_keeps_the_portal_metadata(portals, crawled):
    db, _ = crawled
    site_ids = {sid for (sid,) in rows(db, "SELECT DISTINCT site_id_code FROM report_pages p JOIN reports r "
                                           "USING (report_id) WHERE r.portal = 'dazu' AND p.kind = 'page'")}
    assert site_ids == {"5001110001"}
    attached = rows(db, "SELECT count(*) FROM report_pages WHERE kind = 'attachment' AND attached_to IS NOT NULL")
    assert attached[0][0] == sum(1 for m in portals.manifest if m["kind"] in ("report_pdf", "report_docx"))


def test_gaar_parse_and_gaar_reparse_give_every_crawled_page_the_report_the_crawl_gave(crawled, tmp_path):
    from pipelines.files import page_item_for_file
    from pipelines.read import read_item
    from pipelines.storage import Reader

    db, _ = crawled
    merged = {r for (r,) in rows(db, "SELECT report_id FROM report_urls GROUP BY report_id HAVING count(*) > 1")}
    with Reader(str(db)) as reader:
        pages = [reader.load_page(page_id) for page_id in reader.page_ids()]
    assert len(pages) > 100
    for page in pages:
        again = read_item(page)  # what gaar reparse does
        if page.parse_status == "via_attachment":  # storage's word: the page alone is no report
            assert (again.status, again.report_id) == ("not_report", None), page.url
            continue
        assert again.status == page.parse_status, (page.url, page.parse_status, again.reason)
        if page.report_id not in merged:  # a page and its attachment carrying one report keep one id
            assert again.report_id == page.report_id, page.url
        if page.kind == "page":
            file = tmp_path / f"{page.page_id}.html"
            file.write_bytes(page.body)
            assert read_item(page_item_for_file(file)).report_id == again.report_id, page.url  # gaar parse
