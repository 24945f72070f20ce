"""A gold transcription printed the ways real extractors print a report's tables.

Each renderer takes a corpus gold file (``tests/data/corpus/gold/NN.json``) and
prints its three tables as a text layer or a dump would, after the real cases
in the corpus:

* ``pdf_text``     — a PDF's text layer (pdftotext): labels wrapped over 2–3
  lines in a narrow column, the row's figures on the label's first line, blank
  cells simply absent, header cells broken over lines, 三、本年度办理结果 one
  character per line (corpus 02–04);
* ``pdf_text_bottom`` — the same with the figures on the label's last line
  (cells centred vertically);
* ``markdown``     — a PDF-to-Markdown converter (corpus 05): wrapped labels as
  plain lines, each row's figures on a pipe row of their own (blank cells
  kept as empty cells), the table cut into pieces under ``## 表三：…`` captions;
* ``page_breaks``  — rows as ``label | figures`` lines with a page footer
  (``— 3 —``, ``- 4 -``, ``第 5 页``) and the repeated table header every few rows,
  the row at the break cut in two: the first part of its label at the foot of
  one page, the rest and its figures under the header on the next
  (``3.危及“三安全一稳`` … ``定”``);
* ``glued``        — the whole report on one line, cells run together, blank
  cells gone (corpus 06–08);
* ``cell_lines``   — one cell per line, two empty lines between cells, two more
  between rows, an empty cell one empty line (corpus 09, 10);
* ``spaced``       — one row per line, ``label  v  v  v``, blank cells gone.

A cell the gold leaves ambiguous is printed as one of its candidates (the
first combination that keeps the row's own arithmetic), so every rendering
prints a real table; the parser's answer is still judged against the gold.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from gaar_spiders.report import templates as T

GOLD_DIR = Path(__file__).parent / "data" / "corpus" / "gold"

ACTIVE_ARTICLES = {
    "2019": (("一", ("rules", "normative_docs")), ("五", ("licensing", "other_services")),
             ("六", ("penalties", "coercion")), ("八", ("fees",)), ("九", ("procurement",))),
    "2021": (("一", ("rules", "normative_docs")), ("五", ("licensing",)), ("六", ("penalties", "coercion")),
             ("八", ("fees",))),
}
REQUEST_HEADER = (
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
)
REVIEW_HEADER = (
    ["行政复议", "行政诉讼"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
)
FOOTERS = ("— {n} —", "- {n} -", "第 {n} 页")


@dataclass
class Row:
    table: str
    key: str
    labels: list[str]  # label path as printed: group label(s) on the first row of a group, then the row's
    cells: list[str]  # printed cells ('' = blank)


@dataclass
class Printed:
    gold: dict
    title: str
    active: list  # of ("caption", text) | ("header", [cells]) | Row
    requests: list  # ("header", [cells]) | Row
    review: list  # ("header", [cells]) | Row (one unlabeled row of 15 cells, key "*")


def load(item: str) -> dict:
    return json.loads((GOLD_DIR / f"{item}.json").read_text(encoding="utf-8"))


def _raw(cell: dict, value) -> str:
    if value is None:
        return ""
    if cell["col"] == "amount" and isinstance(value, (int, float)) and cell.get("printed_col", "").find("万元") >= 0:
        text = f"{value / 10000:.6f}".rstrip("0").rstrip(".")
        return text
    return str(int(value)) if float(value).is_integer() else str(value)


def _resolve_row(cells: list[dict]) -> list[str]:
    """Printed text of a row's cells; ambiguous ones as the first candidate combination that
    keeps the row's arithmetic (total = the sum of the others) or, with no total, the i-th
    candidate of every ambiguous cell (the gold pairs them so)."""
    options = []
    for c in cells:
        if c.get("ambiguous"):
            options.append([_raw(c, v) for v in c["candidates"]])
        else:
            options.append([c["raw"] if c["raw"] is not None else _raw(c, c["value"])])
    has_total = cells[-1]["col"] == "total" and cells[0]["table"] in ("requests", "review")
    if not has_total:
        return [o[0] for o in options]
    for combo in itertools.product(*options):
        nums = [int(x) if x.lstrip("+-").isdigit() else 0 for x in combo]
        if sum(nums[:-1]) == nums[-1]:
            return list(combo)
    return [o[0] for o in options]


def printed(gold: dict) -> Printed:
    rows: dict[tuple[str, str], list[dict]] = {}
    for c in gold["cells"]:
        rows.setdefault((c["table"], c["row"]), []).append(c)
    template = gold["template"]
    active: list = []
    for numeral, keys in ACTIVE_ARTICLES[template]:
        present = [k for k in keys if ("active", k) in rows]
        if not present:
            continue
        active.append(("caption", f"第二十条第（{numeral}）项"))
        active.append(("header", ["信息内容"] + [c["printed_col"] for c in rows[("active", present[0])]]))
        for k in present:
            cells = rows[("active", k)]
            active.append(Row("active", k, [cells[0]["printed_row"]], _resolve_row(cells)))
    requests: list = [("header", list(h)) for h in REQUEST_HEADER]
    seen_groups: set[str] = set()
    for (table, key), cells in rows.items():
        if table != "requests":
            continue
        path = cells[0]["printed_row"].split("/")
        labels = []
        for depth, part in enumerate(path[:-1]):
            if part not in seen_groups:
                seen_groups.add(part)
                labels.append(part)
        labels.append(path[-1])
        requests.append(Row("requests", key, labels, _resolve_row(cells)))
    review: list = []
    if any(t == "review" for t, _ in rows):
        review = [("header", list(h)) for h in REVIEW_HEADER]
        cells = [c for r in ("reconsideration", "litigation_direct", "litigation_after") for c in _resolve_row(rows[("review", r)])]
        review.append(Row("review", "*", [], cells))
    title = f"{gold['organ']}{gold['year']}年政府信息公开工作年度报告"
    return Printed(gold, title, active, requests, review)


def _prose_head(p: Printed) -> list[str]:
    year = p.gold["year"]
    return [p.title, f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            "一、总体情况", "本机关认真贯彻落实政府信息公开条例，不断提高政务公开工作水平。",
            "二、主动公开政府信息情况"]


REVIEW_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
NO_REVIEW = "本年度未发生涉及政府信息公开的行政复议、行政诉讼案件。"
TAIL = ["五、存在的主要问题及改进情况", "一是公开内容有待丰富，二是解读形式有待创新。", "六、其他需要报告的事项", "无。"]


def _sections(p: Printed, render_table) -> list[str]:
    out = _prose_head(p)
    out += render_table(p.active)
    out.append("三、收到和处理政府信息公开申请情况")
    out += render_table(p.requests)
    out.append(REVIEW_HEADING)
    out += render_table(p.review) if p.review else [NO_REVIEW]
    out += TAIL
    out += [p.gold["organ"]]
    return out


def wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


# --- the renderers --------------------------------------------------------------------------------


def _pdf_table(items: list, *, bottom: bool, width: int = 14) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, tuple):
            kind, content = item
            if kind == "caption":
                lines.append(content)
                continue
            for cell in content:  # header cells wrap inside their narrow columns
                lines.extend(wrap(cell, 4 if len(cell) <= 8 else width))
            continue
        figures = "  ".join(c for c in item.cells if c)
        for label in item.labels[:-1]:  # group labels: a vertical one is one character per line
            lines.extend(label if label == "三、本年度办理结果" else wrap(label, width))
        own = wrap(item.labels[-1], width) if item.labels else []
        if not own:
            lines.append(figures)
            continue
        at = len(own) - 1 if bottom else 0
        for i, text in enumerate(own):
            lines.append(f"{text}  {figures}".rstrip() if (i == at and figures) else text)
    return lines


def pdf_text(gold: dict) -> str:
    return "\n".join(_sections(printed(gold), lambda t: _pdf_table(t, bottom=False))) + "\n"


def pdf_text_bottom(gold: dict) -> str:
    return "\n".join(_sections(printed(gold), lambda t: _pdf_table(t, bottom=True))) + "\n"


CAPTIONS = {"active": "## 表二：主动公开政府信息情况", "requests": "## 表三：收到和处理政府信息公开申请情况",
            "review": "## 表四：政府信息公开行政复议、行政诉讼情况"}


def _markdown_table(items: list, width: int = 16) -> list[str]:
    lines: list[str] = []
    for n, item in enumerate(items):
        if isinstance(item, tuple):
            kind, content = item
            if kind == "caption":
                lines.append(content)
            else:
                lines.append("| " + " | ".join(content) + " |")
                lines.append("|" + "---|" * len(content))
            continue
        if n % 4 == 0:
            lines.append(CAPTIONS[item.table])
        for label in item.labels:
            lines.extend(wrap(label, width))
        lines.append("| " + " | ".join(item.cells) + " |")
        lines.append("|" + "---|" * len(item.cells))
    return lines


def markdown(gold: dict) -> str:
    return "\n".join(_sections(printed(gold), _markdown_table)) + "\n"


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _paged_table(items: list, *, every: int = 5, start_page: int = 3) -> list[str]:
    lines: list[str] = []
    headers = [c for kind, c in (i for i in items if isinstance(i, tuple)) if kind == "header"]
    rows = 0
    page = start_page
    for item in items:
        if isinstance(item, tuple):
            kind, content = item
            lines.append(content if kind == "caption" else _pipe(content))
            continue
        rows += 1
        label = "".join(item.labels)
        if rows % every == 0 and len(item.labels[-1]) >= 6 and item.table == "requests":
            own = item.labels[-1]
            cut = len(own) // 2 + 1
            # the foot of one page: the first part of the label (its cells still empty)
            lines.append(_pipe(["".join(item.labels[:-1]) + own[:cut]] + [""] * len(item.cells)))
            lines.append(FOOTERS[page % len(FOOTERS)].format(n=page))
            page += 1
            lines.extend(_pipe(h) for h in headers)  # the header repeated on the next page
            lines.append(_pipe([own[cut:]] + item.cells))
            continue
        lines.append(_pipe(([label] if label else []) + item.cells))
        if rows % every == 0:
            lines.append(FOOTERS[page % len(FOOTERS)].format(n=page))
            page += 1
            lines.extend(_pipe(h) for h in headers)
    return lines


def page_breaks(gold: dict) -> str:
    return "\n".join(_sections(printed(gold), _paged_table)) + "\n"


def _flat_table(items: list) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, tuple):
            out.append("".join(item[1]) if item[0] == "header" else item[1])
        else:
            out.append("".join(item.labels) + "".join(c for c in item.cells if c))
    return out


def glued(gold: dict) -> str:
    return "".join(_sections(printed(gold), _flat_table)) + "\n"


def _cell_rows(items: list) -> list[list[str]]:
    rows = []
    for item in items:
        if isinstance(item, tuple):
            rows.append([item[1]] if item[0] == "caption" else list(item[1]))
        else:
            rows.append(list(item.labels) + list(item.cells))
    return rows


def cell_lines(gold: dict) -> str:
    """An HTML table saved as text: each cell then two empty lines, each row two more."""
    p = printed(gold)
    out: list[str] = []

    def prose(text: str) -> None:
        out.append(text)

    def table(items: list) -> None:
        for row in _cell_rows(items):
            for cell in row:
                out.extend([cell, "", ""])
            out.extend(["", ""])

    for line in _prose_head(p):
        prose(line)
    table(p.active)
    prose("三、收到和处理政府信息公开申请情况")
    table(p.requests)
    prose(REVIEW_HEADING)
    if p.review:
        table(p.review)
    else:
        prose(NO_REVIEW)
    for line in TAIL + [p.gold["organ"]]:
        prose(line)
    return "\n".join(out) + "\n"


def spaced(gold: dict) -> str:
    def table(items: list) -> list[str]:
        out = []
        for item in items:
            if isinstance(item, tuple):
                out.append(item[1] if item[0] == "caption" else "  ".join(item[1]))
            else:
                out.append("  ".join(["".join(item.labels)] + [c for c in item.cells if c]).strip())
        return out

    return "\n".join(_sections(printed(gold), table)) + "\n"


RENDERINGS = {
    "pdf_text": pdf_text,
    "pdf_text_bottom": pdf_text_bottom,
    "markdown": markdown,
    "page_breaks": page_breaks,
    "glued": glued,
    "cell_lines": cell_lines,
    "spaced": spaced,
}
#: renderings that keep every cell (a blank stays an empty cell): the text settles every cell
KEEP_BLANKS = ("markdown", "page_breaks", "cell_lines")
