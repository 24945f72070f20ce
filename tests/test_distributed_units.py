"""The pieces of a distributed crawl that need no Redis: entries, portal keys, a node's verdict,
and that a crawl without GAAR_REDIS_URL never imports Redis (docs/distributed.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from gaar_spiders.distributed import enabled, redis_url
from gaar_spiders.distributed.keys import Keys, portal_key
from gaar_spiders.distributed.work import Entry
from gaar_spiders.extensions import verdict
from gaar_spiders.status import RunStatus

from .crawl_support import ROOT


def counts(**extra) -> dict:
    base = {"reports_found": 12, "reports_stored": 0, "blocked_pages": 0, "reports_failed": 0,
            "list_pages_declared": 1, "list_pages_fetched": 1}
    return {**base, **extra}


def test_a_node_whose_portal_was_taken_over_is_not_broken():
    """A portal crawl that finds only links the shared dupefilter saw (another node, or the portal's
    earlier holder, fetched or queued them) did its part: ok, never "found but none stored"."""
    status, why = verdict(counts(reports_elsewhere=12), {})
    assert status == RunStatus.OK and why == "nothing new (12 handled by other nodes or an earlier run)"
    status, why = verdict(counts(reports_stored=3, reports_known=2, reports_elsewhere=7), {})
    assert why == "3 new report(s) stored (2 already stored, 7 handled by other nodes or an earlier run)"
    assert verdict(counts(), {})[0] == RunStatus.BROKEN  # still broken when nobody stored anything


def test_an_entry_is_scrapy_redis_start_url_data_and_reads_back():
    entry = Entry("portal", "http://www.XJJH.gov.cn/", {"since": "2021"})
    data = json.loads(entry.data())
    assert data["url"] == "http://www.XJJH.gov.cn/" and data["meta"]["gaar_portal"] == "portal-www.xjjh.gov.cn"
    assert Entry.from_data(entry.data().encode()) == entry
    assert Entry.from_data(b"http://www.dazu.gov.cn/") == Entry("portal", "http://www.dazu.gov.cn/")  # a plain URL
    assert Entry("dazu").portal == "dazu" and Entry("dazu").spider_arguments() == {}
    assert portal_key("portal", "https://zwgk.example.gov.cn/x") == "portal-zwgk.example.gov.cn"
    assert Keys("c1").requests("dazu") == "c1:dazu:requests"


def test_distributed_mode_is_on_only_with_a_redis_url():
    assert not enabled({"GAAR_REDIS_URL": None})
    assert redis_url({"GAAR_REDIS_URL": "redis://h:1/0"}) == "redis://h:1/0"
    assert redis_url({"GAAR_REDIS_URL": None, "REDIS_URL": "redis://h:2/0"}) == "redis://h:2/0"


def test_a_crawl_without_redis_imports_no_redis():
    code = ("import sys; from scrapy.utils.project import get_project_settings; "
            "from gaar_spiders.commands.crawl import Command; import gaar_spiders.settings; "
            "from gaar_spiders.distributed import enabled; assert not enabled(get_project_settings()); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('redis', 'scrapy_redis')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.strip() == "[]"
