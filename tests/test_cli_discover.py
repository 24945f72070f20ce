"""``gaar discover URL`` on the local portals: a real list-only crawl, printed for a person or as JSON."""

import json
import os
import subprocess
import sys

import pytest

from gaar_spiders.localportals import PortalServer
from gaar_spiders.portals import parse_registry

from .crawl_support import ROOT

pytestmark = pytest.mark.slow

FAST = ["-s", "GAAR_LOOPBACK_ONLY=1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def discover(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gaar_spiders.cli", "discover", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def server():
    with PortalServer(["dazu", "jinghe"], families=["query_param"]) as s:
        requested: list[str] = []
        for site in s.sites.values():  # every path the portals are asked for
            resolve = site.resolve

            def logged(method, path_qs, form=None, resolve=resolve, site=site):
                requested.append(path_qs if "://" in path_qs else site.url(path_qs))
                return resolve(method, path_qs, form)

            site.resolve = logged
        s.requested = requested
        yield s


def run_json(server, url: str) -> dict:
    result = discover(url, "--json", "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_discover_a_trs_portal_from_its_home_page_without_fetching_a_report(server):
    server.requested.clear()
    found = run_json(server, "http://www.dazu.gov.cn/")
    assert found["family"] == "trs"
    (column,) = found["columns"]
    assert column["url"] == "http://www.dazu.gov.cn/zwgk/zfxxgkndbg/"
    subs = {s["url"].rsplit("/", 2)[-2]: s for s in column["sub_columns"]}
    assert set(subs) == {"qzf", "qjbm", "zj"}
    zj = subs["zj"]
    assert zj["adapter"] == "trs" and zj["declared_pages"] == 3 and zj["pages_fetched"] == 3
    assert len(zj["samples"]) == 3 and all("年度报告" in t for t in zj["samples"])
    reports = {m["url"] for m in server.manifest if m["portal"] == "dazu" and m["kind"].startswith("report")}
    assert found["reports_found"] >= len(reports) - 1
    assert not set(server.requested) & reports  # lists only: no report page was fetched
    entry = found["registry_entry"]
    assert entry["division_code"] == "500111" and entry["cms"] == "trs"
    assert entry["region"] == "重庆市大足区"  # the SiteIDCode's division, named from the bundled tables
    assert entry["column_urls"] == ["http://www.dazu.gov.cn/zwgk/zfxxgkndbg/"]
    portal = parse_registry(json.dumps({"portals": [entry]}))[entry["name"]]
    assert portal.cms == "trs"  # the entry is a valid registry entry as printed


def test_discover_a_hanweb_column_and_its_dataproxy_plan(server):
    found = run_json(server, "http://www.xjjh.gov.cn/")
    assert found["family"] == "hanweb"
    (column,) = [c for c in found["columns"] if c["reports_in_tree"]]
    assert "dataproxy.jsp" in column["plan"] and column["declared_records"] == column["records_listed"]


def test_discover_follows_the_portal_onto_its_platform_host(server):
    found = run_json(server, server.family("query_param").home)
    assert found["family"] == "query_param"
    assert found["hosts"] == ["www.lintan.gov.cn", "xxgk.lintan.gov.cn"]
    assert found["registry_entry"]["column_urls"] == ["http://xxgk.lintan.gov.cn/list.jsp?columnId=27"]


def test_discover_prints_for_a_person(server):
    result = discover("http://www.dazu.gov.cn/", "-s", f"GAAR_HOST_MAP={json.dumps(server.host_map)}", *FAST)
    assert result.returncode == 0
    out = result.stdout
    assert "family: trs" in out and "createPageHTML" in out and "pages declared 3, fetched 3" in out
    assert '"division_code": "500111"' in out


@pytest.mark.parametrize("args", [["www.dazu.gov.cn"], ["ftp://x.gov.cn/"], [], ["http://x.gov.cn/", "-s", "NOEQUALS"]])
def test_wrong_arguments_get_one_line_and_a_nonzero_exit(args):
    result = discover(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("gaar discover: ")


@pytest.mark.parametrize("family,adapter", [("hanweb", "hanweb"), ("hanweb_jslib", "hanweb"),
                                            ("hanweb_jpaas", "hanweb_jpaas"), ("hanweb_uid", "hanweb_uid")])
def test_discover_names_the_hanweb_adapter_of_each_hanweb_portal(family, adapter):
    with PortalServer([], families=[family]) as s:
        portal = s.family(family)
        found = run_json(s, portal.home)
    column = portal.reports[0]["source_url"]
    assert found["family"] == adapter and found["reports_found"] == len(portal.reports)
    assert found["registry_entry"]["cms"] == adapter and found["registry_entry"]["column_urls"] == [column]
