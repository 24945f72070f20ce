"""The words GAAR records a page's and a crawl's state in: one place for the code and the database.

``PageStatus`` is what reading made of a stored page (``pages.parse_status``);
``RunStatus`` is a crawl's health (``crawl_runs.status``). The database's CHECK
constraints are written from these enums (``pipelines/db.py``), the read step
sets them, storage and the crawl-health extension take them.

Adding a value here is a schema change: the CHECK constraint of a database
that already exists does not know it, so it needs an upgrade step in
``pipelines.db.UPGRADES`` too.
"""

from __future__ import annotations

from enum import Enum


class _Words(str, Enum):
    """A str enum that prints and formats as its value (``f"{PageStatus.PARSED}"`` is ``parsed``)."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class PageStatus(_Words):
    """What reading made of a fetched page or attachment."""

    PENDING = "pending"  # stored, not read yet (the process died between the two)
    PARSED = "parsed"  # a report, stored with all its rows
    FAILED = "failed"  # could not be read: parser or storage error, unreadable markup, extraction failed
    NOT_REPORT = "not_report"  # read, and the parser says it is not a report (another document)
    UNSUPPORTED = "unsupported"  # binary input with no reader for it
    NEEDS_OCR = "needs_ocr"  # a scanned attachment with no text layer (OCR is off)
    #: not a report itself (the text only links or cites it), but its report was read from an
    #: attachment it links: no failure (``pages.report_id`` names that report)
    VIA_ATTACHMENT = "via_attachment"


#: pages an incremental crawl does not fetch again: read, or waiting for a tool (OCR, a reader)
#: rather than for the portal; ``gaar reparse`` reads them again from the raw store.
#: A page that failed is fetched again: the portal may have fixed it.
DONE_STATUSES = (PageStatus.PARSED, PageStatus.NOT_REPORT, PageStatus.NEEDS_OCR, PageStatus.UNSUPPORTED,
                 PageStatus.VIA_ATTACHMENT)
#: pages that did not fail: a report, or a page whose report came from its attachment
#: (``gaar stats`` and the ``parse_failures`` view list the others, ``pending`` aside)
READ_STATUSES = (PageStatus.PARSED, PageStatus.VIA_ATTACHMENT)


class RunStatus(_Words):
    """A crawl's health, in order of precedence (see ``gaar_spiders.extensions``)."""

    RUNNING = "running"
    OK = "ok"
    DEGRADED = "degraded"
    BROKEN = "broken"
    BLOCKED = "blocked"


#: the first word of a ``degraded`` run's reason when the crawl did not finish: stopped by a
#: signal (closed by the crawl itself, or at exit) or killed (closed by the next crawl's start)
INTERRUPTED = "interrupted"
