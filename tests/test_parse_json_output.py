"""`gaar parse --json` prints exactly the record it printed before it was made fast.

The reference is the old writer, kept here: the record built from ``dataclasses.asdict`` of
the report and printed by ``json.dump(..., ensure_ascii=False, indent=2)``. The new one builds
the JSON-ready structure in one walk (``Report.to_json_dict``) and prints it with orjson; a
user (or a script reading the output) must not see one byte of difference, on the seeds, the
corpus and the metadev documents, nor on any value the standard library can print.
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaar_spiders.cli.common import orjson_bytes, print_json
from gaar_spiders.report.parse import settle_among
from pipelines.files import read_report_file
from tests.real_pages import CORPUS, METADEV, SEEDS, gold_table_page, real_chrome_page

ROOT = Path(__file__).resolve().parent.parent


def reference_report_json(report) -> dict:
    """The record as the asdict-based writer made it (before issue 17)."""
    d = asdict(report)
    d["report_id"] = report.report_id
    return {
        "url": report.url,
        "report_id": d["report_id"],
        "title": report.title,
        "organ": report.organ,
        "organ_short": report.organ_short,
        "level": report.level,
        "region": report.region,
        "year": report.year,
        "template": report.template,
        "template_source": report.template_source,
        "published_on": report.published_on,
        "signed_on": report.signed_on,
        "layout": report.layout,
        "body_text": report.body_text,
        "cells": [
            {"table": c.table, "row": c.row, "col": c.col, "value": c.value, "raw": c.raw, "recovered": c.recovered,
             **({"candidates": c.candidates} if c.candidates is not None else {})}
            for c in report.cells
        ],
        "sections": [{"key": s.key, "heading": s.heading, "text": s.text} for s in report.sections],
        "checks": [{"check": c.check, "ok": c.ok, "detail": c.detail} for c in report.checks],
        "warnings": list(report.warnings),
    }


def reference_output(value) -> bytes:
    out = io.StringIO()
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def real_files(tmp_path_factory) -> list[Path]:
    """The seeds, the corpus text dumps, the metadev openings as files, and real cells in HTML
    tables and real chrome (one page each, ``tests/real_pages``)."""
    files = sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.txt")) + sorted(METADEV.glob("D*.txt"))
    pages = tmp_path_factory.mktemp("pages")
    for gold in sorted((CORPUS / "gold").glob("*.json")):
        path = pages / f"gold-{gold.stem}.html"
        path.write_text(gold_table_page(gold, "trs"), encoding="utf-8")
        files.append(path)
    for key in ("shanxi-trs", "zjdpc-jcms"):
        path = pages / f"seed-in-{key}.html"
        path.write_text(real_chrome_page(sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8"), key),
                        encoding="utf-8")
        files.append(path)
    return files


def test_gaar_parse_json_prints_the_old_record_byte_for_byte(real_files):
    reports = [read_report_file(path) for path in real_files]
    settle_among(reports)
    expected = reference_output([reference_report_json(r) for r in reports])
    printed = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "parse", "--json", *map(str, real_files)],
                             cwd=ROOT, capture_output=True, check=True).stdout
    assert printed == expected
    assert len(json.loads(printed)) == len(real_files) > 130


def test_the_new_record_is_the_old_one_on_open_cells(real_files):
    """Cells with candidates (open cells) keep their extra key, in the same place."""
    reports = [read_report_file(path) for path in real_files]
    open_cells = [r for r in reports if any(c.candidates is not None for c in r.cells)]
    assert open_cells, "the material has reports with open cells"
    for report in open_cells:
        assert report.to_json_dict() == reference_report_json(report)
        assert list(report.to_json_dict()) == list(reference_report_json(report))


_keys = st.text(max_size=5)
_scalars = (st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70)
            | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
            | st.sampled_from([1e-05, 5e-324, 1e16, 1e22, -0.0, 0.0001, 123456789.125, 2 ** 64, -(2 ** 63) - 1,
                               "\u2028\x7f\x00\x1f\"\\", "中文", "\ud800"]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_keys, inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_orjson_prints_what_json_prints_or_leaves_it_to_json(value):
    data = orjson_bytes(value)
    if data is not None:
        assert data == json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


@pytest.mark.parametrize("value", [[1e-05], {"x": math.nan}, [math.inf], [2 ** 64], {1: "non-string key"},
                                   [OrderedDict(x=[5e-07])]])
def test_values_orjson_prints_otherwise_are_printed_by_json(value, capsysbinary):
    assert orjson_bytes(value) is None
    print_json(value)
    assert capsysbinary.readouterr().out == reference_output(value)


def test_report_records_go_through_orjson():
    """The fast path is the one taken for a report record (floats and all)."""
    record = {"cells": [{"value": 12.5, "candidates": [None, 3, 0.5]}], "year": 2021, "ok": True}
    assert orjson_bytes(record) == reference_output(record)[:-1]


def test_the_record_does_not_depend_on_the_process_hash_seed():
    """Rows placed by order with no figures came out in a set's order, which differs from one
    process to the next (string hashing is randomised): the same file gave cells in another
    order on every run. They come in printed order now."""
    files = [METADEV / "D005.txt", CORPUS / "06_hebei_gxt_2019.txt", CORPUS / "07_hebei_gxt_2020.txt"]
    outputs = {
        subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "parse", "--json", *map(str, files)], cwd=ROOT,
                       capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
