"""The three statistical tables laid out as the official templates print them.

One grid builder serves HTML, DOCX and PDF, so the three renderings of a
report carry the same cells in the same places. A grid is a list of rows; a
row holds only the cells that *start* there (HTML style), each with its
rowspan and colspan. ``place`` turns that into absolute positions for
renderers that need them (Word, ReportLab).

Labels come from ``gaar_spiders.report.templates`` and are printed with
full-width brackets, as the official Word templates have them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from gaar_spiders.report import templates as T
from gaar_spiders.report.model import Report

#: 第二十条 items of the active table: (item numeral, row keys), per template
ACTIVE_ARTICLES = {
    "2019": (
        ("一", ("rules", "normative_docs")),
        ("五", ("licensing", "other_services")),
        ("六", ("penalties", "coercion")),
        ("八", ("fees",)),
        ("九", ("procurement",)),
    ),
    "2021": (
        ("一", ("rules", "normative_docs")),
        ("五", ("licensing",)),
        ("六", ("penalties", "coercion")),
        ("八", ("fees",)),
    ),
}
#: 2021 prints these active columns under a label of their own
ACTIVE_2021_COLUMN_LABEL_KEYS = {"decisions": "decisions_2021", "amount": "amount_2021"}
#: 2021 prints these active rows under another of their template labels (index into RowLabel.labels)
ACTIVE_2021_ROW_LABEL_INDEX = {"normative_docs": 1}
ACTIVE_WIDTH = 4
REQUEST_WIDTH = 10
REVIEW_WIDTH = 15

TABLE_KEYS = ("active", "requests", "review")


@dataclass(frozen=True)
class GridCell:
    """One printed cell. ``ref`` is ``(table, row, col)`` for a value cell."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    ref: Optional[tuple[str, str, str]] = None


Grid = list[list[GridCell]]

_WIDE = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})


def printed(label: str) -> str:
    """A template label as the official form prints it (full-width brackets, curly quotes)."""
    text = label.translate(_WIDE)
    parts = text.split('"')
    if len(parts) == 3:
        text = f"{parts[0]}“{parts[1]}”{parts[2]}"
    return text


def vertical(text: str) -> str:
    """One character per line, as narrow header columns print (结\\n果\\n维\\n持)."""
    return "\n".join(text)


def _row_label(table: str, key: str, index: int = 0) -> str:
    for row in T.ROW_LABELS:
        if row.table == table and row.key == key:
            return printed(row.labels[index])
    raise KeyError((table, key))


def group_label(group: str) -> str:
    for label, key in T.REQUEST_GROUPS.items():
        if key == group:
            return printed(label)
    raise KeyError(group)


def _value(report: Report, table: str, row: str, col: str) -> GridCell:
    cell = report.cell(table, row, col)
    return GridCell(cell.raw if cell is not None else "", ref=(table, row, col))


def active_grid(report: Report, template: str) -> Grid:
    grid: Grid = []
    for numeral, rows in ACTIVE_ARTICLES[template]:
        grid.append([GridCell(f"{T.ACTIVE_ARTICLE_PREFIX}第（{numeral}）项", colspan=ACTIVE_WIDTH, header=True)])
        cols = T.ACTIVE_COLUMNS[template][rows[0]]
        last_span = ACTIVE_WIDTH - len(cols)
        header = [GridCell(T.ACTIVE_HEADERS[0], header=True)]
        for i, col in enumerate(cols):
            key = ACTIVE_2021_COLUMN_LABEL_KEYS.get(col, col) if template == "2021" else col
            label = printed(T.ACTIVE_COLUMN_LABELS[key][0][0])
            header.append(GridCell(label, colspan=last_span if i == len(cols) - 1 else 1, header=True))
        grid.append(header)
        for row in rows:
            index = ACTIVE_2021_ROW_LABEL_INDEX.get(row, 0) if template == "2021" else 0
            line = [GridCell(_row_label("active", row, index), header=True)]
            for i, col in enumerate(cols):
                value = _value(report, "active", row, col)
                if i == len(cols) - 1 and last_span > 1:
                    value = GridCell(value.text, colspan=last_span, ref=value.ref)
                line.append(value)
            grid.append(line)
    return grid


def _values(report: Report, row: str) -> list[GridCell]:
    return [_value(report, "requests", row, col) for col in T.REQUEST_COLUMNS]


def requests_grid(report: Report, template: str, *, vertical_headers: bool = False) -> Grid:
    col_label = {k: printed(v[0]) for k, v in T.REQUEST_COLUMN_LABELS.items()}
    nat = col_label["natural_person"]
    other = col_label["other_org"]
    grid: Grid = [
        [GridCell(printed(T.REQUEST_HEADERS[2]), rowspan=3, colspan=3, header=True),
         GridCell(T.REQUEST_HEADERS[0], colspan=7, header=True)],
        [GridCell(vertical(nat) if vertical_headers else nat, rowspan=2, header=True),
         GridCell(T.REQUEST_HEADERS[1], colspan=5, header=True),
         GridCell(col_label["total"], rowspan=2, header=True)],
        [GridCell(col_label[k], header=True) for k in ("commercial", "research", "nonprofit", "legal_service")]
        + [GridCell(vertical(other) if vertical_headers else other, header=True)],
    ]
    for row in ("new", "carried_over"):
        grid.append([GridCell(_row_label("requests", row), colspan=3, header=True)] + _values(report, row))

    result_rows = list(T.RESULT_ROWS[template]) + ["results_total"]
    results_label = next(label for label, key in T.REQUEST_GROUPS.items() if key == "results")
    results_text = vertical(results_label) if vertical_headers else results_label
    seen_groups: set[str] = set()
    for i, row in enumerate(result_rows):
        line: list[GridCell] = []
        if i == 0:
            line.append(GridCell(results_text, rowspan=len(result_rows), header=True))
        group = row.split(".")[0] if "." in row else None
        if group is None:
            line.append(GridCell(_row_label("requests", row), colspan=2, header=True))
        else:
            if group not in seen_groups:
                seen_groups.add(group)
                size = sum(1 for r in result_rows if r.startswith(group + "."))
                label = _row_label("requests", "other") if group == "other" else group_label(group)
                line.append(GridCell(label, rowspan=size, header=True))
            line.append(GridCell(_row_label("requests", row), header=True))
        grid.append(line + _values(report, row))
    grid.append([GridCell(_row_label("requests", "carry_forward"), colspan=3, header=True)]
                + _values(report, "carry_forward"))
    return grid


def review_grid(report: Report, *, vertical_headers: bool = False) -> Grid:
    def head(col: str) -> str:
        text = printed(T.REVIEW_COLUMN_LABELS[col][0])
        return vertical(text) if vertical_headers else text

    rows = [r.key for r in T.REVIEW_ROWS]
    grid: Grid = [
        [GridCell(_row_label("review", rows[0]), colspan=5, header=True),
         GridCell(T.REVIEW_HEADERS[0], colspan=10, header=True)],
        [GridCell(head(c), rowspan=2, header=True) for c in T.REVIEW_COLUMNS]
        + [GridCell(_row_label("review", r), colspan=5, header=True) for r in rows[1:]],
        [GridCell(head(c), header=True) for _ in rows[1:] for c in T.REVIEW_COLUMNS],
        [_value(report, "review", r, c) for r in rows for c in T.REVIEW_COLUMNS],
    ]
    return grid


def table_grids(report: Report, *, vertical_headers: bool = False) -> dict[str, Grid]:
    """The report's three tables as grids, keyed ``active``, ``requests``, ``review``."""
    template = report.template if report.template in T.TABLE_TEMPLATES else "2021"
    return {
        "active": active_grid(report, template),
        "requests": requests_grid(report, template, vertical_headers=vertical_headers),
        "review": review_grid(report, vertical_headers=vertical_headers),
    }


def grid_width(grid: Grid) -> int:
    return sum(c.colspan for c in grid[0])


def place(grid: Grid) -> Iterator[tuple[int, int, GridCell]]:
    """Absolute (row, column, cell) of every cell, resolving rowspans like a browser."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan


def grid_lines(grid: Grid) -> list[str]:
    """The grid's texts in reading order, one per line (what a cell-per-line page flattens to)."""
    return [cell.text for row in grid for cell in row]
