"""GAAR's settings where Scrapy is not running: the same names and defaults as a crawl's.

Every ``GAAR_*`` setting has its default, and why, in ``gaar_spiders/settings.py``.
A crawl reads them from Scrapy's settings: those defaults, overridden with
``-s NAME=…`` (or scrapyd's ``setting=``). ``gaar parse``, ``gaar reparse`` and
the other commands run without Scrapy and read them here: the same defaults,
overridden by an environment variable of the same name (``GAAR_OCR=1 gaar
reparse --db …``).
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional

from gaar_spiders import settings as defaults


def setting(name: str, settings: Optional[Mapping[str, Any]] = None) -> Any:
    """GAAR setting ``name``: from a crawl's ``settings`` when given (Scrapy's, or any mapping
    holding it), else the environment (a string), else the default in settings.py."""
    if not hasattr(defaults, name):
        raise KeyError(f"{name} is not a GAAR setting (gaar_spiders/settings.py)")
    if settings is not None and name in settings:
        return settings[name]
    from_environment = os.environ.get(name)
    if from_environment not in (None, ""):
        return from_environment
    return getattr(defaults, name)
