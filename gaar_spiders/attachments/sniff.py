"""What an attachment really is, from its first bytes.

Portals name files carelessly: a ``.doc`` that is HTML or RTF, a ``.pdf``
served as ``application/octet-stream``. The bytes decide; the file name and
Content-Type only break ties the bytes leave open (a .wps is an OLE2 file
like a .doc).
"""

from __future__ import annotations

import io
import zipfile
from typing import Optional

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<div", b"<p", b"<meta", b"<?xml")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff_kind(data: bytes, filename: Optional[str] = None, content_type: Optional[str] = None) -> str:
    """``pdf`` | ``docx`` | ``doc`` | ``wps`` | ``html`` | ``text`` | ``unknown``."""
    head = bytes(data[:1024])
    name = (filename or "").lower()
    ctype = (content_type or "").lower()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if _is_docx(data) or name.endswith(".docx") or "wordprocessingml" in ctype:
            return "docx"  # an unreadable one fails in the reader, with its reason
        return "unknown"
    if head.startswith(_OLE2):
        if name.endswith(".wps") or "wps" in ctype:
            return "wps"
        if _WORD_STREAM in data[:1 << 20] or _WORD_STREAM in data[-(1 << 20):]:
            return "doc"
        # a broken .doc may have lost its directory; the converter then says why
        return "doc" if name.endswith(".doc") or "msword" in ctype else "unknown"
    if head.lstrip().startswith(b"{\\rtf"):
        return "doc"  # RTF saved as .doc: the same converter reads it
    text_head = head
    for bom in _BOMS:
        if text_head.startswith(bom):
            text_head = text_head[len(bom):]
            break
    lowered = text_head.lstrip().lower().replace(b"\x00", b"")
    if lowered.startswith(b"<") and any(mark in lowered for mark in _HTML_MARKS):
        return "html"
    if _looks_like_text(head):
        if "html" in ctype or name.endswith((".htm", ".html", ".shtml")):
            return "html"
        return "text"
    return "unknown"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut by the 1 KB window
                return True
    return False
