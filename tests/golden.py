"""Expected contents of the five seed reports, written by reading the seeds.

Most printed figures in the seeds are 0, so each table is described as "every
cell the template defines is printed 0" plus the cells that differ, each
copied from the seed text by hand (line references in comments).
"""

from __future__ import annotations

from gaar_spiders.report.checks import template_cells

Cells = dict[tuple[str, str, str], tuple[object, str]]


def zeros(template: str, *, drop_rows: tuple[str, ...] = ()) -> Cells:
    cells = {k: (0, "0") for k in template_cells(template)}
    return {k: v for k, v in cells.items() if f"{k[0]}.{k[1]}" not in drop_rows}


def blank_row(table: str, row: str, cols) -> Cells:
    return {(table, row, col): (None, "") for col in cols}


def not_printed(table: str, row: str, cols) -> Cells:
    """A row of a printed table that the report leaves out: its cells are present, NULL,
    with no candidates (``Cell.candidates == []``), listed again under ``open``."""
    return {(table, row, col): (None, "") for col in cols}


REQ_COLS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")


def req_row(row: str, *values) -> Cells:
    return {("requests", row, col): (v, str(v)) for col, v in zip(REQ_COLS, values)}


SEEDS = {
    "000_acf128b87be38071.txt": dict(
        fields=dict(
            title="重庆市大足区邮亭镇人民政府2019年信息公开工作年度报告",
            organ="重庆市大足区邮亭镇人民政府",
            region="重庆市大足区",
            year=2019,
            template="2019",
            published_on="2020-07-06",  # 日期:2020-07-06 under the title
            signed_on="2020-01-20",  # 2020年1月20日 under the signature
        ),
        cells={
            **zeros("2019"),
            # 第二十条第(五)项 行政许可: 163 / 55 / 108
            ("active", "licensing", "prev_items"): (163, "163"),
            ("active", "licensing", "change"): (55, "55"),
            ("active", "licensing", "decisions"): (108, "108"),
            # 第二十条第(九)项 政府集中采购: 53 / 371293.44元
            ("active", "procurement", "items"): (53, "53"),
            ("active", "procurement", "amount"): (371293.44, "371293.44元"),
            # (六)其他处理 printed with no figures at all
            **blank_row("requests", "other", REQ_COLS),
        },
        checks={
            "report.recognised": True,
            "requests.balance": True,
            "requests.results_total": True,
            "requests.row_total": True,
            "review.row_total": True,
            "template.current": True,
            "cells.complete": True,
            "cells.recovered": None,  # clean text: nothing glued
            "prose.matches_tables": None,  # the prose states no figure a table holds
        },
        sections=["overview", "active", "requests", "review", "problems", "other"],
    ),
    "001_e699a22894dad6cb.txt": dict(
        fields=dict(
            title=None,  # the page text starts with the preamble, no title line
            organ="精河县托里镇人民政府",
            region="精河县",
            year=2021,  # 统计期限从2021年1月1日起至2021年12月31日止
            template="2021",
            published_on=None,
            signed_on="2022-01-04",
        ),
        # no (七)总计 and no 四、结转下年度继续办理 rows are printed: their cells are open
        cells={
            **zeros("2021", drop_rows=("requests.results_total", "requests.carry_forward")),
            **not_printed("requests", "results_total", REQ_COLS),
            **not_printed("requests", "carry_forward", REQ_COLS),
        },
        open={("requests", row, col) for row in ("results_total", "carry_forward") for col in REQ_COLS},
        checks={
            "report.recognised": True,
            "requests.balance": None,
            "requests.results_total": None,
            "requests.row_total": True,
            "review.row_total": True,
            "template.current": True,
            "cells.complete": False,
            "cells.recovered": None,  # clean text: nothing glued
            "prose.matches_tables": None,  # the prose states no figure a table holds
        },
        sections=["overview", "active", "requests", "review", "problems", "other"],
    ),
    "002_e1015790c6b78731.txt": dict(
        fields=dict(
            title=None,
            organ="区民政局",
            region=None,
            year=2019,  # 截至2019年12月31日
            template="2019",
            published_on=None,
            signed_on=None,
        ),
        cells={
            **zeros("2019"),
            **req_row("new", 1, 0, 0, 0, 0, 0, 1),
            **req_row("granted", 1, 0, 0, 0, 0, 0, 1),
        },
        checks={
            "report.recognised": True,
            "requests.balance": False,  # 1 + 0 ≠ 0 + 0
            "requests.results_total": False,  # granted 1, (七)总计 0
            "requests.row_total": True,
            "review.row_total": True,
            "template.current": True,
            "cells.complete": True,
            "cells.recovered": None,  # clean text: nothing glued
            "prose.matches_tables": None,  # the prose states no figure a table holds
        },
        sections=["overview", "active", "requests", "review", "problems"],
    ),
    "003_f375f0e851984426.txt": dict(
        fields=dict(
            title="城月鎮人民政府2020年度政府信息公開工作年度報告",
            organ="城月镇人民政府",
            region=None,
            year=2020,
            template="legacy",
            published_on=None,
            signed_on=None,
        ),
        cells={
            ("legacy", "active_total", "value"): (79, "2020年我鎮累計主動公開政府信息79條"),
            ("legacy", "requests_new", "value"): (0, "2020年度我鎮共收到政府信息公開申請0件:函件申請0件,網絡申請0件"),
            ("legacy", "requests_carried_over", "value"): (1, "上年結轉1件:網絡申請1件"),
            ("legacy", "fees_charged", "value"): (0, "2020年我鎮沒有向政府信息公開申請人收取任何費用"),
            ("legacy", "reconsideration", "value"): (0, "2020年度我鎮沒有發生因政府信息公開申請行政復議、提起行政訴訟和行政申訴等情況"),
            ("legacy", "litigation", "value"): (0, "2020年度我鎮沒有發生因政府信息公開申請行政復議、提起行政訴訟和行政申訴等情況"),
        },
        checks={
            "report.recognised": True,
            "requests.balance": None,
            "requests.results_total": None,
            "requests.row_total": None,
            "review.row_total": None,
            "template.current": False,  # a 2020 report in the narrative format
            "cells.complete": None,
            "cells.recovered": None,  # clean text: nothing glued
            "prose.matches_tables": None,  # the prose states no figure a table holds
        },
        sections=["overview", "active", "requests", "fees", "review", "problems",
                  "active", "requests", "review", "problems", "other"],
    ),
    "004_22022a201ead27fe.txt": dict(
        fields=dict(
            title="道外区巨源镇2020年政府信息公开工作年度报告",  # broken over two lines in the seed
            organ="道外区巨源镇人民政府",
            region="道外区",
            year=2020,
            template="2019",
            published_on=None,
            signed_on="2021-02-05",
        ),
        cells={
            **zeros("2019"),
            ("active", "procurement", "items"): (2, "2"),
            ("active", "procurement", "amount"): (1037000, "103.7万元"),
            **req_row("new", 1, 0, 0, 0, 1, 0, 2),
        },
        checks={
            "report.recognised": True,
            "requests.balance": False,  # new 2 + 0 ≠ (七)总计 0 + 结转 0
            "requests.results_total": True,
            "requests.row_total": True,
            "review.row_total": True,
            "template.current": True,
            "cells.complete": True,
            "cells.recovered": None,  # clean text: nothing glued
            "prose.matches_tables": None,  # the prose states no figure a table holds
        },
        sections=["overview", "active", "requests", "review", "problems", "other"],
    ),
}
