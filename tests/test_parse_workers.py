"""The crawl's read step: one trip to a worker process per page, on as many workers as the crawl
has cores (``GAAR_PARSE_WORKERS``), and 0 still reads inline."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from gaar_spiders import settings as project_settings
from gaar_spiders.items import PageItem
from pipelines import workers
from pipelines.read import ReadPipeline, read_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
SETTINGS = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}

_DEFAULT = "from gaar_spiders import settings; print(settings.GAAR_PARSE_WORKERS)"


def default_workers(cores=None) -> int:
    """GAAR_PARSE_WORKERS as a fresh crawl process sees it, with its CPU affinity set to ``cores``."""
    preexec = (lambda: os.sched_setaffinity(0, cores)) if cores is not None else None
    out = subprocess.run([sys.executable, "-c", _DEFAULT], cwd=ROOT, capture_output=True, text=True, check=True,
                         preexec_fn=preexec).stdout
    return int(out)


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="CPU affinity is a Linux call")
def test_the_default_is_the_cores_the_crawl_may_use():
    assert default_workers() == len(os.sched_getaffinity(0))
    assert default_workers({min(os.sched_getaffinity(0))}) == 1  # `taskset -c 0 scrapy crawl …`: one worker


class _Spider(Spider):
    name = "t"


def _items():
    return [PageItem(url=f"https://www.example.gov.cn/nb/{i}.html", body=path.read_bytes(), spider="t")
            for i, path in enumerate(SEEDS)]


def _run_pipeline(n_workers: int, monkeypatch):
    """Every seed through ReadPipeline as a crawl runs it; the trips to the workers counted."""
    trips = []
    real_run_step = workers.run_step

    async def counting_run_step(step, args, kwargs, n):
        trips.append(args[2])
        return await real_run_step(step, args, kwargs, n)

    monkeypatch.setattr(workers, "run_step", counting_run_step)
    pipeline = ReadPipeline.from_crawler(get_crawler(_Spider, {**SETTINGS, "GAAR_PARSE_WORKERS": n_workers}))

    async def run_all():
        return [await pipeline.process_item(item) for item in _items()]

    try:
        items = asyncio.run(run_all())
    finally:
        pipeline.close_spider()
    return items, trips


def test_one_worker_trip_per_page_and_the_inline_report(monkeypatch):
    items, trips = _run_pipeline(2, monkeypatch)
    assert trips == [item.url for item in items]  # one trip each, nothing else sent
    for item, path in zip(items, SEEDS):
        inline = read_page(path.read_bytes(), {}, item.url)
        assert item.parse_status == inline.status == "parsed"
        assert item.report.to_json_dict() == inline.report.to_json_dict()
        assert item.page_meta == inline.page_meta


def test_zero_workers_reads_inline(monkeypatch):
    items, trips = _run_pipeline(0, monkeypatch)
    assert len(trips) == len(items)
    assert workers._pool is None  # no process was started
    assert all(item.parse_status == "parsed" for item in items)
