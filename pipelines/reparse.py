"""Re-running the current parser over the raw pages already stored, without the network,
and saying what changed: reports gained or lost, cells changed, checks changed.

The pages go through the same steps as in a crawl (read → store: ``pipelines.process``). A report whose pages now give another body (another report_id) is
replaced: the old row goes once no page leads to it. A report a corrected page superseded stays
superseded (``superseded_by``): each URL's current report is the one its latest body gives.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable, Optional

from gaar_spiders.status import PageStatus

from .process import process_page
from .years import recheck_all
from .storage import Storage, batches


@dataclass
class CellChange:
    report_id: str
    key: str  # table/row/col
    before: Optional[tuple]  # (value, raw), (value, raw, candidates) when unsettled, or None when the cell is new
    after: Optional[tuple]  # None when the cell is gone


@dataclass
class CheckChange:
    report_id: str
    check: str
    before: Optional[bool]
    after: Optional[bool]
    detail: str


@dataclass
class ReparseSummary:
    pages: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    reports_before: int = 0
    reports_after: int = 0
    reports_gained: list[str] = field(default_factory=list)
    reports_lost: list[str] = field(default_factory=list)
    pages_newly_failing: list[tuple[int, str, str]] = field(default_factory=list)  # page_id, status, reason
    cell_changes: list[CellChange] = field(default_factory=list)
    check_changes: list[CheckChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.reports_gained or self.reports_lost or self.cell_changes or self.check_changes
                    or self.pages_newly_failing)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["changed"] = self.changed
        return d


def _compare(summary: ReparseSummary, old_id: str, new_id: str, before: dict, after: dict) -> None:
    """Cells and checks of one report as it was (``old_id``) and is (``new_id``)."""
    old_cells, new_cells = before[old_id]["cells"], after[new_id]["cells"]
    for key in sorted(set(old_cells) | set(new_cells)):
        a, b = old_cells.get(key), new_cells.get(key)
        if a != b:
            summary.cell_changes.append(CellChange(new_id, "/".join(key), a, b))
    old_checks, new_checks = before[old_id]["checks"], after[new_id]["checks"]
    for key in sorted(set(old_checks) | set(new_checks), key=lambda k: (k[0], k[1])):
        a, b = old_checks.get(key), new_checks.get(key)
        if a != b:
            summary.check_changes.append(CheckChange(
                new_id, key[0],
                None if a is None or a[0] is None else bool(a[0]),
                None if b is None or b[0] is None else bool(b[0]),
                (b or a)[1],
            ))


def _count(summary: ReparseSummary, page, pid: int, old_status: dict, new_links: dict) -> None:
    """What re-reading ``page`` came to, into the summary."""
    status = str(page.parse_status or PageStatus.FAILED)
    summary.statuses[status] = summary.statuses.get(status, 0) + 1
    new_links[pid] = page.report.report_id if status == PageStatus.PARSED and page.report is not None else None
    if status != PageStatus.PARSED and old_status[pid] == PageStatus.PARSED:
        summary.pages_newly_failing.append((pid, status, page.parse_error or ""))


def reparse(
    storage: Storage,
    *,
    since: Optional[str] = None,
    progress: Optional[Callable[[int, int], None]] = None,
) -> ReparseSummary:
    """Re-parse every stored page fetched on or after ``since`` (all pages if None)."""
    page_ids = storage.page_ids(since=since)
    summary = ReparseSummary(pages=len(page_ids))
    ids_before = storage.report_ids()
    summary.reports_before = len(ids_before)
    old_links: dict[int, Optional[str]] = {}
    old_status: dict[int, str] = {}
    new_links: dict[int, Optional[str]] = {}
    for pid in page_ids:
        page = storage.load_page(pid)
        old_links[pid], old_status[pid] = page.report_id, page.parse_status
    before = storage.report_snapshot(r for r in old_links.values() if r)

    batch = batches.from_settings(storage)  # group commits, as a crawl's; the open batch is committed however the loop ends
    try:
        for n, pid in enumerate(page_ids, 1):
            with batch.item():
                page = storage.load_page(pid)
                process_page(storage, page, already_stored=True)
                if page.parse_status == PageStatus.PARSED:
                    batch.add_reports()
            _count(summary, page, pid, old_status, new_links)
            if progress:
                progress(n, len(page_ids))
    finally:
        batch.close()

    old_ids = {r for r in old_links.values() if r}
    new_ids = {r for r in new_links.values() if r}
    summary.reports_lost = storage.prune_reports(old_ids - new_ids)
    storage.settle_all_current()  # each URL's current report, after pages re-read in any order and pruning
    recheck_all(storage)  # offices whose reports were pruned or moved: their pairs again
    ids_after = storage.report_ids()
    summary.reports_after = len(ids_after)
    summary.reports_gained = sorted(new_ids - ids_before)

    after = storage.report_snapshot(new_ids)
    pairs = sorted({(old_links[p], new_links[p]) for p in page_ids if old_links[p] and new_links[p]})
    for old_id, new_id in pairs:
        _compare(summary, old_id, new_id, before, after)
    return summary


def describe(summary: ReparseSummary, *, verbose: bool = False, limit: int = 20) -> str:
    """The summary as a person reads it."""
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items())) or "nothing"
    cell_reports = len({c.report_id for c in summary.cell_changes})
    check_reports = len({c.report_id for c in summary.check_changes})
    lines = [
        f"re-parsed {summary.pages} page(s): {statuses}",
        f"reports: {summary.reports_before} before, {summary.reports_after} after "
        f"({len(summary.reports_gained)} gained, {len(summary.reports_lost)} lost)",
        f"cells changed: {len(summary.cell_changes)} in {cell_reports} report(s)",
        f"checks changed: {len(summary.check_changes)} in {check_reports} report(s)",
    ]
    if summary.pages_newly_failing:
        lines.append(f"pages that parsed before and do not now: {len(summary.pages_newly_failing)}")
    if not summary.changed:
        lines.append("nothing changed")
    if verbose or summary.changed:
        shown = limit if not verbose else None
        lines += [f"  gained {r}" for r in summary.reports_gained[:shown]]
        lines += [f"  lost   {r}" for r in summary.reports_lost[:shown]]
        lines += [f"  page {p} now {s}: {r}" for p, s, r in summary.pages_newly_failing[:shown]]
        lines += [
            f"  check {c.report_id} {c.check}: {_ok(c.before)} -> {_ok(c.after)}" for c in summary.check_changes[:shown]
        ]
        lines += [
            f"  cell  {c.report_id} {c.key}: {_cell(c.before)} -> {_cell(c.after)}" for c in summary.cell_changes[:shown]
        ]
        hidden = sum(max(0, len(x) - limit) for x in (summary.check_changes, summary.cell_changes)) if not verbose else 0
        if hidden:
            lines.append(f"  … {hidden} more (use --verbose)")
    return "\n".join(lines)


def _ok(v: Optional[bool]) -> str:
    return {True: "ok", False: "FAILED", None: "n/a"}[v]


def _cell(v: Optional[tuple]) -> str:
    if v is None:
        return "(none)"
    open_ = f" one of {v[2]}" if len(v) > 2 and v[2] else (" (not in the text)" if len(v) > 2 else "")
    return f"{v[0]!r} [{v[1]}]{open_}"
