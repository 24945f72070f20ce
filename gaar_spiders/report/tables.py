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
from .grid import Record, place, skeleton
from .wrapped import join_wrapped
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
    #: rows printed with fewer cells than the row has: which cells they are is not known
    short: set = field(default_factory=set)
    #: the tables the report prints (a label, a header or figures of theirs was seen)
    tables: set = field(default_factory=set)
    #: rows whose figures were placed by the template's order (no label of their own)
    by_order: set = field(default_factory=set)
    #: rows each table has, in printed order (the template's, or the report's variant)
    skeletons: dict = field(default_factory=dict)


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


@lru_cache(maxsize=1)
def _row_label_keys() -> tuple[tuple[str, str, str], ...]:
    """(label key, table, row) of every printed row label, for pieces of labels."""
    return tuple((label_key(label), row.table, row.key) for row in T.ROW_LABELS for label in row.labels)


@lru_cache(maxsize=4096)
def rows_named_by_piece(text: str) -> tuple[tuple[str, str], ...]:
    """The rows whose label contains ``text``, a piece of a label a PDF extraction cut out
    (``行政机关不再处理其政府信息公`` is in two labels). Pieces shorter than 6 characters name nothing."""
    key = label_key(text)
    if len(key) < 6:
        return ()
    return tuple(dict.fromkeys((table, row) for lk, table, row in _row_label_keys() if key in lk))


def _section_table(heading: str) -> Optional[str]:
    text = label_key(heading)
    if "复议" in text or "诉讼" in text:
        return "review"
    if "收到和处理" in text or "依申请" in text:
        return "requests"
    if "主动公开" in text:
        return "active"
    return None


class _Reader:
    """Turns blocks into ``grid.Record``s: what each label printed, and figures without one."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.records: list[Record] = []
        self.warnings: list[str] = []
        self.current: Optional[Token] = None
        self.current_label = ""
        self.values: list[str] = []
        self.in_review = False
        self.review_run: list[str] = []
        self.amount_unit: dict[str, int] = {}
        self.review_printed: list[str] = []
        self.review_run_rows: set = set()
        self.context: Optional[str] = None
        self.orphan: list[str] = []
        self.orphan_label = ""
        self.overflow = False  # the orphan figures follow a row that was already full
        self.pending: Optional[Record] = None
        self.tables: set = set()
        self.explicit_row = False
        self.row: Optional[list] = None  # the physical row being read
        self.row_has_value: Optional[bool] = None

    # records -------------------------------------------------------------------
    def emit(self, rec: Record) -> None:
        self.tables.add(rec.table)
        if not rec.cells:  # a label with no figures: it may own the next run
            self.flush_pending()
            self.pending = rec
            return
        pending, self.pending = self.pending, None
        if pending is not None and not rec.trusted and pending.table == rec.table:
            keys = tuple(k for k in pending.keys if not rec.keys or k in rec.keys)
            if keys:
                self.records.append(Record(rec.table, keys, rec.cells, detached=True, label=pending.label))
                return
        if pending is not None:
            self.records.append(pending)
        self.records.append(rec)

    def flush_pending(self) -> None:
        if self.pending is not None:
            self.records.append(self.pending)
            self.pending = None

    def flush_orphan(self) -> None:
        cells, label, overflow = self.orphan, self.orphan_label, self.overflow
        self.orphan, self.orphan_label, self.overflow = [], "", False
        while cells and not cells[-1].strip() and not self.explicit_row:
            cells.pop()
        if not any(c.strip() for c in cells) or self.context is None:
            return
        if overflow:
            self.warnings.append(f"{self.context}: {len(cells)} figure(s) after a full row ignored: {' '.join(cells[:5])}")
            return
        keys = tuple(row for table, row in rows_named_by_piece(label) if table == self.context) if label else ()
        self.emit(Record(self.context, keys, cells, label=label))

    # rows ----------------------------------------------------------------------
    def open(self, tok: Token, text: str) -> None:
        self.close()
        self.flush_orphan()
        self.current = tok
        self.current_label = text
        self.values = []
        self.context = tok.table
        self.expected = len(_expected_columns(tok.table, tok.key, self.template))
        if tok.table == "review":
            self.in_review = True
        elif tok.table in ("active", "requests"):
            self.flush_review()
            self.in_review = False

    def close(self) -> None:
        tok, values = self.current, self.values
        self.current, self.values = None, []
        if tok is None:
            return
        if tok.table == "review" and not any(v.strip() for v in values):
            self.tables.add("review")
            return  # a header of the review table, not a row of figures
        self.emit(Record(tok.table, (tok.key,), values, trusted=bool(values), label=self.current_label))

    # the review table's unlabeled run --------------------------------------------
    def flush_review(self) -> None:
        run, self.review_run = self.review_run, []
        if len(run) >= 15 and not any(x.strip() for x in run):
            run = run[:15]  # the value row printed with every cell empty: 15 blanks
        else:
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
                self.records.append(Record("review", (row,), chunk, trusted=True, label=""))
                self.review_run_rows.add(("review", row))
        self.tables.add("review")

    # tokens -----------------------------------------------------------------------
    def value(self, text: str) -> None:
        if self.current is not None:
            self.values.append(text)
            if not self.explicit_row and len(self.values) >= self.expected:
                self.close()
                self.overflow = True
        elif self.in_review:
            if not text and not self.review_run and not self.row_has_figures():
                return  # padding cells of the review table's header rows
            self.review_run.append(text)
            if len(self.review_run) >= 15:
                self.flush_review()
        elif self.explicit_row or text or self.orphan:
            self.orphan.append(text)

    def row_has_figures(self) -> bool:
        """The physical row being read holds figures (its leading empty cells are cells then,
        not padding), or is a whole row of empty cells under the review table's headers."""
        block = self.row
        if block is None:
            return False
        if self.row_has_value is None:
            self.row_has_value = any(classify(c.strip()).kind == "value" for c in block if c and c.strip()) or (
                len(block) >= 15 and not any((c or "").strip() for c in block))
        return self.row_has_value

    def continues_label(self, text: str) -> bool:
        """A piece of the label just read (a wrapped line that did not join): not a break."""
        pending = self.pending
        if pending is None or len(pending.keys) != 1:
            return False
        key = label_key(text)
        return len(key) >= 2 and any(key in lk for lk, table, row in _row_label_keys()
                                     if table == pending.table and row == pending.keys[0])

    def token(self, text: str, explicit: bool) -> None:
        stripped = text.strip()
        if not stripped and not explicit:
            return
        tok = classify(stripped)
        if tok.kind == "value":
            self.value(stripped)
            return
        if tok.kind == "row":
            self.open(tok, stripped)
            return
        self.close()
        if tok.kind == "group":
            self.flush_orphan()
            return
        if tok.kind == "header":
            self.flush_orphan()
            self.flush_pending()
            if tok.table:
                self.context = tok.table
                self.tables.add(tok.table)
            if tok.table == "review":
                self.in_review = True
            elif tok.table == "active" and tok.key == "amount" and "万元" in label_key(stripped):
                self.amount_unit["procurement" if self.template == "2019" else "fees"] = 10_000
            return
        if tok.kind == "heading":
            self.flush_orphan()
            self.flush_pending()
            self.flush_review()
            self.context = _section_table(stripped)
            self.in_review = self.context == "review"
            return
        # other text: in a physical row before its figures it may be a piece of their label
        if self.explicit_row and not self.orphan:
            self.flush_orphan()
            self.orphan_label = stripped
            return
        self.flush_orphan()
        if not self.continues_label(stripped):
            if self.pending is not None:
                self.pending.closed = False  # unreadable text after a label: not a blank row
            self.flush_pending()

    def read(self, blocks) -> None:
        self.explicit_row = False
        for block in blocks:
            if isinstance(block, str):
                self.explicit_row = False
                self.row = None
                self.token(block, explicit=(block == ""))
            else:
                self.close()
                self.flush_orphan()
                self.explicit_row = True
                self.row, self.row_has_value = block, None
                for cell in block:
                    self.token(cell or "", explicit=True)
                self.close()
                self.flush_orphan()
                self.explicit_row = False
                self.row = None
        self.close()
        self.flush_orphan()
        self.flush_pending()
        self.flush_review()


class _Cells:
    """Turns placed records into cells (the reader records what is printed, never repairs)."""

    def __init__(self, template: str, amount_unit: dict[str, int], read: TableRead) -> None:
        self.template = template
        self.amount_unit = amount_unit
        self.read = read

    def value_of(self, table: str, key: str, col: str, raw: str):
        unit = T.MONEY_COLUMNS.get((self.template, key, col))
        if col == "amount":
            return money_value(raw, self.amount_unit.get(key, unit or 1))
        return read_cell(raw).value

    def row(self, table: str, key: str, raws: list[str]) -> list[Cell]:
        cols = _expected_columns(table, key, self.template)
        raws_as_printed = raws
        while len(raws) > len(cols) and not raws[0].strip():
            raws = raws[1:]  # a spacer cell printed between the label and the figures
        filled = [r for r in raws[len(cols):] if r.strip()]
        if filled:
            self.read.warnings.append(f"{table}.{key}: {len(filled)} extra cell(s) ignored: {' '.join(filled[:5])}")
        if 0 < len(raws) < len(cols):
            self.read.warnings.append(
                f"{table}.{key}: {len(raws)} of {len(cols)} cells printed; which columns they are is not known")
            self.read.short.add((table, key))
        raws = (list(raws) + [""] * len(cols))[: len(cols)]
        self.read.printed[(table, key)] = list(raws_as_printed)
        return [Cell(table, key, col, self.value_of(table, key, col, raw.strip()), raw.strip())
                for col, raw in zip(cols, raws)]

    def open_row(self, table: str, key: str, options: list[Optional[Record]]) -> list[Cell]:
        """A row the order leaves open between several runs (or none): each cell's candidates."""
        cols = _expected_columns(table, key, self.template)
        out = []
        for i, col in enumerate(cols):
            values: list = []
            known = True
            for rec in options:
                if rec is None:
                    values.append(None)
                    continue
                cells = [c.strip() for c in rec.cells]
                if len(cells) != len(cols) or not all(read_cell(c).kind != "text" for c in cells):
                    known = False
                    break
                values.append(self.value_of(table, key, col, cells[i]))
            cands = list(dict.fromkeys(values)) if known else []
            out.append(Cell(table, key, col, None, "", candidates=cands))
        return out


@lru_cache(maxsize=64)
def _table_rows(table: str, template: str, skeleton: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((row, col) for row in skeleton for col in _expected_columns(table, row, template))


def read_tables(blocks, template_hint: Optional[str] = None) -> TableRead:
    """All cells of the three tables found in ``blocks``, and the template they follow."""
    texts = []
    for b in blocks:
        if isinstance(b, str):
            texts.append(b)
        else:
            texts.extend(b)
    template = template_hint or detect_template(texts)
    blocks = join_wrapped(blocks)
    if template is None:
        seen_rows = {classify(t.strip()) for t in texts if t and len(t) <= 80}
        row_keys = {(t.table, t.key) for t in seen_rows if t.kind == "row"}
        if any(tbl in ("requests", "active") for tbl, _ in row_keys):
            template = "2021" if ("requests", "other.no_correction") in row_keys else "2019"
    if template is None:
        return TableRead(template=None)
    reader = _Reader(template)
    reader.read(blocks)
    read = TableRead(template=template, warnings=reader.warnings, review_run=reader.review_printed,
                     review_run_rows=reader.review_run_rows, tables=set(reader.tables))
    make = _Cells(template, reader.amount_unit, read)
    for table in ("active", "requests", "review"):
        records = [r for r in reader.records if r.table == table]
        if not records:
            continue
        placed = place(table, template, records, width_of(table, template))
        read.skeletons[table] = skeleton(table, template, records)
        read.warnings.extend(placed.warnings)
        for key in placed.order:
            if key in placed.blank:
                cols = _expected_columns(table, key, template)
                read.cells.extend(Cell(table, key, col, None, "") for col in cols)
                read.printed[(table, key)] = []
            else:
                read.cells.extend(make.row(table, key, placed.rows[key].cells))
            read.rows_seen.add((table, key))
        for key, options in placed.open_rows.items():
            read.cells.extend(make.open_row(table, key, options))
        read.by_order |= {(table, key) for key in placed.by_order}
    return read


@lru_cache(maxsize=16)
def width_of(table: str, template: str) -> dict[str, int]:
    rows = list(T.ACTIVE_COLUMNS.get(template, {})) if table == "active" else (
        [r.key for r in T.REVIEW_ROWS] if table == "review" else
        list(dict.fromkeys(T.REQUEST_TEMPLATE_ROWS[template] + ("other",))))
    return {row: len(_expected_columns(table, row, template)) for row in rows}


def fill_not_found(read: TableRead) -> None:
    """Every cell of every table the report prints is present: a cell the text does not give
    is NULL with no candidates (``Cell.candidates == []``), never silently missing."""
    if read.template not in T.TABLE_TEMPLATES:
        return
    have = None
    for table in ("active", "requests", "review"):
        if table not in read.tables:
            continue
        rows = read.skeletons.get(table) or skeleton(table, read.template, [])
        expected = _table_rows(table, read.template, tuple(rows))
        if have is None:
            have = {(c.table, c.row, c.col) for c in read.cells}
        for row, col in expected:
            if (table, row, col) not in have:
                read.cells.append(Cell(table, row, col, None, "", candidates=[]))


def row_width_for(texts: list[str]):
    """``width(text)``: how many figures the row a label names has, in the template these texts
    follow (for layouts that must know where a row ends: ``layouts.gapped_pitch``)."""
    template = detect_template([t.strip() for t in texts if t.strip()]) or "2021"

    def width(text: str) -> Optional[int]:
        tok = classify(text.strip())
        if tok.kind != "row":
            return None
        return len(_expected_columns(tok.table, tok.key, template))

    return width
