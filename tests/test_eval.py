"""``gaar eval``: the scoring rules (metadev README "Scoring", corpus gold README) and the command."""

import json

import pytest

from gaar_spiders.cli import main
from gaar_spiders.evaluation.cells import score_cells
from gaar_spiders.evaluation.metadata import organ_right, score_item
from gaar_spiders.report.model import Cell, Report

GOLD = {"organ": "道外区巨源镇人民政府", "organ_alt": "巨源镇政府", "organ_short": "巨源镇"}


@pytest.mark.parametrize("answer", ["道外区巨源镇人民政府", "巨源镇政府", "巨源镇", "巨源镇人民政府", "道外区 巨源镇人民政府"])
def test_organ_right_when_equal_to_a_gold_form_or_between_short_and_full(answer):
    assert organ_right(answer, GOLD)


@pytest.mark.parametrize("answer", ["道外区人民政府", "巨源", "我镇", None, "哈尔滨市道外区巨源镇人民政府"])
def test_organ_wrong_otherwise(answer):
    assert not organ_right(answer, GOLD)


def test_organ_compared_after_nfkc_and_traditional_to_simplified():
    assert organ_right("廣州市人民政府辦公廳", {"organ": "广州市人民政府办公厅", "organ_short": "广州市人民政府办公厅"})
    assert organ_right("自治区民委（宗教事务局）", {"organ": "自治区民委(宗教事务局)", "organ_short": "自治区民委(宗教事务局)"})


def test_null_gold_is_not_scored_and_other_fields_must_be_equal():
    report = Report(organ="某镇", year=2020, published_on="2021-01-02", template="2019")
    gold = {"organ": None, "organ_short": None, "year": 2020, "publish_date": "2021-01-03", "template": None}
    scores = {s.field: s.right for s in score_item("D1", gold, report)}
    assert scores == {"organ": None, "organ_short": None, "year": True, "publish_date": False, "template": None}


def cell(row, col, value, raw=None):
    return Cell("requests", row, col, value, raw if raw is not None else ("" if value is None else str(value)))


def gold_cell(row, col, value, **extra):
    return {"table": "requests", "row": row, "col": col, "value": value, "raw": "" if value is None else str(value), **extra}


def test_cells_blank_and_zero_are_different_facts():
    gold = [gold_cell("new", "total", None), gold_cell("granted", "total", 0), gold_cell("partial", "total", 3)]
    got = [cell("new", "total", 0), cell("granted", "total", None), cell("partial", "total", 3)]
    score = score_cells(gold, got)
    assert (score.settled_right, score.settled, score.blank, score.nonzero) == (1, 3, 1, 1)
    # a 0 stated where the report prints a blank, and a blank stated where it prints 0: both wrong facts
    assert score.stated_but_wrong == 2
    assert {m.kind for m in score.misses} == {"stated-but-wrong"}


def test_cells_ambiguous_gold_accepts_a_candidate_or_an_unsettled_cell():
    gold = [gold_cell("new", c, None, ambiguous=True, candidates=[0, None]) for c in ("natural_person", "commercial", "research")]
    got = [cell("new", "natural_person", 0), Cell("requests", "new", "commercial", None, "00"),
           cell("new", "research", 5)]
    score = score_cells(gold, got)
    assert (score.ambiguous_accepted, score.ambiguous, score.stated_but_wrong) == (2, 3, 1)
    assert score.ambiguous_open == 1  # the one left unsettled ("00" kept in raw)


def test_cells_missing_cells_are_misses_and_extra_stated_cells_are_counted():
    score = score_cells([gold_cell("new", "total", 2)], [Cell("review", "reconsideration", "total", 0, "0")])
    assert (score.settled_right, score.extra, score.misses[0].kind) == (0, 1, "missing")


@pytest.fixture
def gold_dir(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "D001.json").write_text(json.dumps({
        "id": "D001", "organ": "中扬镇人民政府", "organ_short": "中扬镇", "year": 2022, "publish_date": "2023-01-31",
        "template": None, "level": "township"}, ensure_ascii=False), encoding="utf-8")
    (gold / "D002.json").write_text(json.dumps({
        "id": "D002", "organ": None, "organ_short": None, "year": 2021, "publish_date": None, "template": None,
        "level": "township"}), encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "D001.txt").write_text("中扬镇2022年度政府信息公开工作年度报告\n发布时间:2023-01-30 10:00\n"
                                   "一、总体情况\n2022年,中扬镇推进公开。\n", encoding="utf-8")
    (docs / "D002.txt").write_text("一、总体情况\n2021年,我镇推进公开。\n", encoding="utf-8")
    return gold, docs


def test_eval_prints_each_field_and_lists_every_miss_under_verbose(gold_dir, capsys):
    gold, docs = gold_dir
    assert main(["eval", str(gold), str(docs), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "2 documents scored" in out
    assert "organ             1 / 1" in out
    assert "publish_date      0 / 1" in out
    assert "D001: gold '2023-01-31', parser '2023-01-30'" in out
    assert "pronoun organs     0" in out


def test_eval_json_carries_figures_and_misses(gold_dir, capsys):
    gold, docs = gold_dir
    assert main(["eval", str(gold), str(docs / "D001.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["items"] == 1 and data["unmatched_gold"] == ["D002"]
    assert data["fields"]["year"] == {"right": 1, "scored": 1, "misses": []}
    assert data["fields"]["publish_date"]["misses"] == [{"item": "D001", "gold": "2023-01-31", "answer": "2023-01-30"}]


def test_eval_pairs_corpus_files_by_their_prefix(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "02.json").write_text(json.dumps({"id": "02", "organ": "洪泽区人民政府", "year": 2023}, ensure_ascii=False),
                                  encoding="utf-8")
    doc = tmp_path / "02_hongze_district_2023.txt"
    doc.write_text("洪泽区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n2023年,我区推进公开。\n", encoding="utf-8")
    assert main(["eval", str(gold), str(doc), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fields"]["organ"]["right"] == 1


@pytest.mark.parametrize("args, message", [
    (["eval", "/nonexistent/gold", "x.txt"], "not a directory of gold files"),
    (["eval", "{gold}", "/nonexistent/D001.txt"], "no such file or directory"),
    (["eval", "{gold}", "{docs}/notes.txt"], "no gold file for it"),
    (["eval", "{docs}", "{docs}"], "no gold files"),
])
def test_eval_wrong_arguments_give_one_line_and_a_non_zero_exit(gold_dir, capsys, args, message):
    gold, docs = gold_dir
    args = [a.format(gold=gold, docs=docs) for a in args]
    (docs / "notes.txt").write_text("a document no gold describes", encoding="utf-8")
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and message in err and err.startswith("gaar eval: ")
