"""The extraction child: ``python -m gaar_spiders.attachments.worker``.

Reads a pickled ``(reader_name, data, limits)`` on stdin (from its trusted
parent), caps its own memory and CPU time, runs the reader, writes the
``Extraction`` as JSON on stdout (JSON, not pickle: this process has just
parsed a hostile file, and the parent must not execute what it says). Every failure it can catch becomes an Extraction with a reason; one
it cannot (a kill) the parent turns into one from the exit status.
"""

from __future__ import annotations

import json
import pickle
import resource
import sys
from dataclasses import asdict

from .extraction import Extraction
from .limits import MB, Limits


def _read_pdf(data: bytes, limits: Limits) -> Extraction:
    from .pdf_reader import read_pdf

    return read_pdf(data, limits)


def _read_docx(data: bytes, limits: Limits) -> Extraction:
    from .docx_reader import read_docx

    return read_docx(data, limits)


READERS = {"read_pdf": _read_pdf, "read_docx": _read_docx}


def run_in_process(reader_name: str, data: bytes, limits: Limits) -> Extraction:
    try:
        return READERS[reader_name](data, limits)
    except MemoryError as exc:  # RLIMIT_AS reached, or a stream refused before it inflated (inflate.py)
        why = f": {exc}" if str(exc) else ""
        return Extraction("failed", "", reason=f"memory limit ({limits.max_memory // MB} MB) exceeded{why}"[:300])
    except ImportError as exc:
        return Extraction("unsupported", "", reason=f"{exc.name} is not installed: pip install 'gaar[attachments]'")
    except RecursionError:
        return Extraction("failed", "", reason="structure nested too deeply")
    except Exception as exc:  # a broken file raises whatever its parser raises
        if _out_of_memory(exc):
            return Extraction("failed", "", reason=f"memory limit ({limits.max_memory // MB} MB) exceeded: {exc}"[:300])
        return Extraction("failed", "", reason=f"{type(exc).__name__}: {exc}"[:300])


def _out_of_memory(exc: BaseException) -> bool:
    """A MemoryError somewhere in the chain, zlib refusing a buffer, or C code that returned an error
    without saying which ("SystemError: error return without exception set"): how an allocation
    fails under RLIMIT_AS when the code that asked does not raise MemoryError itself."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        text = str(exc).lower()
        if isinstance(exc, MemoryError) or "allocate" in text or (
                isinstance(exc, SystemError) and "without exception set" in text):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _cap(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory, limits.max_memory))
    cpu = int(limits.timeout) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def main() -> int:
    reader_name, data, limits = pickle.loads(sys.stdin.buffer.read())
    _cap(limits)
    # Import the readers' libraries under the cap too: a bomb cannot hide in them, but be uniform.
    result = run_in_process(reader_name, data, limits)
    del data
    try:
        payload = json.dumps(asdict(result), ensure_ascii=False).encode("utf-8")
    except MemoryError:
        payload = json.dumps(asdict(Extraction("failed", "", reason="memory limit exceeded writing the result"))).encode()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
