"""Old Word (.doc), WPS and RTF → DOCX with LibreOffice headless, then the DOCX reader.

LibreOffice rather than antiword/catdoc: it keeps the tables (rows, cells,
vertical and horizontal merges) in the DOCX it writes, so the grid reaches
the parser cell by cell as from any Word file; antiword and catdoc print
tables as text and lose the cell boundaries, and catdoc reads WPS poorly.
The price (a ~200 MB package, ~2 s to start) is paid only for .doc/.wps.
See docs/attachments.md.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Optional, Union

from .extraction import Extraction
from .limits import Limits

#: the Debian package that provides ``soffice`` without a desktop
DEBIAN_PACKAGE = "libreoffice-writer-nogui"

_SUFFIX = {"doc": ".doc", "wps": ".wps"}


def find_converter(limits: Limits) -> Optional[str]:
    """The converter binary's path, or None when it is not installed."""
    name = limits.doc_converter
    if os.sep in name:
        return name if os.access(name, os.X_OK) else None
    return shutil.which(name)


def convert_to_docx(data: bytes, kind: str, limits: Limits) -> Union[bytes, Extraction]:
    """The DOCX bytes, or an Extraction saying why there are none."""
    binary = find_converter(limits)
    if binary is None:
        return Extraction(
            "unsupported", kind,
            reason=(
                f"{kind} needs LibreOffice to convert: {limits.doc_converter!r} not found "
                f"(apt-get install {DEBIAN_PACKAGE}, or set GAAR_DOC_CONVERTER)"
            ),
        )
    with tempfile.TemporaryDirectory(prefix="gaar-doc-") as tmp:
        source = Path(tmp) / f"attachment{_SUFFIX.get(kind, '.doc')}"
        source.write_bytes(data)
        out_dir = Path(tmp) / "out"
        profile = Path(tmp) / "profile"  # a private profile: parallel conversions do not lock each other
        command = [
            binary, f"-env:UserInstallation={profile.as_uri()}",
            "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(source),
        ]
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL, start_new_session=True, cwd=tmp,
            )
        except OSError as exc:
            return Extraction("unsupported", kind, reason=f"cannot run {binary}: {exc}")
        try:
            _, stderr = process.communicate(timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice.bin runs as a child of the wrapper
            process.communicate()
            return Extraction("timeout", kind, reason=f"LibreOffice took longer than GAAR_EXTRACT_TIMEOUT={limits.timeout:g}s")
        result = out_dir / "attachment.docx"
        if not result.exists():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
            return Extraction("failed", kind, reason=f"LibreOffice could not convert the {kind}: {detail[0]}"[:300])
        return result.read_bytes()
