"""The same office across years, around the store step: a report is identified (division_code,
organ_key) before it is stored, and its office's cross-year checks are run again after.

Running them again for the whole office after every store is what makes them idempotent and
keeps them right when either report of a pair changes, when a report between two others
appears (the pair splits into two), or when a report moves to another office (both offices
are checked again). An office has a handful of reports, so this costs a few queries.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable, Optional

from gaar_spiders.divisions import with_identity
from gaar_spiders.report.crossyear import check_chain

from .storage import Storage

logger = logging.getLogger(__name__)


def identify(report: Any, hints: Optional[dict] = None, page_meta: Optional[dict] = None) -> Any:
    """Give a parsed report its division_code and organ_key (``gaar_spiders/divisions``). A resolver
    error never costs the report: it is stored without them, the error as its division_reason."""
    try:
        return with_identity(report, hints, page_meta)
    except Exception as exc:
        logger.exception("could not identify the office of %s", getattr(report, "url", None))
        report.division_code = report.organ_key = report.division_source = None
        report.division_reason = f"identify: {type(exc).__name__}: {exc}"[:500]
        return report


def recheck(storage: Storage, organ_keys: Iterable[Optional[str]]) -> int:
    """Run the cross-year checks of these offices again and store them; returns the rows written.
    An office whose checks fail to run is logged and left as it was (the report is stored)."""
    written = 0
    for key in sorted({k for k in organ_keys if k}):
        try:
            written += storage.replace_cross_year(key, check_chain(storage.office_snapshots(key)))
        except Exception:
            logger.exception("could not check office %s across years", key)
    return written


def recheck_all(storage: Storage) -> int:
    """Every office's cross-year checks again (``gaar reparse``), after dropping rows whose reports
    are no longer the same office."""
    storage.drop_stale_cross_year()
    return recheck(storage, storage.organ_keys())
