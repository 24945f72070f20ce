"""`gaar demo`, the README's main command: offline crawl of the five portals into SQLite."""

import os
import subprocess
import sys

from .crawl_support import ROOT, rows


ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def test_demo_crawls_the_five_portals_and_reports(tmp_path):
    db = tmp_path / "out" / "gaar.db"
    result = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "demo", "--db", str(db)], cwd=tmp_path, env=ENV,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for portal in ("dazu", "jinghe", "daowai", "suixi", "qingshan"):
        assert portal in out
    assert "Reports per portal and statistics year" in out and "Failed checks" in out
    per_portal = dict(rows(db, "SELECT portal, count(*) FROM reports GROUP BY portal"))
    assert set(per_portal) == {"dazu", "jinghe", "daowai", "suixi", "qingshan"}
    assert all(n >= 10 for n in per_portal.values())
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    # a second demo starts afresh: the same reports, not twice as many
    subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "demo", "--db", str(db)], cwd=tmp_path, env=ENV,
                   capture_output=True, text=True, timeout=600, check=True)
    assert dict(rows(db, "SELECT portal, count(*) FROM reports GROUP BY portal")) == per_portal
