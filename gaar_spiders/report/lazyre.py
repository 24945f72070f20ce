"""Regular expressions compiled on their first use, for the parser's module-level patterns that
only some pages need.

Importing the parser compiled ~100 patterns; Python's ``re`` compiles in Python, and a class
of CJK characters (``[\\u4e00-\\u9fff]``) costs about a millisecond each time a pattern spells
it (the compiler walks the range one code point at a time). ``gaar parse one.html`` spent a
third of its time there, much of it on patterns a given page never reaches (a title with the
year first, a township named only by a pronoun, a notice that names the format, text pasted
without spaces). ``lazy(pattern)`` compiles such a pattern when it is first searched; after
that the pattern's methods are plain attributes, as fast as the compiled pattern's own.
"""

from __future__ import annotations

import re

#: what the parser asks of a pattern (methods, then read-only attributes)
_ATTRIBUTES = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
               "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """``re.compile(pattern, flags)``, done on the first attribute asked for."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # only reached while the attribute is missing, that is on the first use
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
