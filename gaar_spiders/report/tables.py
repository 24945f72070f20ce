"""Reading the three statistical tables out of blocks.

The templates fix the row labels, the column order and the number of figures
per row, so the reader is label-driven: a recognised row label opens a row,
the value cells after it fill that row's columns in printed order, and the
row closes at the end of its physical row (HTML, pipe and tab layouts), at the
next label or text, or when it is full. The review table's figures usually
follow its headers with no label at all: 15 values in canonical order.

The reader records what is printed; it never repairs. Rows that are short are
padded with blank cells and noted in the warnings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from . import templates as T
from .model import Cell
from .normalize import label_key
from .numbers import money_value, read_cell
from .split import is_cell_material

# --- classification of one cell's text -------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # value | row | group | header | heading | text
    table: Optional[str] = None
    key: Optional[str] = None  # row key, group key, column key or section key


def _build_label_index():
    exact: dict[str, T.RowLabel] = {}
    keywords: list[tuple[str, T.RowLabel]] = []
    for row in T.ROW_LABELS:
        for label in row.labels:
            exact[label_key(label)] = row
        for kw in row.keywords:
            keywords.append((label_key(kw), row))
    keywords.sort(key=lambda kv: -len(kv[0]))
    headers: dict[str, Token] = {}
    for col, (labels, _tpl) in T.ACTIVE_COLUMN_LABELS.items():
        for label in labels:
            headers[label_key(label)] = Token("header", "active", col.split("_2021")[0])
    for label in T.ACTIVE_HEADERS:
        headers[label_key(label)] = Token("header", "active")
    for col, labels in T.REQUEST_COLUMN_LABELS.items():
        for label in labels:
            headers.setdefault(label_key(label), Token("header", "requests", col))
    for label in T.REQUEST_HEADERS:
        headers[label_key(label)] = Token("header", "requests")
    for col, labels in T.REVIEW_COLUMN_LABELS.items():
        for label in labels:
            headers.setdefault(label_key(label), Token("header", "review", col))
    for label in T.REVIEW_HEADERS:
        headers[label_key(label)] = Token("header", "review")
    groups = {label_key(k): v for k, v in T.REQUEST_GROUPS.items()}
    markers = {tpl: frozenset(label_key(m) for m in ms) for tpl, ms in T.TEMPLATE_MARKERS.items()}
    return exact, keywords, headers, groups, markers


_EXACT, _KEYWORDS, _HEADERS, _GROUPS, _MARKERS = _build_label_index()
_NUMERAL_HEADING = tuple(f"{n}、" for n in T.SECTION_NUMERALS)
_GROUP_PREFIXES = tuple(label_key(k) for k in T.REQUEST_GROUPS)


@lru_cache(maxsize=65536)
def classify(text: str) -> Token:
    """What a cell's text is: a value, a known label, a heading, or other text."""
    cv = read_cell(text)
    if cv.kind != "text":
        return Token("value")
    key = label_key(text)
    if key in _EXACT:
        row = _EXACT[key]
        return Token("row", row.table, row.key)
    if key in _GROUPS:
        return Token("group", "requests", _GROUPS[key])
    if key in _HEADERS:
        return _HEADERS[key]
    if key.startswith(label_key(T.ACTIVE_ARTICLE_PREFIX)) and len(key) <= 16:
        return Token("header", "active")
    if 3 <= len(key) <= 60 and "。" not in key:
        # a group label glued to its first row: (四)无法提供1.本机关不掌握相关政府信息
        for prefix in _GROUP_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                rest = classify(key[len(prefix):])
                if rest.kind == "row":
                    return rest
        for kw, row in _KEYWORDS:
            if kw in key:
                return Token("row", row.table, row.key)
    if key.startswith(_NUMERAL_HEADING) and len(key) <= 40:
        return Token("heading")
    if key.startswith(label_key("收到和处理政府信息公开申请")):
        return Token("header", "requests")
    if is_cell_material(text):
        return Token("value")  # glued or OCR-garbled figures: recover.py splits them
    return Token("text")


@lru_cache(maxsize=65536)
def _template_marker(text: str) -> Optional[str]:
    key = label_key(text)
    for tpl, markers in _MARKERS.items():
        if key in markers or any(m in key for m in markers if len(m) >= 5):
            return tpl
    return None


def detect_template(texts: list[str]) -> Optional[str]:
    """'2019', '2021' or None, from the labels only one template prints."""
    votes: Counter = Counter()
    for text in texts:
        if 4 <= len(text) <= 60:
            tpl = _template_marker(text)
            if tpl:
                votes[tpl] += 1
    if not votes:
        return None
    (best, n), *rest = votes.most_common()
    if rest and rest[0][1] == n:
        return None
    return best


# --- the reader -----------------------------------------------------------------


@dataclass
class TableRead:
    cells: list[Cell] = field(default_factory=list)
    template: Optional[str] = None
    rows_seen: set = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    #: every recorded row's cells as printed, extras included (for ``recover.py``)
    printed: dict = field(default_factory=dict)
    #: the review table's unlabeled figures as printed, and the rows read from them
    review_run: list = field(default_factory=list)
    review_run_rows: set = field(default_factory=set)


def _expected_columns(table: str, key: str, template: str) -> tuple[str, ...]:
    if table == "active":
        cols = T.ACTIVE_COLUMNS.get(template, {}).get(key)
        if cols is None:  # a row of the other template printed anyway
            other = "2019" if template == "2021" else "2021"
            cols = T.ACTIVE_COLUMNS[other].get(key, ())
        return cols
    if table == "requests":
        return T.REQUEST_COLUMNS
    return T.REVIEW_COLUMNS


class _Reader:
    def __init__(self, template: str) -> None:
        self.template = template
        self.out: dict[tuple[str, str], list[Cell]] = {}
        self.order: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.current: Optional[Token] = None
        self.values: list[str] = []
        self.in_review = False
        self.review_run: list[str] = []
        self.amount_unit: dict[str, int] = {}
        self.printed: dict[tuple[str, str], list[str]] = {}
        self.review_printed: list[str] = []
        self.review_run_rows: set = set()

    # rows ----------------------------------------------------------------------
    def open(self, tok: Token) -> None:
        self.close()
        self.current = tok
        self.values = []
        self.expected = len(_expected_columns(tok.table, tok.key, self.template))
        if tok.table == "review":
            self.in_review = True
        elif tok.table in ("active", "requests"):
            self.flush_review()
            self.in_review = False
        if tok.table == "requests" and tok.key in T.GROUP_WHEN_FOLLOWED.get("other", ()):
            blank_other = self.out.get(("requests", "other"))
            if blank_other is not None and all(c.value is None and not c.raw for c in blank_other):
                del self.out[("requests", "other")]  # it was the 2021 group label
                self.order.remove(("requests", "other"))

    def close(self) -> None:
        tok, values = self.current, self.values
        self.current, self.values = None, []
        if tok is None:
            return
        if tok.table == "review" and not any(v.strip() for v in values):
            return  # a header of the review table, not a row of figures
        self.record(tok.table, tok.key, values)

    def record(self, table: str, key: str, raws: list[str]) -> None:
        cols = _expected_columns(table, key, self.template)
        if not cols:
            return
        if (table, key) in self.out:
            old = self.out[(table, key)]
            if any(c.raw for c in old) or not any(r.strip() for r in raws):
                return  # the first printing with figures wins
            self.order.remove((table, key))
        raws_as_printed = raws
        while len(raws) > len(cols) and not raws[0].strip():
            raws = raws[1:]  # a spacer cell printed between the label and the figures
        filled = [r for r in raws[len(cols):] if r.strip()]
        if filled:
            self.warnings.append(f"{table}.{key}: {len(filled)} extra cell(s) ignored: {' '.join(filled[:5])}")
        if 0 < len(raws) < len(cols):
            self.warnings.append(f"{table}.{key}: {len(raws)} of {len(cols)} cells printed; the rest recorded blank")
        raws = (list(raws) + [""] * len(cols))[: len(cols)]
        cells = []
        for col, raw in zip(cols, raws):
            raw = raw.strip()
            unit = T.MONEY_COLUMNS.get((self.template, key, col))
            if col == "amount":
                unit = self.amount_unit.get(key, unit or 1)
                value = money_value(raw, unit)
            else:
                value = read_cell(raw).value
            cells.append(Cell(table, key, col, value, raw))
        self.out[(table, key)] = cells
        self.order.append((table, key))
        self.printed[(table, key)] = list(raws_as_printed)

    # the review table's unlabeled run --------------------------------------------
    def flush_review(self) -> None:
        run, self.review_run = self.review_run, []
        while run and not run[-1]:
            run.pop()
        if not run:
            return
        if len(run) % 5 or len(run) > 15:
            self.warnings.append(f"review: {len(run)} unlabeled figures, expected 15")
        self.review_printed = list(run)
        for i, row in enumerate(r.key for r in T.REVIEW_ROWS):
            chunk = run[i * 5 : i * 5 + 5]
            if chunk:
                self.record("review", row, chunk)
                self.review_run_rows.add(("review", row))

    # tokens -----------------------------------------------------------------------
    def value(self, text: str) -> None:
        if self.current is not None:
            self.values.append(text)
            if not self.explicit_row and len(self.values) >= self.expected:
                self.close()
        elif self.in_review:
            if not text and not self.review_run:
                return  # padding cells of the review table's header rows
            self.review_run.append(text)
            if len(self.review_run) >= 15:
                self.flush_review()

    def token(self, text: str, explicit: bool) -> None:
        stripped = text.strip()
        if not stripped and not explicit:
            return
        tok = classify(stripped)
        if tok.kind == "value":
            self.value(stripped)
        elif tok.kind == "row":
            self.open(tok)
        elif tok.kind == "group":
            self.close()
        elif tok.kind == "header":
            self.close()
            if tok.table == "review":
                self.in_review = True
            elif tok.table == "active" and tok.key == "amount" and "万元" in label_key(stripped):
                self.amount_unit["procurement" if self.template == "2019" else "fees"] = 10_000
        elif tok.kind == "heading":
            self.close()
            self.flush_review()
            self.in_review = "复议" in stripped or "诉讼" in stripped
        else:
            self.close()

    def read(self, blocks) -> None:
        self.explicit_row = False
        for block in blocks:
            if isinstance(block, str):
                self.explicit_row = False
                self.token(block, explicit=(block == ""))
            else:
                self.close()
                self.explicit_row = True
                for cell in block:
                    self.token(cell or "", explicit=True)
                self.close()
                self.explicit_row = False
        self.close()
        self.flush_review()


def read_tables(blocks, template_hint: Optional[str] = None) -> TableRead:
    """All cells of the three tables found in ``blocks``, and the template they follow."""
    texts = []
    for b in blocks:
        if isinstance(b, str):
            texts.append(b)
        else:
            texts.extend(b)
    template = template_hint or detect_template(texts)
    if template is None:
        seen_rows = {classify(t.strip()) for t in texts if t and len(t) <= 80}
        row_keys = {(t.table, t.key) for t in seen_rows if t.kind == "row"}
        if any(tbl in ("requests", "active") for tbl, _ in row_keys):
            template = "2021" if ("requests", "other.no_correction") in row_keys else "2019"
    if template is None:
        return TableRead(template=None)
    reader = _Reader(template)
    reader.read(blocks)
    cells = [c for key in reader.order for c in reader.out[key]]
    return TableRead(cells, template, set(reader.order), reader.warnings, reader.printed,
                     reader.review_printed, reader.review_run_rows)
