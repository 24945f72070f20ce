"""The office's short name and level, and where the template came from, reach the database."""

import sqlite3

import sqlite_utils

from gaar_spiders.report import parse_report
from pipelines import db as schema
from pipelines.storage import Storage

PAGE = ("宿城区中扬镇2022年度政府信息公开工作年度报告\n发布时间:2023-01-31 10:00\n"
        "一、总体情况\n根据(国办公开办函〔2021〕30号)要求编制。2022年,中扬镇推进公开。\n"
        "二、主动公开政府信息情况\n本年度主动公开信息20条。\n")


def test_a_parsed_report_stores_organ_short_level_and_template_source(tmp_path):
    report = parse_report(PAGE)
    with Storage(str(tmp_path / "gaar.db")) as store:
        report_id = store.save_report(report)
        row = store.conn.execute(
            "SELECT organ, organ_short, level, template, template_source, published_on FROM reports WHERE report_id = ?",
            (report_id,)).fetchone()
        wide = store.conn.execute("SELECT organ_short, level FROM requests_wide WHERE report_id = ?",
                                  (report_id,)).fetchone()
    assert row == ("宿城区中扬镇", "中扬镇", "township", "2021", "notice", "2023-01-31")
    assert wide == ("中扬镇", "township")


def test_the_short_name_is_left_out_when_the_organ_came_from_the_spiders_hints(tmp_path):
    report = parse_report(PAGE.replace("宿城区中扬镇2022年度", "2022年度").replace("中扬镇推进", "我镇推进"))
    assert report.organ is None and report.level == "township"
    with Storage(str(tmp_path / "gaar.db")) as store:
        report_id = store.save_report(report, hints={"organ": "宿城区中扬镇人民政府"})
        row = store.conn.execute("SELECT organ, organ_source, organ_short, level FROM reports WHERE report_id = ?",
                                 (report_id,)).fetchone()
    assert row == ("宿城区中扬镇人民政府", "hints", None, "township")


def test_a_version_2_database_gains_the_columns_when_opened(tmp_path):
    path = str(tmp_path / "gaar.db")
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    db.conn.execute("BEGIN")
    schema.UPGRADES[1](db)
    schema.UPGRADES[2](db)
    db.conn.execute("PRAGMA user_version = 2")
    db.conn.execute("COMMIT")
    db.close()
    with Storage(path) as store:
        assert store.found_version == 2
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(reports)")}
        assert {"organ_short", "level", "template_source"} <= columns
        report_id = store.save_report(parse_report(PAGE))
        assert store.conn.execute("SELECT level FROM reports WHERE report_id = ?", (report_id,)).fetchone() == ("township",)
