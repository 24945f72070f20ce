"""Every gold file printed the ways real extractors print tables, read back.

``tests/renderings.py`` prints each corpus gold transcription as a PDF text
layer (labels wrapped, figures on the first or the last line of the label,
blank cells gone), a PDF-to-Markdown conversion (value rows apart from their
labels), pages with footers and repeated headers and a row cut by the break,
a one-line glued dump, one cell per line with counted blank lines, and
space-separated rows with blank cells gone. For every gold file and every
rendering the parser must give each gold cell or leave it open (candidates),
never state a different number (a blank for 0 or a 0 for a blank included),
and never lose a cell of a printed table. Where the rendering keeps every
cell (blanks as empty cells), every settled cell must come back right; where
blank cells vanish, every row printed in full must.
"""

from __future__ import annotations

import pytest

from gaar_spiders.report import parse_report

from gaar_spiders.evaluation.cells import same, score_cells, unsettled
from .renderings import GOLD_DIR, KEEP_BLANKS, RENDERINGS, load

ITEMS = sorted(p.stem for p in GOLD_DIR.glob("*.json"))
CASES = [(item, name) for item in ITEMS for name in RENDERINGS]


@pytest.mark.parametrize("item,rendering", CASES)
def test_rendering_gives_the_gold_cells_or_leaves_them_open(item, rendering):
    gold = load(item)
    report = parse_report(RENDERINGS[rendering](gold))
    assert report.template == gold["template"]
    s = score_cells(gold["cells"], report.cells)
    assert s.stated_but_wrong == 0, (f"{rendering} of {item}: stated-but-wrong cells",
                                     [m.describe() for m in s.misses if m.kind == "stated-but-wrong"])
    assert not [m for m in s.misses if m.kind == "missing"], f"{rendering} of {item}: cells of a printed table missing"
    if rendering in KEEP_BLANKS:
        assert s.settled_right == s.settled, f"{rendering} of {item}: {s.settled - s.settled_right} settled cells not given"


FULL_ROWS = ("pdf_text", "pdf_text_bottom", "spaced")


@pytest.mark.parametrize("item,rendering", [(i, r) for i in ITEMS for r in FULL_ROWS])
def test_rows_printed_in_full_are_read_exactly_when_blanks_vanish(item, rendering):
    gold = load(item)
    report = parse_report(RENDERINGS[rendering](gold))
    rows: dict[tuple[str, str], list[dict]] = {}
    for c in gold["cells"]:
        rows.setdefault((c["table"], c["row"]), []).append(c)
    for (table, row), cells in rows.items():
        full = all(c["value"] is not None and not c.get("ambiguous") for c in cells)
        if table == "review":
            full = all(c["value"] is not None and not c.get("ambiguous") for c in gold["cells"] if c["table"] == "review")
        if not full:
            continue
        for c in cells:
            got = report.cell(table, row, c["col"])
            assert got is not None and not unsettled(got) and same(got.value, c["value"]), (table, row, c["col"])


def test_the_renderings_print_what_the_corpus_shows():
    gold = load("02")
    text = RENDERINGS["page_breaks"](gold)
    assert "— 3 —" in text or "- 4 -" in text or "第 5 页" in text
    markdown = RENDERINGS["markdown"](gold)
    assert "## 表三：" in markdown and "\n| 21 | 0 | 0 | 0 | 0 | 0 | 21 |" in markdown
    assert "\n数量  21" in RENDERINGS["pdf_text_bottom"](gold)
    assert "\n三\n、\n本\n" in RENDERINGS["pdf_text"](gold)  # the vertical 三、本年度办理结果
    assert "\n" not in RENDERINGS["glued"](gold).rstrip("\n")
    lines = RENDERINGS["cell_lines"](load("09")).split("\n")
    label = lines.index("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert lines[label + 1: label + 26] == [""] * 25 and lines[label + 26]  # 7 blank cells: 25 empty lines
