"""Reports built straight from the model and the template tables, for the storage tests.

They look like what the parser produces (every cell a template defines, the
checks the parser would compute) without depending on the parser itself.
"""

from __future__ import annotations

import random
import zlib

from gaar_spiders.report import templates
from gaar_spiders.report.model import Cell, Check, Report, Section

COUNTIES = ("重庆市大足区", "新疆博尔塔拉州精河县", "江苏省淮安市洪泽区")


def make_report(
    organ: str = "重庆市大足区邮亭镇人民政府",
    year: int = 2022,
    *,
    region: str | None = "重庆市大足区",
    template: str | None = None,
    seed: int = 0,
    balanced: bool = True,
    body_extra: str = "",
    url: str | None = None,
) -> Report:
    """A report whose figures come from ``seed``; ``balanced=False`` breaks the 勾稽 rule."""
    template = template or ("2021" if year >= 2021 else "2019")
    rnd = random.Random(f"{organ}|{year}|{seed}")
    cells: list[Cell] = []
    results = templates.RESULT_ROWS[template]
    per_col = {}
    for col in templates.REQUEST_COLUMNS[:-1]:
        figures = {row: rnd.randint(0, 5) for row in results}
        carried = rnd.randint(0, 2)
        forward = rnd.randint(0, 2)
        total = sum(figures.values())
        new = total + forward - carried + (0 if balanced else 3)
        per_col[col] = {**figures, "new": max(new, 0), "carried_over": carried,
                        "results_total": total, "carry_forward": forward}
    for row in templates.REQUEST_TEMPLATE_ROWS[template]:
        values = [per_col[col][row] for col in templates.REQUEST_COLUMNS[:-1]]
        for col, v in zip(templates.REQUEST_COLUMNS, values + [sum(values)]):
            cells.append(Cell("requests", row, col, v, str(v)))
    for row in templates.REVIEW_ROWS:
        values = [rnd.randint(0, 2) for _ in templates.REVIEW_COLUMNS[:-1]]
        for col, v in zip(templates.REVIEW_COLUMNS, values + [sum(values)]):
            cells.append(Cell("review", row.key, col, v, str(v)))
    for row, cols in templates.ACTIVE_COLUMNS[template].items():
        for col in cols:
            v = rnd.randint(0, 900) * (10_000 if col == "amount" else 1)
            cells.append(Cell("active", row, col, v, str(v)))
    checks = [
        Check("requests.balance", balanced, "requests.balance[total]: ok" if balanced
              else "requests.balance[total]: new does not equal results_total + carry_forward"),
        Check("requests.row_total", True, ""),
        Check("review.row_total", True, ""),
        Check("template.current", year < 2021 or template == "2021", ""),
    ]
    title = f"{organ}{year}年政府信息公开工作年度报告"
    body = (
        f"{title}\n一、总体情况\n{organ}认真落实《条例》。本年度政府集中采购和行政许可信息均已公开。"
        f"（编号{seed}）\n{body_extra}"
    )
    return Report(
        url=url or f"https://www.example.gov.cn/{zlib.crc32(f'{organ}{year}{seed}'.encode())}.html",
        title=title, organ=organ, region=region, year=year, template=template,
        published_on=f"{year + 1}-01-20", signed_on=f"{year + 1}-01-15",
        body_text=body, cells=cells,
        sections=[Section("overview", "一、总体情况", f"{organ}认真落实《条例》。")],
        checks=checks, layout="html-table", warnings=[],
    )


def undo_step_8(conn) -> None:
    """Take a GAAR database back to schema 7 (before resumable crawls and superseded reports), as a
    GAAR of that version left it: for the tests of upgrades from older versions."""
    for view in ("requests_wide", "active_wide", "review_wide", "failed_checks", "cross_year_checks", "coverage"):
        conn.execute(f"DROP VIEW IF EXISTS {view}")
    conn.execute("DROP INDEX reports_superseded_by")
    conn.execute("DROP INDEX crawl_runs_status")
    conn.execute("ALTER TABLE reports DROP COLUMN superseded_at")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("ALTER TABLE reports DROP COLUMN superseded_by")
    conn.execute("ALTER TABLE crawl_runs DROP COLUMN process")
    conn.execute("DROP TABLE links")
    conn.execute("DROP TABLE column_walks")
    conn.execute("PRAGMA user_version = 7")


#: reports missing some of their rows (counts stored with the report against the rows there are):
#: a reader or a crash must never find one
HALF_WRITTEN = """
SELECT count(*) FROM reports r
WHERE n_cells != (SELECT count(*) FROM cells c WHERE c.report_id = r.report_id)
   OR n_checks != (SELECT count(*) FROM checks k WHERE k.report_id = r.report_id)
   OR n_sections != (SELECT count(*) FROM sections s WHERE s.report_id = r.report_id)
   OR NOT EXISTS (SELECT 1 FROM report_urls u WHERE u.report_id = r.report_id)
"""
