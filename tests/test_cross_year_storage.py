"""One office across years in the database: every stored report is identified (division_code,
organ_key) and its office's cross-year checks are stored, re-examined when a report changes or
one appears between two others; failed_checks, cross_year_checks and coverage show them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from gaar_spiders.items import PageItem
from gaar_spiders.localportals.generator import Chain, make_report
from gaar_spiders.localportals.render import SiteInfo, render_report_html
from pipelines import db as schema
from pipelines.process import process_page
from pipelines.reparse import reparse
from pipelines.storage import Storage
from pipelines.years import recheck
from tests.storage_support import undo_step_8

DAZU = {"portal": "dazu", "division_code": "500111", "region": "重庆市大足区", "portal_organ": "重庆市大足区人民政府"}
SITE = SiteInfo(name="重庆市大足区人民政府", host="www.dazu.gov.cn", site_id="5001110001")
GOVERNMENT = "重庆市大足区人民政府"


def page(report, n: int, hints=DAZU) -> PageItem:
    html = render_report_html(report, family="trs", site=SITE)
    return PageItem(url=f"http://www.dazu.gov.cn/zwgk/t{report.year}_{n}.html", body=html.encode("utf-8"),
                    spider=hints.get("portal", "gaar-parse"), headers={"content-type": "text/html; charset=utf-8"},
                    hints=dict(hints))


def store(storage: Storage, organ: str, year: int, chain: Chain, n: int = 0, hints=DAZU) -> str:
    item = process_page(storage, page(make_report(organ, year, None, year, chain=chain), n, hints))
    assert item.parse_status == "parsed", item.parse_error
    return item.report.report_id


def cross(storage: Storage, sql: str = "", params=()) -> list[tuple]:
    return storage.conn.execute(
        'SELECT previous_year, year, "check", ok, severity FROM cross_year_checks ' + sql
        + ' ORDER BY year, previous_year, "check"', params).fetchall()


@pytest.fixture
def storage(tmp_path):
    with Storage(str(tmp_path / "gaar.db")) as s:
        yield s


def test_every_stored_report_is_identified(storage):
    store(storage, "重庆市大足区邮亭镇人民政府", 2021, Chain("邮亭镇"))
    store(storage, "重庆市大足区发展和改革委员会", 2021, Chain("发改委"))
    found = storage.conn.execute("SELECT organ, division_code, organ_key, division_source, division_reason "
                                 "FROM reports ORDER BY organ").fetchall()
    assert found == [("重庆市大足区发展和改革委员会", "500111", "500111/发展改革委员会", "registry", None),
                     ("重庆市大足区邮亭镇人民政府", "500111118000", "500111118000/人民政府", "registry", None)]


def test_a_report_without_a_portal_is_identified_from_its_page_and_its_organ(storage):
    store(storage, "重庆市大足区邮亭镇人民政府", 2021, Chain("邮亭镇"), hints={})
    assert storage.conn.execute("SELECT division_code, division_source FROM reports").fetchall() == [
        ("500111118000", "site_id_code")]  # the page's SiteIDCode meta tag


def test_consecutive_reports_that_agree_pass_and_a_disagreeing_pair_fails(storage):
    chain = Chain(GOVERNMENT, breaks=((2021, "carry_over"),))
    for year in (2019, 2020, 2021):
        store(storage, GOVERNMENT, year, chain)
    results = {(a, b, c): (ok, sev) for a, b, c, ok, sev in cross(storage)}
    assert results[(2019, 2020, "cross_year.carry_over")] == (1, "error")
    assert results[(2020, 2021, "cross_year.carry_over")] == (0, "error")
    assert results[(2019, 2020, "cross_year.prev_items")] == (1, "error")
    assert results[(2020, 2021, "cross_year.year_gap")] == (1, "error")
    cells = json.loads(storage.conn.execute(
        "SELECT cells_json FROM cross_year_checks WHERE year = 2021 AND \"check\" = 'cross_year.carry_over'"
    ).fetchone()[0])
    wrong = [c for c in cells if c["this"] != c["expected"]]
    assert {c["col"] for c in wrong} == {"natural_person", "total"}
    assert all(c["table"] == "requests" and c["row"] == "carried_over" for c in wrong)
    failed = storage.conn.execute("SELECT year, \"check\", kind, previous_report_id IS NOT NULL FROM failed_checks "
                                  "WHERE kind = 'cross_year'").fetchall()
    assert failed == [(2021, "cross_year.carry_over", "cross_year", 1)]


def test_the_checks_are_idempotent(storage):
    chain = Chain(GOVERNMENT, breaks=((2021, "carry_over"),))
    for year in (2020, 2021):
        store(storage, GOVERNMENT, year, chain)
    before = storage.conn.execute("SELECT * FROM cross_year ORDER BY 1, 2, 3").fetchall()
    recheck(storage, ["500111/人民政府"])
    store(storage, GOVERNMENT, 2021, chain)  # the same report stored again
    assert storage.conn.execute("SELECT * FROM cross_year ORDER BY 1, 2, 3").fetchall() == before


def test_a_report_that_appears_between_two_splits_their_pair(storage):
    chain = Chain(GOVERNMENT)
    store(storage, GOVERNMENT, 2019, chain)
    store(storage, GOVERNMENT, 2021, chain)
    assert cross(storage, "WHERE \"check\" = 'cross_year.year_gap'") == [(2019, 2021, "cross_year.year_gap", 0, "error")]
    assert storage.conn.execute("SELECT count(*) FROM failed_checks WHERE kind = 'cross_year'").fetchone() == (1,)
    store(storage, GOVERNMENT, 2020, chain)
    assert cross(storage, "WHERE \"check\" = 'cross_year.year_gap'") == [
        (2019, 2020, "cross_year.year_gap", 1, "error"), (2020, 2021, "cross_year.year_gap", 1, "error")]
    assert storage.conn.execute("SELECT count(*) FROM failed_checks WHERE kind = 'cross_year'").fetchone() == (0,)


def test_a_changed_report_is_examined_again_and_reparse_restores_it(storage):
    chain = Chain(GOVERNMENT)
    first = store(storage, GOVERNMENT, 2020, chain)
    store(storage, GOVERNMENT, 2021, chain)
    assert cross(storage, "WHERE \"check\" = 'cross_year.carry_over'")[0][3] == 1
    # an earlier parser misread last year's carry forward
    storage.conn.execute("UPDATE cells SET value = value + 5 WHERE report_id = ? AND row = 'carry_forward' "
                         "AND col = 'total'", (first,))
    recheck(storage, ["500111/人民政府"])
    assert cross(storage, "WHERE \"check\" = 'cross_year.carry_over'")[0][3] == 0
    reparse(storage)
    assert cross(storage, "WHERE \"check\" = 'cross_year.carry_over'")[0][3] == 1


def test_a_restated_stock_is_a_warning_never_a_failure(storage):
    chain = Chain(GOVERNMENT, breaks=((2022, "in_force"),))
    for year in (2021, 2022):
        store(storage, GOVERNMENT, year, chain)
    assert cross(storage, "WHERE \"check\" = 'cross_year.in_force'") == [
        (2021, 2022, "cross_year.in_force", 0, "warning")]
    assert storage.conn.execute("SELECT count(*) FROM failed_checks").fetchone() == (0,)
    assert storage.conn.execute("SELECT sum(cross_year_failed) FROM coverage").fetchone() == (0,)


def test_a_report_moving_to_another_office_leaves_the_old_offices_pairs(storage):
    chain = Chain(GOVERNMENT)
    store(storage, GOVERNMENT, 2020, chain)
    moved = store(storage, GOVERNMENT, 2021, chain)
    assert storage.conn.execute("SELECT count(*) FROM cross_year").fetchone()[0] > 0
    storage.conn.execute("UPDATE reports SET organ_key = '500111/人民政府办公室' WHERE report_id = ?", (moved,))
    recheck(storage, ["500111/人民政府", "500111/人民政府办公室"])
    assert storage.conn.execute("SELECT count(*) FROM cross_year").fetchone() == (0,)


def test_coverage_is_office_by_year_with_missing_years_marked(storage):
    store(storage, GOVERNMENT, 2019, Chain(GOVERNMENT))
    store(storage, GOVERNMENT, 2021, Chain(GOVERNMENT))
    store(storage, "重庆市大足区民政局", 2022, Chain("民政局"))
    rows = storage.conn.execute("SELECT organ_key, year, status, reports FROM coverage ORDER BY organ_key, year").fetchall()
    assert rows == [("500111/人民政府", 2019, "reported", 1), ("500111/人民政府", 2020, "missing", 0),
                    ("500111/人民政府", 2021, "reported", 1), ("500111/人民政府", 2022, "missing", 0),
                    ("500111/民政局", 2022, "reported", 1)]
    assert [r["year"] for r in storage.coverage(region="5001", portal="dazu")
            if r["organ_key"] == "500111/人民政府"] == [2019, 2020, 2021, 2022]
    assert storage.coverage(region="65") == []


def test_a_version_5_database_gains_organ_identity_and_reparse_fills_it(tmp_path):
    path = str(tmp_path / "gaar.db")
    with Storage(path) as s:
        store(s, GOVERNMENT, 2020, Chain(GOVERNMENT))
    conn = sqlite3.connect(path, isolation_level=None)  # the same file as GAAR 5 wrote it
    undo_step_8(conn)
    conn.execute("DROP VIEW IF EXISTS failed_checks")
    conn.execute("DROP VIEW IF EXISTS coverage")
    conn.execute("DROP VIEW IF EXISTS cross_year_checks")
    conn.execute("DROP TABLE cross_year")
    for index in ("reports_organ_key_year", "reports_division_code"):
        conn.execute(f"DROP INDEX {index}")
    for column in ("organ_key", "division_source", "division_reason"):
        conn.execute(f"ALTER TABLE reports DROP COLUMN {column}")
    conn.execute("UPDATE reports SET division_code = '500111'")
    conn.execute("PRAGMA user_version = 5")
    conn.close()
    with Storage(path) as s:
        assert s.found_version == 5 and schema.schema_version(s.db) == schema.SCHEMA_VERSION
        assert s.conn.execute("SELECT division_code, organ_key FROM reports").fetchall() == [("500111", None)]
        reparse(s)
        assert s.conn.execute("SELECT division_code, organ_key FROM reports").fetchall() == [
            ("500111", "500111/人民政府")]


def test_the_readmes_office_across_years_example(tmp_path):
    from tests.test_querying import find, readme_commands, run_readme

    path = str(tmp_path / "gaar.db")
    with Storage(path) as s:
        chain = Chain(GOVERNMENT, breaks=((2021, "carry_over"),))
        for year in (2019, 2020, 2021):
            store(s, GOVERNMENT, year, chain)
    out = run_readme(find(readme_commands(), "cross_year_checks"), path)
    failing = [ln.split()[:4] for ln in out.splitlines() if ln.split()[3:4] == ["0"]]
    assert failing == [["2020", "2021", "cross_year.carry_over", "0"]]


def test_a_resolver_error_never_costs_the_report(storage, monkeypatch):
    from pipelines import years

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(years, "with_identity", broken)
    store(storage, GOVERNMENT, 2021, Chain(GOVERNMENT))
    assert storage.conn.execute("SELECT organ_key, division_reason FROM reports").fetchall() == [
        (None, "identify: RuntimeError: bug")]


def test_the_previous_report_that_settles_glued_cells_is_found_by_organ_key(storage):
    daowai = {"portal": "daowai", "division_code": "230104", "region": "黑龙江省哈尔滨市道外区"}
    store(storage, "哈尔滨市道外区巨源镇人民政府", 2020, Chain("巨源镇"), hints=daowai)
    found = storage.previous_report("巨源镇人民政府", 2021, organ_key="230104113000/人民政府")
    assert found is not None and found.year == 2020 and found.organ == "哈尔滨市道外区巨源镇人民政府"
    assert storage.previous_report("巨源镇人民政府", 2021) is None  # by its name alone: another spelling
    assert storage.previous_report("巨源镇人民政府", 2021, organ_key="230104/人民政府") is None
