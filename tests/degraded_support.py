"""Degraded renderings of a report whose cells are known: glued one-line dumps,
space-separated dumps, archive dumps with a header, OCR-damaged Markdown tables.

Each renderer starts from a ``Report`` (a synthetic one from the generator, or
a seed's expectations) and prints it the way archives, text extractors and
OCR print real reports, so a test can compare what the parser recovers with
the cells that were printed.
"""

from __future__ import annotations

import random

from gaar_spiders.localportals.generator import report_lines
from gaar_spiders.localportals.layout import printed
from gaar_spiders.report import templates as T
from gaar_spiders.report.checks import is_undecided
from gaar_spiders.report.model import Report


def glued(report: Report) -> str:
    """The whole report on one line, nothing between cells, labels or paragraphs."""
    return "".join(report_lines(report))


def spaced(report: Report) -> str:
    """The whole report on one line, every line and cell separated by one space."""
    return " ".join(line for line in report_lines(report) if line)


def archive_dump(report: Report, url: str) -> str:
    """An archive's record: a metadata header, then the report glued on one line."""
    body = "".join(report_lines(report)[1:])  # the title lives in the header only
    return f"标题: {report.title}\n发布时间: {report.published_on}\n原文链接: {url}\n{body}\n"


def _row_label(table: str, key: str, template: str) -> str:
    for row in T.ROW_LABELS:
        if row.table == table and row.key == key:
            index = 1 if (template == "2021" and key == "normative_docs") else 0
            return printed(row.labels[min(index, len(row.labels) - 1)])
    raise KeyError(key)


def _ocr_figure(raw: str, rng: random.Random) -> str:
    """A printed figure as OCR misreads it: O for 0, l for 1, full-width digits."""
    out = []
    for ch in raw:
        roll = rng.random()
        if ch == "0" and roll < 0.3:
            out.append("O")
        elif ch == "1" and roll < 0.3:
            out.append("l")
        elif ch.isdigit() and roll < 0.5:
            out.append(chr(ord(ch) - ord("0") + ord("０")))
        else:
            out.append(ch)
    return "".join(out)


def _ocr_row(cells: list[str], rng: random.Random) -> list[str]:
    """A row's cells with one pipe lost (two cells merged with a space) or one extra pipe."""
    cells = [_ocr_figure(c, rng) for c in cells]
    roll = rng.random()
    if roll < 0.3 and len(cells) > 2:
        i = rng.randrange(len(cells) - 1)
        cells[i : i + 2] = [f"{cells[i]} {cells[i + 1]}"]
    elif roll < 0.45:
        cells.insert(rng.randrange(1, len(cells) + 1), "")
    return cells


def ocr_markdown(report: Report, seed: int = 0) -> str:
    """The report's tables as OCR'd Markdown: one pipe row per table row, damaged."""
    rng = random.Random(seed)
    template = report.template
    lines = [report.title or "", f"本报告中所列数据的统计期限自{report.year}年1月1日起至{report.year}年12月31日止。"]
    lines.append("二、主动公开政府信息情况")
    for key, cols in T.ACTIVE_COLUMNS[template].items():
        cells = [report.cell("active", key, c).raw for c in cols]
        lines.append("| " + " | ".join([_row_label("active", key, template)] + _ocr_row(cells, rng)) + " |")
    lines.append("三、收到和处理政府信息公开申请情况")
    for key in T.REQUEST_TEMPLATE_ROWS[template]:
        cells = [report.cell("requests", key, c).raw for c in T.REQUEST_COLUMNS]
        lines.append("| " + " | ".join([_row_label("requests", key, template)] + _ocr_row(cells, rng)) + " |")
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    for row in T.REVIEW_ROWS:
        cells = [report.cell("review", row.key, c).raw for c in T.REVIEW_COLUMNS]
        lines.append("| " + " | ".join([printed(row.labels[0])] + _ocr_row(cells, rng)) + " |")
    lines.append("五、存在的主要问题及改进情况")
    return "\n".join(lines) + "\n"


def wrong_values(parsed: Report, truth: Report) -> list[str]:
    """Cells the parser presents as fact (a value, or a blank) that differ from what was printed."""
    out = []
    for c in truth.cells:
        got = parsed.cell(c.table, c.row, c.col)
        if got is None or is_undecided(got):
            continue
        if got.value != c.value:
            out.append(f"{c.table}.{c.row}.{c.col}: parsed {got.value!r} (raw {got.raw!r}), printed {c.raw!r}")
    return out


def undecided(parsed: Report) -> list[str]:
    return [f"{c.table}.{c.row}.{c.col}" for c in parsed.cells if is_undecided(c)]
