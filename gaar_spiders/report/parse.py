"""Entry points of the parser (implementation in progress)."""

from __future__ import annotations

from typing import Optional, Sequence, Union

from .model import Report

Block = Union[str, Sequence[str]]


def parse_report(source: Union[str, bytes], url: Optional[str] = None) -> Report:
    """Parse one report given as HTML (page or fragment) or plain text. Never raises."""
    raise NotImplementedError


def parse_blocks(blocks: Sequence[Block], url: Optional[str] = None) -> Report:
    """Parse a report already split into blocks: a ``str`` is a line of prose,
    a sequence of ``str`` is one table row of cells (as a PDF/DOCX reader sees it)."""
    raise NotImplementedError
