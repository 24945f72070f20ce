"""The shared report parser: one report's text or HTML in, one checked Report out.

Plain Python, no Scrapy: the pipelines, the CLI and the tests all call
``parse_report`` (text or HTML) or ``parse_blocks`` (already-extracted
paragraphs and table rows, e.g. from a PDF or DOCX reader).
"""

from .model import Cell, Check, Report, Section  # noqa: F401
from .parse import parse_blocks, parse_report  # noqa: F401

__all__ = ["Cell", "Check", "Report", "Section", "parse_blocks", "parse_report"]
