"""Parser speed: reports/second on HTML pages, and the ratio to lxml parsing alone.

Both are measured in the same run on the same pages (generated portal pages of
both templates and the five seeds published as pages), so the ratio does not
depend on the machine. Targets (issue): >= 500 reports/s on one core, <= 3x lxml.

    python benchmarks/parse_bench.py [--pages N] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import lxml.html  # noqa: E402

from gaar_spiders.localportals.generator import make_report  # noqa: E402
from gaar_spiders.localportals.render import render_report_html, render_text_page  # noqa: E402
from gaar_spiders.report import parse_report  # noqa: E402

ORGANS = ("精河县人民政府", "精河县托里镇人民政府", "重庆市大足区民政局", "道外区巨源镇人民政府", "遂溪县城月镇人民政府")


def corpus(n: int) -> list[str]:
    pages = []
    seeds = resources.files("gaar_spiders.localportals") / "seeds"
    seed_texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.iterdir()) if p.name.endswith(".txt")]
    for i in range(n):
        if i % 10 == 9:
            text = seed_texts[i % len(seed_texts)]
            pages.append(render_text_page(text, family="generic", title="年度报告", published_on="2021-01-01"))
            continue
        year = 2019 + i % 5
        report = make_report(ORGANS[i % len(ORGANS)], year, seed=i)
        pages.append(render_report_html(report, family=("trs", "hanweb", "generic")[i % 3]))
    return pages


def timed(fn, pages, rounds: int) -> float:
    best = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for page in pages:
            fn(page)
        best.append(time.perf_counter() - t0)
    return min(best)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    pages = corpus(args.pages)
    size = statistics.mean(len(p.encode("utf-8")) for p in pages)
    parse_report(pages[0])  # warm caches (OpenCC, label index)
    t_lxml = timed(lxml.html.fromstring, pages, args.rounds)
    t_parse = timed(parse_report, pages, args.rounds)
    print(f"pages: {len(pages)} (mean {size / 1024:.1f} KiB)")
    print(f"lxml.html.fromstring alone: {len(pages) / t_lxml:8.0f} pages/s")
    print(f"parse_report:               {len(pages) / t_parse:8.0f} reports/s")
    print(f"ratio parse / lxml:         {t_parse / t_lxml:8.2f}x")


if __name__ == "__main__":
    main()
