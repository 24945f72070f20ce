"""``gaar eval`` on the two labelled sets the project ships, with floors at the published figures.

The floors are the figures of docs/accuracy.md, minus nothing: a change that
loses one right answer (or states one more wrong cell) fails here. Raise them
when the parser gets better, and update docs/accuracy.md with them.
"""

import json
from pathlib import Path

import pytest

from gaar_spiders.cli import main

DATA = Path(__file__).resolve().parent / "data"

#: field -> (right, scored) on tests/data/metadev (114 report-page openings)
METADEV_FLOORS = {
    "organ": (104, 105),
    "year": (114, 114),
    "publish_date": (37, 37),
    "template": (49, 49),
    "organ_short": (103, 105),
    "level": (114, 114),
}
#: field -> (right, scored) on tests/data/corpus (8 hand-transcribed reports)
CORPUS_FLOORS = {
    "organ": (7, 8),
    "year": (8, 8),
    "template": (8, 8),
    "signed_date": (2, 2),
    "publish_date": (0, 5),  # the dumps print no date: the gold's date is their source's list column
}
CORPUS_CELLS = {"settled": 1480, "nonzero": 252, "blank": 408, "ambiguous": 56, "cells": 1480}
#: cells stated with a value the report does not print: the worst error, never allowed
CORPUS_STATED_BUT_WRONG = 0


def run_eval(capsys, *args) -> dict:
    assert main(["eval", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def metadev():
    from gaar_spiders.evaluation.dataset import load_gold, pair_documents
    from gaar_spiders.evaluation.run import evaluate
    from pipelines.files import read_report_file

    pairs, unmatched = pair_documents(load_gold(DATA / "metadev" / "gold"), [DATA / "metadev" / "docs"])
    assert not unmatched
    return evaluate(pairs, read_report_file)


@pytest.mark.parametrize("field", sorted(METADEV_FLOORS))
def test_metadev_floor(metadev, field):
    right, scored = metadev.field_counts()[field]
    floor, expected_scored = METADEV_FLOORS[field]
    assert scored == expected_scored
    assert right >= floor, [(s.item, s.gold, s.answer) for s in metadev.misses(field)]


def test_metadev_no_pronoun_organ(metadev):
    assert metadev.pronoun_organs == []


def test_corpus_floors_through_the_command(capsys):
    data = run_eval(capsys, DATA / "corpus" / "gold", DATA / "corpus")
    assert data["items"] == 8 and data["unmatched_gold"] == []
    for field, (floor, scored) in CORPUS_FLOORS.items():
        got = data["fields"][field]
        assert got["scored"] == scored and got["right"] >= floor, (field, got)
    cells = data["cells"]
    assert cells["settled"][1] == CORPUS_CELLS["cells"]
    for key in ("settled", "nonzero", "blank", "ambiguous"):
        assert cells[key][0] >= CORPUS_CELLS[key], (key, cells[key])
    assert cells["stated_but_wrong"] <= CORPUS_STATED_BUT_WRONG
    assert data["pronoun_organs"] == []
