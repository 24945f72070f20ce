"""``gaar schedule`` and ``gaar jobs`` decisions, without a scrapyd (test_scrapyd_live.py has the real one)."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from gaar_spiders.cli import main as gaar
from gaar_spiders.cli.jobs import combine, render
from gaar_spiders.cli.schedule import job_id, pairs, plan, used_job_ids
from gaar_spiders.cli.scrapyd_api import auth_from
from pipelines.storage import Reader, Storage

DAY = date(2026, 11, 23)


def listing(pending=(), running=(), finished=()):
    def jobs(items, **extra):
        return [{"id": jid, "spider": spider, **extra} for spider, jid in items]

    return {"pending": jobs(pending), "running": jobs(running, start_time="2026-11-23 03:00:01"),
            "finished": jobs(finished)}


def test_job_ids_say_what_ran_and_never_repeat():
    assert job_id("jinghe", DAY, set()) == "jinghe-2026-11-23"
    assert job_id("jinghe", DAY, {"jinghe-2026-11-23"}) == "jinghe-2026-11-23-2"
    assert job_id("jinghe", DAY, {"jinghe-2026-11-23", "jinghe-2026-11-23-2"}) == "jinghe-2026-11-23-3"
    assert job_id("jinghe", DAY, {"dazu-2026-11-23"}) == "jinghe-2026-11-23"


def test_spiders_with_a_pending_or_running_job_are_skipped():
    state = listing(pending=[("dazu", "dazu-2026-11-23")], running=[("jinghe", "jinghe-2026-11-22")],
                    finished=[("suixi", "suixi-2026-11-23")])
    decisions = {d.spider: d for d in plan(["dazu", "jinghe", "suixi", "daowai"], state,
                                           {"suixi-2026-11-23"}, DAY)}
    assert (decisions["dazu"].action, decisions["dazu"].job_id) == ("skip", "dazu-2026-11-23")
    assert decisions["dazu"].why == "job dazu-2026-11-23 is still pending"
    assert decisions["jinghe"].why == "job jinghe-2026-11-22 is still running since 2026-11-23 03:00:01"
    assert (decisions["suixi"].action, decisions["suixi"].job_id) == ("schedule", "suixi-2026-11-23-2")
    assert (decisions["daowai"].action, decisions["daowai"].job_id) == ("schedule", "daowai-2026-11-23")


def test_a_spider_named_twice_is_scheduled_once():
    decisions = plan(["dazu", "dazu"], listing(), set(), DAY)
    assert [(d.spider, d.job_id) for d in decisions] == [("dazu", "dazu-2026-11-23")]


def test_run_ids_in_the_database_count_as_used(tmp_path):
    db = tmp_path / "gaar.db"
    with Storage(str(db)) as storage:
        storage.start_run("jinghe", run_id="jinghe-2026-11-23")  # e.g. run by hand with -a _job=…
    used = used_job_ids(listing(finished=[("dazu", "dazu-2026-11-23")]), str(db))
    assert used == {"jinghe-2026-11-23", "dazu-2026-11-23"}
    assert used_job_ids(listing(), str(tmp_path / "absent.db")) == set()


def test_settings_and_arguments_are_name_value_pairs():
    assert pairs(['GAAR_HOST_MAP={"a": "127.0.0.1:1"}', "X=a=b"], "--setting") == {
        "GAAR_HOST_MAP": '{"a": "127.0.0.1:1"}', "X": "a=b"}
    with pytest.raises(ValueError, match="NAME=VALUE"):
        pairs(["GAAR_DB"], "--setting")


@pytest.mark.parametrize("argv, message", [
    (["--db", "gaar.db"], "--db must be an absolute path"),
    (["--db", "/srv/gaar.db", "--setting", "NOVALUE"], "NAME=VALUE"),
    (["--db", "/srv/gaar.db", "--arg", "jobid=x"], "--arg cannot set ['jobid']"),
])
def test_schedule_refuses_what_would_go_wrong_on_the_host(argv, message, capsys):
    assert gaar(["schedule", "--url", "http://127.0.0.1:9/", *argv]) == 2
    assert message in capsys.readouterr().err


def test_an_unreachable_scrapyd_is_an_error_not_a_traceback(capsys):
    assert gaar(["schedule", "--url", "http://127.0.0.1:9/", "--db", "/srv/gaar.db", "dazu"]) == 2
    assert "cannot reach scrapyd at http://127.0.0.1:9/" in capsys.readouterr().err


def test_auth_from_the_option_or_scrapyds_own_environment_variables(monkeypatch):
    monkeypatch.delenv("SCRAPYD_USERNAME", raising=False)
    monkeypatch.setenv("SCRAPYD_PASSWORD", "from-env")
    assert auth_from("u:p:w") == ("u", "p:w")
    assert auth_from("u") == ("u", "from-env")
    assert auth_from(None) is None
    monkeypatch.setenv("SCRAPYD_USERNAME", "envuser")
    assert auth_from(None) == ("envuser", "from-env")


@pytest.fixture
def runs_db(tmp_path):
    db = tmp_path / "gaar.db"
    with Storage(str(db)) as s:
        for day, status in (("20", "ok"), ("21", "degraded"), ("22", "ok"), ("23", "running")):
            rid = s.start_run("jinghe", run_id=f"jinghe-2026-11-{day}", started_at=f"2026-11-{day}T03:00:00+00:00")
            if status != "running":
                s.finish_run(rid, status=status, reason=f"{status} reason", reports_found=3, reports_stored=3,
                             reports_failed=0, blocked_pages=0)
        rid = s.start_run("dazu", run_id="dazu-2026-11-23", started_at="2026-11-23T03:00:00+00:00")
        s.finish_run(rid, status="broken", reason="no report link found", reports_found=0, reports_stored=0)
    return db


def test_jobs_shows_the_last_runs_per_spider_newest_first(runs_db):
    with Reader(str(runs_db)) as s:
        runs = s.last_runs(2)
    assert [(r["spider"], r["run_id"]) for r in runs] == [
        ("dazu", "dazu-2026-11-23"), ("jinghe", "jinghe-2026-11-23"), ("jinghe", "jinghe-2026-11-22")]
    text = render(combine(runs, None, 2), ["dazu", "jinghe", "suixi"])
    assert "  dazu-2026-11-23  broken  2026-11-23T03:00:00+00:00" in text
    assert "no report link found" in text
    assert "suixi\n  never ran" in text


def test_jobs_joins_scrapyd_and_says_when_they_disagree(runs_db):
    with Reader(str(runs_db)) as s:
        runs = s.last_runs(3)
    jobs = {
        "jinghe-2026-11-23": {"state": "finished", "spider": "jinghe", "log_url": "/logs/gaar/jinghe/x.log"},
        "suixi-2026-11-23": {"state": "finished", "spider": "suixi", "log_url": "/logs/gaar/suixi/y.log"},
        "qingshan-2026-11-23": {"state": "pending", "spider": "qingshan", "log_url": None},
    }
    by_spider = combine(runs, jobs, 3)
    jinghe = by_spider["jinghe"][0]
    assert jinghe["scrapyd"] == "finished" and "never closed its run" in jinghe["note"]
    assert by_spider["suixi"][0]["note"].startswith("no crawl_runs row")
    assert by_spider["qingshan"][0]["scrapyd"] == "pending"
    text = render(by_spider, [])
    assert "log: /logs/gaar/suixi/y.log" in text


def test_jobs_command_reads_the_database(runs_db, capsys):
    assert gaar(["jobs", "--db", str(runs_db), "jinghe"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("jinghe\n") and "dazu" not in out
    assert gaar(["jobs", "--db", str(runs_db.parent / "absent.db")]) == 2


# --- scrapyd closed to local users --------------------------------------------------------------------

WRAPPER = Path(__file__).resolve().parent.parent / "deploy" / "scrapyd-gaar"


def _wrapper(**env):
    return subprocess.run([str(WRAPPER), "--flag"], env={"PATH": os.environ["PATH"], "SCRAPYD": "echo", **env},
                          capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("env, why", [
    ({}, "set SCRAPYD_USERNAME and SCRAPYD_PASSWORD"),
    ({"SCRAPYD_USERNAME": "gaar"}, "set SCRAPYD_USERNAME and SCRAPYD_PASSWORD"),
    ({"SCRAPYD_USERNAME": "ga:ar", "SCRAPYD_PASSWORD": "long-enough-secret"}, "must not contain ':'"),
    ({"SCRAPYD_USERNAME": "gaar", "SCRAPYD_PASSWORD": "short"}, "shorter than 12"),
])
def test_scrapyd_is_never_started_without_credentials(env, why):
    done = _wrapper(**env)
    assert done.returncode == 2 and done.stdout == ""
    assert why in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_with_credentials_the_wrapper_is_scrapyd():
    done = _wrapper(SCRAPYD_USERNAME="gaar", SCRAPYD_PASSWORD="long-enough-secret")
    assert (done.returncode, done.stdout) == (0, "--flag\n")


def test_the_shipped_config_takes_credentials_from_the_environment_only():
    import configparser

    cp = configparser.ConfigParser()
    cp.read(WRAPPER.parent / "scrapyd.conf", encoding="utf-8")
    assert cp["scrapyd"]["bind_address"] == "127.0.0.1"
    assert cp["scrapyd"]["username"] == cp["scrapyd"]["password"] == ""
    deploy = configparser.ConfigParser(interpolation=None)
    deploy.read(WRAPPER.parent.parent / "scrapy.cfg", encoding="utf-8")
    assert (deploy["deploy"]["username"], deploy["deploy"]["password"]) == ("$SCRAPYD_USERNAME", "$SCRAPYD_PASSWORD")


def test_scrapys_telnet_console_is_off_in_the_project_settings():
    from scrapy.settings import Settings

    from gaar_spiders import settings as project

    settings = Settings()
    settings.setmodule(project, priority="project")
    assert project.TELNETCONSOLE_ENABLED is False and settings.getbool("TELNETCONSOLE_ENABLED") is False
