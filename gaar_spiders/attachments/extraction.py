"""What a reader hands back: blocks for the parser, or a failure with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

#: a line of prose (``str``) or one table row of physical cells (``list[str]``)
Block = Union[str, list[str]]

STATUSES = ("ok", "needs_ocr", "unsupported", "failed", "too_large", "timeout")


@dataclass
class Extraction:
    """One attachment's content, or why there is none.

    ``status`` is ``ok`` when ``blocks`` hold the document; any other status
    leaves ``blocks`` empty (or partial) and says why in ``reason``, so the
    raw store can keep the file and record the failure instead of losing it.
    """

    status: str
    kind: str
    blocks: list[Block] = field(default_factory=list)
    reason: str = ""
    pages: Optional[int] = None
    #: True when the text came from tesseract rather than the file's own text layer
    ocr: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"Extraction.status must be one of {STATUSES}, got {self.status!r}")

    @property
    def ok(self) -> bool:
        return self.status == "ok"
