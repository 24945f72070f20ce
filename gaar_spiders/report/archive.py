"""The metadata header of an archive dump (标题: … / 发布时间: … / 原文链接: …).

Collections of reports scraped into text files put the page's fields above the
report's text; they give the title, the date of publication and the URL that
a one-line dump has otherwise lost.
"""

from __future__ import annotations

import re

from . import templates as T
from .dates import parse_date

_FIELD = re.compile(
    r"^\s*(?P<name>" + "|".join(sorted(map(re.escape, T.ARCHIVE_FIELDS), key=len, reverse=True))
    + r")\s*[:：]\s*(?P<value>.*?)\s*$"
)
#: the header stands in the first lines
HEAD_LINES = 12


def read_header(lines: list[str]) -> tuple[dict, list[str]]:
    """(fields, the lines after the header). At least two field lines make a header;
    the title is kept as the first line of the text, where the title is looked for."""
    fields: dict = {}
    i = 0
    while i < min(len(lines), HEAD_LINES):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _FIELD.match(line)
        if not m:
            break
        name = T.ARCHIVE_FIELDS[m["name"]]
        fields.setdefault(name, m["value"])
        i += 1
    if len(fields) < 2:
        return {}, lines
    if fields.get("published_on"):
        fields["published_on"] = parse_date(fields["published_on"])
    rest = lines[i:]
    if fields.get("title"):
        rest = [fields["title"]] + rest
    return fields, rest
