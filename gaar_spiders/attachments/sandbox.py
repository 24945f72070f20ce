"""Run one reader in a child process that may fail alone.

A decompression bomb or a 2,000-page PDF must cost one attachment, not the
crawl. The child is a fresh interpreter (``python -m
gaar_spiders.attachments.worker``) that caps its own address space
(``RLIMIT_AS``) and CPU time before it reads a byte; the parent waits at most
the timeout, then kills it. Whatever happens in the child comes back as an
``Extraction`` with a reason.

A fresh interpreter rather than multiprocessing: forking a Scrapy process
that runs threads is unsafe, and forkserver/spawn re-run the parent's
``__main__`` in every child (``gaar``'s own ``__main__`` included). Starting
Python with pdfplumber costs ~0.2 s, small next to a download.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys

from .extraction import Extraction
from .limits import MB, Limits

WORKER_MODULE = "gaar_spiders.attachments.worker"


def run_reader(reader_name: str, kind: str, data: bytes, limits: Limits) -> Extraction:
    """``worker.READERS[reader_name](data, limits)`` under the limits; never raises."""
    if not limits.sandbox:
        from .worker import run_in_process

        result = run_in_process(reader_name, data, limits)
    else:
        result = _run_in_child(reader_name, kind, data, limits)
    if not result.kind:
        result.kind = kind
    return result


def _child_environment() -> dict:
    """The parent's environment, with its import path (an egg under scrapyd, a work tree in tests)."""
    env = dict(os.environ)
    paths = [os.path.abspath(p) if p else os.getcwd() for p in sys.path]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def _run_in_child(reader_name: str, kind: str, data: bytes, limits: Limits) -> Extraction:
    request = pickle.dumps((reader_name, data, limits), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", WORKER_MODULE],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=_child_environment(), start_new_session=True,
        )
    except OSError as exc:
        return Extraction("failed", kind, reason=f"cannot start the extraction process: {exc}")
    try:
        stdout, stderr = child.communicate(request, timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        _kill(child)
        return Extraction("timeout", kind, reason=f"extraction took longer than GAAR_EXTRACT_TIMEOUT={limits.timeout:g}s")
    if child.returncode == 0:
        try:
            return _extraction_from_json(stdout)
        except Exception as exc:
            return Extraction("failed", kind, reason=f"unreadable answer from the extraction process: {exc}")
    return Extraction("failed", kind, reason=_death_reason(child.returncode, stderr, limits))


def _extraction_from_json(payload: bytes) -> Extraction:
    fields = json.loads(payload.decode("utf-8"))
    blocks = fields.pop("blocks")
    if not all(isinstance(b, str) or (isinstance(b, list) and all(isinstance(c, str) for c in b)) for b in blocks):
        raise ValueError("blocks must be strings or lists of strings")
    return Extraction(blocks=blocks, **fields)


def _kill(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)  # the worker and any tesseract it started
    except ProcessLookupError:
        pass
    child.communicate()


def _death_reason(code: int, stderr: bytes, limits: Limits) -> str:
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        if name == "SIGXCPU":
            return f"CPU time limit ({int(limits.timeout) + 5}s) exceeded"
        return f"extraction killed by {name} (memory limit {limits.max_memory // MB} MB?)"
    last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if "MemoryError" in last[0]:
        return f"memory limit ({limits.max_memory // MB} MB) exceeded"
    return f"extraction process exited with code {code}: {last[0]}"[:300]
