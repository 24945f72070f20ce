#!/usr/bin/env python3
"""What placing every report in its division and checking its office across years costs the
store step, as a ratio against the same stores without it, measured in the same run.

    .venv/bin/python benchmarks/years_bench.py [--offices 40] [--years 5]

Generated reports (``localportals.generator``) of OFFICES offices over YEARS years are parsed
once; then each is stored into a fresh database twice over: by the store step as it is
(identify → save → the office's cross-year checks again) and by ``Storage.save_report`` alone.
Also reports the resolver's own speed (``divisions.identify`` per report).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gaar_spiders.divisions import identify, load  # noqa: E402
from gaar_spiders.localportals.generator import Chain, make_report  # noqa: E402
from gaar_spiders.localportals.render import SiteInfo, render_report_html  # noqa: E402
from gaar_spiders.report import parse_report  # noqa: E402
from pipelines import years  # noqa: E402
from pipelines.storage import Storage  # noqa: E402

HINTS = {"portal": "dazu", "division_code": "500111", "region": "重庆市大足区"}
OFFICES = ("人民政府", "发展和改革委员会", "教育委员会", "民政局", "财政局", "邮亭镇人民政府", "龙岗街道办事处",
           "宝顶镇人民政府")


def reports(n_offices: int, n_years: int):
    out = []
    site = SiteInfo(name="重庆市大足区人民政府", host="www.dazu.gov.cn", site_id="5001110001")
    for i in range(n_offices):
        office = f"重庆市大足区{OFFICES[i % len(OFFICES)]}"
        organ = office if i < len(OFFICES) else office.replace("重庆市大足区", f"重庆市大足区第{i}")
        chain = Chain(organ)
        for year in range(2019, 2019 + n_years):
            html = render_report_html(make_report(organ, year, None, year, chain=chain), family="trs", site=site)
            out.append(parse_report(html))
    return out


def store_all(parsed, with_years: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp, Storage(str(Path(tmp) / "gaar.db")) as storage:
        start = time.perf_counter()
        for report in parsed:
            if with_years:
                years.identify(report, HINTS, {"SiteIDCode": "5001110001"})
                before = storage.organ_key_of(report.report_id)
                storage.save_report(report, None, HINTS)
                years.recheck(storage, (before, report.organ_key))
            else:
                storage.save_report(report, None, HINTS)
        return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offices", type=int, default=40)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    load()
    print(f"division tables loaded in {1000 * (time.perf_counter() - start):.0f} ms (once per process)")
    parsed = reports(args.offices, args.years)
    start = time.perf_counter()
    for report in parsed:
        identify(report.organ, level=report.level, year=report.year, registry_code="500111")
    per_identify = (time.perf_counter() - start) / len(parsed)
    plain = min(store_all(parsed, False) for _ in range(3))
    with_years = min(store_all(parsed, True) for _ in range(3))
    n = len(parsed)
    print(f"{n} reports ({args.offices} offices × {args.years} years)")
    print(f"identify: {1000 * per_identify:.2f} ms a report")
    print(f"store without the years step: {1000 * plain / n:.2f} ms a report")
    print(f"store with identify + cross-year checks: {1000 * with_years / n:.2f} ms a report "
          f"(×{with_years / plain:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
