"""Reading a report file a user already has: bytes in, the right reader chosen."""

from __future__ import annotations

from pathlib import Path

from .model import Report
from .parse import parse_report


def read_report_file(path: Path) -> Report:
    """Parse a local file; PDF/DOCX/DOC go to the attachments reader when it is installed.

    Raises OSError only when the file cannot be read.
    """
    data = Path(path).read_bytes()
    url = Path(path).resolve().as_uri()
    try:
        from gaar_spiders.attachments import files as attachment_files
    except ImportError:
        attachment_files = None
    if attachment_files is not None:
        return attachment_files.read_report_bytes(data, url=url, filename=Path(path).name)
    return parse_report(data, url=url)
