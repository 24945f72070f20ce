"""The parsed report record of ``shared/spec/schema.md``, as plain dataclasses.

Plain dataclasses (not Scrapy Items) so that the parser, the CLI, the storage
layer and the tests share one type without importing Scrapy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

from gaar_spiders.status import PageStatus

Number = Union[int, float]

#: the check that says whether the text is a report at all: the first of every Report's checks
RECOGNISED = "report.recognised"


@dataclass
class Cell:
    """One printed table cell, in the long form ``(table, row, col, value, raw)``."""

    table: str
    row: str
    col: str
    value: Optional[Number]
    raw: str
    #: set by the degraded-text reader when the value was recovered from glued digits
    recovered: bool = False
    #: extension: the cell is not settled by the text. ``None``: settled (a value, or a
    #: printed blank with ``raw == ""``). A list: the values the cell can take (``None`` in
    #: it = a blank), ``value`` is then None. An empty list: the report prints the table
    #: but the text does not give this cell at all (nothing to choose from).
    candidates: Optional[list] = None

    @property
    def settled(self) -> bool:
        return self.candidates is None


@dataclass
class Section:
    """A numbered section of the report (一、总体情况 …), with its text."""

    key: str
    heading: str
    text: str


@dataclass
class Check:
    """One of the report's own arithmetic rules; ``ok`` is None when it cannot be computed."""

    check: str
    ok: Optional[bool]
    detail: str


_WS = re.compile(r"\s+")


def body_fingerprint(body_text: str) -> str:
    """Stable id from the body text: the same body at two URLs is one report."""
    import hashlib  # OpenSSL's: loaded by what needs an id (JSON, storage), not by `gaar parse`'s summary

    normalised = _WS.sub("", body_text or "")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:20]


@dataclass
class Report:
    url: Optional[str] = None
    title: Optional[str] = None
    organ: Optional[str] = None
    #: the bare name: 邮亭镇 (township), 大足区 (area), a department as printed at its own tier
    organ_short: Optional[str] = None
    #: township | county | department | city | province
    level: Optional[str] = None
    region: Optional[str] = None
    year: Optional[int] = None
    template: Optional[str] = None  # '2019' | '2021' | 'legacy' | None
    #: extension: where ``template`` was read (cells | labels | legacy | notice), see report/formats.py
    template_source: Optional[str] = None
    published_on: Optional[str] = None  # ISO date
    signed_on: Optional[str] = None  # ISO date
    body_text: str = ""
    cells: list[Cell] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    #: extension: which reader read the tables (html-table, pipe, tab, paragraph-cells, line-cells)
    layout: Optional[str] = None
    #: extension: things the parser noticed that are not checks (short rows, unknown labels)
    warnings: list[str] = field(default_factory=list)
    #: extension: the ``cells.recovered`` check of the degraded-text reader (None: nothing to recover)
    recovery: Optional[Check] = None
    #: what the text is, as a page status: ``parsed`` for a report; when the ``report.recognised``
    #: check failed, why: ``not_report`` (another document), ``failed`` (it could not be read:
    #: empty, over the parser's bounds, a parser error), ``unsupported`` (binary input),
    #: ``needs_ocr`` (a scan). Set where the parser decides, so nobody reads it from a message.
    status: PageStatus = PageStatus.PARSED
    #: extension (organ identity, ``gaar_spiders/divisions``): set where the portal and page are known —
    #: the county-level code, or the township's 12 digits; the office across spellings and years;
    #: which source gave the division (registry | site_id_code | report); what could not be settled
    division_code: Optional[str] = None
    organ_key: Optional[str] = None
    division_source: Optional[str] = None
    division_reason: Optional[str] = None

    @property
    def report_id(self) -> str:
        return body_fingerprint(self.body_text)

    def cell(self, table: str, row: str, col: str) -> Optional[Cell]:
        for c in self.cells:
            if c.table == table and c.row == row and c.col == col:
                return c
        return None

    def value(self, table: str, row: str, col: str) -> Optional[Number]:
        c = self.cell(table, row, col)
        return None if c is None else c.value

    def check(self, name: str) -> Optional[Check]:
        for c in self.checks:
            if c.check == name:
                return c
        return None

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]

    def to_json_dict(self) -> dict:
        """The report as ``gaar parse --json`` prints it (documented in README), built in one walk
        over the cells, sections and checks: plain dicts and lists sharing the report's strings,
        nothing deep-copied (``dataclasses.asdict`` recursed through ~1,450 objects a report)."""
        return {
            "url": self.url,
            "report_id": self.report_id,
            "title": self.title,
            "organ": self.organ,
            "organ_short": self.organ_short,
            "level": self.level,
            "region": self.region,
            "year": self.year,
            "template": self.template,
            "template_source": self.template_source,
            "published_on": self.published_on,
            "signed_on": self.signed_on,
            "layout": self.layout,
            "body_text": self.body_text,
            "cells": [
                {"table": c.table, "row": c.row, "col": c.col, "value": c.value, "raw": c.raw,
                 "recovered": c.recovered}
                if c.candidates is None else
                {"table": c.table, "row": c.row, "col": c.col, "value": c.value, "raw": c.raw,
                 "recovered": c.recovered, "candidates": c.candidates}
                for c in self.cells
            ],
            "sections": [{"key": s.key, "heading": s.heading, "text": s.text} for s in self.sections],
            "checks": [{"check": c.check, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "warnings": list(self.warnings),
        }
