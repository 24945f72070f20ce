"""Glued cells settled by the same office's previous report, from the database (issue 13).

河北省工业和信息化厅 printed ``行政许可97+82179`` in its 2020 report (corpus 07):
97/+8/2179, 97/+82/179, 97/+821/79 or (this dump drops empty cells) 97/+8217/9 and
97/+82179/blank, and nothing in the 2020 report tells.
Its 2019 report (corpus 06) settles it: 上一年项目数量 97 = 156 − 59, and the
office writes 上一年 + 增减 as 处理决定数量 in every row it prints unambiguously.
The store step looks the previous report up (same office, year − 1); ``gaar
reparse`` goes through the same step, so a split chosen from the previous year
is re-examined each time: it appears when the previous report arrives and goes
when that report goes.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from gaar_spiders.items import PageItem
from gaar_spiders.report import parse_report
from gaar_spiders.report.parse import needs_previous, revisit
from pipelines.process import process_page
from pipelines.reparse import describe, reparse
from pipelines.storage import Storage

CORPUS = Path(__file__).parent / "data" / "corpus"
OFFICE = "河北省工业和信息化厅"
URL_2019 = "http://gxt.hebei.gov.cn/hbgyhxxht/zfxxgk/zfxxgknb/665444bbb/index.html"
URL_2020 = "http://gxt.hebei.gov.cn/hbgyhxxht/zfxxgk/zfxxgknb/769335/index.html"


def text(name: str) -> str:
    return next(CORPUS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def page(url: str, name: str) -> PageItem:
    # the 2019 dump never names the office: the portal's configuration does (hints)
    return PageItem(url=url, body=text(name).encode("utf-8"), spider="hebei_gxt", encoding="utf-8",
                    headers={"content-type": "text/plain; charset=utf-8"}, hints={"organ": OFFICE})


def licensing(path: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            """SELECT c.col, c.value, c.candidates FROM cells c JOIN reports r ON r.report_id = c.report_id
               WHERE r.year = 2020 AND c."table" = 'active' AND c.row = 'licensing' ORDER BY c.col""").fetchall()


def test_the_parser_takes_the_previous_report_as_an_argument():
    alone = parse_report(text("07"))
    assert alone.value("active", "licensing", "decisions") is None
    assert set(alone.cell("active", "licensing", "decisions").candidates) == {2179, 179, 79, 9, None}
    assert needs_previous(alone)
    with_2019 = parse_report(text("07"), previous=parse_report(text("06")))
    assert [with_2019.value("active", "licensing", c) for c in ("prev_items", "change", "decisions")] == [97, 82, 179]
    assert not needs_previous(with_2019)
    # the same, after the fact: what the store step does when it finds the 2019 report
    assert revisit(alone, parse_report(text("06"))) is True
    assert alone.value("active", "licensing", "decisions") == 179
    assert "previous report" in alone.check("cells.recovered").detail


def test_a_previous_report_of_another_office_or_year_settles_nothing():
    other = parse_report(text("08"))  # the same office, 2023, other template
    r = parse_report(text("07"), previous=other)
    assert r.value("active", "licensing", "decisions") is None


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "gaar.db")


def test_reparse_settles_a_split_once_the_previous_report_is_stored_and_reopens_it_when_it_goes(db):
    with Storage(db) as store:
        process_page(store, page(URL_2020, "07"))  # 2020 first: its 2019 report is not there yet
    open_cells = licensing(db)
    assert [(col, value) for col, value, _ in open_cells] == [("change", None), ("decisions", None), ("prev_items", 97)]
    assert set(json.loads(open_cells[1][2])) == {2179, 179, 79, 9, None}

    with Storage(db) as store:
        process_page(store, page(URL_2019, "06"))
        summary = reparse(store)
    assert licensing(db) == [("change", 82, None), ("decisions", 179, None), ("prev_items", 97, None)]
    changed = {c.key for c in summary.cell_changes}
    assert {"active/licensing/change", "active/licensing/decisions", "active/penalties/change"} <= changed
    assert "active/licensing/decisions: None [97+82179] one of" in describe(summary, verbose=True)
    with sqlite3.connect(db) as conn:
        detail = conn.execute(
            """SELECT k.detail FROM checks k JOIN reports r ON r.report_id = k.report_id
               WHERE r.year = 2020 AND k."check" = 'cells.recovered'""").fetchone()[0]
    assert "97/+82/179" in detail and "previous report" in detail

    # the 2019 report goes (its page removed): the next reparse opens the split again
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        rid = conn.execute("SELECT report_id FROM reports WHERE year = 2019").fetchone()[0]
        conn.execute("DELETE FROM pages WHERE report_id = ?", (rid,))
        conn.execute("DELETE FROM reports WHERE report_id = ?", (rid,))
    with Storage(db) as store:
        reparse(store)
    assert [(col, value) for col, value, _ in licensing(db)] == [("change", None), ("decisions", None), ("prev_items", 97)]


def test_gaar_parse_reads_an_offices_consecutive_reports_together(tmp_path):
    import subprocess
    import sys

    # the 2019 dump prints no title: a copy with its title line (as the source's title column gives it)
    titled = tmp_path / "06_with_title.txt"
    titled.write_text(f"{OFFICE}2019年政府信息公开工作年度报告\n" + text("06"), encoding="utf-8")
    seventh = next(CORPUS.glob("07_*.txt"))

    def parse(*files):
        out = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "parse", "--json", *map(str, files)],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    alone = {(c["row"], c["col"]): c for c in parse(seventh)[0]["cells"]}
    assert alone[("licensing", "decisions")]["value"] is None and "candidates" in alone[("licensing", "decisions")]
    together = {(c["row"], c["col"]): c for c in parse(titled, seventh)[1]["cells"]}
    assert [together[("licensing", c)]["value"] for c in ("prev_items", "change", "decisions")] == [97, 82, 179]
    assert "candidates" not in together[("licensing", "decisions")]
