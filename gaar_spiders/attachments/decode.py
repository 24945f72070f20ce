"""Bytes of an HTML or text report as text: BOM, then UTF-8, then GB18030.

County portals still serve GBK/GB2312 pages; GB18030 is their superset, so
it decodes all of them. A page that is neither gets replacement characters
rather than an exception.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}


def decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared and declared.group(1).decode("ascii").lower() in _GB_FAMILY:
        return data.decode("gb18030", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")
