"""Storage for one office across years: its reports as cross-year snapshots, the ``cross_year``
rows, and coverage (office × year). Two mixins, the reads of :class:`Reader` and the writes of
:class:`Storage`, kept in their own module so the SQL of issue 18 stays in one place.
"""

from __future__ import annotations

import json
from typing import Iterable, Optional

from gaar_spiders.report.crossyear import CELLS_READ, CrossYearCheck, Snapshot


class OfficeReads:
    """Reads of the same office across years (needs ``conn``)."""

    def organ_key_of(self, report_id: str) -> Optional[str]:
        row = self.conn.execute("SELECT organ_key FROM reports WHERE report_id = ?", (report_id,)).fetchone()
        return row[0] if row else None

    def organ_keys(self) -> list[str]:
        return [k for (k,) in self.conn.execute(
            "SELECT DISTINCT organ_key FROM reports WHERE organ_key IS NOT NULL ORDER BY 1")]

    def office_snapshots(self, organ_key: str) -> list[Snapshot]:
        """Every current report of the office (not superseded) with its year, format and the cells the
        checks read, oldest first."""
        reports = self.conn.execute(
            "SELECT report_id, year, template FROM reports WHERE organ_key = ? AND superseded_by IS NULL "
            "ORDER BY year, report_id",
            (organ_key,)).fetchall()
        wanted, params = [], [organ_key]
        for table, rows in CELLS_READ:
            if rows:
                wanted.append(f'(c."table" = ? AND c.row IN ({", ".join("?" for _ in rows)}))')
                params += [table, *rows]
            else:
                wanted.append('c."table" = ?')
                params.append(table)
        cells: dict[str, dict] = {rid: {} for rid, _, _ in reports}
        for rid, t, r, c, v, raw, unsettled in self.conn.execute(
                'SELECT c.report_id, c."table", c.row, c.col, c.value, c.raw, c.candidates IS NOT NULL FROM cells c '
                "JOIN reports r ON r.report_id = c.report_id WHERE r.organ_key = ? AND r.superseded_by IS NULL "
                "AND (" + " OR ".join(wanted) + ")",
                params):
            cells[rid][(t, r, c)] = (v, raw, bool(unsettled))
        return [Snapshot(rid, year, template, cells[rid]) for rid, year, template in reports]

    def coverage(self, *, region: Optional[str] = None, portal: Optional[str] = None) -> list[dict]:
        """Office × year rows of the ``coverage`` view, for a region prefix of ``division_code``
        (50, 5001, 500111 …) and/or a portal, ordered by office then year."""
        sql, params = "SELECT * FROM coverage WHERE 1 = 1", []
        if region:
            sql += " AND division_code LIKE ? || '%'"
            params.append(region)
        if portal:
            sql += " AND portal = ?"
            params.append(portal)
        cur = self.conn.execute(sql + " ORDER BY division_code, organ_key, organ, year", params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur]


class OfficeWrites:
    """Writes of the same office across years (needs ``conn`` and ``transaction``)."""

    def replace_cross_year(self, organ_key: str,
                           results: Iterable[tuple[Snapshot, Snapshot, CrossYearCheck]]) -> int:
        """Make the office's ``cross_year`` rows exactly ``results`` (one transaction): rows of
        reports that left the office, or of pairs that are no longer consecutive, go."""
        rows, positions = [], {}
        for last, this, check in results:
            pair = (this.report_id, last.report_id)
            positions[pair] = positions.get(pair, -1) + 1
            rows.append((this.report_id, last.report_id, positions[pair], organ_key, check.check,
                         None if check.ok is None else int(check.ok), check.severity, check.detail,
                         json.dumps([c.to_dict() for c in check.cells], ensure_ascii=False)))
        with self.transaction():
            self.conn.execute(
                """DELETE FROM cross_year WHERE organ_key = ?
                   OR report_id IN (SELECT report_id FROM reports WHERE organ_key = ?)
                   OR previous_report_id IN (SELECT report_id FROM reports WHERE organ_key = ?)""",
                (organ_key, organ_key, organ_key))
            self.conn.executemany(
                """INSERT INTO cross_year (report_id, previous_report_id, position, organ_key, "check", ok,
                       severity, detail, cells_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
        return len(rows)

    def drop_stale_cross_year(self) -> int:
        """Rows whose reports no longer share the key they were checked under (after a re-parse)."""
        with self.transaction():
            return self.conn.execute(
                """DELETE FROM cross_year WHERE organ_key IS NOT (SELECT organ_key FROM reports r
                       WHERE r.report_id = cross_year.report_id)
                   OR organ_key IS NOT (SELECT organ_key FROM reports r
                       WHERE r.report_id = cross_year.previous_report_id)""").rowcount
