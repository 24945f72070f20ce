"""Text normalisation for matching printed labels.

Portals print the same label with full- or half-width brackets, stray spaces,
line breaks inside cells, ``1、`` for ``1.`` and Traditional characters. Labels
are compared on ``label_key(text)``; the printed text itself is never changed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_converter = None

#: characters NFKC leaves alone that still need folding
_FOLD = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"',
        "‘": "'", "’": "'",
        "〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")", "[": "(", "]": ")",
        "﹙": "(", "﹚": ")",
        "—": "-", "–": "-", "－": "-", "−": "-",
        "、": "、",
        "·": "", "•": "",
    }
)
_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
# Circled/parenthesised numerals that some portals print for （一）…（十）
_PAREN_NUMERALS = {chr(0x3220 + i): f"({n})" for i, n in enumerate("一二三四五六七八九十")}
_ENUM_COMMA = re.compile(r"^(\d+)[、,，．]")
_TRAILING = re.compile(r"[|:：;；,，。.]+$")


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s); a no-op for text that is already Simplified.

    Short strings (labels, titles, lines) repeat across reports: they are cached.
    """
    if len(text) <= 200:
        return _short_to_simplified(text)
    return _convert(text)


def _convert(text: str) -> str:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


@lru_cache(maxsize=65536)
def _short_to_simplified(text: str) -> str:
    return _convert(text)


def collapse_ws(text: str) -> str:
    return _WS.sub("", text)


def fold(text: str) -> str:
    """Width, bracket, quote and dash folding, without touching the characters' script."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_FOLD)
    for k, v in _PAREN_NUMERALS.items():
        if k in text:
            text = text.replace(k, v)
    return text


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The form a printed label is compared in.

    ``（二）部分公开（区分处理的， 只计这一情形，不计其他情形）|`` and
    ``(二)部分公開(區分處理的,只計這一情形,不計其他情形)`` give the same key.
    """
    text = collapse_ws(fold(text))
    text = _ENUM_COMMA.sub(r"\1.", text)
    text = _TRAILING.sub("", text)
    text = text.replace("，", ",").replace("：", ":")
    if text and not text.isascii():
        text = to_simplified(text)
    return text
