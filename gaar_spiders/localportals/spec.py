"""A portal as data: its columns and the documents each column lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .generator import Chain

#: traps a document can carry (a name in the manifest's ``trap`` field)
TRAPS = ("http_404", "flaky_500", "redirect", "js_challenge", "truncated", "wrong_charset")
DOC_KINDS = ("report_html", "report_text_page", "report_pdf", "report_docx", "non_report", "trap")


@dataclass
class DocSpec:
    """One document a list links to.

    ``kind='trap'`` documents have no content (404, JS challenge); other traps
    (flaky_500, redirect, truncated, wrong_charset) ride on a ``report_html``.
    Seed text pages name their ``seed_file`` and the lines that bound the body.
    """

    organ: str
    year: int
    seed: int = 0
    kind: str = "report_html"
    trap: Optional[str] = None
    broken: bool = False
    seed_file: Optional[str] = None
    title: Optional[str] = None
    published_on: Optional[str] = None
    template: Optional[str] = None
    expected_failed_checks: tuple[str, ...] = ()
    body_from: Optional[str] = None  # first seed line (prefix) that belongs to the body
    body_until: Optional[str] = None  # first seed line (prefix) that no longer does
    #: the office's reports across years (generated reports): anchors to seeds, deliberate disagreements
    chain: Optional[Chain] = None

    def __post_init__(self) -> None:
        if self.kind not in DOC_KINDS:
            raise ValueError(f"kind {self.kind!r} not in {DOC_KINDS}")
        if self.trap is not None and self.trap not in TRAPS:
            raise ValueError(f"trap {self.trap!r} not in {TRAPS}")


@dataclass
class ColumnSpec:
    slug: str
    name: str
    docs: list[DocSpec]
    per_page: int = 10
    column_id: int = 0


@dataclass
class PortalSpec:
    name: str
    host: str
    site_name: str
    region: str
    site_id: str
    icp: str
    family: str  # trs | hanweb | generic
    columns: list[ColumnSpec]
    encoding: str = "utf-8"
    charset_label: Optional[str] = None  # how headers and meta name the encoding (GBK)
    pagination: Optional[str] = None  # generic family: query | numbered | next_only
    options: dict = field(default_factory=dict)
