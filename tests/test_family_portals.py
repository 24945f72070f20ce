"""The family portals' scaffolding: manifests with what a crawl must do, a second host on 127.0.0.2,
and requests in absolute form (how the host map's proxy meta sends them)."""

import http.client

import pytest

from gaar_spiders.localportals import PortalServer
from gaar_spiders.localportals.families import FAMILY_PORTALS, family_portal


@pytest.mark.parametrize("name", FAMILY_PORTALS)
def test_each_family_portal_states_its_reports_and_decoys(name):
    portal = family_portal(name)
    assert portal.name == name and portal.home.startswith("http://")
    assert len(portal.reports) >= 6 and 1 <= len(portal.decoys) <= 2
    assert {e["expect"] for e in portal.manifest} == {"report", "decoy"}
    assert len({e["url"] for e in portal.manifest}) == len(portal.manifest)


def test_an_unknown_family_portal_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="trs"):
        family_portal("wordpress")


def get(address: str, target: str) -> tuple[int, bytes]:
    host, port = address.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", target)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_a_second_host_listens_on_127_0_0_2_and_absolute_targets_are_answered():
    with PortalServer([], families=["query_param"]) as server:
        hosts = server.host_map
        assert hosts["xxgk.lintan.gov.cn"].startswith("127.0.0.2:") and hosts["www.lintan.gov.cn"].startswith(
            "127.0.0.1:")
        address = hosts["xxgk.lintan.gov.cn"]
        relative = get(address, "/list.jsp?columnId=27")
        absolute = get(address, "http://xxgk.lintan.gov.cn/list.jsp?columnId=27")
        assert relative[0] == absolute[0] == 200 and relative[1] == absolute[1]
        assert "SiteIDCode".encode() in absolute[1]  # real chrome: the site's meta
        assert get(address, "http://xxgk.lintan.gov.cn/list.jsp?columnId=27&pageNo=2")[0] == 200


def test_serving_an_unknown_family_portal_by_hand_says_so_in_one_line():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "gaar_spiders.localportals", "--family", "wordpress"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "unknown family portal 'wordpress'" in result.stderr and "gkmlpt" in result.stderr
