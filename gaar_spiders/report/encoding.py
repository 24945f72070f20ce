"""Decoding a page's bytes right even when its charset declaration lies.

Chinese portals declare utf-8 and send GBK, or declare nothing. Valid UTF-8
with non-ASCII text is UTF-8 whatever the declaration says (GBK text is almost
never valid UTF-8); otherwise the declaration, then GB18030 (a superset of GBK
and GB2312). What was decided, and why, is returned with the text.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple, Optional

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "hz-gb-2312", "gb_2312-80"}
#: how a charset is spelled in the wild → the codec to use (GBK pages use GB18030 characters)
_ALIASES = {**{k: "gb18030" for k in _GB_FAMILY}, "utf8": "utf-8", "unicode": "utf-8", "big5": "big5hkscs"}
_MOJIBAKE = ("锟斤拷", "ï»¿", "Ã", "Â", "\ufffd")


class Decoded(NamedTuple):
    text: str
    encoding: str
    note: str  # '' when the declaration was right; else what happened


def declared_charset(data: bytes, content_type: Optional[str] = None) -> Optional[str]:
    if content_type:
        m = re.search(r"charset\s*=\s*([A-Za-z0-9_\-]+)", content_type, re.I)
        if m:
            return m.group(1).lower()
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore").lower() if m else None


def _codec(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    name = _ALIASES.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def looks_mojibake(text: str) -> bool:
    sample = text[:20000]
    return sum(sample.count(m) for m in _MOJIBAKE) >= 3


def decode_bytes(data: bytes, content_type: Optional[str] = None, declared: Optional[str] = None) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(enc, errors="replace"), enc, "")
    declared = declared or declared_charset(data, content_type)
    codec = _codec(declared)
    try:
        text = data.decode("utf-8")
        if not text.isascii() or codec in (None, "utf-8"):
            note = "" if codec in (None, "utf-8") else f"declared {declared} but the bytes are UTF-8"
            return Decoded(text, "utf-8", note)
    except UnicodeDecodeError:
        pass
    if codec and codec != "utf-8":
        try:
            return Decoded(data.decode(codec), codec, "")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("gb18030")
        note = f"declared {declared} but the bytes are GB18030/GBK" if declared and codec != "gb18030" else ""
        return Decoded(text, "gb18030", note)
    except UnicodeDecodeError:
        text = data.decode(codec or "utf-8", errors="replace")
        return Decoded(text, codec or "utf-8", "undecodable bytes replaced (mojibake)")
