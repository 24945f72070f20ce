"""``gaar parse FILE...``: the crawl's read step on files a user already has (``pipelines.read``),
so a file gives the report a crawl of the same bytes gives; ``--db`` stores it the way a crawl does."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gaar_spiders.machine import usable_cores
from gaar_spiders.status import PageStatus

from .common import print_json

if TYPE_CHECKING:  # the parser is imported when a file is read, not when `gaar --help` lists the commands
    from gaar_spiders.report.model import Report


def register(sub) -> None:
    p = sub.add_parser("parse", help="parse report files (HTML, text; PDF/DOCX with the attachments reader)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON array, one object per file, in argument order")
    output.add_argument("--jsonl", action="store_true",
                        help="print one JSON object per line as each file is read (for many files, or a pipe)")
    p.add_argument("--workers", type=_workers, default=None, metavar="N",
                   help="read the files in N processes (default: the cores this process may use; 1 reads them "
                   "one after another). Output stays in argument order")
    p.add_argument(
        "--db", metavar="DB",
        help="also store each file (raw bytes, report, cells, sections, checks) in this GAAR database, "
        "through the same steps as a crawl; `gaar reparse` can re-parse them later",
    )
    p.set_defaults(func=run)


def _workers(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a number of processes such as 2, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"takes 1 or more processes, got {value}")
    return value


def report_json(report: Report) -> dict:
    """The JSON shape of one report (documented in README, `gaar parse --json`)."""
    return report.to_json_dict()


def _open(report: Report) -> str:
    n = sum(1 for c in report.cells if c.candidates is not None)
    return f" ({n} open)" if n else ""


def summary(path: Path, report: Report) -> str:
    failed = report.failed_checks
    unknown = [c for c in report.checks if c.ok is None]
    office = report.organ or "(organ not found)"
    if report.level:
        office += f" ({report.level})"
    template = report.template or "?"
    if report.template_source in ("notice", "labels"):
        template += f" (from the {'cited notice' if report.template_source == 'notice' else 'labels'})"
    lines = [
        f"{path}: {office} · {report.year or '(year?)'} · published {report.published_on or '?'} · "
        f"template {template} · {len(report.cells)} cells{_open(report)} · "
        f"{len(failed)} failed check(s), {len(unknown)} not computable"
    ]
    for c in failed:
        lines.append(f"  FAIL {c.check}: {c.detail}")
    return "\n".join(lines)


#: statuses of a file ``gaar parse`` could not read (its exit status is 1): a reader failed or is
#: missing (a .doc without LibreOffice), the file is empty, or a scan waits for OCR
UNREAD = (PageStatus.FAILED, PageStatus.UNSUPPORTED, PageStatus.NEEDS_OCR)


class Tally:
    """What ``gaar parse`` made of its files, for its exit status and last line."""

    def __init__(self) -> None:
        self.files = self.reports = self.not_reports = self.missing = 0
        self.unread: dict[str, int] = {}

    def add(self, status) -> None:
        self.files += 1
        if status == PageStatus.PARSED:
            self.reports += 1
        elif status in UNREAD:
            self.unread[str(status)] = self.unread.get(str(status), 0) + 1
        else:
            self.not_reports += 1

    def cannot_open(self) -> None:
        self.files += 1
        self.missing += 1

    @property
    def failed(self) -> int:
        return self.missing + sum(self.unread.values())

    def line(self) -> str:
        kinds = ", ".join(f"{n} {s}" for s, n in sorted(self.unread.items()))
        if self.missing:
            kinds = ", ".join(filter(None, [f"{self.missing} cannot be opened", kinds]))
        return (f"gaar parse: {self.files} file(s): {self.reports} report(s), {self.not_reports} not a report, "
                f"{self.failed} could not be read" + (f" ({kinds})" if kinds else ""))


#: fewer files than this are read in this process: starting the worker processes (importing
#: multiprocessing, forking) costs more than a few files' reading
POOL_FROM_FILES = 8


def _read_each(files, read, tally: Tally, emit=None, workers: int = 1):
    """``(path, read(path))`` for every file that opens, each counted in ``tally`` (``read``
    returns something with ``parse_status``/``status``); ``emit(path, result)`` as each is read.
    With ``workers`` > 1 the files are read in that many processes (``pipelines.readfiles``),
    the results still taken in argument order."""
    results = []
    if workers > 1 and len(files) >= POOL_FROM_FILES:
        from pipelines.readfiles import read_in_processes

        each = read_in_processes(files, read, workers)
    else:
        each = ((path, _attempt(read, path)) for path in files)
    for path, result in each:
        if isinstance(result, OSError):
            print(f"gaar parse: cannot read {path}: {result.strerror or result}", file=sys.stderr)
            tally.cannot_open()
            continue
        tally.add(getattr(result, "parse_status", None) or getattr(result, "status", None))
        if emit is not None:
            emit(path, result)
        else:
            results.append((path, result))
    return results


def _attempt(read, path):
    """``read(path)``, or the OSError that kept the file from being opened."""
    try:
        return read(path)
    except OSError as exc:
        return exc


def read_file(path: Path, limits=None):
    """The read step on one file: its ``Outcome`` (status and report)."""
    from pipelines.files import page_item_for_file
    from pipelines.read import read_item

    return read_item(page_item_for_file(path), limits=limits)


def _jsonl(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _finish(tally: Tally) -> int:
    if tally.failed or tally.files > 1:
        print(tally.line(), file=sys.stderr)
    return 1 if tally.failed else 0


def run(args) -> int:
    if args.db:
        return run_with_db(args)
    from gaar_spiders.report.parse import settle_among

    tally = Tally()
    workers = args.workers or usable_cores()
    if args.jsonl:  # one record a line as each file is read (no settling across files: docs/parser.md)
        _read_each(args.files, read_file, tally, emit=lambda path, outcome: _jsonl(report_json(outcome.report)),
                   workers=workers)
        return _finish(tally)
    results = [(path, outcome.report) for path, outcome in _read_each(args.files, read_file, tally, workers=workers)]
    settle_among([r for _, r in results])  # an office's consecutive reports given together
    if args.json:
        print_json([report_json(r) for _, r in results])
    else:
        for path, report in results:
            print(summary(path, report))
    return _finish(tally)


def run_with_db(args) -> int:
    """``gaar parse --db``: each file becomes a stored page, then a report or a failure with its reason."""
    from pipelines.files import page_item_for_file
    from pipelines.process import process_page
    from pipelines.storage import batches

    from .common import open_database

    storage = open_database(args.db, "parse", write=True, create=True)
    if storage is None:
        return 2
    tally = Tally()
    with storage:
        batch = batches.from_settings(storage)  # group commits, as a crawl's (GAAR_COMMIT_*)

        def store(path):
            with batch.item():
                item = process_page(storage, page_item_for_file(path))
                if item.parse_status == PageStatus.PARSED:
                    batch.add_reports()
            return item

        def emit(path, item):  # a line that says "stored" is printed once its record is committed
            batch.commit()
            _jsonl(_stored_json(item))

        try:
            if args.jsonl:
                _read_each(args.files, store, tally, emit=emit)
                return _finish(tally)
            outputs = _read_each(args.files, store, tally)
        finally:
            batch.close()  # however it ends (Ctrl-C too): what was stored is kept
    if args.json:
        print_json([_stored_json(item) for _, item in outputs])
    else:
        for path, item in outputs:
            if item.report is not None:
                print(summary(path, item.report))
            if item.parse_status == PageStatus.PARSED:
                print(f"  stored in {args.db} as report {item.report.report_id}")
            else:
                print(f"{path}: not stored as a report ({item.parse_status}: {item.parse_error})")
    return _finish(tally)


def _stored_json(item) -> dict:
    d = report_json(item.report) if item.report is not None else {"url": item.url, "report_id": None}
    d["stored"] = item.parse_status == PageStatus.PARSED
    d["parse_status"] = item.parse_status
    d["parse_reason"] = item.parse_error
    d["page_id"] = item.page_id
    return d
