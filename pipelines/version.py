"""Which parser made a stored report: a version string that changes when the parser does.

``reports.parser_version`` lets people (and ``gaar reparse``) tell rows made by
an older parser. It is the parser's declared version, if it has one, plus a
short hash of the parser's source files, read with importlib.resources so it
also works from an egg.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

PARSER_PACKAGE = "gaar_spiders.report"


def _source_digest(package: str) -> str:
    digest = hashlib.sha256()

    def walk(node, prefix=""):
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir() and child.name != "__pycache__":
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".py"):
                digest.update(f"{prefix}{child.name}".encode())
                digest.update(child.read_bytes())

    walk(resources.files(package))
    return digest.hexdigest()[:10]


@lru_cache(maxsize=None)
def parser_version() -> str:
    import gaar_spiders.report as report
    import gaar_spiders.report.parse as entry

    declared = getattr(report, "PARSER_VERSION", None) or getattr(entry, "PARSER_VERSION", None) or "0"
    try:
        return f"{declared}+{_source_digest(PARSER_PACKAGE)}"
    except (OSError, TypeError, AttributeError):  # a loader without file access
        return str(declared)
