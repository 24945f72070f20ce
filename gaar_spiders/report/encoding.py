"""Decoding a page's bytes right even when its charset declaration lies.

w3lib resolves what the page declares the way a browser does (byte-order mark,
then the Content-Type header, then ``<meta charset>``, with the usual
translations: gb2312 and gbk are read as GB18030, big5 as Big5-HKSCS).
GAAR adds what Chinese portals need: they declare utf-8 and send GBK, or
declare GBK and send UTF-8, or declare nothing. So valid UTF-8 with non-ASCII
text is UTF-8 whatever the declaration says (GBK text is almost never valid
UTF-8); bytes the declared codec cannot decode are tried as GB18030 (a
superset of GBK and GB2312); with no declaration, UTF-8, else GB18030. What was
decided, and why, is returned with the text.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

from w3lib.encoding import html_to_unicode, read_bom, resolve_encoding

_MOJIBAKE = ("锟斤拷", "ï»¿", "Ã", "Â", "\ufffd")
#: what text is read as when nothing declares a charset and the bytes are not UTF-8
FALLBACK = "gb18030"


class Decoded(NamedTuple):
    text: str
    encoding: str
    note: str  # '' when the declaration was right; else what happened


def looks_mojibake(text: str) -> bool:
    sample = text[:20000]
    return sum(sample.count(m) for m in _MOJIBAKE) >= 3


def _utf8(data: bytes) -> Optional[str]:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _undeclared(data: bytes) -> str:
    """The codec for bytes that declare none (w3lib's ``auto_detect_fun``)."""
    return "utf-8" if _utf8(data) is not None else FALLBACK


def decode_bytes(data: bytes, content_type: Optional[str] = None, declared: Optional[str] = None) -> Decoded:
    """The page's text. ``declared`` overrides what the page declares (a portal's registry
    ``encoding``); ``content_type`` is the Content-Type header, if any."""
    if declared:
        content_type = f"text/html; charset={declared}"
    encoding, text = html_to_unicode(content_type, data, default_encoding="utf-8", auto_detect_fun=_undeclared)
    encoding = resolve_encoding(encoding) or encoding
    if read_bom(data)[0]:
        return Decoded(text, encoding, "")
    if encoding != "utf-8":
        utf8 = _utf8(data)
        if utf8 is not None and not utf8.isascii():
            return Decoded(utf8, "utf-8", f"declared {encoding} but the bytes are UTF-8")
    if "\ufffd" not in text:
        return Decoded(text, encoding, "")
    try:  # a replacement character: the bytes may not be in the declared codec at all
        return Decoded(data.decode(encoding), encoding, "")
    except UnicodeDecodeError:
        pass
    if encoding != FALLBACK:
        try:
            return Decoded(data.decode(FALLBACK), FALLBACK, f"declared {encoding} but the bytes are GB18030/GBK")
        except UnicodeDecodeError:
            pass
    return Decoded(text, encoding, "undecodable bytes replaced (mojibake)")
