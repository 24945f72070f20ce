"""``gaar stats --db FILE``: what a GAAR database holds, at a glance."""

from __future__ import annotations

from .common import ask, print_json


def register(sub) -> None:
    p = sub.add_parser("stats", help="reports, organs, years, templates, failed checks, pages that failed to parse")
    p.add_argument("--db", required=True, metavar="FILE", help="GAAR database")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=run)


def _counts(pairs) -> str:
    return ", ".join(f"{k if k is not None else '(none)'}: {n}" for k, n in pairs) or "none"


def render(s: dict) -> str:
    lines = [
        f"database: {s['path']} (schema version {s['schema_version']})",
        f"reports: {s['reports']}" + (f" (and {s['reports_superseded']} superseded by a corrected page)"
                                      if s.get("reports_superseded") else ""),
        f"organs: {s['organs']}" + (f" ({s['reports_without_organ']} report(s) without organ)" if s["reports_without_organ"] else ""),
        f"years: {_counts(s['years'])}",
        f"templates: {_counts(s['templates'])}",
        f"reports with failed checks: {s['reports_with_failed_checks']}",
        f"failed checks (reports): {_counts(s['failed_checks'])}",
        f"pages: {s['pages']} ({_counts(s['page_statuses'])})",
    ]
    if s["pages_not_parsed"]:
        lines.append("pages that failed to parse:")
        lines += [f"  [{p['status']}] {p['url']}: {p['reason'] or ''}" for p in s["pages_not_parsed"]]
    if s["failures"]:
        lines.append(f"fetch failures: {_counts(s['failures'])}")
    if s["crawl_runs"]:
        lines.append("latest crawl runs:")
        lines += [
            f"  {r['run_id']} {r['spider']} {r['started_at']} {r['status']}"
            + (f" ({r['reason']})" if r["reason"] else "")
            for r in s["crawl_runs"]
        ]
    return "\n".join(lines)


def run(args) -> int:
    figures = ask(args.db, "stats", lambda reader: reader.stats())
    if figures is None:
        return 2
    if args.json:
        print_json(figures)
    else:
        print(render(figures))
    return 0
