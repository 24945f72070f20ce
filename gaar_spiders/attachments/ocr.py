"""OCR for scanned PDFs: pages rendered with pdfium, read by tesseract (chi_sim).

Optional twice over: off unless GAAR_OCR is set, and only when the
``tesseract`` binary with the ``chi_sim`` language is installed (Debian:
``tesseract-ocr tesseract-ocr-chi-sim``). The binary is run directly, with
a timeout, rather than through pytesseract, which only wraps the same call.
OCR text has no table grid: its lines go to the parser as prose, and the
report says it came from OCR.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .extraction import Extraction
from .limits import Limits
from .text import squeeze

LANGUAGE = "chi_sim"
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim"
#: pixels per inch the pages are rendered at; tesseract wants ~300 for body text
RESOLUTION = 300


def tesseract_available() -> bool:
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return LANGUAGE in listed.stdout.split()


def ocr_pdf(data: bytes, npages: int, limits: Limits) -> Extraction:
    if not tesseract_available():
        return Extraction(
            "needs_ocr", "pdf", pages=npages,
            reason=f"no text layer; OCR is on but tesseract with {LANGUAGE} is missing (apt-get install {DEBIAN_PACKAGES})",
        )
    import pypdfium2

    deadline = time.monotonic() + limits.timeout
    blocks: list = []
    document = pypdfium2.PdfDocument(data)
    try:
        with tempfile.TemporaryDirectory(prefix="gaar-ocr-") as tmp:
            for index in range(len(document)):
                image = Path(tmp) / f"page{index}.png"
                page = document[index]
                page.render(scale=RESOLUTION / 72).to_pil().convert("L").save(image)
                page.close()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return Extraction("timeout", "pdf", pages=npages, ocr=True, reason="OCR took longer than GAAR_EXTRACT_TIMEOUT")
                text = subprocess.run(
                    ["tesseract", str(image), "stdout", "-l", LANGUAGE],
                    capture_output=True, text=True, timeout=remaining,
                ).stdout
                blocks.extend(line for line in (squeeze(raw) for raw in text.splitlines()) if line)
    except subprocess.TimeoutExpired:
        return Extraction("timeout", "pdf", pages=npages, ocr=True, reason="OCR took longer than GAAR_EXTRACT_TIMEOUT")
    finally:
        document.close()
    if not blocks:
        return Extraction("needs_ocr", "pdf", pages=npages, ocr=True, reason="no text layer and OCR found no text")
    return Extraction("ok", "pdf", blocks=blocks, pages=npages, ocr=True, reason="text from tesseract OCR (chi_sim)")
