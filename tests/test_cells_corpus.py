"""Every printed cell, never a wrong one: the real corpus against its hand transcriptions.

``tests/data/corpus/gold/`` holds the corpus gold (hand transcriptions of eight
real reports: three PDFs, five text dumps). The parser must give every
settled cell as printed (a blank as NULL, never 0 and never missing), leave
every cell the document's text cannot settle open with its candidates, and
state no cell wrong. A text dump is read with the same office's previous
report when the corpus has it (07 with 06), as the database does.

``05_shanghai_cells.json`` lists, from reading corpus 05 (a PDF-to-Markdown
extraction with no gold), every cell its text carries and the four it leaves open.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.files import read_report_file
from gaar_spiders.report import parse_report

from gaar_spiders.evaluation.cells import CellScore, same, score_cells, unsettled

CORPUS = Path(__file__).parent / "data" / "corpus"
GOLD = sorted((CORPUS / "gold").glob("*.json"))


def _golds() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in GOLD]


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[dict, object]]:
    """id -> (gold, report), text dumps read with the office's previous report when there is one."""
    out: dict[str, tuple[dict, object]] = {}
    by_office: dict[tuple[str, int], object] = {}
    for gold in sorted(_golds(), key=lambda g: (g["organ"], g["year"])):
        doc = next(CORPUS.glob(f"{gold['id']}_*"))
        if doc.suffix == ".txt":
            previous = by_office.get((gold["organ"], gold["year"] - 1))
            report = parse_report(doc.read_text(encoding="utf-8"), url=doc.as_uri(), previous=previous)
        else:
            report = read_report_file(doc)
        by_office[(gold["organ"], gold["year"])] = report
        out[gold["id"]] = (gold, report)
    return out


def test_the_gold_covers_the_corpus_documents():
    assert [g["id"] for g in _golds()] == ["02", "03", "04", "06", "07", "08", "09", "10"]


@pytest.mark.parametrize("item", [p.stem for p in GOLD])
def test_every_settled_cell_is_right_and_every_ambiguous_one_open(parsed, item):
    gold, report = parsed[item]
    s = score_cells(gold["cells"], report.cells)
    assert s.stated_but_wrong == 0, [m.describe() for m in s.misses]
    assert not [m for m in s.misses if m.kind == "missing"]
    assert s.settled_right == s.settled, f"{s.settled - s.settled_right} settled cells not given"
    assert s.ambiguous_open == s.ambiguous


def test_all_gold_cells_together(parsed):
    total = CellScore()
    for gold, report in parsed.values():
        total.add(score_cells(gold["cells"], report.cells))
    assert (total.settled, total.settled_right, total.ambiguous, total.ambiguous_open) == (1480, 1480, 56, 56)
    assert (total.blank, total.blank_right) == (408, 408)
    assert total.stated_but_wrong == 0


def test_blank_is_null_not_zero_and_not_missing(parsed):
    gold, report = parsed["09"]
    review = {(c.row, c.col): c for c in report.cells if c.table == "review"}
    # table 4 of 09 prints only the three 总计 cells (0); the other twelve are blank
    assert len(review) == 15
    assert [review[(r, "total")].value for r in ("reconsideration", "litigation_direct", "litigation_after")] == [0, 0, 0]
    blanks = [c for (r, col), c in review.items() if col != "total"]
    assert all(c.value is None and c.raw == "" and c.candidates is None for c in blanks)
    # 10: 二、上年结转 prints six 0s and a blank 总计
    _, ten = parsed["10"]
    total = ten.cell("requests", "carried_over", "total")
    assert (total.value, total.raw, total.candidates) == (None, "", None)
    assert ten.value("requests", "carried_over", "natural_person") == 0


def test_ambiguous_cells_carry_the_golds_candidates(parsed):
    for gold, report in parsed.values():
        for g in gold["cells"]:
            if not g.get("ambiguous"):
                continue
            got = report.cell(g["table"], g["row"], g["col"])
            assert got.candidates, g
            assert set(g["candidates"]) <= set(got.candidates), (g, got.candidates)


def test_a_missing_table_is_said_so(parsed):
    # 06 and 07 print no table 4 (a sentence stands in its place): no review cells, and the check says why
    for item in ("06", "07"):
        _, report = parsed[item]
        assert not any(c.table == "review" for c in report.cells)
        check = report.check("cells.complete")
        assert check.ok is False and "table(s) not printed: review" in check.detail


# --- corpus 05: a PDF-to-Markdown extraction, read by hand ----------------------------------------


@pytest.fixture(scope="module")
def shanghai():
    expected = json.loads((CORPUS / "05_shanghai_cells.json").read_text(encoding="utf-8"))
    doc = CORPUS / expected["document"]
    return expected, parse_report(doc.read_text(encoding="utf-8"), url=doc.as_uri())


def test_corpus_05_yields_every_cell_its_text_carries(shanghai):
    expected, report = shanghai
    assert report.template == expected["template"]
    wrong = []
    for e in expected["cells"]:
        got = report.cell(e["table"], e["row"], e["col"])
        if got is None or unsettled(got) or not same(got.value, e["value"]):
            wrong.append((e["table"], e["row"], e["col"], e["value"], got and (got.value, got.raw, got.candidates)))
    assert wrong == []
    assert len(expected["cells"]) == 196


def test_corpus_05_leaves_open_what_its_text_does_not_say(shanghai):
    expected, report = shanghai
    for e in expected["open"]:
        got = report.cell(e["table"], e["row"], e["col"])
        assert got.value is None and got.candidates, e
    assert report.check("cells.recovered").ok is None  # ambiguous cells remain, nothing is wrong
    assert report.check("requests.results_total").ok is True
    assert report.check("requests.balance").ok is True


def test_corpus_05_rows_placed_by_order_are_reported(shanghai):
    _, report = shanghai
    detail = report.check("cells.recovered").detail
    assert "requests.rejected.confirmation" in detail and "placed by the template's row order" in detail
    assert report.cell("requests", "rejected.confirmation", "total").recovered
    # the loose figures above the active table fit no row: reported, not placed
    assert any("fits no row" in w for w in report.warnings)
