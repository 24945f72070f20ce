"""The one walk rule: caps, loops, nothing new, already walked, unreadable columns, counts."""

from gaar_spiders.cms.base import ListRequest, Listing
from gaar_spiders.cms.walk import Walker
from gaar_spiders.crawl.links import Link

COLUMN = "http://x.gov.cn/ndbg/"


def report(n: int) -> Link:
    return Link(f"http://x.gov.cn/ndbg/t{n}.html", f"某县{2000 + n}年政府信息公开工作年度报告")


def page(*numbers, next_url=None, **declared) -> Listing:
    requests = [ListRequest(next_url)] if next_url else []
    return Listing(records=[report(n) for n in numbers], requests=requests, **declared)


def test_a_walk_follows_its_pages_and_counts_declared_against_fetched():
    walker = Walker(max_pages=10)
    walk = walker.start(COLUMN, "numbered")
    step = walker.step(walk, page(1, 2, next_url=COLUMN + "2.html", declared_pages=2), COLUMN, first=True,
                       new_records=2)
    assert [r.url for r in step.requests] == [COLUMN + "2.html"] and not step.failures
    assert not walker.done(walk)  # the first page handled; page 2 pending
    walker.step(walk, page(3), COLUMN + "2.html", first=False, new_records=1)
    assert walker.done(walk)
    assert (walk.declared_pages, walk.pages_fetched, walk.reports_listed) == (2, 2, 3)
    assert walker.totals()["list_pages_missing"] == 0


def test_a_request_already_sent_is_never_sent_again():
    walker = Walker()
    walk = walker.start(COLUMN, "trs")
    listing = Listing(records=[report(1)], requests=[ListRequest(COLUMN + "index_1.html"),
                                                     ListRequest(COLUMN + "index_2.html")], declared_pages=3)
    assert len(walker.step(walk, listing, COLUMN, first=True, new_records=1).requests) == 2
    again = walker.step(walk, listing, COLUMN + "index_1.html", first=False, new_records=1)
    assert again.requests == [] and again.failures == []  # every page links every page: not a loop
    assert walker.start(COLUMN, "trs") is None  # nor is a column walked twice


def test_the_same_reports_again_with_nothing_new_is_a_loop():
    walker = Walker()
    walk = walker.start(COLUMN, "next_link")
    walker.step(walk, page(1, 2, next_url=COLUMN + "?page=2"), COLUMN, first=True, new_records=2)
    step = walker.step(walk, page(1, 2, next_url=COLUMN + "?page=3"), COLUMN + "?page=2", first=False, new_records=0)
    assert step.requests == [] and [f.reason for f in step.failures] == ["pagination_loop"]
    assert step.events == ["gaar/list_walk_loop"]


def test_nothing_new_ends_a_walk_that_prints_no_size_but_not_one_that_does():
    walker = Walker()
    walk = walker.start(COLUMN, "hanweb")
    step = walker.step(walk, page(next_url=COLUMN + "?g=2"), COLUMN + "?g=1", first=False, new_records=0)
    assert step.requests == [] and step.failures == [] and step.events == ["gaar/list_walk_stopped_nothing_new"]
    other = walker.start(COLUMN + "b/", "trs")
    walker.step(other, page(1, declared_pages=3), COLUMN + "b/", first=True, new_records=1)
    go_on = walker.step(other, page(next_url=COLUMN + "b/index_2.html"), COLUMN + "b/index_1.html", first=False,
                        new_records=0)
    assert [r.url for r in go_on.requests] == [COLUMN + "b/index_2.html"]  # declared pages bound it


def test_the_cap_stops_a_walk_with_a_row():
    walker = Walker(max_pages=3)
    walk = walker.start(COLUMN, "numbered")
    url = COLUMN
    for n in range(1, 10):
        step = walker.step(walk, page(n, next_url=f"{COLUMN}index_{n + 1}.html"), url, first=n == 1, new_records=1)
        if step.failures:
            break
        url = step.requests[0].url
    assert n == 3 and [f.reason for f in step.failures] == ["list_page_cap"]
    assert step.failures[0].url == COLUMN + "index_4.html" and "GAAR_MAX_LIST_PAGES" in step.failures[0].detail


def test_a_column_that_lists_no_report_is_unreadable_once_its_walk_ends():
    walker = Walker()
    walk = walker.start(COLUMN, "generic")
    walker.step(walk, Listing(records=[Link(COLUMN + "n1.html", "召开2020年度工作会", "2020-01-02")]), COLUMN,
                first=True, new_records=1)
    assert walker.done(walk)
    failure = walker.unreadable(walk)
    assert failure.reason == "list_unreadable" and COLUMN in failure.detail and "generic" in failure.detail
    sub = walker.start(COLUMN + "sub/", "generic", is_column=False)  # a sub-column is judged with its parent
    walker.step(sub, Listing(), COLUMN + "sub/", first=True, new_records=0)
    assert walker.unreadable(sub) is None
    parent = walker.start(COLUMN + "p/", "trs")
    parent.sub_columns.append(COLUMN + "p/2023/")
    assert walker.unreadable(parent) is None


def test_records_declared_against_records_listed():
    walker = Walker()
    walk = walker.start(COLUMN, "hanweb")
    walker.step(walk, Listing(declared_records=20, pages_covered=0, requests=[ListRequest(COLUMN + "?s=1")]), COLUMN,
                first=True, new_records=0)
    walker.step(walk, Listing(records=[report(1)], record_count=10), COLUMN + "?s=1", first=False, new_records=1)
    assert walker.totals()["list_records_declared"] == 20 and walker.totals()["list_records_listed"] == 10
