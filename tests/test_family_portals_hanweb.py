"""The Hanweb family portals follow the real shapes they stand for (crawl README row 03 and §2,
page 06's chrome): what each serves, read straight from its routes (no crawl here;
``test_families_crawl.py`` crawls them)."""

import json
import re
from urllib.parse import urlencode, urlsplit

import pytest

from gaar_spiders.localportals.families import family_portal

ART = re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$")


def get(portal, url: str, method: str = "GET", form=None):
    """A real URL of the portal, answered by the site of its host."""
    parts = urlsplit(url)
    site = next(s for s in portal.sites if s.host == parts.hostname)
    response = site.resolve(method, parts.path + (f"?{parts.query}" if parts.query else ""), form)
    return response.status, response.body.decode("utf-8")


def column_url(portal) -> str:
    return next(e["source_url"] for e in portal.reports)


@pytest.mark.parametrize("name", ["hanweb", "hanweb_jslib", "hanweb_jpaas", "hanweb_uid"])
def test_documents_are_jcms_articles_in_real_hanweb_chrome(name):
    portal = family_portal(name)
    assert all(ART.search(e["url"]) for e in portal.manifest if "gansu.gov.cn" not in e["url"])
    status, html = get(portal, portal.reports[0]["url"])
    assert status == 200 and '<div class="main-txt" id="zoom">' in html and '<meta name="ContentStart">' in html
    for marker in ("/module/jslib/jquery/jquery.js", "/module/jslib/urite/urite.min.js", 'id="hiddenLocation"',
                   "/jrobotfront/search.do", "/jcms_files/jcms1/web", "Produced By 大汉网络", '<meta name="SiteIDCode"'):
        assert marker in html, marker
    assert re.search(r'<span id="col1_url">/col/col\d+/index.html</span>', html)
    status, home = get(portal, portal.home)
    assert status == 200 and re.search(r'href="/col/col\d+/index.html">政务公开</a>', home)


def test_hanweb_the_column_carries_its_first_records_inline_and_only_a_nextgroup_link_to_the_rest():
    portal = family_portal("hanweb")
    _, page = get(portal, column_url(portal))
    unit = re.search(r'<div id="(\d+)"><script type="text/xml"><datastore>(.*?)</datastore></script></div>', page, re.S)
    assert unit and unit[2].count("<record>") == 3 and "<totalrecord>" not in page and "proxyUrl" not in page
    href = re.search(r'<nextgroup><!\[CDATA\[<a href="([^"]+)">', page)[1]
    assert href.startswith("/module/web/jpage/dataproxy.jsp?page=1&appid=1&appid=1&webid=")
    assert f"&unitid={unit[1]}&webname=%25E6" in href and href.endswith("&permissiontype=0")
    answers = [get(portal, "http://www.weiyuan.gov.cn" + href.replace("page=1&", f"page={n}&"))[1] for n in (1, 2, 5)]
    first, second, beyond = answers
    assert re.findall(r'href="([^"]+)"', first)[1:] == re.findall(r'href="([^"]+)"', unit[2])[1:]  # page 1 = inline
    assert second.count("<record>") == 3 and beyond.count("<record>") == 0
    assert not any("<totalrecord>" in a or "<totalpage>" in a for a in answers)
    platform = [e for e in portal.reports if e["url"].startswith("http://zwgk.weiyuan.gov.cn/")]
    assert len(platform) == 1 and get(portal, platform[0]["url"])[0] == 200
    assert next(s for s in portal.sites if s.host == "zwgk.weiyuan.gov.cn").bind == "127.0.0.2"


def test_hanweb_the_home_page_lists_news_through_a_unit_of_another_column():
    portal = family_portal("hanweb")
    _, home = get(portal, portal.home)
    assert '<script type="text/xml"><datastore><nextgroup>' in home and "columnid=12466" not in home


def test_hanweb_jslib_settings_in_variables_and_the_old_path_posted_with_totals():
    portal = family_portal("hanweb_jslib")
    _, page = get(portal, column_url(portal))
    assert "/art/" not in page and "proxyUrl: proxyUrl" in page and "ajaxParam: jpageParam" in page
    assert "var proxyUrl = '/module/jslib/jquery/jpage/dataproxy.jsp'" in page and "var jpageParam = {col:1" in page
    form = dict(re.findall(r"(\w+):'?([^,'}]*)'?", re.search(r"var jpageParam = \{([^}]*)\}", page)[1]))
    url = "http://www.donge.gov.cn/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=1&endrecord=6&perpage=2"
    status, xml = get(portal, url, "POST", {k.strip(): v for k, v in form.items()})
    assert status == 200 and xml.count("<record>") == 6
    assert "<totalrecord>8</totalrecord><totalpage>4</totalpage>" in xml and len(portal.manifest) == 8


def test_hanweb_jpaas_the_list_comes_only_from_build_unit_json():
    portal = family_portal("hanweb_jpaas")
    _, page = get(portal, column_url(portal))
    assert "/art/" not in page and "/api-gateway/jpaas-publish-server/front/page/build/unit" in page
    query = {"parseType": "bulidstatic", "webId": "3312", "tplSetId": "5c4e9f7a2b1d4e0f8a6b3c2d1e0f9a8b",
             "pageType": "column", "tagId": "信息公开年报_分页列表", "editType": "null", "pageId": "1229412466",
             "paramJson": json.dumps({"pageNo": 3, "pageSize": 3})}
    base = "http://www.haiyan.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?"
    data = json.loads(get(portal, base + urlencode(query))[1])
    assert data["success"] and data["data"]["html"].count("<li") == 2 and "共3页" in data["data"]["html"]
    assert not json.loads(get(portal, base + urlencode({**query, "pageId": "1"}))[1])["success"]


def test_hanweb_uid_pages_are_rendered_on_the_server_the_list_inside_the_unit_element():
    portal = family_portal("hanweb_uid")
    column = column_url(portal)
    pages = [get(portal, f"{column}?uid=64312&pageNum={n}") for n in (1, 2, 3, 4)]
    assert [status for status, _ in pages] == [200, 200, 200, 404]
    assert get(portal, column)[1] == pages[0][1]
    for _, html in pages[:3]:
        unit = re.search(r'<div id="64312"><script type="text/xml"><datastore><recordset>(.*?)</recordset>', html, re.S)
        assert unit and 1 <= unit[1].count("<li") <= 3 and "共3页" in html and "pageNum=3" in html
    notice = urlsplit(next(e["url"] for e in portal.decoys if "通知" in e["title"])).path
    assert notice in pages[0][1]  # linked beside the list, never inside the unit
    assert notice not in re.search(r'<div id="64312">.*?</div>', pages[0][1], re.S)[0]
