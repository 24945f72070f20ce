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
    "TELNETCONSOLE_ENABLED": "0",
}


def crawl(spider: str, db: Path, host_map: dict, *args: str, settings: dict | None = None,
          timeout: int = 300) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"GAAR_DB={db}",
           "-s", f"GAAR_HOST_MAP={json.dumps(host_map)}"]
    for k, v in {**FAST, **(settings or {})}.items():
        cmd += ["-s", f"{k}={v}"]
    for a in args:
        cmd += ["-a", a]
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
