"""Report metadata against gold, by the metadev scoring rule.

Answers and gold are compared after NFKC normalisation, Traditional →
Simplified (OpenCC ``t2s``) and removal of all whitespace. ``organ`` is right
when it equals the gold ``organ``, an ``organ_alt`` or ``organ_short``, or lies
between them (contains ``organ_short`` and is contained in ``organ`` or an
``organ_alt``). ``year``, ``publish_date`` and ``template`` must be equal. A
field whose gold value is null is not scored. An organ that is a pronoun
(我镇, 我局 …) is counted apart: it is never right, whatever the gold says.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Optional

from gaar_spiders.report import templates as T
from gaar_spiders.report.normalize import to_simplified

#: gold key → the Report attribute holding the parser's answer, in the order they are printed
FIELDS = (
    ("organ", "organ"),
    ("year", "year"),
    ("publish_date", "published_on"),
    ("template", "template"),
    ("organ_short", "organ_short"),
    ("level", "level"),
    ("signed_date", "signed_on"),
)
_WS = re.compile(r"\s+")
_PRONOUN = re.compile("^(?:" + "|".join(map(re.escape, T.ORGAN_PRONOUNS)) + ")")


def fold(value: Any) -> Optional[str]:
    """The comparison form: NFKC, Simplified, no whitespace; None stays None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value))
    return _WS.sub("", to_simplified(text))


def is_pronoun(organ: Optional[str]) -> bool:
    """An organ that is only a self-reference (我镇, 我局, 本机关 …), never an office's name."""
    folded = fold(organ)
    return bool(folded) and bool(_PRONOUN.match(folded))


def organ_right(answer: Optional[str], gold: dict) -> bool:
    a = fold(answer)
    if not a or is_pronoun(a):
        return False
    full = [fold(gold.get("organ"))] + [fold(x) for x in _alts(gold)]
    full = [f for f in full if f]
    short = fold(gold.get("organ_short"))
    if a in full or (short and a == short):
        return True
    return bool(short) and short in a and any(a in f for f in full)


def _alts(gold: dict) -> list:
    alt = gold.get("organ_alt")
    if alt is None:
        return []
    return list(alt) if isinstance(alt, (list, tuple)) else [alt]


@dataclass
class FieldScore:
    """One field of one item: ``right`` is None when the gold value is null (not scored)."""

    item: str
    field: str
    gold: Any
    answer: Any
    right: Optional[bool]


def score_item(item_id: str, gold: dict, report) -> list[FieldScore]:
    """Every field the gold file carries, scored for one parsed report."""
    scores = []
    for gold_key, attr in FIELDS:
        if gold_key not in gold:
            continue
        answer = getattr(report, attr, None)
        expected = gold.get(gold_key)
        if expected is None:
            right = None
        elif gold_key == "organ":
            right = organ_right(answer, gold)
        elif gold_key == "year":
            right = answer is not None and int(answer) == int(expected)
        else:
            right = fold(answer) == fold(expected)
        scores.append(FieldScore(item_id, gold_key, expected, answer, right))
    return scores
