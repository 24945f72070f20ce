"""``gaar discover URL``: what GAAR sees on a portal, for people adding it to the registry.

Crawls only the list pages of the portal (real Scrapy, the same spider and
adapters as a crawl, no report page fetched, nothing stored) and prints the
CMS family detected, the 年报 column(s) and their sub-columns, each walk's
pagination plan with the pages declared and fetched, the reports found per
column with three sample titles, and a registry entry to paste into
``gaar_spiders/portals/registry.json``. alltheplaces' storefinder detector is
the model.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from typing import Any, Optional
from urllib.parse import urlsplit


def register(sub) -> None:
    p = sub.add_parser("discover", help="detect a portal's CMS family, 年报 columns and pagination; print a "
                                        "registry entry")
    p.add_argument("url", metavar="URL", help="the portal's home page, a 政务公开 page or the 年报 column")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                   help="a Scrapy/GAAR setting for the crawl, e.g. -s GAAR_HOST_MAP='{\"www.x.gov.cn\": \"127.0.0.1:8001\"}'")

    def one_line_error(message: str) -> None:
        print(f"gaar discover: {message}", file=sys.stderr)
        sys.exit(2)

    p.error = one_line_error  # wrong arguments: one line, not argparse's usage block
    p.set_defaults(func=run)


def _discover_spider():
    from gaar_spiders.spiders.portal import PortalSpider

    class DiscoverSpider(PortalSpider):
        """The portal spider reading lists only; it remembers the start page's identity."""

        name = "discover"
        lists_only = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.identity: dict[str, Optional[str]] = {}

        def parse_entry(self, response, depth: int = 0, role: str = "start"):
            if depth == 0 and not self.identity and self._is_html(response):
                from gaar_spiders.spiders.portal import list_page

                page = list_page(response)
                title = page.selector.xpath("//title/text()").get() or ""
                self.identity = {"site_name": page.meta("SiteName") or title.strip() or None,
                                 "site_id_code": page.meta("SiteIDCode")}
            yield from super().parse_entry(response, depth, role)

    return DiscoverSpider


def settings_for(overrides: list[str]):
    from scrapy.settings import Settings

    from gaar_spiders import settings as project_settings

    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict({"ITEM_PIPELINES": {}, "GAAR_HEALTH_ENABLED": False, "LOG_LEVEL": "ERROR",
                      "TELNETCONSOLE_ENABLED": False, "LOG_INSTALL_ROOT_HANDLER": False}, priority="cmdline")
    for pair in overrides:
        if "=" not in pair:
            raise ValueError(f"-s takes NAME=VALUE, got {pair!r}")
        name, value = pair.split("=", 1)
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def _crawl(url: str, overrides: list[str]):
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings_for(overrides))
    crawler = process.create_crawler(_discover_spider())
    process.crawl(crawler, url=url)
    process.start()
    return crawler


def findings(spider, stats: dict) -> dict[str, Any]:
    """What the walks found, as data (printed as text or JSON)."""
    walks = list(spider.walker.walks.values())
    columns = []
    for walk in walks:
        if walk.parent is None and (walk.reports_listed or walk.is_column or walk.sub_columns):
            columns.append(_column(walk, spider.walker.walks))
    adapters = Counter()
    for w in walks:  # the family that listed the most reports (any adapter that read a walk, if none did)
        adapters[w.adapter] += w.reports_listed
    adapters = Counter({a: n for a, n in adapters.items() if n}) or Counter(w.adapter for w in walks if w.adapter)
    family = adapters.most_common(1)[0][0] if adapters else None
    failures = {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("gaar/failed/")}
    return {
        "url": spider.start_urls[0],
        "family": family,
        "reports_found": int(stats.get("gaar/reports_found", 0)),
        "list_pages_fetched": sum(w.pages_fetched for w in walks),
        "hosts": sorted(spider.allowed_domains),
        "columns": columns,
        "failures": failures,
        "registry_entry": registry_entry(spider, family, columns),
    }


def _column(walk, walks: dict) -> dict:
    d = walk.summary()
    d.pop("sub_columns")
    d["sub_columns"] = [_column(walks[u], walks) for u in walk.sub_columns if u in walks]
    d["reports_in_tree"] = d["reports_listed"] + sum(s["reports_in_tree"] for s in d["sub_columns"])
    return d


def registry_entry(spider, family: Optional[str], columns: list[dict]) -> dict:
    """A ready entry for gaar_spiders/portals/registry.json (region to be filled in by hand)."""
    url = spider.start_urls[0]
    host = urlsplit(url).hostname or ""
    labels = [p for p in host.split(".") if p not in ("www", "gov", "cn", "com", "org", "net", "zwgk", "xxgk")]
    name = re.sub(r"[^a-z0-9_]", "_", (labels[0] if labels else "portal").lower())
    name = name if re.match(r"^[a-z]", name) else "p_" + name
    identity = getattr(spider, "identity", {}) or {}
    site_id = identity.get("site_id_code") or ""
    root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/"
    with_reports = [c["url"] for c in columns if c["reports_in_tree"] and c["url"] != root]
    code, region, why = _division_of(site_id)
    entry = {
        "name": name[:32],
        "organ": identity.get("site_name") or "TODO: the government's name",
        "region": region or "TODO: province … county",
        "division_code": code or "000000",
        "root_url": root,
        "column_urls": with_reports,
        "cms": family or "unknown",
        "encoding": None,
        "politeness": {},
        "obey_robots": True,
        "note": f"Found by gaar discover {url}" + (f"; SiteIDCode {site_id}" if site_id else
                                                    "; no SiteIDCode meta: check division_code")
                + (f" ({why})" if why else ""),
    }
    return entry


def _division_of(site_id: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(today's code, its full name, what to check) from a SiteIDCode: a stale code is mapped
    forward (新津 5101320017 → 510118); a code in no list (a development zone's own) gives none."""
    from gaar_spiders.divisions import load, site_id_prefix

    prefix = site_id_prefix(site_id)
    if not prefix:
        return None, None, None
    tables = load()
    code, why = tables.forward(prefix)
    if not code:
        return None, None, f"its prefix {why}: check division_code"
    note = f"its prefix {prefix} is today's {code}" if code != prefix else None
    return code, tables.full_name(code), note


def render(f: dict) -> str:
    lines = [f"portal: {f['url']}", f"family: {f['family'] or 'none recognised'}",
             f"hosts: {', '.join(f['hosts'])}",
             f"reports found: {f['reports_found']} on {f['list_pages_fetched']} list page(s)"]
    if not f["columns"]:
        lines.append("no 年报 column found")

    def column(c: dict, indent: str) -> None:
        declared = c["declared_pages"] if c["declared_pages"] is not None else "not printed"
        lines.append(f"{indent}column {c['url']}  [{c['adapter'] or '?'}]")
        lines.append(f"{indent}  pagination: {c['plan'] or 'one page'}; pages declared {declared}, "
                     f"fetched {c['pages_fetched']}"
                     + (f"; records declared {c['declared_records']}, listed {c['records_listed']}"
                        if c["declared_records"] else ""))
        lines.append(f"{indent}  reports: {c['reports_listed']}" + (f" (+{c['skipped']} other documents skipped)"
                                                                   if c["skipped"] else "")
                     + (f"; walk stopped: {c['stopped']}" if c["stopped"] else ""))
        for title in c["samples"]:
            lines.append(f"{indent}    · {title}")
        for sub in c["sub_columns"]:
            column(sub, indent + "  ")

    for c in f["columns"]:
        column(c, "")
    if f["failures"]:
        lines.append("failed requests: " + ", ".join(f"{k} {v}" for k, v in sorted(f["failures"].items())))
    lines.append("registry entry (fill in region; check organ and division_code):")
    lines.append(json.dumps(f["registry_entry"], ensure_ascii=False, indent=2))
    return "\n".join(lines)


def run(args) -> int:
    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        print(f"gaar discover: URL must be an absolute http(s) URL, got {args.url!r}", file=sys.stderr)
        return 2
    try:
        settings_for(args.set)
    except ValueError as exc:
        print(f"gaar discover: {exc}", file=sys.stderr)
        return 2
    crawler = _crawl(args.url, args.set)
    f = findings(crawler.spider, crawler.stats.get_stats())
    try:
        if args.json:
            json.dump(f, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            print(render(f))
        sys.stdout.flush()
    except BrokenPipeError:  # piped into head
        sys.stdout = None
        return 0
    return 0 if f["reports_found"] else 1
