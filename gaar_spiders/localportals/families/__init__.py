"""Local portals per CMS family: one module each, crawled by ``tests/test_families_crawl.py``.

A family portal module (``families/<family>.py``) exposes ``build() ->
FamilyPortal``: the portal's sites (a second host, such as a separate 信息公开
platform, listens on 127.0.0.2: ``Site(..., bind="127.0.0.2")``), its home URL
and, through its sites' manifests, every linked document with what a crawl
must do with it (``expect``: ``report`` — stored as a report — or ``decoy`` —
never stored). List the module in ``FAMILY_PORTALS``. Each follows the real
shapes of ``shared/crawl/README.md`` (path grammar, parameter names, answer
formats, chrome) and has 6+ reports, 1–2 decoys and 2+ list pages.

``PortalServer(families=["trs_static"])`` serves one; ``python -m
gaar_spiders.localportals --family trs_static`` by hand. Modules whose name
starts with ``_`` are helpers shared by several portals, not portals.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..site import Site

#: family portal modules (the CMS adapter each proves is named in its docstring)
FAMILY_PORTALS = (
    "trs_static",
    "trs_createpage",
    "fujian",
    "hanweb",
    "hanweb_jslib",
    "hanweb_jpaas",
    "hanweb_uid",
    "query_param",
    "query_param_asp",
    "jiangxi",
    "gkmlpt",
    "xxgk_platform",
    "numbered",
    "subcolumns",
)
#: manifest kinds a crawl must store as reports (the rest are decoys)
REPORT_KINDS = ("report_html", "report_text_page", "report_pdf", "report_docx")


@dataclass
class FamilyPortal:
    name: str
    home: str  # the real URL a crawl starts from (scrapy crawl portal -a url=HOME)
    sites: list[Site]
    #: decoys that live on no site of ours (links to unrelated hosts): manifest entries of their own
    extra_manifest: list[dict] = field(default_factory=list)

    @property
    def manifest(self) -> list[dict]:
        """Every linked document: the site manifest's fields plus ``expect`` (report | decoy)."""
        entries = [dict(e) for site in self.sites for e in site.manifest] + [dict(e) for e in self.extra_manifest]
        for entry in entries:
            entry.setdefault("expect", "report" if entry.get("kind") in REPORT_KINDS else "decoy")
        return entries

    @property
    def reports(self) -> list[dict]:
        return [e for e in self.manifest if e["expect"] == "report"]

    @property
    def decoys(self) -> list[dict]:
        return [e for e in self.manifest if e["expect"] == "decoy"]


def family_portal(name: str) -> FamilyPortal:
    if name not in FAMILY_PORTALS:
        raise ValueError(f"unknown family portal {name!r}; known: {', '.join(FAMILY_PORTALS)}")
    portal = importlib.import_module(f"{__name__}.{name}").build()
    if portal.name != name:
        raise ValueError(f"family portal module {name!r} built a portal named {portal.name!r}")
    return portal
