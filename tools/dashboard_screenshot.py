#!/usr/bin/env python3
"""Make the README's picture of the dashboard from the demo database.

    .venv/bin/python tools/dashboard_screenshot.py [--db demo-output/gaar.db] [--out docs/dashboard.png]

Without ``--db`` it runs ``gaar demo`` into a temporary directory first. It serves the
database with ``gaar serve``, opens the dashboard in headless Chromium (``tools/headless.py``),
waits until every chart is drawn and saves the whole page as a PNG. Chinese labels need a CJK
font installed for Chromium (Debian: ``fonts-wqy-microhei``); the script says so when none is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gaar_spiders.cli.serve import DASHBOARD_PATH, metadata_for  # noqa: E402
from tools.headless import Browser, chromium  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return True  # cannot tell
    return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip())


def wanted_selectors() -> list[str]:
    charts = metadata_for("gaar.db")["plugins"]["datasette-dashboards"]["gaar"]["charts"]
    return [f"#chart-{n} svg, #chart-{n} canvas" if c["library"] == "vega-lite" else f"#chart-{n} p"
            for n, c in charts.items()]


def screenshot(db: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gaar_spiders.cli", "serve", str(db), "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if "Uvicorn running on" in line:
                break
        with Browser(width=1400) as browser:
            browser.open(f"http://127.0.0.1:{port}{DASHBOARD_PATH}")
            browser.wait_for(wanted_selectors())
            browser.screenshot(str(out))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a GAAR database (default: run gaar demo first)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "dashboard.png")
    args = parser.parse_args(argv)
    if chromium() is None:
        print("dashboard_screenshot: Chromium is not installed (Debian package chromium)", file=sys.stderr)
        return 2
    if not has_cjk_font():
        print("dashboard_screenshot: no CJK font: Chinese labels will show as boxes "
              "(Debian: apt-get install fonts-wqy-microhei)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="gaar-shot-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "gaar.db"
            subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "demo", "--db", str(db)], cwd=REPO, check=True,
                           env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL)
        elif not db.is_file():
            print(f"dashboard_screenshot: no such database: {db}", file=sys.stderr)
            return 2
        screenshot(db, args.out)
    print(json.dumps({"screenshot": str(args.out), "bytes": args.out.stat().st_size}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
