"""DOCX → blocks with python-docx: paragraphs and table rows in body order.

The official templates are Word tables with vertical merges (``vMerge``) and
horizontal ones (``gridSpan``). python-docx's ``row.cells`` repeats a merged
cell's object across its span; here each row is read from its own ``w:tc``
elements instead, so a merged cell appears once, in the first row and column
it covers, and the rows it spans below simply lack it — as an HTML row under
a ``rowspan`` does.
"""

from __future__ import annotations

import io
import zipfile

from .extraction import Block, Extraction
from .limits import Limits
from .text import cell_text


def read_docx(data: bytes, limits: Limits) -> Extraction:
    refusal = _check_zip(data, limits)
    if refusal is not None:
        return refusal
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        return Extraction("failed", "docx", reason=f"not a readable DOCX: {type(exc).__name__}: {exc}"[:300])
    blocks = list(_blocks(document.element.body))
    return Extraction("ok", "docx", blocks=blocks)


def _check_zip(data: bytes, limits: Limits):
    """Refuse a zip whose members would inflate past the limit, before inflating any."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Extraction("failed", "docx", reason=f"not a readable DOCX: {type(exc).__name__}: {exc}"[:300])
    inflated = sum(m.file_size for m in members)
    if inflated > limits.max_unzipped_bytes:
        return Extraction(
            "too_large", "docx",
            reason=(
                f"zip members would inflate to {inflated} bytes, more than "
                f"{limits.max_unzipped_bytes} (a quarter of GAAR_EXTRACT_MAX_MEMORY)"
            ),
        )
    return None


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _blocks(container):
    """Paragraphs and tables of a body (or content control), in order."""
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == _w("p"):
            text = cell_text(Paragraph(child, None).text)
            if text:
                yield text
        elif child.tag == _w("tbl"):
            yield from _table_rows(child)
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent"))
            yield from _blocks(content if content is not None else child)


def _table_rows(tbl) -> list[Block]:
    rows: list[Block] = []
    for tr in tbl.iterchildren(_w("tr")):
        cells = [_cell_text(tc) for tc in _row_cells(tr) if not _is_merge_continuation(tc)]
        if len(cells) >= 2 or any(cells):
            rows.append(cells)
    return rows


def _row_cells(tr):
    """The row's own cells, also those wrapped in a content control."""
    for child in tr.iterchildren():
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent"))
            yield from _row_cells(content if content is not None else child)


def _is_merge_continuation(tc) -> bool:
    """A cell a merge above (vMerge) or to the left (legacy hMerge) covers."""
    tcPr = tc.find(_w("tcPr"))
    if tcPr is None:
        return False
    for tag in ("vMerge", "hMerge"):
        merge = tcPr.find(_w(tag))
        if merge is not None and merge.get(_w("val"), "continue") == "continue":
            return True
    return False


def _cell_text(tc) -> str:
    from docx.text.paragraph import Paragraph

    return cell_text("\n".join(Paragraph(p, None).text for p in tc.iter(_w("p"))))
