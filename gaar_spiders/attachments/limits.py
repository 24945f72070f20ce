"""Caps that keep one hostile or broken attachment from taking the crawl down.

Each is a GAAR setting with its default, and why, in ``gaar_spiders/settings.py``;
``Limits.from_settings`` reads them from a crawl's settings, or (``gaar parse``,
``gaar reparse``) from the environment and those defaults (``gaar_spiders.config``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping, Optional

from gaar_spiders import config

MB = 1024 * 1024

#: setting name -> Limits field
SETTING_NAMES = {
    "GAAR_EXTRACT_MAX_BYTES": "max_bytes",
    "GAAR_EXTRACT_TIMEOUT": "timeout",
    "GAAR_EXTRACT_MAX_MEMORY": "max_memory",
    "GAAR_PDF_MAX_PAGES": "max_pages",
    "GAAR_OCR": "ocr",
    "GAAR_DOC_CONVERTER": "doc_converter",
}


def _default(name: str) -> Any:
    return getattr(config.defaults, name)


@dataclass(frozen=True)
class Limits:
    #: a download larger than this is stored but not extracted (``too_large``)
    max_bytes: int = _default("GAAR_EXTRACT_MAX_BYTES")
    #: seconds one file may take to convert and extract (``timeout``)
    timeout: float = float(_default("GAAR_EXTRACT_TIMEOUT"))
    #: address space of the extracting child process (``failed: memory limit``)
    max_memory: int = _default("GAAR_EXTRACT_MAX_MEMORY")
    #: a PDF with more pages than this is not read (``too_large``)
    max_pages: int = _default("GAAR_PDF_MAX_PAGES")
    #: run tesseract (chi_sim) on PDFs without a text layer; off: they stay ``needs_ocr``
    ocr: bool = _default("GAAR_OCR")
    #: the LibreOffice binary converting .doc/.wps; a name on PATH or a path
    doc_converter: str = _default("GAAR_DOC_CONVERTER")
    #: extract in a child process with the limits enforced (off only for debugging)
    sandbox: bool = True
    #: a lock file shared by a crawl's parse workers: their extractions take turns (``slot.py``);
    #: None: turns are taken within this process only
    slot: Optional[str] = None

    @property
    def max_unzipped_bytes(self) -> int:
        """What a DOCX's members may inflate to in total: a zip bomb fails before reading."""
        return max(self.max_memory // 4, 1)

    @classmethod
    def from_settings(cls, settings: Optional[Mapping[str, Any]] = None) -> "Limits":
        """From a crawl's settings (or any mapping), else the environment, else the defaults."""
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, attr in SETTING_NAMES.items():
            values[attr] = _coerce(config.setting(name, settings), types[attr])
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
