#!/usr/bin/env python3
"""Build GAAR's bundled division tables from the published source files.

    python tools/build_divisions.py SOURCE_DIR [--out gaar_spiders/divisions/data]

SOURCE_DIR holds the files described in ``gaar_spiders/divisions/data/SOURCES.md``
(``areacodes-history.csv``, ``areacodes-2024.txt`` and ``townships.csv``, as in the
project's shared material). The package ships a compact derived form (about a
third of the sources' size) so that an installed GAAR stays small; this script
is how that form is made, and it refuses sources that do not agree with each
other (the 2024 list must be exactly the history's codes in use), so a data
update cannot slip in half-applied.

Output, UTF-8, tab-separated, one record a line, sorted:

``history.tsv``   ``code  name  level  status  start  end  new``
                  level ``1`` province, ``2`` prefecture, ``3`` county;
                  status ``u`` in use, ``c`` changed (same code, other name), ``d`` abolished;
                  ``end`` empty while in use; ``new`` as the source writes it
                  (``;`` between codes, ``[year]`` after a partial transfer).
``townships.tsv`` ``county6  nnn=name nnn=name …`` where ``county6 + nnn + "000"`` is
                  the township's 12-digit code.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from collections import defaultdict
from pathlib import Path

LEVELS = {"省级": "1", "地级": "2", "县级": "3"}
STATUSES = {"在用": "u", "变更": "c", "弃用": "d"}
LICENCES = ("LICENSE-areacodes-CC0",)


def build_history(source: Path) -> list[str]:
    lines = []
    with open(source / "areacodes-history.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            lines.append("\t".join((
                row["代码"], row["名称"], LEVELS[row["级别"]], STATUSES[row["状态"]],
                row["启用时间"], row["变更/弃用时间"], row["新代码"],
            )))
    return sorted(set(lines))


def check_2024(source: Path, history: list[str]) -> None:
    in_use = {tuple(line.split("\t")[:2]) for line in history if line.split("\t")[3] == "u"}
    listed = set()
    for line in (source / "areacodes-2024.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            code, name = line.split(maxsplit=1)
            listed.add((code, name.strip()))
    if in_use != listed:
        raise SystemExit(f"the 2024 list and the history's codes in use differ: {sorted(in_use ^ listed)[:10]}")


def build_townships(source: Path) -> list[str]:
    by_county: dict[str, list[str]] = defaultdict(list)
    with open(source / "townships.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code, county = row["code12"], row["county_code12"]
            if len(code) != 12 or code[9:] != "000" or code[:6] + "000000" != county:
                raise SystemExit(f"township code {code} does not have the shape county6 + nnn + 000")
            by_county[code[:6]].append(f"{code[6:9]}={row['name'].strip()}")
    return [f"{county}\t{' '.join(sorted(entries))}" for county, entries in sorted(by_county.items())]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="directory with the source files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "gaar_spiders" / "divisions" / "data")
    args = parser.parse_args(argv)
    history = build_history(args.source)
    check_2024(args.source, history)
    townships = build_townships(args.source)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "history.tsv").write_text("\n".join(history) + "\n", encoding="utf-8")
    (args.out / "townships.tsv").write_text("\n".join(townships) + "\n", encoding="utf-8")
    for name in LICENCES:
        shutil.copyfile(args.source / name, args.out / name)
    print(f"history.tsv: {len(history)} codes; townships.tsv: {len(townships)} counties, "
          f"{sum(line.count('=') for line in townships)} townships -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
