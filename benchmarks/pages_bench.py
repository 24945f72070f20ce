"""`gaar parse --json` on 300 real report pages, against a Python process that parses the same
files with ``lxml.html.fromstring``, in the same run (issue 17 target: <= 3x).

The pages are ``tests/real_pages.py``'s: the seeds, the corpus text dumps 05–10, the corpus
gold tables and the 114 metadev openings, published through the local portals' renderer in
its three CMS families' chrome and inside the real chrome of two real portal detail pages
(tests/data/crawl/pages 05 and 06). Both commands are whole processes, as a user runs them
(start-up, reading the files, and for GAAR the JSON written); see ``processes.py`` for how
they are timed. ``gaar parse`` reads the files on every core this process may use (its
default), and in one process (``--workers 1``) beside it. ``--profile`` then shows where GAAR's time goes, in one process: start-up
(imports), reading (decode, chrome, parse, checks), settling consecutive years, the JSON.

    python benchmarks/pages_bench.py [--rounds 5] [--pages 300] [--profile]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import byte_compile, gaar_command, machine, report, time_rounds  # noqa: E402
from tests.real_pages import write_pages  # noqa: E402

LXML_ONLY = ("import sys, lxml.html\n"
             "for name in sys.argv[1:]:\n"
             "    with open(name, 'rb') as f:\n"
             "        lxml.html.fromstring(f.read())\n")
TARGET = 3.0


def phases(files: list[Path]) -> None:
    """Where one ``gaar parse --json`` process spends its CPU time (run in a fresh interpreter,
    ``--phases-of DIR``, so that its imports are measured)."""
    start = time.process_time()
    from gaar_spiders.cli.common import print_json
    from gaar_spiders.report.parse import settle_among
    from pipelines.files import page_item_for_file
    from pipelines.read import read_item

    imported = time.process_time()
    reports = [read_item(page_item_for_file(path)).report for path in files]
    read = time.process_time()
    settle_among(reports)
    settled = time.process_time()
    records = [r.to_json_dict() for r in reports]
    built = time.process_time()
    out, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    try:
        print_json(records)
    finally:
        sys.stdout = out
    written = time.process_time()
    n = len(files)
    print(f"one process, CPU time: imports {1000 * (imported - start):.0f} ms; reading {1000 * (read - imported):.0f} ms "
          f"({1000 * (read - imported) / n:.2f} ms a page); settling years {1000 * (settled - read):.0f} ms; "
          f"JSON records {1000 * (built - settled):.0f} ms; JSON written {1000 * (written - built):.0f} ms")


def profile(files: list[Path], top: int = 25) -> None:
    import cProfile
    import pstats

    from pipelines.files import page_item_for_file
    from pipelines.read import read_item

    read_item(page_item_for_file(files[0]))
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        read_item(page_item_for_file(path))
    profiler.disable()
    print(f"\nreading {len(files)} pages, by own time (cProfile; the top {top}):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--profile", action="store_true", help="also profile the reading of the pages")
    ap.add_argument("--phases-of", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phases_of:
        phases(sorted(args.phases_of.glob("*.html")))
        return
    byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_pages(Path(tmp), args.pages)
        sizes = [f.stat().st_size for f in files]
        subprocess.run([sys.executable, __file__, "--phases-of", tmp], check=True)
        print(f"pages: {len(files)} real report pages, {sum(sizes) / len(sizes) / 1024:.0f} KiB on average "
              f"({min(sizes) / 1024:.0f}–{max(sizes) / 1024:.0f} KiB)")
        print(f"machine: {machine()}")
        names = [str(f) for f in files]
        times = time_rounds({
            "lxml.html.fromstring": [sys.executable, "-c", LXML_ONLY, *names],
            "gaar parse --json": [*gaar_command(), "parse", "--json", *names],
            # one process, as before gaar parse read files on every core
            "gaar parse --json --workers 1": [*gaar_command(), "parse", "--json", "--workers", "1", *names],
        }, args.rounds)
        print(f"{args.rounds} rounds:")
        report(times, "lxml.html.fromstring", TARGET)
        print(f"machine after: {machine()}")
        if args.profile:
            profile(files)


if __name__ == "__main__":
    main()
