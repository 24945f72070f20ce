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
from typing import Sequence, Union

from lxml.etree import tostring as _tostring

Block = Union[str, list]

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
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
        # ``第二十条第(一)项 | ||||``: a caption followed by empty padding
        return filled[0]
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


def text_to_blocks(lines: list[str]) -> tuple[list[Block], str]:
    """Blocks and the layout name for lines of plain text (chrome already removed)."""
    if _looks_tabbed(lines):
        return _tab_layout(lines), "tab"
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
            blocks.append(line)
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
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
        if tag in BLOCK_TAGS:
            self.flush()
        if el.text and tag:
            self.buf.append(el.text)
        for child in el:
            self.walk(child, depth + 1)
            if child.tail:
                self.buf.append(child.tail)
        if tag in BLOCK_TAGS:
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
