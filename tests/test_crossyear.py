"""What one office's consecutive reports must agree on (the cross-year checks, as pure functions)."""

from __future__ import annotations

import pytest

from gaar_spiders.report import templates as T
from gaar_spiders.report.crossyear import (
    CARRY, CHECK_NAMES, IN_FORCE, PREV_ITEMS, TEMPLATE, WARNING, YEAR_GAP, Snapshot, check_chain, check_pair,
    consecutive_pairs,
)
from gaar_spiders.report.model import Cell, Report


def snap(rid: str, year: int, template: str = "2021", **cells) -> Snapshot:
    """cells as table__row__col=value (or (value, raw))."""
    out = {}
    for key, v in cells.items():
        table, row, col = key.split("__")
        out[(table, row.replace("_dot_", "."), col)] = v if isinstance(v, tuple) else (v, "" if v is None else str(v))
    return Snapshot(rid, year, template, out)


def requests(prefix: str, values: dict[str, int]) -> dict:
    return {f"requests__{prefix}__{col}": values.get(col, 0) for col in T.REQUEST_COLUMNS}


def by_name(checks):
    return {c.check: c for c in checks}


def test_carried_over_must_be_last_years_carry_forward_in_every_column():
    last = snap("a", 2021, **requests("carry_forward", {"natural_person": 2, "total": 2}))
    agree = snap("b", 2022, **requests("carried_over", {"natural_person": 2, "total": 2}))
    assert by_name(check_pair(last, agree))[CARRY].ok is True
    differ = snap("c", 2022, **requests("carried_over", {"natural_person": 3, "total": 3}))
    check = by_name(check_pair(last, differ))[CARRY]
    assert check.ok is False and check.severity == "error"
    assert "carry_over[natural_person]: carried_over 3 in 2022, carry_forward 2 in 2021" in check.detail
    assert {(c.col, c.this, c.expected) for c in check.cells if c.this != c.expected} == {
        ("natural_person", 3, 2), ("total", 3, 2)}


def test_a_blank_cell_is_zero_and_a_missing_one_cannot_be_compared():
    last = snap("a", 2021, **requests("carry_forward", {}))
    blank = {**requests("carried_over", {}), "requests__carried_over__total": (None, "—")}
    assert by_name(check_pair(last, snap("b", 2022, **blank)))[CARRY].ok is True
    nothing = by_name(check_pair(last, snap("b", 2022)))[CARRY]
    assert nothing.ok is None and "not printed" in nothing.detail
    undecided = {**requests("carried_over", {}), "requests__carried_over__total": (None, "1210")}
    partial = by_name(check_pair(last, snap("b", 2022, **undecided)))[CARRY]
    assert partial.ok is True and "cannot be compared: total" in partial.detail
    not_given = {**requests("carried_over", {}), "requests__carried_over__total": (None, "", True)}  # candidates []
    partial = by_name(check_pair(last, snap("b", 2022, **not_given)))[CARRY]
    assert partial.ok is True and "cannot be compared: total" in partial.detail


def test_in_force_documents_follow_issued_and_repealed_as_a_warning():
    last = snap("a", 2021, active__normative_docs__in_force=10, active__rules__in_force=0)
    this = dict(active__normative_docs__issued=3, active__normative_docs__repealed=1,
                active__rules__issued=0, active__rules__repealed=0, active__rules__in_force=0)
    ok = by_name(check_pair(last, snap("b", 2022, active__normative_docs__in_force=12, **this)))[IN_FORCE]
    assert ok.ok is True and ok.severity == WARNING
    restated = by_name(check_pair(last, snap("c", 2022, active__normative_docs__in_force=9, **this)))[IN_FORCE]
    assert restated.ok is False and restated.severity == WARNING
    assert "in force 9 in 2022, but 10 in 2021 + issued 3 − repealed 1 = 12" in restated.detail
    older = by_name(check_pair(snap("a", 2020, "2019"), snap("b", 2021, active__normative_docs__in_force=9, **this)))
    assert older[IN_FORCE].ok is None and "2021 format" in older[IN_FORCE].detail
    assert restated.cells[0].rule == "in_force of the 2021 report + issued of the 2022 report − repealed of the 2022 report"


def test_the_2019_formats_items_follow_last_years_items_and_change():
    last = snap("a", 2019, "2019", active__licensing__prev_items=40, active__licensing__change=-2)
    agree = by_name(check_pair(last, snap("b", 2020, "2019", active__licensing__prev_items=38)))[PREV_ITEMS]
    assert agree.ok is True
    differ = by_name(check_pair(last, snap("b", 2020, "2019", active__licensing__prev_items=40)))[PREV_ITEMS]
    assert differ.ok is False and "items 40 in 2020, but 40 in 2019 + change -2 = 38" in differ.detail
    assert differ.cells[0].expected == 38


def test_a_format_older_than_the_years_or_than_last_years_fails():
    assert by_name(check_pair(snap("a", 2021, "2021"), snap("b", 2022, "2021")))[TEMPLATE].ok is True
    back = by_name(check_pair(snap("a", 2021, "2021"), snap("b", 2022, "2019")))[TEMPLATE]
    assert back.ok is False and "reports on 2022 use the 2021 format" in back.detail
    assert "the 2021 report already used the 2021 format" in back.detail
    legacy = by_name(check_pair(snap("a", 2019, "2019"), snap("b", 2020, "legacy")))[TEMPLATE]
    assert legacy.ok is False


def test_a_missing_year_fails_and_the_figures_are_not_compared_across_it():
    checks = by_name(check_pair(snap("a", 2019, "2019"), snap("b", 2022, "2021")))
    assert checks[YEAR_GAP].ok is False and "no report for 2020, 2021" in checks[YEAR_GAP].detail
    assert checks[CARRY].ok is None and "not consecutive" in checks[CARRY].detail
    assert [c for c in CHECK_NAMES] == list(checks)


def test_pairs_are_consecutive_reports_of_the_office():
    reports = [snap("x21", 2021), snap("x19", 2019), snap("x22a", 2022), snap("x22b", 2022), snap("none", None)]
    pairs = [(a.report_id, b.report_id) for a, b in consecutive_pairs(reports)]
    assert pairs == [("x19", "x21"), ("x21", "x22a"), ("x21", "x22b")]
    assert len(check_chain(reports)) == 3 * len(CHECK_NAMES)


def test_a_snapshot_is_made_from_a_parsed_report():
    report = Report(year=2021, template="2021", body_text="x",
                    cells=[Cell("requests", "carried_over", "total", 2, "2"),
                           Cell("requests", "carry_forward", "total", None, "", candidates=[])])
    s = Snapshot.of(report)
    assert s.report_id == report.report_id and s.cells[("requests", "carried_over", "total")] == (2, "2", False)
    assert s.cells[("requests", "carry_forward", "total")] == (None, "", True)


def test_pairs_must_be_in_order():
    with pytest.raises(ValueError):
        check_pair(snap("b", 2022), snap("a", 2021))
