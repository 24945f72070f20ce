"""`gaar parse one.html`, wall time, against `python -c "import lxml.html"` in the same run
(issue 17 target: <= 3x), and `gaar --help` beside them.

The page is a real report (seed 000 published through the local portals' renderer, as in
``pages_bench.py``). What the rest of the time is: ``--importtime`` lists the slowest
imports of one run (``python -X importtime``), the cumulative ones GAAR's own.

    python benchmarks/startup_bench.py [--rounds 30] [--importtime]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import byte_compile, gaar_command, machine, median, report, time_rounds  # noqa: E402
from tests.real_pages import SEEDS, text_page  # noqa: E402

TARGET = 3.0


def importtime(page: Path, top: int = 15) -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "gaar_spiders.cli", "parse", str(page)],
                            capture_output=True, text=True, check=True)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        own, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        rows.append((int(own), int(cumulative), name))
    print(f"\nimports of one `gaar parse one.html` (python -X importtime), the {top} with the most own time:")
    for own, cumulative, name in sorted(rows, reverse=True)[:top]:
        print(f"  {own / 1000:6.1f} ms own  {cumulative / 1000:6.1f} ms with what it imports  {name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--importtime", action="store_true", help="list the slowest imports of one run")
    args = ap.parse_args()
    byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(text_page(SEEDS.joinpath("000_acf128b87be38071.txt").read_text(encoding="utf-8"), "trs"),
                        encoding="utf-8")
        print(f"machine: {machine()}")
        times = time_rounds({
            'python -c "import lxml.html"': [sys.executable, "-c", "import lxml.html"],
            "gaar parse one.html": [*gaar_command(), "parse", str(page)],
        }, args.rounds, warmup=2)
        help_times = time_rounds({"gaar --help": [*gaar_command(), "--help"]}, args.rounds, warmup=1)
        print(f"{args.rounds} rounds:")
        report(times, 'python -c "import lxml.html"', TARGET)
        base = median(times['python -c "import lxml.html"'])
        help_median = median(help_times["gaar --help"])
        print(f"  gaar --help: median {1000 * help_median:.0f} ms ({help_median / base:.2f}x the lxml import)")
        print(f"machine after: {machine()}")
        if args.importtime:
            importtime(page)


if __name__ == "__main__":
    main()
