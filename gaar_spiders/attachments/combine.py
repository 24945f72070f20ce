"""A report page and its attachments, as the reports they carry.

Offices publish the report as a page, as an attachment, or as both: a page
that says "详见附件" over a PDF, or the full text with a Word copy attached.
A page and an attachment that carry the same report (same statistics year,
same office where both name one) are one report: the tables come from
whichever source carries more of them, the metadata each lacks from the
other, and every source is listed. An attachment that carries another
report (a department's, another year's) stays a report of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from gaar_spiders.report.model import Report
from gaar_spiders.report.normalize import label_key

#: fields a combined report takes from another source when its own is empty
_METADATA = ("title", "organ", "region", "year", "template", "published_on", "signed_on")


@dataclass
class Source:
    """One fetched file that went into a report."""

    url: Optional[str]
    kind: str  # 'page' | 'attachment'
    status: str = "ok"  # the attachment's extraction status; 'ok' for a parsed page
    reason: str = ""
    report: Optional[Report] = None


@dataclass
class Combined:
    report: Report
    #: every source that carries this report, page first
    sources: list[Source] = field(default_factory=list)
    #: the source whose tables the report has
    table_source: Optional[Source] = None


def same_report(a: Report, b: Report) -> bool:
    """Same statistics year, and the same office where both name one.

    Without a year on one side, only a source without tables (a stub page,
    "详见附件") is taken for the other's.
    """
    if a.year is not None and b.year is not None:
        if a.year != b.year:
            return False
        if a.organ and b.organ:
            ka, kb = label_key(a.organ), label_key(b.organ)
            return ka == kb or ka in kb or kb in ka  # 区民政局 / 某某区民政局
        return True
    return not a.cells or not b.cells


def _richness(source: Source) -> tuple[int, int]:
    report = source.report
    return (len([c for c in report.cells if c.value is not None or c.raw]), 1 if source.kind == "page" else 0)


def combine(page: Optional[Source], attachments: list[Source]) -> list[Combined]:
    """The reports a page and its attachments carry; unreadable attachments are
    listed on the page's report (kept, with their status), never dropped."""
    groups: list[list[Source]] = []
    page_group: Optional[list[Source]] = None
    if page is not None and page.report is not None:
        page_group = [page]
        groups.append(page_group)
    unread: list[Source] = []
    for attachment in attachments:
        if attachment.report is None:
            unread.append(attachment)
            continue
        home = None
        for group in groups:
            if all(same_report(s.report, attachment.report) for s in group if s.report is not None):
                home = group
                break
        if home is None:
            groups.append([attachment])
        else:
            home.append(attachment)
    if unread:
        if page_group is not None:
            page_group.extend(unread)
        elif page is not None:
            groups.insert(0, [page, *unread])
    return [_merge(group) for group in groups if any(s.report is not None for s in group)]


def _merge(group: list[Source]) -> Combined:
    readable = [s for s in group if s.report is not None]
    best = max(readable, key=_richness)
    report = replace(best.report, warnings=list(best.report.warnings))
    for other in readable:
        if other is best:
            continue
        for name in _METADATA:
            if getattr(report, name) in (None, "") and getattr(other.report, name) not in (None, ""):
                setattr(report, name, getattr(other.report, name))
    if len(group) > 1:
        listed = ", ".join(f"{s.kind} {s.url or '?'} ({s.status})" for s in group)
        report.warnings.append(f"sources: {listed}; tables from {best.kind} {best.url or '?'}")
    return Combined(report=report, sources=list(group), table_source=best)
