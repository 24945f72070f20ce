"""`gaar demo`, the README's main command: offline crawl of the five portals into SQLite, and a summary."""

import os
import shutil
import subprocess
import sys

import pytest

from .crawl_support import DEMO_SPIDERS, ROOT, rows

pytestmark = pytest.mark.slow
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def test_demo_crawls_the_five_portals_and_reports(demo_crawl):
    out = demo_crawl.stdout
    for portal in DEMO_SPIDERS:
        assert portal in out
    assert "Reports per portal and statistics year" in out and "Failed checks" in out
    per_portal = dict(rows(demo_crawl.db, "SELECT portal, count(*) FROM reports GROUP BY portal"))
    assert set(per_portal) == set(DEMO_SPIDERS)
    assert all(n >= 10 for n in per_portal.values())
    assert rows(demo_crawl.db, "PRAGMA integrity_check") == [("ok",)]
    # the summary's table is the database's own count
    table = out.split("Reports per portal and statistics year:\n", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert {line.split()[0]: int(line.split()[-1]) for line in table} == per_portal


def test_a_second_demo_starts_afresh(demo_crawl, tmp_path):
    db = tmp_path / "gaar.db"
    shutil.copy(demo_crawl.db, db)
    one = "qingshan"  # the smallest portal: the point is what happens to the old file
    subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "demo", "--db", str(db), one], cwd=tmp_path,
                   env=ENV, capture_output=True, text=True, timeout=600, check=True)
    expected = rows(demo_crawl.db, "SELECT count(*) FROM reports WHERE portal = ?", (one,))[0][0]
    assert dict(rows(db, "SELECT portal, count(*) FROM reports GROUP BY portal")) == {one: expected}
