"""Links and redirects that leave the portal's host, and a 年报 column nobody can read.

Real ``scrapy crawl`` over real HTTP on loopback (127.0.0.1 and 127.0.0.2).
"""

import gzip
import json
import threading

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from gaar_spiders.localportals import content as C
from gaar_spiders.localportals.render import SiteInfo, render_list_page
from gaar_spiders.localportals.server import _handler_for, _QuietServer
from gaar_spiders.localportals.site import Response, Site
from gaar_spiders.middlewares import PortalOffsiteMiddleware
from gaar_spiders.spiders.portal import PortalSpider

from .crawl_support import crawl, rows


def offsite(url="http://www.x.gov.cn/"):
    crawler = get_crawler(PortalSpider, {"GAAR_FOLLOW_PLATFORM_HOSTS": True})
    spider = PortalSpider.from_crawler(crawler, url=url)
    crawler.spider = spider
    mw = PortalOffsiteMiddleware.from_crawler(crawler)
    mw.spider_opened(spider)
    return mw, spider


def test_a_redirect_into_the_portals_platform_is_followed_and_elsewhere_is_not():
    mw, spider = offsite()
    into = Request("http://xxgk.x.gov.cn/nb/", meta={"redirect_urls": ["http://www.x.gov.cn/nb/"]})
    assert mw.should_follow(into, spider) and "xxgk.x.gov.cn" in spider.allowed_domains
    away = Request("http://www.gov.cn/zhengce/", meta={"redirect_urls": ["http://www.x.gov.cn/a/"]})
    assert not mw.should_follow(away, spider)
    other = Request("http://www.y.gov.cn/nb/", meta={"redirect_urls": ["http://www.x.gov.cn/b/"]})
    assert not mw.should_follow(other, spider)
    plain = Request("http://zwgk.x.gov.cn/")  # a link, not a redirect: the spider judges links by their text
    assert not mw.should_follow(plain, spider)


def crawl_site(site: Site, db, start: str):
    """``scrapy crawl portal -a url=START`` against ``site`` served on its loopback address."""
    server = _QuietServer((site.bind, 0), _handler_for(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return crawl("portal", db, {site.host: "%s:%d" % server.server_address[:2]}, f"url={start}")
    finally:
        server.shutdown()
        server.server_close()


HOST = "www.wuxiao.gov.cn"
INFO = SiteInfo(name="无效县人民政府", host=HOST, site_id="9999990003", icp="京ICP备00000003号", column_path="/ndbg/")


def unreadable_site() -> Site:
    """A 年报 column whose list shows news only (its reports moved into a script no adapter reads)."""
    site = Site("wuxiao", HOST)
    home = f'<ul><li><a href="/ndbg/">{C.COLUMN_NAME}</a></li></ul>'
    site.add_page("/", lambda: render_list_page(C.BREADCRUMB_HOME, home, site=INFO))
    news = '<ul class="list"><li><a href="/ndbg/n1.html">召开2023年度工作会议</a><span>2024-01-05</span></li></ul>'
    site.add_page("/ndbg/", lambda: render_list_page(C.COLUMN_NAME, news + "<script>loadReports(27)</script>",
                                                     site=INFO))
    for path in ("/zwgk/", "/bsfw/", "/hdjl/"):
        site.add_page(path, lambda: render_list_page(C.OPEN_GOV, "<p>栏目建设中。</p>", site=INFO))
    return site


@pytest.mark.slow
def test_a_nianbao_column_with_no_readable_report_link_is_recorded_with_its_page(tmp_path):
    db = tmp_path / "g.db"
    crawl_site(unreadable_site(), db, f"http://{HOST}/")
    ((url, detail, body),) = rows(db, "SELECT url, detail, body_gzip FROM failures WHERE reason = 'list_unreadable'")
    assert url == f"http://{HOST}/ndbg/" and "no report link" in detail
    assert b"loadReports(27)" in gzip.decompress(body)  # the page, kept for diagnosis
    ((status, reason),) = rows(db, "SELECT status, reason FROM crawl_runs")
    assert status == "broken" and f"http://{HOST}/ndbg/" in reason


@pytest.mark.slow
@pytest.mark.parametrize("where", ["list", "report_page"])
@pytest.mark.parametrize("bad", ["http://[bad-ipv6/x.html", "http://[::1/2021.html"])
def test_one_bad_link_is_one_row_and_the_rest_of_the_page_is_read(tmp_path, bad, where):
    """A link whose href makes no URL (``urljoin`` raises) on a list page, or on a report page before its
    attachment: one ``bad_link`` row naming the page it was on; the rest of that page is read."""
    site = Site("badlink", HOST)
    report_title = "无效县人民政府2022年政府信息公开工作年度报告"
    on_list = f'<li><a href="{bad}">无效县人民政府2021年政府信息公开工作年度报告</a></li>' if where == "list" else ""
    items = f'<ul class="list">{on_list}<li><a href="/ndbg/r1.html">{report_title}</a><span>2023-01-10</span></li></ul>'
    site.add_page("/", lambda: render_list_page(C.COLUMN_NAME, items, site=INFO))
    on_page = f'<a href="{bad}">附件.pdf</a>' if where == "report_page" else ""
    page = f'<p>{report_title}</p>{on_page}<a href="/files/a.pdf">{report_title}.pdf</a>'
    site.add_page("/ndbg/r1.html", lambda: render_list_page(report_title, page, site=INFO))
    site.add("/files/a.pdf", lambda request: Response(200, b"%PDF-1.4 not really", {"Content-Type": "application/pdf"}))
    db = tmp_path / "g.db"
    crawl_site(site, db, f"http://{HOST}/")
    ((url, detail),) = rows(db, "SELECT url, detail FROM failures WHERE reason = 'bad_link'")
    page_url = f"http://{HOST}/" if where == "list" else f"http://{HOST}/ndbg/r1.html"
    assert url == bad and detail.startswith(f"on {page_url}:"), detail
    fetched = {u for (u,) in rows(db, "SELECT url FROM pages")}
    assert {f"http://{HOST}/ndbg/r1.html", f"http://{HOST}/files/a.pdf"} <= fetched  # the rest was read
    ((stats,),) = rows(db, "SELECT stats_json FROM crawl_runs")
    assert json.loads(stats)["gaar/failed/bad_link"] == 1  # counted for the verdict, never a silent drop


def test_a_redirect_out_of_the_portal_ends_as_offsite_redirect():
    from scrapy.http import Response as ScrapyResponse

    from gaar_spiders.middlewares import GaarIgnore, OffsiteRedirectMiddleware

    crawler = get_crawler(PortalSpider, {"GAAR_FOLLOW_PLATFORM_HOSTS": True})
    crawler.spider = PortalSpider.from_crawler(crawler, url="http://www.x.gov.cn/")
    mw = OffsiteRedirectMiddleware.from_crawler(crawler)
    request = Request("http://www.x.gov.cn/nb/1.html", meta={"gaar_kind": "page"})

    def redirect(to):
        return ScrapyResponse(request.url, status=302, headers={"Location": to}, request=request)

    assert mw.process_response(request, redirect("http://x.gov.cn/nb/1.html")).status == 302  # the portal's own
    assert mw.process_response(request, redirect("/nb/2.html")).status == 302
    with pytest.raises(GaarIgnore) as away:
        mw.process_response(request, redirect("http://www.gov.cn/zhengce/1.html"))
    assert away.value.gaar_reason == "offsite_redirect" and "www.gov.cn" in away.value.gaar_detail
    robots = Request("http://www.x.gov.cn/robots.txt")  # not the spider's request: Scrapy's business
    assert mw.process_response(robots, ScrapyResponse(robots.url, status=302, headers={
        "Location": "http://www.gov.cn/robots.txt"}, request=robots)).status == 302


@pytest.mark.slow
def test_six_reports_some_redirected_off_the_portal_each_leaves_a_row_and_the_run_is_not_ok(tmp_path):
    from gaar_spiders.localportals.generator import make_report
    from gaar_spiders.localportals.render import render_report_html

    site = Site("redirects", HOST)
    items = []
    for n in range(1, 7):
        organ = f"无效县{['人民政府', '教育局', '民政局', '财政局', '卫生健康委员会', '交通运输局'][n - 1]}"
        report = make_report(organ, 2022, None, n)
        items.append(f'<li><a href="/ndbg/r{n}.html">{report.title}</a><span>2023-01-1{n}</span></li>')
        body = render_report_html(report, family="generic", site=INFO)
        if n <= 2:
            site.add_page(f"/ndbg/r{n}.html", lambda body=body: body)
        elif n <= 4:  # to the bare domain: another host of the portal's registrable domain, followed
            site.add_redirect(f"/ndbg/r{n}.html", f"http://wuxiao.gov.cn/ndbg/m{n}.html", status=301)
            site.add_page(f"/ndbg/m{n}.html", lambda body=body: body)
        else:  # to another government's site: not followed, and said so
            site.add_redirect(f"/ndbg/r{n}.html", f"http://www.other.gov.cn/nb/{n}.html", status=302)
    site.add_page("/ndbg/", lambda: render_list_page(C.COLUMN_NAME, f'<ul class="list">{"".join(items)}</ul>',
                                                     site=INFO))
    site.add_page("/", lambda: render_list_page(C.BREADCRUMB_HOME, f'<ul><li><a href="/ndbg/">{C.COLUMN_NAME}</a></li></ul>',
                                                site=INFO))
    for path in ("/zwgk/", "/bsfw/", "/hdjl/"):
        site.add_page(path, lambda: render_list_page(C.OPEN_GOV, "<p>栏目建设中。</p>", site=INFO))
    server = _QuietServer((site.bind, 0), _handler_for(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = tmp_path / "g.db"
    address = "%s:%d" % server.server_address[:2]
    try:
        crawl("portal", db, {HOST: address, "wuxiao.gov.cn": address}, f"url=http://{HOST}/")
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(rows(db, "SELECT url, reason FROM failures")) == [
        (f"http://{HOST}/ndbg/r5.html", "offsite_redirect"), (f"http://{HOST}/ndbg/r6.html", "offsite_redirect")]
    assert rows(db, "SELECT count(*) FROM reports") == [(4,)]
    ((status, reason, found, stored),) = rows(db, "SELECT status, reason, reports_found, reports_stored FROM crawl_runs")
    assert (found, stored) == (6, 4)
    assert status == "degraded" and "offsite_redirect 2" in reason, reason
