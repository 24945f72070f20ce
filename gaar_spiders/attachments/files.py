"""Report files from disk or bytes in any format: what ``gaar parse FILE`` calls.

``gaar_spiders.report.sources.read_report_file`` hands files here when this
package is installed. The contract is the parser's: never raise for a bad
file; a file that yields no report gives a Report whose
``report.recognised`` check is false and says the status and reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from gaar_spiders.report.model import Check, Report

from .limits import Limits

RECOGNISED = "report.recognised"


def unread_report(url: Optional[str], status: str, reason: str) -> Report:
    """The record of an attachment that yields no report: kept, with why."""
    from gaar_spiders.report.checks import run_checks

    why = f"attachment {status}: {reason}"
    report = Report(url=url)
    report.warnings.append(why)
    report.checks = [Check(RECOGNISED, False, why)] + [
        Check(c.check, None, "not computed: " + why) for c in run_checks(report)
    ]
    return report


def read_report_bytes(
    data: bytes, *, url: Optional[str] = None, filename: Optional[str] = None,
    content_type: Optional[str] = None, limits: Optional[Limits] = None,
) -> Report:
    """Any report file's bytes → Report (PDF, DOCX, DOC, WPS through the readers; HTML, text as such)."""
    from . import report_from_attachment

    limits = limits or Limits.from_settings()
    report, status, reason = report_from_attachment(
        data, url=url, filename=filename, content_type=content_type, limits=limits
    )
    return report if report is not None else unread_report(url, status, reason)


def read_report_file(path: Union[str, Path], limits: Optional[Limits] = None) -> Report:
    """The report in ``path``; the format comes from the bytes, the name is a hint. Raises only OSError."""
    path = Path(path)
    return read_report_bytes(path.read_bytes(), url=path.resolve().as_uri(), filename=path.name, limits=limits)
