"""The recovered mark travels: stored in ``cells.recovered``, printed by ``gaar parse --json``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gaar_spiders.report import parse_report
from pipelines.storage import Storage

DUMP = Path(__file__).parent / "data" / "corpus" / "08_hebei_gxt_2023.txt"


def test_recovered_and_undecided_cells_are_stored_as_parsed(tmp_path):
    report = parse_report(DUMP.read_text(encoding="utf-8"), url=DUMP.as_uri())
    store = Storage(str(tmp_path / "gaar.db"))
    try:
        rid = store.save_report(report, None)
        rows = store.conn.execute(
            'SELECT row, col, value, raw, recovered FROM cells WHERE report_id = ? AND "table" = ? ORDER BY row, col',
            (rid, "review")).fetchall()
        checks = dict(store.conn.execute('SELECT "check", ok FROM checks WHERE report_id = ?', (rid,)).fetchall())
    finally:
        store.close()
    assert ("litigation_direct", "total", 3, "3", 1) in rows
    assert all(r[4] == 1 for r in rows)
    assert checks["cells.recovered"] == 1 and checks["prose.matches_tables"] == 1


def test_parse_json_prints_the_recovered_mark():
    out = subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "parse", "--json", str(DUMP)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    obj = obj[0] if isinstance(obj, list) else obj
    new = {c["col"]: c for c in obj["cells"] if c["table"] == "requests" and c["row"] == "new"}
    assert new["total"]["value"] == 10 and new["total"]["recovered"] is True
