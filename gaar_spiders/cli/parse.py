"""``gaar parse FILE...``: the crawl's read step on files a user already has (``pipelines.read``),
so a file gives the report a crawl of the same bytes gives; ``--db`` stores it the way a crawl does."""

from __future__ import annotations

import sys
from pathlib import Path

from gaar_spiders.report.model import Report
from gaar_spiders.report.parse import settle_among
from gaar_spiders.status import PageStatus

from .common import print_json


def register(sub) -> None:
    p = sub.add_parser("parse", help="parse report files (HTML, text; PDF/DOCX with the attachments reader)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per file, in argument order")
    p.add_argument(
        "--db", metavar="DB",
        help="also store each file (raw bytes, report, cells, sections, checks) in this GAAR database, "
        "through the same steps as a crawl; `gaar reparse` can re-parse them later",
    )
    p.set_defaults(func=run)


def report_json(report: Report) -> dict:
    """The JSON shape of one report (documented in README, `gaar parse --json`)."""
    d = report.to_dict()
    return {
        "url": report.url,
        "report_id": d["report_id"],
        "title": report.title,
        "organ": report.organ,
        "organ_short": report.organ_short,
        "level": report.level,
        "region": report.region,
        "year": report.year,
        "template": report.template,
        "template_source": report.template_source,
        "published_on": report.published_on,
        "signed_on": report.signed_on,
        "layout": report.layout,
        "body_text": report.body_text,
        "cells": [
            {"table": c.table, "row": c.row, "col": c.col, "value": c.value, "raw": c.raw, "recovered": c.recovered,
             **({"candidates": c.candidates} if c.candidates is not None else {})}
            for c in report.cells
        ],
        "sections": [{"key": s.key, "heading": s.heading, "text": s.text} for s in report.sections],
        "checks": [{"check": c.check, "ok": c.ok, "detail": c.detail} for c in report.checks],
        "warnings": list(report.warnings),
    }


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


def _read_each(files, read):
    """``(path, read(path))`` for every readable file; an unreadable one is reported and counted."""
    results, unreadable = [], 0
    for path in files:
        try:
            results.append((path, read(path)))
        except OSError as exc:
            print(f"gaar parse: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
            unreadable += 1
    return results, unreadable


def run(args) -> int:
    if args.db:
        return run_with_db(args)
    from pipelines.files import page_item_for_file
    from pipelines.read import read_item

    results, unreadable = _read_each(args.files, lambda path: read_item(page_item_for_file(path)).report)
    settle_among([r for _, r in results])  # an office's consecutive reports given together
    if args.json:
        print_json([report_json(r) for _, r in results])
    else:
        for path, report in results:
            print(summary(path, report))
    return 1 if unreadable else 0


def run_with_db(args) -> int:
    """``gaar parse --db``: each file becomes a stored page, then a report or a failure with its reason."""
    from pipelines.files import page_item_for_file
    from pipelines.process import process_page

    from .common import open_database

    storage = open_database(args.db, "parse", write=True, create=True)
    if storage is None:
        return 2
    with storage:
        outputs, unreadable = _read_each(args.files, lambda path: process_page(storage, page_item_for_file(path)))
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
    return 1 if unreadable else 0


def _stored_json(item) -> dict:
    d = report_json(item.report) if item.report is not None else {"url": item.url, "report_id": None}
    d["stored"] = item.parse_status == PageStatus.PARSED
    d["parse_status"] = item.parse_status
    d["parse_reason"] = item.parse_error
    d["page_id"] = item.page_id
    return d
