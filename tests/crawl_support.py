"""Running real `scrapy crawl` subprocesses against the bundled local portals."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENUINE = ("report_html", "report_text_page", "report_pdf", "report_docx")
#: the five named portals `gaar demo` crawls (the session's one crawl of them: conftest.demo_crawl)
DEMO_SPIDERS = ("dazu", "jinghe", "daowai", "suixi", "qingshan")

#: settings every test crawl uses: local portals only, no politeness delays
FAST = {
    "GAAR_LOOPBACK_ONLY": "1",
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "INFO",
}


def crawl(spider: str, db: Path, host_map: dict, *args: str, settings: dict | None = None,
          timeout: int = 300) -> subprocess.CompletedProcess:
    cmd = crawl_command(spider, db, host_map, *args, settings=settings)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-5000:]
    return result


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def crawl_command(spider: str, db: Path, host_map: dict, *args: str, settings: dict | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"GAAR_DB={db}",
           "-s", f"GAAR_HOST_MAP={json.dumps(host_map)}"]
    for k, v in {**FAST, **(settings or {})}.items():
        cmd += ["-s", f"{k}={v}"]
    for a in args:
        cmd += ["-a", a]
    return cmd


def start_crawl(spider: str, db: Path, host_map: dict, *args: str, settings: dict | None = None,
                log: Path | None = None) -> subprocess.Popen:
    """``scrapy crawl`` in the background, in its own session (its stderr to ``log``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = open(log, "w") if log else subprocess.DEVNULL
    return subprocess.Popen(crawl_command(spider, db, host_map, *args, settings=settings), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=out, start_new_session=True)


def descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (parse workers, attachment extraction children — which run in
    sessions of their own, so a process-group kill would miss them)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    """A process's resident memory now (``VmRSS``) or at its peak (``VmHWM``), in kB; 0 when gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(field + ":")), 0)
