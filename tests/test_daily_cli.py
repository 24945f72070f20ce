"""Daily use of the `gaar` commands (issue 15), as a user runs them: real subprocesses on real files.

- read-only places: every read-only command works on a database in a read-only folder (a
  read-only bind mount in a private mount namespace: the kernel refuses every write, root
  included), `gaar reparse` says so in one line; `gaar export` hands over a single file (item 3);
- one line, a non-zero exit and nothing created for a typo, a missing folder, a corrupt file,
  an unknown portal; `--json` into `head` is no error (item 4);
- `via_attachment` is no failure (item 9); every printed command works as printed (item 11);
- `gaar --version`, the progress line, the user's own registry (item 12).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .crawl_support import FAST, ROOT, rows

SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
GUARD = 180  # a failure guard for a process that should have ended; never a budget


def gaar(*args, cwd=None, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gaar_spiders.cli", *map(str, args)], cwd=cwd, env=env or ENV,
                          capture_output=True, text=True, timeout=GUARD, **kwargs)


def one_line(result: subprocess.CompletedProcess, command: str, code: int = 2) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"gaar {command}: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    """A GAAR database as a writer leaves it (WAL mode, no -wal file after a clean close)."""
    db = tmp_path_factory.mktemp("seeds") / "gaar.db"
    result = gaar("parse", *SEEDS, "--db", db)
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone() == ("wal",)
    return db


# --- 3. read-only places --------------------------------------------------------------------

#: the folder "$0" bind-mounted read-only onto itself (run by sh in a private mount namespace)
_READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"'


def _can_mount_read_only() -> bool:
    import tempfile

    if not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", _READ_ONLY + " && "
                                '! touch "$0/probe" 2>/dev/null', folder], capture_output=True, timeout=30)
    return probe.returncode == 0


read_only_mount = pytest.mark.skipif(not _can_mount_read_only(),
                                     reason="needs user and mount namespaces (unshare) for a read-only bind mount")


def in_read_only_folder(folder: Path, *argv, cwd=None) -> subprocess.CompletedProcess:
    """``argv`` with ``folder`` bind-mounted read-only onto itself, in a private mount namespace:
    what a read-only share or a colleague's folder is, enforced by the kernel for root too."""
    script = _READ_ONLY + ' && exec "$@"'
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, str(folder),
                           *map(str, argv)], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=GUARD)


@pytest.mark.slow
@read_only_mount
def test_read_only_commands_work_on_a_database_in_a_read_only_folder(seeds_db, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    db = shared / "gaar.db"
    shutil.copy(seeds_db, db)
    cli = [sys.executable, "-m", "gaar_spiders.cli"]
    # the mount really is read-only (for root too)
    assert in_read_only_folder(shared, "touch", shared / "x").returncode != 0

    stats = in_read_only_folder(shared, *cli, "stats", "--db", db, "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["reports"] == len(SEEDS)
    for command in (["coverage", "--db", db], ["jobs", "--db", db]):
        result = in_read_only_folder(shared, *cli, *command)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr  # 1: no rows
        assert "unable to open" not in result.stderr
    copy = tmp_path / "handed.db"
    result = in_read_only_folder(shared, *cli, "export", "--db", db, copy)
    assert result.returncode == 0, result.stderr
    assert rows(copy, "SELECT count(*) FROM reports") == [(len(SEEDS),)]

    reparse = in_read_only_folder(shared, *cli, "reparse", "--db", db)
    assert reparse.returncode == 2 and "Traceback" not in reparse.stderr
    assert reparse.stderr.strip().splitlines() == [
        f"gaar reparse: {db} is read-only here (the file cannot be written): read-only commands (stats, serve, "
        f"coverage, jobs, export) work on it; to write, copy it somewhere writable (gaar export --db {db} COPY.db)"]
    assert sorted(p.name for p in shared.iterdir()) == ["gaar.db"]  # nothing was written beside it


@pytest.mark.slow
@read_only_mount
def test_gaar_serve_answers_from_a_read_only_folder(seeds_db, tmp_path):
    from .test_querying import free_port

    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(seeds_db, shared / "gaar.db")
    port = free_port()
    script = (_READ_ONLY + " && "
              f'exec {shlex.quote(sys.executable)} -m gaar_spiders.cli serve "$0/gaar.db" --port {port}')
    proc = subprocess.Popen(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, str(shared)],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        from .test_querying import get_json

        answer = get_json(f"http://127.0.0.1:{port}/gaar/reports.json?_shape=array&_col=organ", timeout=GUARD)
        assert len(answer) == len(SEEDS)
    finally:
        proc.terminate()
        proc.wait(timeout=GUARD)


def test_the_read_only_open_is_immutable_only_where_it_must_be(tmp_path, monkeypatch):
    from pipelines.db import readonly_uri

    db = tmp_path / "gaar.db"
    db.write_bytes(b"")
    assert readonly_uri(str(db)).endswith("?mode=ro")  # a folder SQLite can write its -shm into
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode))
    assert readonly_uri(str(db)).endswith("?mode=ro&immutable=1")  # a read-only folder: no locks, no -shm
    (tmp_path / "gaar.db-wal").write_bytes(b"x" * 32)
    assert readonly_uri(str(db)).endswith("?mode=ro")  # changes wait in the -wal: immutable would miss them


@pytest.mark.slow
def test_gaar_export_copies_every_commit_into_one_file_while_a_writer_holds_the_database(seeds_db, tmp_path):
    """The writer's last commits live only in gaar.db-wal; a copy of gaar.db alone misses them."""
    from pipelines.storage import Storage
    from tests.storage_support import make_report

    db = tmp_path / "gaar.db"
    shutil.copy(seeds_db, db)
    with Storage(str(db)) as writer:
        writer.conn.execute("PRAGMA wal_autocheckpoint = 0")
        writer.save_report(make_report(organ="某某县某某镇人民政府", year=2022, seed=5), None, {"portal": "t"})
        assert os.path.getsize(str(db) + "-wal") > 0
        naive = tmp_path / "naive.db"
        shutil.copy(db, naive)
        result = gaar("export", "--db", db, tmp_path / "handed.db")
        assert result.returncode == 0 and result.stdout.startswith("wrote "), result.stderr
        assert rows(naive, "SELECT count(*) FROM reports") == [(len(SEEDS),)]  # what a plain copy gets
    handed = tmp_path / "handed.db"
    assert rows(handed, "SELECT count(*) FROM reports") == [(len(SEEDS) + 1,)]
    assert rows(handed, "PRAGMA journal_mode") == [("delete",)]
    assert not Path(str(handed) + "-wal").exists()
    again = gaar("export", "--db", db, handed)
    assert one_line(again, "export") == f"gaar export: {handed} exists: give a new file name, or --force to replace it"


@pytest.mark.slow
def test_gaar_export_xlsx_writes_a_workbook_of_the_main_tables(seeds_db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "gaar.xlsx"
    result = gaar("export", "--db", seeds_db, "--xlsx", out)
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["reports", "requests_wide", "active_wide", "review_wide", "failed_checks",
                               "coverage", "crawl_runs"]
    sheet = list(book["requests_wide"].values)
    assert sheet[0][:3] == ("report_id", "organ", "organ_short") and len(sheet) == len(SEEDS) + 1
    wide = {r[0]: r for r in rows(seeds_db, "SELECT * FROM requests_wide")}
    column = sheet[0].index("new__total")
    for row in sheet[1:]:
        assert row[column] == wide[row[0]][column]
    assert {r[1] for r in list(book["reports"].values)[1:]} == {o for (o,) in rows(seeds_db, "SELECT organ FROM reports")}


# --- 4. one line, non-zero, nothing created ---------------------------------------------------

@pytest.mark.slow
def test_a_mistyped_missing_or_corrupt_database_is_one_line_and_nothing_is_created(seeds_db, tmp_path):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(os.urandom(8192))
    for argv, says in [
        (["stats", "--db", "typo.db"], "no such database: typo.db"),
        (["reparse", "--db", "typo.db"], "no such database: typo.db"),
        (["coverage", "--db", "typo.db"], "no such database: typo.db"),
        (["jobs", "--db", "typo.db"], "no such database: typo.db"),
        (["serve", "typo.db"], "no such database: typo.db"),
        (["stats", "--db", "corrupt.db"], "corrupt.db is not an SQLite database (file is not a database)"),
        (["reparse", "--db", "corrupt.db"], "corrupt.db is not an SQLite database"),
        (["serve", "corrupt.db"], "corrupt.db is not an SQLite database"),
        (["stats", "--db", "no/such/folder.db"], "the folder no/such does not exist"),
        (["parse", SEEDS[0], "--db", "no/such/folder.db"], "the folder no/such does not exist"),
        (["demo", "nosuch"], "unknown portal(s) nosuch"),
        (["export", "--db", "typo.db", "out.db"], "no such database: typo.db"),
    ]:
        result = gaar(*argv, cwd=tmp_path)
        assert says in one_line(result, argv[0]), argv
        assert sorted(p.name for p in tmp_path.iterdir()) == ["corrupt.db"], argv  # no typo.db, no demo-output
    assert corrupt.stat().st_size == 8192


@pytest.mark.slow
@pytest.mark.parametrize("argv", [
    ["stats", "--db", "{db}", "--json"],
    ["coverage", "--db", "{db}", "--json"],
    ["parse", "--json", *map(str, SEEDS * 3)],
    ["parse", "--jsonl", *map(str, SEEDS * 3)],
], ids=["stats", "coverage", "parse-json", "parse-jsonl"])
def test_json_output_piped_into_head_is_no_error(seeds_db, argv):
    """`gaar … --json | head -1`: the pipe closes under gaar, which stops quietly with status 0."""
    argv = [a.format(db=seeds_db) for a in argv]
    result = subprocess.run(["bash", "-c", "set -o pipefail; " + shlex.join([sys.executable, "-m", "gaar_spiders.cli",
                                                                            *argv]) + " | head -c 1"],
                            env=ENV, capture_output=True, text=True, timeout=GUARD)
    assert result.returncode == 0 and result.stdout in ("[", "{"), result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


# --- 9. via_attachment ------------------------------------------------------------------------

@pytest.mark.slow
def test_a_page_whose_report_came_from_its_attachment_is_no_failure(demo_crawl):
    db = demo_crawl.db
    via = rows(db, "SELECT p.page_id, p.url, p.report_id FROM pages p WHERE p.parse_status = 'via_attachment'")
    assert via, "the demo's suixi portal has report pages whose report is their PDF or DOCX"
    for page_id, url, report_id in via:
        attachment = rows(db, "SELECT parse_status, report_id FROM pages WHERE kind = 'attachment' AND "
                              "source_url = ?", (url,))
        assert ("parsed", report_id) in attachment  # the page points at the report its attachment gave
    assert rows(db, "SELECT count(*) FROM parse_failures WHERE parse_status = 'via_attachment'") == [(0,)]
    stats = gaar("stats", "--db", db)
    assert stats.returncode == 0
    listed = stats.stdout.split("pages that failed to parse:")[1:] or [""]
    assert not any(url in listed[0] for _, url, _ in via), stats.stdout
    assert "via_attachment" in stats.stdout  # counted among the pages, as what it is


def test_an_older_database_learns_the_new_status_word(tmp_path):
    """Schema step 9: a database whose CHECK predates via_attachment takes it after the upgrade."""
    import sqlite_utils

    from pipelines import db as schema
    from pipelines.storage import Storage

    path = tmp_path / "gaar.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for version in range(1, 9):
        schema.UPGRADES[version](sqlite_utils.Database(conn))
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'pages'").fetchone()[0]
    old_words = [w for w in schema.PageStatus.values() if w != "via_attachment"]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'pages'",
                 (schema._status_check_sql(sql, "parse_status", type("W", (), {"values": staticmethod(
                     lambda: old_words)})),))
    conn.execute("PRAGMA writable_schema = OFF")
    conn.execute("PRAGMA user_version = 8")
    conn.execute("COMMIT")
    conn.close()
    conn = sqlite3.connect(path)  # a fresh connection reads the old schema
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO crawl_runs (run_id, spider, started_at) VALUES ('r', 's', 't')")
        conn.execute("INSERT INTO pages (url, spider, run_id, fetched_at, last_fetched_at, sha256, size, body_gzip, "
                     "parse_status) VALUES ('u', 's', 'r', 't', 't', 'h', 0, x'', 'via_attachment')")
    conn.rollback()
    conn.close()
    with Storage(str(path)) as store:
        assert store.found_version == 8
        run = store.start_run("s")
        page = store.save_page({"url": "http://x.gov.cn/1", "body": b"x", "spider": "s", "run_id": run})
        store.conn.execute("UPDATE pages SET parse_status = 'via_attachment' WHERE page_id = ?", (page,))
        assert rows(str(path), "PRAGMA integrity_check") == [("ok",)]


# --- 11. every printed command works as printed -----------------------------------------------

@pytest.mark.slow
def test_the_readme_queries_and_the_demos_last_line_work_as_printed(demo_crawl, tmp_path):
    """After `make demo`, in the checkout: `.venv/bin/sqlite-utils demo-output/gaar.db …` as printed."""
    from .test_querying import readme_commands

    checkout = tmp_path / "checkout"
    (checkout / "demo-output").mkdir(parents=True)
    (checkout / ".venv").symlink_to(Path(sys.executable).parent.parent)
    shutil.copy(demo_crawl.db, checkout / "demo-output" / "gaar.db")
    commands = readme_commands()
    assert commands and all(c.startswith(".venv/bin/sqlite-utils ") and " demo-output/gaar.db " in c
                            for c in commands)
    for command in commands:
        result = subprocess.run(["bash", "-c", command], cwd=checkout, capture_output=True, text=True, timeout=GUARD)
        assert result.returncode == 0 and result.stdout.strip(), f"{command}\n{result.stderr}"
    assert "大足区" in subprocess.run(["bash", "-c", commands[0]], cwd=checkout, capture_output=True, text=True,
                                      timeout=GUARD).stdout

    last = demo_crawl.stdout.strip().splitlines()[-1]
    assert last.startswith("Explore it: "), last
    tables, serve = (part.strip() for part in last.removeprefix("Explore it: ").split("·"))
    where = demo_crawl.db.parent.parent  # where the demo ran
    result = subprocess.run(["bash", "-c", tables], cwd=where, capture_output=True, text=True, timeout=GUARD)
    assert result.returncode == 0 and "reports" in result.stdout, result.stderr
    program, command, db = shlex.split(serve)
    assert os.access(Path(where, program), os.X_OK) and command == "serve" and Path(where, db).is_file()


# --- 12. --version, the progress line, the user's registry -------------------------------------

@pytest.mark.slow
def test_gaar_version():
    result = gaar("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"gaar \S+ \(database schema \d+, parser \S+\)\n", result.stdout), result.stdout


@pytest.mark.slow
def test_a_progress_line_appears_while_the_crawl_runs(tmp_path):
    """Every request is held until the test has read a progress line, so the line comes while the
    crawl is under way whatever the machine's speed; then a last line with the totals."""
    from gaar_spiders.localportals import PortalServer
    from tests.test_scrapyd_live import Gate

    db = tmp_path / "gaar.db"
    server = PortalServer(["daowai"])
    gate = Gate(server, ["daowai"])  # before the server starts: its handler takes the gated reader
    with server:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "daowai", "-s", f"GAAR_DB={db}",
               "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}", "-s", "GAAR_PROGRESS_INTERVAL=0.2",
               *[a for k, v in FAST.items() for a in ("-s", f"{k}={v}")]]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = []
        try:
            for line in proc.stderr:
                seen.append(line)
                if "[gaar_spiders.progress] INFO: progress: " in line:
                    gate.open()
            proc.wait(timeout=GUARD)
        finally:
            gate.open()
            if proc.poll() is None:
                proc.kill()
    text = "".join(seen)
    assert proc.returncode == 0, text[-3000:]
    assert re.search(r"progress: \d+ pages fetched \([\d,]+/min\), 0 reports stored, 0 failures, \d+ list pages", text), \
        [ln for ln in seen if "progress" in ln]
    stored = rows(db, "SELECT count(*) FROM reports")[0][0]
    assert re.search(rf"done: \d+ pages fetched \([\d,]+/min\), {stored} reports stored, 0 failures", text), text[-2000:]


def user_registry(folder: Path, entries: list[dict]) -> dict:
    (folder / "gaar").mkdir(parents=True, exist_ok=True)
    (folder / "gaar" / "portals.json").write_text(json.dumps({"portals": entries}, ensure_ascii=False),
                                                  encoding="utf-8")
    return {**ENV, "XDG_CONFIG_HOME": str(folder)}


@pytest.mark.slow
def test_a_portal_in_the_users_own_registry_is_crawled_by_name(tmp_path):
    from gaar_spiders.localportals import PortalServer
    from gaar_spiders.portals import load_registry

    mine = {**{k: v for k, v in vars(load_registry()["daowai"]).items()}, "name": "my_daowai"}
    mine["column_urls"] = list(mine["column_urls"])
    env = user_registry(tmp_path / "config", [mine])
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=GUARD)
    assert "my_daowai" in listed.stdout.split() and "daowai" in listed.stdout.split()
    db = tmp_path / "gaar.db"
    with PortalServer(["daowai"]) as server:
        result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "my_daowai", "-s", f"GAAR_DB={db}",
                                 "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}",
                                 *[a for k, v in FAST.items() for a in ("-s", f"{k}={v}")]],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=GUARD)
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "SELECT DISTINCT portal FROM reports") == [("my_daowai",)]


@pytest.mark.slow
def test_every_problem_of_the_users_registry_is_listed_at_once(tmp_path):
    env = user_registry(tmp_path / "config", [
        {"name": "jinghe", "organ": "x", "region": "重庆市大足区", "division_code": "500111",
         "root_url": "http://www.x.gov.cn/"},
        {"name": "mine", "organ": "", "region": "重庆市大足区", "division_code": "5001",
         "root_url": "ftp://x", "cms": "nope", "colour": "red"},
    ])
    result = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=GUARD)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    text = result.stderr
    assert text.startswith("scrapy: 6 problems in the portal registry:")
    for words in ("'jinghe': the name is taken by the bundled registry", "'mine': unknown fields ['colour']",
                  "'mine': organ is required", "'mine': division_code must be",
                  "'mine': root_url: must be an absolute http(s) URL", "'mine': cms must be one of"):
        assert words in text, words
    schedule = gaar("schedule", "--db", tmp_path / "x.db", env=env)
    assert schedule.returncode == 2 and schedule.stderr.startswith("gaar schedule: 6 problems")
