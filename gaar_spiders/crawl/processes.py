"""Whether the crawl that opened a run is still running: the run's ``process`` (``host:pid:start``).

A crawl killed with SIGKILL cannot close its ``crawl_runs`` row; the next crawl closes it as
interrupted, but must never close the run of a crawl that is still going (several scrapyd jobs
share one database). The pid alone is not enough (pids are reused), so the process's start
time since boot (``/proc/<pid>/stat``, field 22) goes with it; the host name keeps runs of
other machines out of the question.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Optional


def _start_ticks(pid: int) -> Optional[str]:
    """The process's start time in clock ticks since boot, or None (no such process, no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def identity(pid: Optional[int] = None) -> str:
    """``host:pid:start`` of this process (or of ``pid``)."""
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or '?'}"


def alive(process: str) -> Optional[bool]:
    """Whether the process a run recorded still runs: None when it is on another host (or the
    record cannot be read), so that the run is left alone."""
    try:
        host, pid, start = process.rsplit(":", 2)
        pid_number = int(pid)
    except ValueError:
        return None
    if host != socket.gethostname():
        return None
    now = _start_ticks(pid_number)
    if now is None:
        return False if Path("/proc/self/stat").exists() else None
    return start == "?" or now == start
