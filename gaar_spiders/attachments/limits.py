"""Caps that keep one hostile or broken attachment from taking the crawl down.

Each is a Scrapy setting (or environment variable of the same name for the
CLI); ``Limits.from_settings`` reads them. The defaults fit real reports with
a wide margin: they run to 5-30 pages and a few MB.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any, Mapping, Optional

MB = 1024 * 1024

#: setting name -> Limits field
SETTING_NAMES = {
    "GAAR_ATTACHMENT_MAX_BYTES": "max_bytes",
    "GAAR_EXTRACT_TIMEOUT": "timeout",
    "GAAR_EXTRACT_MAX_MEMORY": "max_memory",
    "GAAR_PDF_MAX_PAGES": "max_pages",
    "GAAR_OCR": "ocr",
    "GAAR_DOC_CONVERTER": "doc_converter",
}


@dataclass(frozen=True)
class Limits:
    #: a download larger than this is stored but not extracted (``too_large``)
    max_bytes: int = 30 * MB
    #: seconds one file may take to convert and extract (``timeout``)
    timeout: float = 60.0
    #: address space of the extracting child process (``failed: memory limit``)
    max_memory: int = 1024 * MB
    #: a PDF with more pages than this is not read (``too_large``)
    max_pages: int = 300
    #: run tesseract (chi_sim) on PDFs without a text layer; off: they stay ``needs_ocr``
    ocr: bool = False
    #: the LibreOffice binary converting .doc/.wps; a name on PATH or a path
    doc_converter: str = "soffice"
    #: extract in a child process with the limits enforced (off only for debugging)
    sandbox: bool = True

    @property
    def max_unzipped_bytes(self) -> int:
        """What a DOCX's members may inflate to in total: a zip bomb fails before reading."""
        return max(self.max_memory // 4, 1)

    @classmethod
    def from_settings(cls, settings: Optional[Mapping[str, Any]] = None) -> "Limits":
        """From Scrapy settings (or any mapping), falling back to the environment, then defaults."""
        settings = settings if settings is not None else {}
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, attr in SETTING_NAMES.items():
            raw = settings.get(name) if hasattr(settings, "get") else None
            if raw is None:
                raw = os.environ.get(name)
            if raw is None or raw == "":
                continue
            values[attr] = _coerce(raw, types[attr])
        return cls(**values)


def _coerce(raw: Any, type_name: str) -> Any:
    if type_name == "bool":
        if isinstance(raw, str):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        return bool(raw)
    if type_name == "int":
        return int(float(raw))
    if type_name == "float":
        return float(raw)
    return str(raw)
