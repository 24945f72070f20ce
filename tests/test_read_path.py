"""One read path: the same bytes give the same report, and the same report id, however they arrive.

A crawl reads a page as the portal served it (its headers, ``ReadPipeline``);
``gaar parse`` reads the same bytes from a file; ``gaar reparse`` reads them
back from the raw store. All three call ``pipelines.read.read_page``; these
tests hold them to it on the seeds, the corpus and every document of the local
portals (tests/test_crawl.py does the same on a real crawl's database).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gaar_spiders.items import PageItem
from gaar_spiders.localportals.portals import OPT_IN_PORTALS, PORTALS, build_portal
from gaar_spiders.portals import load_registry
from gaar_spiders.status import PageStatus
from pipelines.files import page_item_for_file
from pipelines.read import read_item, read_page
from pipelines.storage import Storage

DATA = Path(__file__).parent / "data"
BINARY = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def served_documents():
    """(url, body, headers, kind) of every document the local portals link, as they serve it."""
    for name in [*PORTALS, *OPT_IN_PORTALS]:
        site = build_portal(name)
        for entry in site.manifest:
            parts = urlsplit(entry["url"])
            response = site.resolve("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
            headers = {k.lower(): v for k, v in response.headers.items()}
            if response.stream is not None or response.status != 200 or headers.get("content-encoding"):
                continue  # the traps that never deliver a body (endless, trickling, gzip bombs …)
            kind = "attachment" if response.body.startswith(BINARY) else "page"
            yield entry["url"], response.body, headers, kind


def files(*folders):
    for folder in folders:
        for path in sorted((DATA / folder).iterdir()):
            if path.is_file() and path.name != "README.md":
                body = path.read_bytes()
                yield path.resolve().as_uri(), body, {}, "attachment" if body.startswith(BINARY) else "page"


DOCUMENTS = [*files("seeds", "corpus"), *served_documents()]
TEXT = [d for d in DOCUMENTS if d[3] == "page"]
ATTACHMENTS = [d for d in DOCUMENTS if d[3] == "attachment"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Storage(str(tmp_path_factory.mktemp("read-path") / "gaar.db")) as storage:
        yield storage


def the_three_paths(url, body, headers, kind, tmp_path, store):
    crawl = read_page(body, headers, url, kind=kind)
    file = tmp_path / (Path(urlsplit(url).path).name or "index.html")
    file.write_bytes(body)
    parse = read_item(page_item_for_file(file))
    page_id = store.save_page(PageItem(url=url, body=body, spider="t", headers=headers, kind=kind))
    reparse = read_item(store.load_page(page_id))
    return crawl, parse, reparse


def assert_same(crawl, parse, reparse):
    assert crawl.status == parse.status == reparse.status, (crawl.reason, parse.reason, reparse.reason)
    assert crawl.report.report_id == parse.report.report_id == reparse.report.report_id
    assert crawl.report.cells == parse.report.cells == reparse.report.cells
    assert crawl.chrome_method == parse.chrome_method == reparse.chrome_method


def test_there_are_documents_of_every_kind():
    statuses = {read_page(b, h, u, kind=k).status for u, b, h, k in TEXT}
    assert {PageStatus.PARSED, PageStatus.NOT_REPORT} <= statuses
    assert len(TEXT) > 100 and len(ATTACHMENTS) >= 8


@pytest.mark.parametrize("url,body,headers,kind", TEXT, ids=[d[0].rsplit("/", 1)[-1] for d in TEXT])
def test_a_page_reads_the_same_in_a_crawl_gaar_parse_and_gaar_reparse(url, body, headers, kind, tmp_path, store):
    assert_same(*the_three_paths(url, body, headers, kind, tmp_path, store))


@pytest.mark.slow  # every attachment is extracted three times, each in a child process
@pytest.mark.parametrize("url,body,headers,kind", ATTACHMENTS, ids=[d[0].rsplit("/", 1)[-1] for d in ATTACHMENTS])
def test_an_attachment_reads_the_same_in_a_crawl_gaar_parse_and_gaar_reparse(url, body, headers, kind, tmp_path,
                                                                              store):
    assert_same(*the_three_paths(url, body, headers, kind, tmp_path, store))


def test_the_registry_encoding_is_applied(tmp_path, monkeypatch):
    """A portal whose pages declare a charset they are not in: the registry's ``encoding`` wins."""
    text = "<html><head><meta charset=utf-8><title>年報</title></head><body><p>政府資訊公開年度報告</p></body></html>"
    body = text.encode("big5")  # Big5 bytes under a utf-8 declaration: GB18030 would read them wrong
    registry = tmp_path / "registry.json"
    registry.write_text('{"portals": [{"name": "taiwanish", "organ": "精河县人民政府", "region": "新疆维吾尔自治区博尔塔拉蒙古自治州精河县", '
                        '"division_code": "652722", "root_url": "http://www.example.gov.cn/", "encoding": "big5"}]}',
                        encoding="utf-8")
    monkeypatch.setenv("GAAR_REGISTRY", str(registry))
    load_registry.cache_clear()
    try:
        item = PageItem(url="http://www.example.gov.cn/1.html", body=body, spider="taiwanish",
                        hints={"portal": "taiwanish"})
        outcome = read_item(item)
        assert outcome.encoding == "big5hkscs" and "政府資訊公開年度報告" in outcome.report.body_text
        without = read_page(body, {}, item.url)  # no portal: GAAR's own rules guess GB18030
        assert "政府資訊公開年度報告" not in without.report.body_text
    finally:
        load_registry.cache_clear()
