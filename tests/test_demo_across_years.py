"""The demo database across years: every report placed in its division, the seed reports resolved,
cross-year checks failing exactly where the demo portals publish disagreeing reports, `gaar coverage`
and the dashboard's queries on it, and the dashboard itself in a real headless browser."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from gaar_spiders.cli.serve import DASHBOARD_PATH, metadata_for
from gaar_spiders.localportals.portals import PORTALS, build_portal

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

#: the seed reports' organs as printed, and the division each must resolve to
SEEDS = {
    ("重庆市大足区邮亭镇人民政府", 2019): "500111118000",  # 000, on dazu
    ("精河县托里镇人民政府", 2021): "652722102000",  # 001, on jinghe
    ("青山区民政局", 2019): "420107",  # 002: 青山区 is two districts by name; the registry entry says 武汉
    ("城月镇人民政府", 2020): "440823107000",  # 003, printed 城月鎮 (Traditional)
    ("道外区巨源镇人民政府", 2020): "230104113000",  # 004, on daowai
}
BREAK_CHECKS = {"carry_over": ("cross_year.carry_over", "error"), "prev_items": ("cross_year.prev_items", "error"),
                "in_force": ("cross_year.in_force", "warning")}


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def manifest():
    return [e for name in PORTALS for e in build_portal(name).manifest]


def report_of(db, url):
    found = rows(db, "SELECT report_id FROM report_urls WHERE url = ?", (url,))
    return found[0][0] if found else None


def test_every_demo_report_has_a_division_and_an_office(demo_db):
    assert rows(demo_db, "SELECT count(*) FROM reports WHERE division_code IS NULL OR organ_key IS NULL") == [(0,)]
    assert rows(demo_db, "SELECT DISTINCT division_source FROM reports") == [("registry",)]
    counties = dict(rows(demo_db, "SELECT portal, group_concat(DISTINCT substr(division_code, 1, 6)) FROM reports "
                                  "GROUP BY portal"))
    assert counties == {"dazu": "500111", "jinghe": "652722", "daowai": "230104", "suixi": "440823",
                        "qingshan": "420107"}


def test_the_seed_reports_resolve(demo_db):
    for (organ, year), code in SEEDS.items():
        assert rows(demo_db, "SELECT division_code FROM reports WHERE organ = ? AND year = ?", (organ, year)) == [
            (code,)], organ
    # 巨源镇 seed and the generated 哈尔滨市道外区巨源镇人民政府 reports are one office
    assert rows(demo_db, "SELECT DISTINCT organ_key FROM reports WHERE organ LIKE '%巨源镇%'") == [
        ("230104113000/人民政府",)]
    assert rows(demo_db, "SELECT group_concat(year) FROM (SELECT year FROM reports WHERE organ_key = '420107/民政局' "
                         "ORDER BY year)") == [("2019,2020,2021,2022",)]  # the seed (2019) and the years after


def test_cross_year_checks_fail_exactly_where_the_portals_publish_disagreeing_reports(demo_db, manifest):
    expected = set()
    for e in manifest:
        if e["cross_year_break"]:
            check, severity = BREAK_CHECKS[e["cross_year_break"]]
            expected.add((report_of(demo_db, e["url"]), check, severity))
    assert len(expected) == 4 and None not in {rid for rid, _, _ in expected}
    failing = set(rows(demo_db, 'SELECT report_id, "check", severity FROM cross_year WHERE ok = 0 AND "check" IN '
                                "('cross_year.carry_over', 'cross_year.prev_items', 'cross_year.in_force')"))
    assert failing == expected
    # and the same figures hold everywhere else: many pairs were compared and agreed
    agreeing = rows(demo_db, "SELECT count(*) FROM cross_year WHERE ok = 1 AND \"check\" = 'cross_year.carry_over'")
    assert agreeing[0][0] >= 40
    warnings = rows(demo_db, "SELECT organ, year FROM cross_year_checks WHERE severity = 'warning' AND ok = 0")
    assert warnings == [("精河县人民政府", 2023)]
    assert rows(demo_db, "SELECT count(*) FROM failed_checks WHERE \"check\" = 'cross_year.in_force'") == [(0,)]


def test_a_missing_year_and_an_older_format_are_failed_checks_with_their_kind(demo_db):
    gaps = rows(demo_db, "SELECT year, detail FROM failed_checks WHERE kind = 'cross_year' AND organ = ? "
                         "AND \"check\" = 'cross_year.year_gap' ORDER BY year", ("重庆市大足区教育委员会",))
    assert gaps == [(2021, "no report for 2020 between the 2019 and 2021 reports"),
                    (2023, "no report for 2022 between the 2021 and 2023 reports")]
    older = rows(demo_db, "SELECT organ, year FROM failed_checks WHERE \"check\" = 'cross_year.template'")
    assert older == [("青山区新沟桥街道办事处", 2022)]


def test_gaar_coverage_shows_the_demo_database(demo_db):
    result = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "coverage", "--db", str(demo_db),
                             "--region", "500111"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("重庆市大足区教育委员会"))
    assert re.search(r"500111/教育委员会\s+1\s+✗\s+1\s+✗\s+1$", line)
    assert all(ln.split()[1].startswith("500111") for ln in result.stdout.splitlines()[1:] if ln and "/" in ln)
    as_json = json.loads(subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "coverage", "--db", str(demo_db),
                                         "--json"], capture_output=True, text=True, cwd=REPO).stdout)
    missing = rows(demo_db, "SELECT count(*) FROM coverage WHERE status = 'missing'")[0][0]
    assert sum(1 for r in as_json if r["status"] == "missing") == missing > 0


# --- the dashboard ------------------------------------------------------------------------------

def dashboard():
    return metadata_for("gaar.db")["plugins"]["datasette-dashboards"]["gaar"]


FILTERS = ({}, {"region": "500111"}, {"portal": "dazu"}, {"organ": "500111/人民政府"})


@pytest.mark.parametrize("options", FILTERS, ids=lambda o: ",".join(o) or "no filter")
def test_every_dashboard_query_runs_on_the_demo_database_and_returns_rows(demo_db, options):
    from datasette_dashboards import replace_opts_in_query  # the plugin's own [[ … ]] handling

    spec = dashboard()
    queries = {name: c["query"] for name, c in spec["charts"].items() if "query" in c}
    queries.update({f"filter {name}": f["query"] for name, f in spec["filters"].items() if "query" in f})
    assert len(queries) >= 10
    conn = sqlite3.connect(demo_db)
    for name, query in queries.items():
        if name == "crawl_health" and "organ" in options:
            continue  # runs are per portal: the office filter does not apply to them
        sql = replace_opts_in_query(query, options)
        found = conn.execute(sql, options).fetchall()
        assert found, f"{name} with {options}: no rows"
        if "organ" in options and name == "coverage":
            assert {office for office, *_ in found} == {"重庆市大足区人民政府  500111/人民政府"}


def test_every_chart_is_placed_on_the_dashboards_grid():
    spec = dashboard()
    placed = {c for row in spec["layout"] for c in row}
    assert placed == set(spec["charts"]) and len({len(row) for row in spec["layout"]}) == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_dashboard_renders_every_chart_offline_in_a_real_browser(demo_db, tmp_path):
    from tools.headless import Browser, chromium, is_local

    if chromium() is None:
        pytest.skip("Chromium is not installed (Debian package chromium; .ci/run installs it)")
    port = free_port()
    served = tmp_path / "demo.db"
    served.write_bytes(Path(demo_db).read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "gaar_spiders.cli", "serve", str(served), "--port", str(port)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        for line in proc.stderr:  # uvicorn says when it listens
            if "Uvicorn running on" in line:
                break
        url = f"http://127.0.0.1:{port}{DASHBOARD_PATH}"
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
        spec = dashboard()
        wanted = [f"#chart-{name} svg, #chart-{name} canvas" if c["library"] == "vega-lite" else f"#chart-{name} p"
                  for name, c in spec["charts"].items()]
        with Browser() as browser:
            browser.open(url)
            browser.wait_for(wanted)
            requested = browser.requested_urls()
            shown = browser.evaluate("Object.fromEntries([...document.querySelectorAll('.dashboard-card-chart')]"
                                     ".map(el => [el.id, el.textContent.trim()]))")
            errors = browser.errors()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert requested and all(is_local(u) for u in requested), [u for u in requested if not is_local(u)]
    assert not errors
    assert shown["chart-reports"] == str(rows(demo_db, "SELECT count(*) FROM reports")[0][0])
    assert shown["chart-missing_years"] == str(rows(demo_db, "SELECT count(*) FROM coverage "
                                                             "WHERE status = 'missing'")[0][0])
