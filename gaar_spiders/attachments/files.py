"""``gaar parse FILE``: a report file of any format from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from .limits import Limits


class UnreadableReport(Exception):
    """The file was kept in view but yields no report; ``status`` and ``reason`` say why."""

    def __init__(self, path: str, status: str, reason: str):
        super().__init__(f"{path}: {status}: {reason}")
        self.path = path
        self.status = status
        self.reason = reason


def read_report_file(path: Union[str, Path], limits: Optional[Limits] = None):
    """Parse the report in ``path`` (PDF, DOCX, DOC, WPS, HTML or text).

    The format comes from the bytes (``sniff_kind``), the name is a hint.
    Raises ``UnreadableReport`` with the status and reason when there is no
    report to give (a scan without OCR, a missing converter, a broken file).
    """
    from . import report_from_attachment

    path = Path(path)
    data = path.read_bytes()
    limits = limits or Limits.from_settings()
    report, status, reason = report_from_attachment(
        data, url=path.resolve().as_uri(), filename=path.name, limits=limits
    )
    if report is None:
        raise UnreadableReport(str(path), status, reason)
    return report
