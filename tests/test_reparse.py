"""`gaar reparse`: the current parser over stored raw pages, offline, saying what changed."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest

from gaar_spiders.cli import main as gaar
from gaar_spiders.items import PageItem
from gaar_spiders.report import parse as parse_module
from pipelines.process import process_page
from pipelines.reparse import reparse
from pipelines.storage import Storage

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))


@pytest.fixture
def db(tmp_path):
    """A database holding the seed reports as pages fetched from a (pretend) portal."""
    path = str(tmp_path / "gaar.db")
    with Storage(path) as store:
        for n, seed in enumerate(SEEDS):
            item = PageItem(url=f"https://www.example.gov.cn/nb/{seed.stem}.html", body=seed.read_bytes(),
                            spider="seeds", fetched_at=f"2024-0{n + 1}-15T08:00:00+00:00", encoding="utf-8")
            process_page(store, item)
            assert item.parse_status == "parsed", item.parse_error
    return path


def q(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("reparse must not touch the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_reparse_with_the_same_parser_changes_nothing(db, no_network):
    before = q(db, 'SELECT report_id, "table", row, col, value, raw FROM cells ORDER BY 1, 2, 3, 4')
    with Storage(db) as store:
        summary = reparse(store)
    assert summary.pages == len(SEEDS)
    assert summary.statuses == {"parsed": len(SEEDS)}
    assert not summary.changed
    assert q(db, 'SELECT report_id, "table", row, col, value, raw FROM cells ORDER BY 1, 2, 3, 4') == before


def test_reparse_restores_what_an_older_parser_got_wrong_and_says_so(db, no_network):
    # what an older parser might have left: a wrong figure, a missing check, a report never made
    rid = q(db, "SELECT report_id FROM reports ORDER BY report_id LIMIT 1")[0][0]
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("UPDATE cells SET value = 999 WHERE report_id = ? AND \"table\" = 'requests' AND row = 'new' "
                     "AND col = 'total'", (rid,))
        conn.execute("UPDATE checks SET ok = 1 - ok WHERE report_id = ? AND \"check\" = 'requests.row_total'", (rid,))
        gone = conn.execute("SELECT report_id FROM reports WHERE report_id != ? LIMIT 1", (rid,)).fetchone()[0]
        conn.execute("DELETE FROM reports WHERE report_id = ?", (gone,))
        conn.execute("UPDATE pages SET parse_status = 'failed', parse_reason = 'old parser' WHERE report_id IS NULL")

    with Storage(db) as store:
        summary = reparse(store)
    assert summary.reports_gained == [gone]
    assert [(c.report_id, c.key, c.before[0]) for c in summary.cell_changes] == [(rid, "requests/new/total", 999)]
    assert [(c.report_id, c.check) for c in summary.check_changes] == [(rid, "requests.row_total")]
    assert q(db, "SELECT count(*) FROM reports") == [(len(SEEDS),)]
    assert q(db, "SELECT count(*) FROM pages WHERE parse_status = 'parsed'") == [(len(SEEDS),)]


def test_reparse_since_takes_only_pages_fetched_from_that_date(db, no_network):
    with Storage(db) as store:
        summary = reparse(store, since="2024-04-01")
    assert summary.pages == len(SEEDS) - 3


def test_a_parser_that_now_fails_loses_the_report_and_the_page_keeps_the_reason(db, no_network, monkeypatch):
    def broken(*args):
        raise RuntimeError("regression")

    monkeypatch.setattr(parse_module, "_read_source", broken)
    with Storage(db) as store:
        summary = reparse(store, since="2024-05-01")
    assert summary.statuses == {"failed": 1}
    assert len(summary.reports_lost) == 1 and len(summary.pages_newly_failing) == 1
    assert q(db, "SELECT parse_status, parse_reason FROM pages WHERE fetched_at >= '2024-05-01'") == [
        ("failed", "parser error: RuntimeError: regression")]
    assert q(db, "SELECT count(*) FROM reports") == [(len(SEEDS) - 1,)]
    monkeypatch.undo()
    with Storage(db) as store:
        assert reparse(store).reports_gained == summary.reports_lost  # the raw page was kept: nothing lost for good


def test_gaar_reparse_command_reports_changes(db, capsys):
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE cells SET raw = 'x', value = -1 WHERE rowid IN (SELECT rowid FROM cells LIMIT 2)")
    assert gaar(["reparse", "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"re-parsed {len(SEEDS)} page(s)" in out
    assert "cells changed: 2 in" in out
    assert gaar(["reparse", "--db", db, "--json", "--since", "2024-01-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changed"] is False and data["pages"] == len(SEEDS)
    with pytest.raises(SystemExit):
        gaar(["reparse", "--db", db, "--since", "last tuesday"])
