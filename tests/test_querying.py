"""The database as people query it: the README's sqlite-utils examples, Datasette's metadata and
canned queries, `gaar serve`, `gaar stats`, `gaar parse --db`, and docs/database.md."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from gaar_spiders.cli import main as gaar
from pipelines.storage import Storage
from tests.storage_support import make_report

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "tests" / "data" / "seeds").glob("*.txt"))
SQLITE_UTILS = str(Path(sys.executable).parent / "sqlite-utils")

COUNTIES = {"重庆市大足区": "邮亭镇人民政府", "江苏省淮安市洪泽区": "岔河镇人民政府", "新疆精河县": "托里镇人民政府"}


def built_reports():
    reports = []
    for n, (region, town) in enumerate(COUNTIES.items()):
        for year in (2020, 2021, 2022):
            reports.append(make_report(f"{region}{town}", year, region=region, seed=n,
                                       balanced=not (year == 2021 and n != 2)))
    return reports


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("querying") / "gaar.db")
    with Storage(path) as store:
        for report in built_reports():
            store.save_report(report, None, {"portal": "test"})
    return path


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Querying the data", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    commands = [line.strip() for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    return [c for c in commands if c.startswith(".venv/bin/sqlite-utils ")]


#: what every README query names: the venv's sqlite-utils and the demo's database, from the checkout
README_TOOL, README_DB = ".venv/bin/sqlite-utils", "demo-output/gaar.db"


def run_readme(command: str, db: str) -> str:
    argv = shlex.split(command)
    argv = [SQLITE_UTILS if a == README_TOOL else db if a == README_DB else a for a in argv]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    return result.stdout


def find(commands, needle):
    matching = [c for c in commands if needle in c]
    assert len(matching) == 1, f"the README should have one example with {needle!r}"
    return matching[0]


def test_the_readme_has_the_promised_examples():
    commands = readme_commands()
    assert len(commands) == 6
    for needle in (":county", '"check" = :check', "sqlite-utils search", "like :word", "requests_wide",
                   "cross_year_checks"):
        find(commands, needle)


def test_readme_reports_of_a_county_by_year(db):
    out = run_readme(find(readme_commands(), ":county"), db)
    lines = [ln for ln in out.splitlines() if "人民政府" in ln]
    assert [ln.split()[:2] for ln in lines] == [[str(y), "重庆市大足区邮亭镇人民政府"] for y in (2020, 2021, 2022)]


def test_readme_reports_whose_gouji_check_fails(db):
    out = run_readme(find(readme_commands(), '"check" = :check'), db)
    failing = {r.organ for r in built_reports() if not r.check("requests.balance").ok}
    assert failing and {ln.split()[0] for ln in out.splitlines() if "人民政府" in ln} == failing


def test_readme_full_text_search_and_its_two_character_fallback(db):
    commands = readme_commands()
    organs = {r.organ for r in built_reports()}
    for command in (find(commands, "sqlite-utils search"), find(commands, "like :word")):
        out = run_readme(command, db)
        assert {ln.split()[0] for ln in out.splitlines() if "人民政府" in ln} == organs


def test_readme_total_requests_by_year(db):
    out = run_readme(find(readme_commands(), "requests_wide"), db)
    totals = defaultdict(int)
    for r in built_reports():
        totals[r.year] += r.value("requests", "new", "total")
    got = {int(p[0]): int(p[2]) for p in (ln.split() for ln in out.splitlines()) if p and p[0].isdigit()}
    assert got == dict(totals)


# --- Datasette ----------------------------------------------------------------------

def metadata() -> dict:
    return json.loads(resources.files("pipelines").joinpath("datasette_metadata.json").read_text(encoding="utf-8"))


def schema_objects(db, kind=("table", "view")):
    """name -> columns of GAAR's tables and views (not the FTS index's own shadow tables)."""
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM sqlite_master WHERE type IN ({', '.join('?' for _ in kind)}) "
        "AND name NOT LIKE 'reports_fts%' AND name NOT LIKE 'sqlite_%'", kind)]
    objects = {n: [r[1] for r in conn.execute(f"PRAGMA table_info([{n}])")] for n in names}
    conn.close()
    return objects


def test_every_table_view_and_column_is_described(db):
    described = metadata()["databases"]["gaar"]["tables"]
    for name in schema_objects(db):
        assert described.get(name, {}).get("description"), f"{name} has no description"
    for name, columns in schema_objects(db, ("table",)).items():
        missing = [c for c in columns if not described[name]["columns"].get(c)]
        assert not missing, f"{name}: columns without description {missing}"


def test_docs_describe_every_table_view_and_column(db):
    doc = (REPO / "docs" / "database.md").read_text(encoding="utf-8")
    for name, columns in schema_objects(db).items():
        assert f"`{name}`" in doc, f"docs/database.md does not mention {name}"
        if not name.endswith("_wide"):
            missing = [c for c in columns if f"`{c}`" not in doc]
            assert not missing, f"docs/database.md: {name} columns {missing}"


def test_canned_queries_run_and_answer(db):
    queries = metadata()["databases"]["gaar"]["queries"]
    assert {"failed_checks", "county_reports_by_year", "goujiao_failures"} <= set(queries)
    params = {"check": "", "county": "大足区", "q": "政府集中采购"}
    conn = sqlite3.connect(db)
    answers = {}
    for name, query in queries.items():
        needed = set(re.findall(r":(\w+)", query["sql"]))
        answers[name] = conn.execute(query["sql"], {k: params[k] for k in needed}).fetchall()
    failing = [r for r in built_reports() if not r.check("requests.balance").ok]
    assert len(answers["goujiao_failures"]) == len(failing)
    assert len(answers["county_reports_by_year"]) == 3
    assert len(answers["search_reports"]) == len(built_reports())
    assert conn.execute(queries["search_reports"]["sql"], {"q": "采购"}).fetchall() == answers["search_reports"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_gaar_serve_opens_the_database_with_its_metadata(db, tmp_path):
    served = tmp_path / "my_reports.db"  # any name: the metadata follows the file
    served.write_bytes(Path(db).read_bytes())
    port = free_port()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gaar_spiders.cli", "serve", str(served), "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        base = f"http://127.0.0.1:{port}/my_reports"
        rows = get_json(f"{base}/goujiao_failures.json?_shape=array")
        assert sorted(r["organ"] for r in rows) == sorted(
            r.organ for r in built_reports() if not r.check("requests.balance").ok)
        county = get_json(f"{base}/county_reports_by_year.json?_shape=array&county="
                          + urllib.parse.quote("洪泽区"))
        assert [r["year"] for r in county] == [2020, 2021, 2022]
        found = get_json(f"{base}/reports.json?_shape=array&_search=" + urllib.parse.quote("政府集中采购"))
        assert len(found) == len(built_reports())
        table = get_json(f"{base}/reports.json?_shape=objects&_size=1")
        assert "fingerprint of the body" in json.dumps(get_json(f"http://127.0.0.1:{port}/-/metadata.json"),
                                                       ensure_ascii=False)
        assert table["rows"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0
    assert list(scratch.iterdir()) == []  # the metadata it wrote is cleaned up


# --- the other commands on a database --------------------------------------------------

def test_gaar_parse_db_stores_files_once_however_often_it_runs(tmp_path, capsys):
    out = str(tmp_path / "out.db")
    assert gaar(["parse", *map(str, SEEDS), "--db", out]) == 0
    assert gaar(["parse", *map(str, SEEDS), "--db", out]) == 0
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM reports").fetchone() == (len(SEEDS),)
    assert conn.execute("SELECT count(*) FROM pages").fetchone() == (len(SEEDS),)
    assert conn.execute("SELECT count(*) FROM report_urls").fetchone() == (len(SEEDS),)
    assert conn.execute("SELECT min(url) LIKE 'file:///%' FROM pages").fetchone() == (1,)


def test_gaar_parse_db_json_says_what_was_stored(tmp_path, capsys):
    out = str(tmp_path / "out.db")
    not_a_report = tmp_path / "notes.txt"
    not_a_report.write_text("会议通知：请各单位按时参会。", encoding="utf-8")
    assert gaar(["parse", str(SEEDS[0]), str(not_a_report), "--db", out, "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["stored"], r["parse_status"]) for r in records] == [(True, "parsed"), (False, "not_report")]
    assert records[1]["parse_reason"]


def test_gaar_stats_summarises_the_database(tmp_path, capsys):
    out = str(tmp_path / "out.db")
    broken = tmp_path / "broken.txt"
    broken.write_text("通知", encoding="utf-8")
    gaar(["parse", *map(str, SEEDS), str(broken), "--db", out])
    capsys.readouterr()
    assert gaar(["stats", "--db", out]) == 0
    text = capsys.readouterr().out
    assert f"reports: {len(SEEDS)}" in text
    assert "requests.balance" in text and "templates:" in text and "years:" in text
    assert "pages that failed to parse:" in text and "broken.txt" in text
    assert gaar(["stats", "--db", out, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["reports"] == len(SEEDS) and figures["organs"] >= 1
    assert [p["url"].rsplit("/", 1)[-1] for p in figures["pages_not_parsed"]] == ["broken.txt"]


def test_gaar_stats_on_a_database_from_a_newer_gaar_says_what_to_do(tmp_path, capsys):
    out = str(tmp_path / "new.db")
    Storage(out).close()
    with sqlite3.connect(out) as conn:
        conn.execute("PRAGMA user_version = 999")
    assert gaar(["reparse", "--db", out]) == 2
    assert "upgrade GAAR" in capsys.readouterr().err
