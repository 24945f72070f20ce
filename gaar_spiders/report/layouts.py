"""Readers that turn a report's text or HTML into blocks.

A block is either a ``str`` (a line of prose, or one table cell in layouts
that print one cell per line) or a ``list[str]`` (one table row of physical
cells, as an HTML ``<tr>`` or a pipe/tab row gives it). A ``str`` block that
is empty is an explicitly printed empty cell (``' |'``); blank prose lines are
dropped before they become blocks.

Every layout in the seeds maps onto this: portal pages flattened one cell per
paragraph (seed 000), one cell per line ending in `` |`` (001), pipe rows (002),
narrative only (003), tab-indented rows with cells split over lines (004).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional, Sequence, Union

from lxml.etree import tostring as _tostring

from . import templates as T
from .lazyre import lazy

Block = Union[str, list]

_CJK = lazy(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def join_fragments(parts: Sequence[str]) -> str:
    """Join the pieces of a cell broken over lines: no space between CJK pieces."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(part[0])):
            out += " "
        out += part
    return out


# --- plain text -------------------------------------------------------------------


def _split_pipes(line: str) -> Block:
    cells = [c.strip() for c in line.split("|")]
    if line.lstrip().startswith("|") and cells and cells[0] == "":
        cells = cells[1:]
    if line.rstrip().endswith("|") and cells and cells[-1] == "":
        cells = cells[:-1]
    filled = [c for c in cells if c]
    if len(filled) <= 1 and len(cells) <= 2:
        # one cell per line (``0 |``): a stream cell, explicit even when empty
        return filled[0] if filled else ""
    if len(filled) <= 1 and filled and cells[0] == filled[0]:
        from .tables import classify

        if classify(filled[0]).kind != "row":
            # ``第二十条第(一)项 | ||||``: a caption followed by empty padding
            return filled[0]
        # ``| 2.重复申请 | | | |``: a row label and its empty cells, a blank row
    return cells


def _tab_layout(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    row: list[list[str]] | None = None  # cells as lists of fragments
    prev_in_row = False

    def end_row() -> None:
        nonlocal row
        if row is not None:
            blocks.append([join_fragments(c) for c in row])
            row = None

    for line in lines:
        if line.startswith("\t"):
            if row is None:
                row = []
            row.append([line.strip()])
            prev_in_row = True
        elif not line.strip():
            end_row()
            prev_in_row = False
        elif prev_in_row and row is not None and len(line.strip()) <= 12:
            row[-1].append(line.strip())  # a cell broken over lines: 自\n然\n人
        else:
            end_row()
            prev_in_row = False
            blocks.append(line.strip())
    end_row()
    return blocks


def _looks_tabbed(lines: list[str]) -> bool:
    return sum(1 for ln in lines if ln.startswith("\t")) >= 20


def _looks_paragraphed(lines: list[str]) -> bool:
    """Cells separated by blank lines (a page's text with one cell per paragraph)."""
    nonblank = sum(1 for ln in lines if ln.strip())
    blank = len(lines) - nonblank
    return nonblank >= 20 and blank >= 0.6 * nonblank


_FOOTER = re.compile("|".join(f"(?:{p})" for p in T.PAGE_FOOTER_PATTERNS))
_CAPTION = re.compile(T.TABLE_CAPTION_PATTERN)
#: a line ending in figures separated by spaces: ``行政许可 0``, ``1.属于国家秘密  4  0  0  0  0  0  4``
TRAILING_FIGURES = re.compile(r"^(?P<head>.*?\S)(?P<tail>(?:[ \t\u3000]+(?:[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?|[—/]))+)$")


def is_transparent(line: str) -> bool:
    """A page footer or a converter's caption: not part of the text a table is read from."""
    t = line.strip()
    return bool(t) and len(t) <= 24 and (_FOOTER.match(t) is not None or _CAPTION.match(t) is not None)


def split_label_figures(line: str) -> Block:
    """``label  v1  v2 …`` (a table row as a PDF's text layer prints it) as a physical row, when
    the text before the figures is a row label (or a piece of one); any other line as it is."""
    m = TRAILING_FIGURES.match(line.strip())
    if not m:
        return line
    from .tables import classify, rows_named_by_piece

    head = m["head"].strip()
    if classify(head).kind != "row" and not rows_named_by_piece(head):
        return line
    return [head, *m["tail"].split()]


# --- one cell per line, blank lines counted -------------------------------------------------


def _gaps(lines: list[str]) -> list[tuple[int, int]]:
    """(index of a non-empty line, empty lines before it since the previous non-empty one)."""
    out, last = [], None
    for i, line in enumerate(lines):
        if line.strip():
            out.append((i, 0 if last is None else i - last - 1))
            last = i
    return out


def gapped_pitch(lines: list[str]) -> Optional[tuple[int, int]]:
    """(cell gap, row gap) when the text prints one cell per line with a fixed number of empty
    lines between cells, more between rows, and an empty cell as one more empty line each (an
    HTML table saved as text: corpus 09, 10); None for any other text."""
    counts = Counter(g for _, g in _gaps(lines)[1:] if g >= 1)
    if not counts:
        return None
    cell, n = counts.most_common(1)[0]
    pitch = cell + 1
    if n < 20 or cell < 2:
        return None  # one empty line between cells is the paragraph layout; no count tells blanks
    rows = [(g, c) for g, c in counts.items() if g > cell and (g - cell) % pitch]
    if not rows:
        return None
    row, m = max(rows, key=lambda gc: gc[1])
    if m < 5:
        return None
    return cell, row


def _gapped_rows(lines: list[str], cell: int, row: int, width) -> list[Block]:
    """Decode the cell-per-line layout into physical rows; ``width(text)`` is the number of
    figures a row whose label is ``text`` has (None: not a row label).

    A gap of ``cell + k·(cell+1)`` empty lines is k empty cells within a row; ``row + k·(cell+1)``
    a row break with k empty cells around it: the row being read takes those its label still
    has room for, the next row starts with the rest. Any other gap ends the table (prose)."""
    from .tables import classify

    pitch = cell + 1
    blocks: list[Block] = []
    current: list[str] = []

    def label_room(cells: list[str]) -> int:
        for i, text in enumerate(cells):
            w = width(text)
            if w is not None:
                return max(0, w - (len(cells) - i - 1))
        return 0

    def flush() -> None:
        nonlocal current
        if len(current) > 1:
            blocks.append(list(current))
        elif current:
            blocks.append(current[0])
        current = []

    entries = _gaps(lines)
    k = 0
    while k < len(entries):
        i, gap = entries[k]
        text = lines[i].strip()
        # a header cell broken over lines with nothing between (商业 / 企业)
        while k + 1 < len(entries) and entries[k + 1][1] == 0:
            nxt = lines[entries[k + 1][0]].strip()
            joined = text + nxt
            if len(joined) > 24 or classify(text).kind != "text" or classify(joined).kind == "text":
                break
            k += 1
            text = joined
        k += 1
        if classify(text).kind == "heading":
            flush()
            blocks.append(text)
            continue
        if gap >= cell and (gap - cell) % pitch == 0 and current:
            current.extend([""] * ((gap - cell) // pitch))
        elif gap >= row and (gap - row) % pitch == 0 and current:
            empties = (gap - row) // pitch
            take = min(empties, label_room(current))
            current.extend([""] * take)
            flush()
            current.extend([""] * (empties - take))
        else:
            flush()
        current.append(text)
    flush()
    return blocks


def text_to_blocks(lines: list[str], row_width=None) -> tuple[list[Block], str]:
    """Blocks and the layout name for lines of plain text (chrome already removed).

    ``row_width(text)``: the number of figures of the row a label names (for the layout that
    counts empty lines); without it that layout is not tried."""
    if _looks_tabbed(lines):
        return _tab_layout(lines), "tab"
    if row_width is not None:
        pitch = gapped_pitch(lines)
        if pitch is not None:
            return _gapped_rows(lines, *pitch, row_width), "gapped-cells"
    lines = [ln for ln in lines if not is_transparent(ln)]
    blocks: list[Block] = []
    paragraphed = _looks_paragraphed(lines)
    para: list[str] = []
    pipes = 0

    def flush_para() -> None:
        if para:
            blocks.append(join_fragments(para) if len(para) > 1 else para[0])
            para.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush_para()
            continue
        if "|" in line:
            if _MD_RULE.match(line):
                continue
            flush_para()
            pipes += 1
            blocks.append(_split_pipes(line))
            continue
        if paragraphed:
            para.append(line)
        else:
            blocks.append(split_label_figures(line))
    flush_para()
    if pipes >= 20:
        layout = "pipe"
    elif paragraphed:
        layout = "paragraph-cells"
    else:
        layout = "line-cells"
    return blocks, layout


# --- HTML -------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol section article header footer nav blockquote pre dl dt dd "
    "form center address figure figcaption main aside hr caption".split()
)
SKIP_TAGS = frozenset("script style noscript template head select option button iframe svg object embed map".split())


def _tag(el) -> str:
    tag = el.tag
    return tag if isinstance(tag, str) else ""  # the HTML parser lower-cases tags


def cell_text(td) -> str:
    """A table cell's text; ``<br/>`` and paragraphs inside it only break lines.

    ``mark_breaks`` has already turned every ``<br/>`` into a newline, so the
    C-level ``itertext`` gives the lines.
    """
    text = _TEXT_OF(td).replace("\xa0", " ")
    if "\n" not in text:
        return text.strip()
    return join_fragments(text.split("\n"))


def _TEXT_OF(el) -> str:
    return _tostring(el, method="text", encoding=str, with_tail=False)


#: characters lxml keeps from HTML but refuses to set (Word pastes bring \x0b after a <br>)
_XML_UNSAFE = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def mark_breaks(root) -> None:
    """Give every ``<br/>`` a newline tail, so text extraction sees the break."""
    for br in root.iter("br"):
        br.tail = "\n" + _XML_UNSAFE.sub(" ", br.tail or "")


def _rows_of(table) -> list:
    """The table's own rows (not those of tables nested in it)."""
    if table.find(".//table") is None:
        return list(table.iter("tr"))
    rows = []
    for tr in table.iter("tr"):
        parent = tr.getparent()
        while parent is not None and _tag(parent) != "table":
            parent = parent.getparent()
        if parent is table:
            rows.append(tr)
    return rows


def _is_layout_row(cells, table_is_plain: bool) -> bool:
    """A row used for page layout: its cells hold tables or many paragraphs."""
    if table_is_plain or len(cells) > 3:
        return False  # a data row has many cells; a layout row holds the page in one or two
    for td in cells:
        blocks = 0
        for el in td.iter("table", "p", "div"):
            if el.tag == "table":
                return True
            blocks += 1
            if blocks > 6:
                return True
    return False


def _is_plain(table) -> bool:
    """No nested table and few paragraphs: every row is a data row."""
    blocks = 0
    for el in table.iter("table", "p", "div"):
        if el is not table:
            if el.tag == "table":
                return False
            blocks += 1
            if blocks > 6:
                return False
    return True


#: nesting the walker follows element by element; deeper, a subtree is read as plain text
#: (libxml2 builds at most 255 levels, but a tree from elsewhere may be deeper: no RecursionError)
MAX_WALK_DEPTH = 200


class _HtmlWalker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        if self.buf:
            text = "".join(self.buf).replace("\xa0", " ")
            for line in text.split("\n"):
                line = line.strip()
                if line:
                    self.blocks.append(line)
            self.buf.clear()

    def walk(self, el, depth: int = 0) -> None:
        # the hottest loop of reading a page (every element of the report's container): each
        # lxml property is read once, and an empty buffer is not flushed
        tag = _tag(el)
        if tag in SKIP_TAGS:
            return
        if depth > MAX_WALK_DEPTH:
            self.flush()
            self.buf.append(cell_text(el))
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el, depth)
            return
        buf = self.buf  # flush() empties this same list
        block = tag in BLOCK_TAGS
        if block and buf:
            self.flush()
        text = el.text
        if text and tag:
            buf.append(text)
        for child in el:
            self.walk(child, depth + 1)
            tail = child.tail
            if tail:
                buf.append(tail)
        if block and buf:
            self.flush()

    def table(self, table, depth: int = 0) -> None:
        plain = _is_plain(table)
        for tr in _rows_of(table):
            cells = [c for c in tr if _tag(c) in ("td", "th")]
            if not cells:
                continue
            if _is_layout_row(cells, plain):
                for td in cells:
                    self.walk(td, depth + 3)  # table > tr > td
                    self.flush()
                continue
            self.tables += 1
            self.blocks.append([cell_text(td) for td in cells])


def html_to_blocks(root) -> tuple[list[Block], str]:
    """Blocks and the layout name for an lxml element (the report's container)."""
    mark_breaks(root)
    walker = _HtmlWalker()
    walker.walk(root)
    walker.flush()
    if walker.tables >= 10:
        return walker.blocks, "html-table"
    # Tables pasted as paragraphs, one cell each: read the lines like text.
    lines = [b if isinstance(b, str) else " | ".join(b) for b in walker.blocks]
    blocks, layout = text_to_blocks(lines)
    return blocks, f"html-{layout}"
