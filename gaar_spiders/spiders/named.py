"""One spider per registry entry (``scrapy crawl jinghe``), generated from data.

Each is the generic PortalSpider with its portal: start URLs, allowed hosts,
hints (organ, region, division code) and politeness overrides as
``custom_settings``.
"""

from __future__ import annotations

import sys

from gaar_spiders.portals import Portal, RegistryError, load_registry

from .portal import PortalSpider


def custom_settings_for(portal: Portal) -> dict:
    settings = {}
    p = portal.politeness
    if "download_delay" in p:
        settings["DOWNLOAD_DELAY"] = p["download_delay"]
    if "concurrent_requests_per_domain" in p:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = p["concurrent_requests_per_domain"]
    if "autothrottle_target" in p:
        settings["AUTOTHROTTLE_TARGET_CONCURRENCY"] = p["autothrottle_target"]
    if not portal.obey_robots:
        settings["ROBOTSTXT_OBEY"] = False
    return settings


def spider_class(portal: Portal) -> type[PortalSpider]:
    return type(
        f"{portal.name.title()}Spider",
        (PortalSpider,),
        {
            "name": portal.name,
            "portal": portal,
            "custom_settings": custom_settings_for(portal),
            "__module__": __name__,
            "__doc__": f"{portal.organ} ({portal.region}, {portal.division_code}): {portal.root_url}",
        },
    )


def _register() -> None:
    try:
        portals = load_registry()
    except RegistryError as exc:
        # Scrapy imports this module before any command runs (scrapy list, scrapy crawl, scrapyd's
        # check of an egg): every problem at once, exit 2, no traceback
        print(f"scrapy: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    for portal in portals.values():
        cls = spider_class(portal)
        globals()[cls.__name__] = cls


_register()
