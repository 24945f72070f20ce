"""Text dumps: parse time per document (issue 13 target: median <= 20 ms; issue 17: median
<= 10 ms over the corpus text dumps 06–10 and the renderings), and its ratio to a plain scan
of the same text measured in the same run.

The documents: the corpus text dumps 05-10 (tests/data/corpus) and every corpus gold file
printed the ways real extractors print tables (tests/renderings.py: PDF text layer,
Markdown, page breaks, glued, cell lines, spaced). Each document is parsed ``--rounds``
times; its time is the best round (the least disturbed by other processes). The baseline
scans the same text once for figures and labels (``re.findall``), so the ratio says how
much work the parser does per character, whatever the machine.

    python benchmarks/cells_bench.py [--rounds R]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gaar_spiders.report import parse_report  # noqa: E402
from tests.renderings import GOLD_DIR, RENDERINGS, load  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
_SCAN = re.compile(r"\d+|[\u4e00-\u9fff]+")


def documents() -> list[tuple[str, str]]:
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    for gold_path in sorted(GOLD_DIR.glob("*.json")):
        gold = load(gold_path.stem)
        docs += [(f"{gold_path.stem}:{name}", render(gold)) for name, render in RENDERINGS.items()]
    return docs


def best(fn, arg, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    docs = documents()
    parse_report(docs[0][1])  # warm caches (OpenCC, label index)
    parse_ms, ratios = [], []
    slowest = []
    for name, text in docs:
        t_parse = best(parse_report, text, args.rounds)
        t_scan = best(_SCAN.findall, text, args.rounds)
        parse_ms.append(t_parse * 1000)
        ratios.append(t_parse / t_scan)
        slowest.append((t_parse * 1000, name))
    issue17 = sorted(ms for ms, name in slowest if not name.startswith("05_"))
    parse_ms.sort()
    print(f"documents: {len(docs)} (corpus text dumps 05-10, {len(RENDERINGS)} renderings of each gold file)")
    print(f"parse time per document: median {statistics.median(parse_ms):.1f} ms, "
          f"p90 {parse_ms[int(0.9 * (len(parse_ms) - 1))]:.1f} ms, max {parse_ms[-1]:.1f} ms")
    print(f"ratio parse / scan of the same text: median {statistics.median(ratios):.0f}x")
    median17 = statistics.median(issue17)
    print(f"corpus text dumps 06-10 and the renderings ({len(issue17)}): median {median17:.1f} ms "
          f"(target <= 10 ms: {'met' if median17 <= 10 else 'NOT met'})")
    print("slowest: " + ", ".join(f"{n} {ms:.0f} ms" for ms, n in sorted(slowest, reverse=True)[:3]))


if __name__ == "__main__":
    main()
