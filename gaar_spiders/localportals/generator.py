"""Deterministic synthetic annual reports whose figures add up (or, on request, do not).

The same ``(organ, year, template, seed, chain)`` always gives the same report, so
a portal, a test and a benchmark can each rebuild it and compare what the
crawler stored with what was published.

One office's reports of consecutive years agree as real ones must (the
cross-year checks, ``report/crossyear.py``): what a year hands to the next —
requests carried forward, the 2021 format's documents in force, the 2019
format's item counts — is a function of the office and the year alone
(``year_end``), so every report of the office, built in any order, starts where
the year before ended. A ``Chain`` may pin a year's end to a seed report's
printed figures (``anchors``) and name the years whose report deliberately
disagrees with the year before (``breaks``), as real offices' reports do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Optional

from gaar_spiders.report import templates as T
from gaar_spiders.report.model import Cell, Number, Report, Section

from . import content as C
from .layout import grid_lines, table_grids

SIX = T.REQUEST_COLUMNS[:6]
#: printed marks of an empty cell (value None)
BLANK_MARKS = ("", "—", "/")


def template_for_year(year: int) -> str:
    return "2019" if year < 2021 else "2021"


# --- one office across years ----------------------------------------------------------------------

#: the rows the 2021 format counts documents in force for, and the 2019 format counts items for
STOCK_ROWS = ("rules", "normative_docs")
ITEM_ROWS = tuple(row for row, cols in T.ACTIVE_COLUMNS["2019"].items() if "prev_items" in cols)
#: the year before the first report any portal publishes: the chains start from a drawn state there
CHAIN_START = 2018
#: the deliberate disagreements a chain can carry for a year (``Chain.breaks``)
BREAKS = ("carry_over", "in_force", "prev_items")


@dataclass(frozen=True)
class YearEnd:
    """What an office's report on a year hands to the next; None where a pin leaves it to the draw."""

    carry_forward: Optional[tuple[tuple[str, int], ...]] = None  # (applicant column, requests) × 6
    in_force: Optional[tuple[tuple[str, int], ...]] = None  # (rules | normative_docs, documents)
    items: Optional[tuple[tuple[str, int], ...]] = None  # (row, prev_items + change) of the 2019 format


@dataclass(frozen=True)
class Chain:
    """One office's reports across years: ``office`` keys the draws; ``anchors`` pin a year's end
    (a seed report's printed figures); ``breaks`` name the years whose report disagrees with the
    year before: ``carry_over`` (上年结转 ≠ last year's 结转下年度), ``in_force`` (the 2021 stock
    restated) or ``prev_items`` (the 2019 item count restated)."""

    office: str
    anchors: tuple[tuple[int, YearEnd], ...] = ()
    breaks: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        bad = [kind for _, kind in self.breaks if kind not in BREAKS]
        if bad:
            raise ValueError(f"breaks must be among {BREAKS}, got {bad}")

    def anchor(self, year: int) -> Optional[YearEnd]:
        return dict(self.anchors).get(year)

    def broken(self, year: int) -> Optional[str]:
        return dict(self.breaks).get(year)


@dataclass(frozen=True)
class _Flows:
    """What happens during one year of an office: the draws a report of the year prints."""

    carry_forward: dict
    issued: dict
    repealed: dict
    change: dict


def _flows(chain: Chain, year: int, scale: str) -> _Flows:
    rng = random.Random(f"chain|{chain.office}|{year}")
    small = lambda high, p_zero: 0 if rng.random() < p_zero else rng.randint(1, high)  # noqa: E731
    big = {"government": 8, "department": 3, "township": 1}[scale]
    forward = {c: small(max(1, {"government": 6, "department": 2, "township": 1}[scale]), 0.6) for c in SIX}
    issued, repealed = {}, {}
    for row in STOCK_ROWS:
        if row == "rules" and scale != "government":
            issued[row] = repealed[row] = 0
            continue
        issued[row] = small(big, 0.5)
        repealed[row] = rng.randint(0, issued[row])
    change = {row: rng.choice((0, 0, rng.randint(1, 90), -rng.randint(1, 9))) for row in ITEM_ROWS}
    return _Flows(forward, issued, repealed, change)


def _start(chain: Chain, scale: str) -> dict:
    rng = random.Random(f"chain|{chain.office}|start")
    big = {"government": 8, "department": 3, "township": 1}[scale]
    in_force = {row: 0 if row == "rules" and scale != "government" else rng.randint(big, big * 12) for row in STOCK_ROWS}
    items = {row: 0 if rng.random() < 0.3 else rng.randint(1, 40 * big) for row in ITEM_ROWS}
    return {"carry_forward": {c: 0 for c in SIX}, "in_force": in_force, "items": items}


def year_end(chain: Chain, year: int, scale: str) -> dict:
    """The office's state at the end of ``year``: ``carry_forward`` per applicant column,
    ``in_force`` per document row, ``items`` per 2019 item row (anchors and breaks applied)."""
    if year <= CHAIN_START:
        state = _start(chain, scale)
    else:
        before = year_end(chain, year - 1, scale)
        flows = _flows(chain, year, scale)
        state = {
            "carry_forward": dict(flows.carry_forward),
            "in_force": {r: before["in_force"][r] + flows.issued[r] - flows.repealed[r] for r in STOCK_ROWS},
            "items": {r: max(0, before["items"][r] + flows.change[r]) for r in ITEM_ROWS},
        }
        if chain.broken(year) == "in_force":  # the stock restated: the years after follow the new figure
            state["in_force"]["normative_docs"] += 2
        if chain.broken(year) == "prev_items":  # the count restated (printed as this year's prev_items)
            state["items"]["licensing"] += 3
    pinned = chain.anchor(year)
    if pinned is not None:
        for name in ("carry_forward", "in_force", "items"):
            if getattr(pinned, name) is not None:
                state[name] = dict(getattr(pinned, name))
    return state


def _scale(organ: str) -> str:
    if organ.endswith(("镇人民政府", "乡人民政府", "街道办事处", "镇", "乡", "街道")):
        return "township"
    if organ.endswith(C.GOVERNMENT_SUFFIX):
        return "government"
    return "department"


def _num(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else float(value)


class _Builder:
    def __init__(self, rng: random.Random, template: str, scale: str, chain: Chain, year: int):
        self.rng = rng
        self.template = template
        self.scale = scale
        self.cells: list[Cell] = []
        self.chain, self.year = chain, year
        self.before = year_end(chain, year - 1, scale)
        self.after = year_end(chain, year, scale)
        self.flows = _flows(chain, year, scale)

    def put(self, table: str, row: str, col: str, value: Optional[Number], raw: Optional[str] = None) -> None:
        self.cells.append(Cell(table, row, col, value, str(value) if raw is None else raw))

    def small(self, high: int, p_zero: float = 0.6) -> int:
        return 0 if self.rng.random() < p_zero else self.rng.randint(1, high)

    # --- active -----------------------------------------------------------------

    def active(self) -> None:
        big = {"government": 8, "department": 3, "township": 1}[self.scale]
        if self.template == "2019":
            self._active_2019(big)
        else:
            self._active_2021(big)

    def _docs(self, cols: tuple[str, str, str], row: str, high: int) -> None:
        first = self.small(high, 0.5)
        second = self.rng.randint(0, first) if self.template == "2021" else first
        third = (second if self.template == "2019" else 0) + self.rng.randint(first, first + high * 6)
        for col, value in zip(cols, (first, second, third)):
            self.put("active", row, col, value)

    def _items(self, row: str) -> None:
        """上一年项目数量 is where last year ended; 本年增/减 takes it to where this year ends."""
        prev = self.before["items"][row]
        if self.chain.broken(self.year) == "prev_items" and row == "licensing":
            prev = self.after["items"][row] - self.flows.change[row]  # the restated count
        change = self.after["items"][row] - prev
        self.put("active", row, "prev_items", prev)
        raw = f"+{change}" if change > 0 and self.rng.random() < 0.7 else str(change)
        self.put("active", row, "change", change, raw)

    def _active_2019(self, big: int) -> None:
        rules = ("made", "published", "total")
        self.put("active", "rules", "made", 0)
        self.put("active", "rules", "published", 0)
        self.put("active", "rules", "total", 0)
        self._docs(rules, "normative_docs", big)
        for row in ITEM_ROWS:
            self._items(row)
            if row != "fees":
                self.put("active", row, "decisions", self.small(300 * big, 0.3))
        items = self.small(6 * big, 0.4)
        self.put("active", "procurement", "items", items)
        if items == 0:
            self.put("active", "procurement", "amount", 0)
            return
        yuan = Decimal(self.rng.randint(5_000, 400_000 * big)) + Decimal(self.rng.randint(0, 99)) / 100
        style = self.rng.choice(("wan", "yuan", "bare"))
        if style == "wan":
            wan = (yuan / 10_000).quantize(Decimal("0.01"))
            self.put("active", "procurement", "amount", _num(wan * 10_000), f"{wan}万元")
        elif style == "yuan":
            self.put("active", "procurement", "amount", _num(yuan), f"{yuan}元")
        else:
            whole = yuan.to_integral_value()
            self.put("active", "procurement", "amount", _num(whole), str(whole))

    def _active_2021(self, big: int) -> None:
        for row in STOCK_ROWS:  # 现行有效 is last year's stock + 制发 − 废止 (unless the year restates it)
            self.put("active", row, "issued", self.flows.issued[row])
            self.put("active", row, "repealed", self.flows.repealed[row])
            self.put("active", row, "in_force", self.after["in_force"][row])
        for row in ("licensing", "penalties", "coercion"):
            self.put("active", row, "decisions", self.small(400 * big, 0.3))
        wan = Decimal(self.small(3000 * big, 0.6)) / 100
        raw = "0" if wan == 0 else f"{wan.normalize():f}"
        self.put("active", "fees", "amount", _num(wan * T.MONEY_COLUMNS[("2021", "fees", "amount")]), raw)

    # --- requests -------------------------------------------------------------------

    def requests(self) -> dict[str, dict[str, int]]:
        rng = self.rng
        large = self.scale == "government" and rng.random() < 0.3
        natural_high = {"government": 60, "department": 12, "township": 3}[self.scale] * (40 if large else 1)
        result_rows = T.RESULT_ROWS[self.template]
        weights = {row: 1.0 for row in result_rows}
        weights.update({"granted": 30.0, "partial": 6.0, "unable.not_held": 12.0, "rejected.duplicate": 3.0})
        table: dict[str, dict[str, int]] = {}
        new = {c: 0 for c in SIX}
        carried = {c: 0 for c in SIX}
        new["natural_person"] = self.small(natural_high, {"government": 0.05, "department": 0.3, "township": 0.5}[self.scale])
        for c, p in (("commercial", 0.7), ("research", 0.95), ("nonprofit", 0.95), ("legal_service", 0.85), ("other_org", 0.9)):
            new[c] = self.small(max(1, natural_high // 8), p)
        # 上年结转 is what last year carried forward; 结转下年度 what this year hands on
        carried = dict(self.before["carry_forward"])
        if self.chain.broken(self.year) == "carry_over":
            carried["natural_person"] += 1
        forward = dict(self.after["carry_forward"])
        results = {row: {c: 0 for c in SIX} for row in result_rows}
        for c in SIX:
            new[c] = max(new[c], forward[c] - carried[c])
            pool = new[c] + carried[c]
            remain = pool - forward[c]
            self._distribute(remain, weights, {row: results[row] for row in result_rows}, c)
        table["new"] = new
        table["carried_over"] = carried
        table.update(results)
        table["results_total"] = {c: sum(results[row][c] for row in result_rows) for c in SIX}
        table["carry_forward"] = forward
        return table

    def _distribute(self, amount: int, weights: dict[str, float], into: dict[str, dict[str, int]], col: str) -> None:
        rows = list(weights)
        total_weight = sum(weights.values())
        if amount > 200:  # proportional share first, the remainder at random
            for row in rows:
                share = int(amount * weights[row] / total_weight * self.rng.uniform(0.6, 1.0))
                into[row][col] += share
            amount -= sum(into[row][col] for row in rows)
        for row in self.rng.choices(rows, weights=[weights[r] for r in rows], k=amount):
            into[row][col] += 1

    def put_requests(self, table: dict[str, dict[str, int]]) -> None:
        for row in T.REQUEST_TEMPLATE_ROWS[self.template]:
            values = table[row]
            for c in SIX:
                self.put("requests", row, c, values[c])
            self.put("requests", row, "total", sum(values[c] for c in SIX))

    # --- review -----------------------------------------------------------------------

    def review(self) -> None:
        p_zero = {"government": 0.6, "department": 0.85, "township": 0.95}[self.scale]
        for row in T.REVIEW_ROWS:
            values = [self.small(4, p_zero) for _ in range(4)]
            for col, value in zip(T.REVIEW_COLUMNS[:4], values):
                self.put("review", row.key, col, value)
            self.put("review", row.key, "total", sum(values))


def _break(builder: _Builder, report_cells: list[Cell]) -> None:
    """Make the report's own arithmetic wrong in one place, the way real reports are."""
    by_key = {(c.table, c.row, c.col): c for c in report_cells}
    if builder.rng.random() < 0.5:
        total = by_key[("review", "reconsideration", "total")]
        parts = sum(by_key[("review", "reconsideration", col)].value or 0 for col in T.REVIEW_COLUMNS[:4])
        if parts == 0:
            by_key[("review", "reconsideration", "upheld")].value = 2
            by_key[("review", "reconsideration", "upheld")].raw = "2"
        total.value = 0 if parts else 1
        total.raw = str(total.value)
    else:
        cell = by_key[("requests", "granted", "natural_person")]
        cell.value = (cell.value or 0) + builder.rng.randint(1, 3)
        cell.raw = str(cell.value)


def _blank_empty_rows(builder: _Builder, cells: list[Cell], template: str) -> None:
    """Some offices leave all-zero rows empty, or print — or / in them."""
    if builder.rng.random() > 0.25:
        return
    mark = builder.rng.choice(BLANK_MARKS)
    rows = T.RESULT_ROWS[template]
    by_row: dict[str, list[Cell]] = {}
    for cell in cells:
        if cell.table == "requests" and cell.row in rows:
            by_row.setdefault(cell.row, []).append(cell)
    for row in rows:
        row_cells = by_row.get(row, [])
        if row_cells and all(c.value == 0 for c in row_cells) and builder.rng.random() < 0.5:
            for cell in row_cells:
                cell.value, cell.raw = None, mark


def arithmetic_failures(report: Report) -> list[str]:
    """Names of the schema's arithmetic checks this report's own figures fail.

    An independent statement of the rules in ``shared/spec/schema.md``, used to
    publish what the parser is expected to find (blank cells count as 0).
    """
    def v(table: str, row: str, col: str) -> Number:
        return report.value(table, row, col) or 0

    template = report.template if report.template in T.TABLE_TEMPLATES else None
    failed: set[str] = set()
    if template:
        cols = T.REQUEST_COLUMNS
        for col in cols:
            if v("requests", "new", col) + v("requests", "carried_over", col) != \
                    v("requests", "results_total", col) + v("requests", "carry_forward", col):
                failed.add("requests.balance")
            if v("requests", "results_total", col) != sum(v("requests", r, col) for r in T.RESULT_ROWS[template]):
                failed.add("requests.results_total")
        for row in T.REQUEST_TEMPLATE_ROWS[template]:
            if v("requests", row, "total") != sum(v("requests", row, c) for c in SIX):
                failed.add("requests.row_total")
    for row in T.REVIEW_ROWS:
        if report.cell("review", row.key, "total") is None:
            continue
        if v("review", row.key, "total") != sum(v("review", row.key, c) for c in T.REVIEW_COLUMNS[:4]):
            failed.add("review.row_total")
    if report.year and report.year >= 2021 and report.template == "2019":
        failed.add("template.current")
    return sorted(failed)


def _fill(text: str, **values) -> str:
    return text.format(**values)


def make_report(organ: str, year: int, template: Optional[str] = None, seed: int = 0, *,
                broken_arithmetic: bool = False, chain: Optional[Chain] = None) -> Report:
    """One synthetic report of ``organ`` on ``year``; the same arguments give the same report.

    ``chain`` ties it to the office's other years (default: the office named ``organ``)."""
    template = template or template_for_year(year)
    if template not in T.TABLE_TEMPLATES:
        raise ValueError(f"template must be one of {T.TABLE_TEMPLATES}, got {template!r}")
    rng = random.Random(f"{organ}|{year}|{template}|{seed}|{broken_arithmetic}")
    builder = _Builder(rng, template, _scale(organ), chain or Chain(organ), year)
    builder.active()
    requests = builder.requests()
    builder.put_requests(requests)
    builder.review()
    cells = builder.cells
    if broken_arithmetic:
        _break(builder, cells)
    _blank_empty_rows(builder, cells, template)

    published = date(year + 1, rng.randint(1, 3), rng.randint(1, 28))
    signed = published - timedelta(days=rng.randint(0, 20))
    values = dict(organ=organ, year=year, active_total=rng.randint(30, 2000),
                  new_total=requests["new"] and sum(requests["new"].values()))
    texts = {
        "overview": "\n".join(_fill(p, **values) for p in C.OVERVIEW[: rng.randint(3, len(C.OVERVIEW))]),
        "active": "",
        "requests": "",
        "review": "",
        "problems": "\n".join(_fill(p, **values) for p in C.PROBLEMS),
        "other": _fill(rng.choice(C.OTHER), **values),
    }
    sections = [Section(key, f"{C.NUMERALS[i]}、{heading}", texts[key]) for i, (key, heading) in enumerate(C.SECTIONS)]
    report = Report(
        title=C.TITLE_FORMAT.format(organ=organ, year=year),
        organ=organ,
        year=year,
        template=template,
        published_on=published.isoformat(),
        signed_on=signed.isoformat(),
        cells=cells,
        sections=sections,
    )
    report.body_text = "\n".join(report_lines(report))
    return report


def intro(report: Report) -> str:
    return C.INTRO.format(organ=report.organ, year=report.year)


def signed_text(iso: Optional[str]) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return C.SIGNED_FORMAT.format(y=d.year, m=d.month, d=d.day)


def report_lines(report: Report) -> list[str]:
    """The report as plain lines: title, prose, each table cell on its own line, signature."""
    grids = table_grids(report)
    lines = [report.title or "", intro(report)]
    for section in report.sections:
        lines.append(section.heading)
        if section.text:
            lines.extend(section.text.split("\n"))
        if section.key in grids:
            lines.extend(t.replace("\n", "") for t in grid_lines(grids[section.key]))
    lines += [report.organ or "", signed_text(report.signed_on)]
    return lines
